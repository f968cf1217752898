//! Statements whose sentiment is in their shape rather than in a scored word: a vow never
//! to come back ("I'm never ordering from here again"), a star rating ("zero stars"), and a
//! negation that says nothing could be better ("never been happier", "can't thank you
//! enough"), which VADER reads as its opposite.

use super::super::{Notes, Scored};
use super::Token;
use super::is_one_of;

/// A vow never to return weighs as a complaint does (the complaint cue's −2).
const VOW_VALENCE: f64 = -2.0;

/// How many words after "never" its "again" may come: "I'm never ordering from here again".
const VOW_REACH: usize = 6;

/// Words after "never" that make "never … again" relief, not a vow to leave: "I never have
/// to wait in line again", "I'll never lose my bag again".
const RELIEF: &[&str] = &[
    "have", "has", "had", "need", "needs", "worry", "lose", "miss", "forget", "wait", "struggle",
    "fear",
];

/// Adds the valence of vows never to return and of star ratings, each at the word that makes
/// it (the scores stay in text order). A word already scored is left as it is.
pub(in crate::analysis::sentiment) fn statements(tokens: &[Token], scores: &mut Vec<Scored>) {
    for (at, token) in tokens.iter().enumerate() {
        // The words are the lexicon's (`WordInfo::statement`): their keys are in lower case.
        if !token.info.statement() {
            continue;
        }
        let found = match &*token.key {
            "never" => vow_never_again(tokens, at),
            "star" | "stars" => stars_before(tokens, at),
            _ => None,
        };
        let Some((v, note)) = found else {
            continue;
        };
        let place = scores.partition_point(|s| s.at < at);
        if scores.get(place).is_some_and(|s| s.at == at) {
            continue;
        }
        let mut notes = Notes::default();
        notes.add(&[note]);
        scores.insert(place, Scored { at, v, notes });
    }
}

/// Words before "help" that make it a plea: "please help", "someone help", "need help".
const PLEADING: &[&str] = &[
    "please", "pls", "plz", "someone", "somebody", "anyone", "anybody", "need", "needs", "urgent",
    "sos",
];

/// A plea for help is no praise (VADER's lexicon scores "help" +1.7): "Card's in my hand.
/// HELP", "please help!", "Help me get my money back", "can someone help?". Such a "help"
/// scores nothing. Help received keeps its score: "thanks for the help", "a great help".
pub(in crate::analysis::sentiment) fn plea_for_help(tokens: &[Token], scores: &mut Vec<Scored>) {
    let key = |j: usize| tokens.get(j).map_or("", |t| &*t.key);
    scores.retain(|s| {
        // "help" is the lexicon's word: its key is in lower case.
        if s.v <= 0.0 || &*tokens[s.at].key != "help" {
            return true;
        }
        let at = s.at;
        let opens_clause = at == 0 || tokens[at - 1].ends_clause;
        let closes_clause = at + 1 == tokens.len() || tokens[at].ends_clause;
        let pleaded = at > 0 && !tokens[at - 1].ends_clause && is_one_of(key(at - 1), PLEADING);
        let imperative = opens_clause
            && (closes_clause || is_one_of(key(at + 1), &["me", "us", "please", "pls"]));
        !(pleaded || imperative)
    });
}

/// "Could be better" (or "should", "can"): a wish that it were, mildly negative (−1), not
/// praise (+1.9). "Could be better than" compares, and stays as it is.
pub(in crate::analysis::sentiment) fn could_be_better(tokens: &[Token], scores: &mut [Scored]) {
    let key = |j: usize| tokens.get(j).map_or("", |t| &*t.key);
    for s in scores.iter_mut() {
        // "better" is the lexicon's word: its key is in lower case.
        if s.v > 0.0
            && &*tokens[s.at].key == "better"
            && s.at >= 2
            && key(s.at - 1).eq_ignore_ascii_case("be")
            && is_one_of(key(s.at - 2), &["could", "should", "can"])
            && !key(s.at + 1).eq_ignore_ascii_case("than")
        {
            s.v = -1.0;
            s.notes.add(&["'could be better': wishes it were"]);
        }
    }
}

/// "Never … again" within one clause, unless a word of relief comes between: the valence and
/// the note.
fn vow_never_again(tokens: &[Token], never: usize) -> Option<(f64, &'static str)> {
    for j in never + 1..tokens.len().min(never + 1 + VOW_REACH) {
        if tokens[j - 1].ends_clause || is_one_of(&tokens[j].key, RELIEF) {
            return None;
        }
        if tokens[j].key.eq_ignore_ascii_case("again") {
            return Some((VOW_VALENCE, "a vow never to return: 'never … again'"));
        }
    }
    None
}

/// The rating of the word "star" or "stars" at `star`, by the number before it, in words or
/// digits: "zero stars", "1 star", "five stars" ([`star_rating`]).
fn stars_before(tokens: &[Token], star: usize) -> Option<(f64, &'static str)> {
    let count = &*tokens.get(star.checked_sub(1)?)?.key;
    let stars = match count.to_ascii_lowercase().as_str() {
        "zero" | "0" => 0,
        "one" | "1" => 1,
        "two" | "2" => 2,
        "four" | "4" => 4,
        "five" | "5" => 5,
        _ => return None,
    };
    star_rating(stars, tokens[star].key.len() == 5)
}

/// A rating of `stars` stars, in any language: its valence and note. Up to two stars is a
/// complaint; four and five are praise only in the plural ("five stars"; "a 5 star hotel"
/// describes the hotel); three is no verdict.
pub(crate) fn star_rating(stars: u8, plural: bool) -> Option<(f64, &'static str)> {
    match stars {
        0 => Some((-2.5, "a rating of zero stars")),
        1 => Some((-2.0, "a rating of one star")),
        2 => Some((-1.0, "a rating of two stars")),
        4 if plural => Some((1.5, "a rating of four stars")),
        5 if plural => Some((2.5, "a rating of five stars")),
        _ => None,
    }
}

/// Negations that may say nothing could be better: "never", "can't", "couldn't", "could
/// not" ("I don't feel better" is a plain negation).
const SUPERLATIVE_NEGATORS: &[&str] = &["never", "can't", "cant", "cannot", "couldn't", "couldnt"];

/// Verbs between such a negation and a comparative: "never been happier", "couldn't be
/// better", "never felt better", "can't get better".
const LINKING: &[&str] = &[
    "be", "been", "feel", "felt", "look", "looked", "get", "gotten", "have",
];

/// Comparatives that complete the superlative ("more" does it for the word after it:
/// "couldn't be more pleased").
const COMPARATIVES: &[&str] = &[
    "better",
    "happier",
    "worse",
    "easier",
    "nicer",
    "greater",
    "prouder",
    "sadder",
    "angrier",
    "unhappier",
];

/// Praise that cannot be said enough: "can't thank you enough", "can't recommend them
/// enough".
const PRAISE_VERBS: &[&str] = &["thank", "thanks", "recommend", "praise"];

/// Whether the negation at `negation` says the word at `word` could not be stronger instead
/// of negating it: "never been happier" and "couldn't be more disappointed" keep their sign,
/// as "can't thank you enough" does, and what never fails to happen happens: "never fails
/// to amaze", "never fail to disappoint" ([`is_negated_failure`]).
pub(in crate::analysis::sentiment) fn is_emphatic_negation(
    tokens: &[Token],
    negation: usize,
    word: usize,
) -> bool {
    if (negation + 1..word).any(|j| is_failure_to(tokens, j)) {
        return true;
    }
    let negator = &*tokens[negation].key;
    let could_not = negator.eq_ignore_ascii_case("not")
        && negation > 0
        && is_one_of(&tokens[negation - 1].key, &["can", "could"]);
    if !could_not && !is_one_of(negator, SUPERLATIVE_NEGATORS) {
        return false;
    }
    if is_one_of(&tokens[word].key, PRAISE_VERBS) {
        return (word + 1..tokens.len().min(word + 4))
            .take_while(|&j| !tokens[j - 1].ends_clause)
            .any(|j| tokens[j].key.eq_ignore_ascii_case("enough"));
    }
    let between = &tokens[negation + 1..word];
    let more = between
        .last()
        .is_some_and(|t| t.key.eq_ignore_ascii_case("more"));
    (more || is_one_of(&tokens[word].key, COMPARATIVES))
        && between.iter().any(|t| is_one_of(&t.key, LINKING))
        && (between.iter()).all(|t| {
            !t.ends_clause
                && (is_one_of(&t.key, LINKING) || is_one_of(&t.key, &["more", "ever", "any"]))
        })
}

/// "Fail to" (or "fails to") at `at`. ("fail" is the lexicon's: its key is in lower case.)
fn is_failure_to(tokens: &[Token], at: usize) -> bool {
    matches!(&*tokens[at].key, "fail" | "fails")
        && tokens
            .get(at + 1)
            .is_some_and(|t| t.key.eq_ignore_ascii_case("to"))
}

/// "Fail(s) to" just after a negation ("never fails to", "never ever fail to"): the failure
/// is denied, and what follows happens ([`is_emphatic_negation`]); "fail" scores nothing.
/// (Asked of every scored word: the negation, rare, is looked for first.)
pub(in crate::analysis::sentiment) fn is_negated_failure(tokens: &[Token], at: usize) -> bool {
    (1..=2).any(|back| at >= back && tokens[at - back].negation && !tokens[at - back].ends_clause)
        && is_failure_to(tokens, at)
}

#[cfg(test)]
mod tests {
    use crate::analysis::sentiment::tests::note_of;
    use crate::analysis::sentiment::{Label, analyze};

    /// Whether a note of `text`'s reasons mentions `part`.
    fn notes_mention(text: &str, part: &str) -> bool {
        (analyze(text).reasons.iter()).any(|r| r.note.as_deref().unwrap_or("").contains(part))
    }

    #[test]
    fn a_vow_never_to_return_is_negative_and_relief_is_not() {
        for text in [
            "I'm never ordering from here again",
            "I will never fly with you again",
            "Never again.",
        ] {
            let s = analyze(text);
            assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
            let never = text
                .split(' ')
                .find(|w| w.eq_ignore_ascii_case("never"))
                .unwrap();
            assert!(note_of(&s, never).contains("never … again"), "{s:?}");
        }
        // Relief, another clause, or too far away: no vow.
        for text in [
            "I'll never have to wait in line again, love the app",
            "Never had an issue. Will order again!",
            "I never thought I'd say this, but I'd fly with them again",
            "I will never give up on you",
        ] {
            assert!(!notes_mention(text, "vow"), "{text}: {:?}", analyze(text));
        }
    }

    #[test]
    fn star_ratings_score_as_ratings() {
        let s = analyze("I'd give zero stars if I could");
        assert_eq!(s.label, Label::Negative);
        assert_eq!(note_of(&s, "stars"), "a rating of zero stars");
        assert_eq!(analyze("1 star. Rude staff").label, Label::Negative);
        let s = analyze("Five stars");
        assert_eq!(s.label, Label::Positive);
        assert_eq!(s.reasons[0].valence, 2.5);
        // "A 5 star hotel" describes the hotel; three stars are no verdict.
        assert!(analyze("Stayed in a 5 star hotel").reasons.is_empty());
        assert!(analyze("three stars").reasons.is_empty());
    }

    #[test]
    fn a_negation_that_says_nothing_could_be_better_keeps_the_sign() {
        for (text, label) in [
            ("Never been happier with a purchase!", Label::Positive),
            ("Couldn't be happier with the service", Label::Positive),
            ("Could not be better", Label::Positive),
            ("I've never felt better", Label::Positive),
            ("I can't thank you enough", Label::Positive),
            ("I can't recommend them enough!", Label::Positive),
            ("Could not be more disappointed", Label::Negative),
            ("You guys never fail to disappoint", Label::Negative),
            ("This shop never fails to amaze me", Label::Positive),
            ("It couldn't get any worse", Label::Negative),
            // Plain negations stay negations.
            ("I don't feel better about this", Label::Negative),
            ("It wasn't any better", Label::Negative),
            ("I can't recommend this place", Label::Negative),
            ("Could be better", Label::Negative),
            ("Travel can be better than you think!", Label::Positive),
            ("Not good enough", Label::Negative),
        ] {
            assert_eq!(analyze(text).label, label, "{text}: {:?}", analyze(text));
        }
        // The faithful VADER port keeps VADER's reading.
        let vader = crate::analysis::sentiment::analyze_vader("Never been happier");
        assert_eq!(vader.label, Label::Negative);
    }

    #[test]
    fn a_sneering_agreement_makes_the_praise_sarcasm() {
        for text in [
            "Oh sure, because waiting 2 weeks for a reply is totally normal",
            "Yeah right, like you'll actually fix it this time",
            "Yeah right.",
            "Sure, because that's a great way to treat customers",
        ] {
            let s = analyze(text);
            assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
            let note = s.reasons[0].note.as_deref().unwrap_or_default();
            assert!(note.starts_with("read as sarcasm: '"), "{text}: {s:?}");
        }
        for text in [
            "Sure, I'll wait",
            "Yeah right now I'm at the gate, all good",
            "Yeah, right now it works",
            "Not sure, because the app crashed",
        ] {
            assert!(
                !notes_mention(text, "sarcasm"),
                "{text}: {:?}",
                analyze(text)
            );
        }
    }
}

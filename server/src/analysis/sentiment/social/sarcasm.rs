//! Earshot's sarcasm and contempt rules: praise followed by a clearly negative word or with
//! an eye-roll, praise of an ordeal, thanks for nothing, and "this is a joke".

use super::{Scored, Token, is_one_of};

/// Praise words that customers use sarcastically ("Great. Cancelled again.").
pub(crate) const SARCASM_PRONE: &[&str] = &[
    "great",
    "thanks",
    "thank",
    "thx",
    "yay",
    "perfect",
    "wonderful",
    "awesome",
    "nice",
    "lovely",
    "fantastic",
    "brilliant",
    "excellent",
    "love",
    "fun",
    "cool",
    "amazing",
    "wow",
];

/// Words of praise that name what is enjoyed next: praising an ordeal with them is sarcasm
/// ([`praised_ordeal`]). Asked of every positive word: a `match` on the lower-case word (a
/// scored word's key is the lexicon's own, in lower case) costs a few instructions where a
/// list compared word by word cost ~100 a message.
fn praises_what_follows(word: &str) -> bool {
    matches!(
        word,
        "love"
            | "loving"
            | "loved"
            | "enjoy"
            | "enjoying"
            | "enjoyed"
            | "adore"
            | "encanta"
            | "encantan"
            | "encantó"
            | "fascina"
    )
}

/// What no customer enjoys, as words in lower case: "love waiting 3 hours on hold", "I love
/// being ignored", "me encanta esperar dos horas". Each is specific enough not to be praise ("love
/// being on the team" is not "being on hold").
/// `#` stands for a quantity ([`is_quantity`]): "love waiting 3 hours", not "love waiting
/// for your new collection".
const ORDEALS: &[&str] = &[
    "waiting #",
    "waiting on hold",
    "waiting in line",
    "waiting in the queue",
    "waiting around",
    "waiting forever",
    "having to wait",
    "having to call",
    "having to repeat",
    "having to chase",
    "having to explain",
    "having to pay",
    "being ignored",
    "being on hold",
    "being put on hold",
    "being kept waiting",
    "being transferred",
    "being charged",
    "being overcharged",
    "being lied to",
    "being hung up on",
    "being disconnected",
    "getting charged",
    "getting overcharged",
    "getting ignored",
    "getting transferred",
    "getting disconnected",
    "getting hung up on",
    "sitting on hold",
    "paying twice",
    "esperar #",
    "esperar en",
    "estar en espera",
    "que me ignoren",
    "que me cobren",
    "que me tengan #",
    "que me tengan esperando",
    "que me tengan en espera",
    "que me cuelguen",
    "que no contesten",
    "que no me contesten",
];

/// The ordeal that the praise word at `at` praises, if it is [`praises_what_follows`] and the
/// words after it (lower case, `None` past the end) name one of [`ORDEALS`].
pub(crate) fn praised_ordeal<'w>(
    word: impl Fn(usize) -> Option<&'w str>,
    at: usize,
) -> Option<&'static str> {
    if !word(at).is_some_and(praises_what_follows) {
        return None;
    }
    let next = word(at + 1)?;
    // The phrases are split into words only when their first word is the next one.
    let starts_with_next = |ordeal: &str| {
        ordeal.len() >= next.len()
            && ordeal.as_bytes()[..next.len()].eq_ignore_ascii_case(next.as_bytes())
            && ordeal.as_bytes().get(next.len()).is_none_or(|&b| b == b' ')
    };
    let found = (ORDEALS.iter().copied()).find(|ordeal| {
        starts_with_next(ordeal)
            && (ordeal.split(' ').enumerate().skip(1)).all(|(k, expected)| {
                word(at + 1 + k).is_some_and(|w| match expected {
                    "#" => is_quantity(w),
                    _ => w.eq_ignore_ascii_case(expected),
                })
            })
    });
    found.map(|ordeal| ordeal.trim_end_matches(" #"))
}

/// A number or a word of quantity, as a wait is measured: "3", "45min", "an (hour)", "two",
/// "all (day)", "dos", "una", "horas".
fn is_quantity(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "an", "two", "three", "four", "five", "six", "several", "all", "hours", "ages", "dos",
        "tres", "cuatro", "cinco", "una", "media", "horas", "tanto",
    ];
    word.as_bytes().first().is_some_and(u8::is_ascii_digit) || is_one_of(word, WORDS)
}

/// A clearly negative word, strong enough to make preceding praise read as sarcasm.
const SARCASM_TRIGGER: f64 = -1.5;

/// Emoji that roll their eyes at what they go with: 🙄 (face with rolling eyes), 😒
/// (unamused face).
const EYE_ROLLS: &[&str] = &["\u{1F644}", "\u{1F612}"];

/// When every positive word is sarcasm-prone praise and a clearly negative word follows the
/// first of them, or an eye-rolling emoji is anywhere ("Great service 🙄"), the praise is
/// read as sarcasm: its valence turns negative at half strength. `emoji`: some token was
/// expanded from an emoji (only then is an eye-roll looked for). `agreement`: some token is
/// a `WordInfo::statement` word (only then is a sneering agreement looked for).
pub(in crate::analysis::sentiment) fn sarcasm(
    tokens: &[Token],
    scores: &mut [Scored],
    emoji: bool,
    agreement: bool,
) {
    let Some(first) = scores.iter().find(|s| s.v > 0.0).map(|s| s.at) else {
        return;
    };
    if praise_of_an_ordeal(tokens, scores) {
        return;
    }
    if let Some(sneer) = agreement.then(|| sneering_agreement(tokens)).flatten() {
        for s in scores.iter_mut().filter(|s| s.v > 0.0) {
            s.v = -s.v * 0.5;
            s.notes.add(&["read as sarcasm: '", sneer, "'"]);
        }
        return;
    }
    // A word negative in itself, not a negated positive ("how did they not win"). Looked
    // for first: it is a comparison of numbers, where the praise words are compared as text.
    let negative_word = |s: &Scored| {
        s.v < 0.0
            && tokens[s.at]
                .info
                .valence
                .is_some_and(|v| v <= SARCASM_TRIGGER)
    };
    let (how, trigger) = match scores.iter().find(|s| s.at > first && negative_word(s)) {
        Some(trigger) => ("followed by '", tokens[trigger.at].text),
        None if emoji => {
            let eye_roll = tokens
                .iter()
                .find_map(|t| t.emoji.filter(|e| EYE_ROLLS.contains(e)));
            match eye_roll {
                Some(emoji) => ("with '", emoji),
                None => return,
            }
        }
        None => return,
    };
    let mut positives = scores.iter().filter(|s| s.v > 0.0);
    if !positives.all(|s| SARCASM_PRONE.contains(&&*tokens[s.at].key)) {
        return;
    }
    for s in scores.iter_mut().filter(|s| s.v > 0.0) {
        s.v = -s.v * 0.5;
        s.notes.add(&["read as sarcasm: ", how, trigger, "'"]);
    }
}

/// Words that make an agreement a sneer when they follow it: "Oh sure, because waiting 2
/// weeks is normal", "Yeah right, like you'll fix it".
const SNEER_FOLLOWERS: &[&str] = &["because", "cause", "like", "as", "lol", "lmao"];

/// An agreement that means the opposite, which turns every positive word of the message
/// sarcastic: "yeah right" ending its clause or followed by a [`SNEER_FOLLOWERS`] word, and
/// "oh sure," or "sure," followed by one ("Sure, I'll wait" is agreement).
fn sneering_agreement(tokens: &[Token]) -> Option<&'static str> {
    let followed_by_sneer = |at: usize| {
        tokens[at].ends_clause
            && tokens
                .get(at + 1)
                .is_some_and(|t| is_one_of(&t.key, SNEER_FOLLOWERS))
    };
    for at in 1..tokens.len() {
        // The words are the lexicon's (`WordInfo::statement`): their keys are in lower case.
        if !tokens[at].info.statement() {
            continue;
        }
        let agreement = match &*tokens[at].key {
            "right" => "yeah right",
            "sure" => "sure",
            _ => continue,
        };
        let before = &tokens[at - 1];
        let after = |words: &[&str]| !before.ends_clause && is_one_of(&before.key, words);
        let sneer = if agreement == "yeah right" {
            after(&["yeah", "yea", "ya", "yeh"])
                && (at + 1 == tokens.len() || tokens[at].ends_clause || followed_by_sneer(at))
        } else {
            at == 1 && after(&["oh", "ah", "yeah"]) && followed_by_sneer(at)
        };
        if sneer {
            return Some(agreement);
        }
    }
    // "Sure," as the first word.
    (&*tokens.first()?.key == "sure" && followed_by_sneer(0)).then_some("sure")
}

/// Praise of an ordeal ([`praised_ordeal`]) is sarcasm: that praise word reads negative at
/// half strength, and so does all other praise when every positive word is sarcasm-prone
/// ("Love waiting 3 hours on hold. Great service."). Whether there was such praise.
fn praise_of_an_ordeal(tokens: &[Token], scores: &mut [Scored]) -> bool {
    let word = |j: usize| tokens.get(j).map(|t| &*t.key);
    let Some((at, ordeal)) = (scores.iter())
        .filter(|s| s.v > 0.0)
        .find_map(|s| Some((s.at, praised_ordeal(word, s.at)?)))
    else {
        return false;
    };
    let all_prone = (scores.iter())
        .filter(|s| s.v > 0.0)
        .all(|s| s.at == at || SARCASM_PRONE.contains(&&*tokens[s.at].key));
    for s in scores.iter_mut().filter(|s| s.v > 0.0) {
        if s.at == at || all_prone {
            s.v = -s.v * 0.5;
            s.notes.add(&["read as sarcasm: praise of '", ordeal, "'"]);
        }
    }
    true
}

/// What thanks is for when it means the opposite ([`is_thanks_for_nothing`]).
pub(crate) const THANKS_FOR_NOTHING: &[&str] = &["nothing", "wasting", "ruining", "nada"];

/// The thanks words, the words between thanks and "for", and "for", of
/// [`is_thanks_for_nothing`].
const THANKS_WORDS: &[&str] = &["thanks", "thank", "thx", "gracias"];
const THANKS_BETWEEN: &[&str] = &["you", "u", "so", "very", "much", "a", "lot"];
const THANKS_FOR: &[&str] = &["for", "por"];

/// Thanks that means the opposite: "thanks for nothing", "thank you so much for wasting my
/// time", "gracias por nada". Whether the words from `at` on (lower case, `None` past the
/// end), where a thanks word stands, read so: the thanks word, up to three words such as
/// "you" or "so much", "for" (or "por") and what it was for, within one clause
/// (`ends_clause` of a word: the text breaks after it).
pub(crate) fn is_thanks_for_nothing<'w>(
    word: impl Fn(usize) -> Option<&'w str>,
    ends_clause: impl Fn(usize) -> bool,
    at: usize,
) -> bool {
    if !word(at).is_some_and(|w| is_one_of(w, THANKS_WORDS)) {
        return false;
    }
    let mut next = at + 1;
    while next - at <= 4 && !ends_clause(next - 1) {
        match word(next) {
            Some(w) if is_one_of(w, THANKS_FOR) => {
                return !ends_clause(next)
                    && word(next + 1).is_some_and(|w| is_one_of(w, THANKS_FOR_NOTHING));
            }
            Some(w) if is_one_of(w, THANKS_BETWEEN) => next += 1,
            _ => return false,
        }
    }
    false
}

/// Thanks that means the opposite ([`is_thanks_for_nothing`]) reads as sarcasm, as praise
/// followed by a negative word does ([`sarcasm`]).
pub(in crate::analysis::sentiment) fn thanks_for_nothing(tokens: &[Token], scores: &mut [Scored]) {
    let word = |j: usize| tokens.get(j).map(|t| &*t.key);
    let ends_clause = |j: usize| tokens.get(j).is_some_and(|t| t.ends_clause);
    for s in scores.iter_mut().filter(|s| s.v > 0.0) {
        if is_thanks_for_nothing(word, ends_clause, s.at) {
            s.v = -s.v * 0.5;
            s.notes.add(&["read as sarcasm: thanks for nothing"]);
        }
    }
}

/// "This is a joke", "what a joke", "absolute joke": contempt for the service, not humour
/// (VADER's lexicon scores "joke" +1.2). Such a "joke" scores −2, as a complaint does. "This
/// is how you treat (loyal customers)" is indignation, not a treat (+1.7): −2.5, enough to
/// outweigh the loyalty the writer claims ("a loyal customer for 10 years").
pub(in crate::analysis::sentiment) fn contempt(tokens: &[Token], scores: &mut [Scored]) {
    const BEFORE_A: &[&str] = &[
        "is", "what", "such", "it's", "its", "was", "total", "complete",
    ];
    const DIRECTLY: &[&str] = &["absolute", "absolutely", "complete", "total", "utter"];
    let word = |j: usize| tokens.get(j).map_or("", |t| &*t.key);
    for s in scores.iter_mut() {
        if s.v <= 0.0 || s.at == 0 {
            continue;
        }
        // The lexicon's words, "treat" and "joke", have their keys in lower case.
        if &*tokens[s.at].key == "treat"
            && s.at >= 2
            && word(s.at - 2).eq_ignore_ascii_case("how")
            && is_one_of(word(s.at - 1), &["you", "u", "they"])
        {
            s.v = -2.5;
            s.notes.add(&["indignation: 'how you treat'"]);
            continue;
        }
        if &*tokens[s.at].key != "joke" {
            continue;
        }
        let before = word(s.at - 1);
        let contempt = if before.eq_ignore_ascii_case("a") {
            s.at >= 2 && is_one_of(word(s.at - 2), BEFORE_A)
        } else {
            is_one_of(before, DIRECTLY)
        };
        if contempt {
            s.v = -2.0;
            s.notes.add(&["contempt: 'a joke'"]);
        }
    }
}

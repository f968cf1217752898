//! Fast, explainable, rule-based sentiment scoring.
//!
//! A port of VADER's `SentimentIntensityAnalyzer` (vaderSentiment 3.3.2, MIT licence; Hutto &
//! Gilbert, ICWSM 2014) with its lexicons embedded: lexicon valences adjusted by booster and
//! dampener words, ALL-CAPS emphasis, negation ("not", "n't", "never so"…), the contrastive
//! "but", "least", a few idioms, exclamation / question-mark emphasis and emoji, normalised to
//! a compound score in [−1, 1]. Every word that moved the score is returned as a [`Reason`], so
//! an agent can see *why* a message reads as negative.
//!
//! On top of the faithful port, [`analyze`] applies a few general normalisations VADER lacks:
//! curly apostrophes, elongated words ("sooooo goood"), short words with trailing punctuation
//! ("ok.", "no!"), and multi-code-point emoji (skin tones, ZWJ sequences, variation selectors).
//!
//! Cost is linear in the input; nothing here panics on any `&str`.

mod lexicon;
mod negator;
mod social;
#[cfg(test)]
pub(crate) mod tests;
mod tokenize;
mod word_rules;
mod word_table;

use std::borrow::Cow;
use std::cell::Cell;

use serde::Serialize;

use super::language::FunctionWords;
use super::short_text::{ShortText, ShortTextBuilder};
use lexicon::{Lexicons, lexicons, social_lexicons};
use social::decode_entities;
use tokenize::{
    AsciiMasks, Token, Tokens, expand_emoji, is_emoji_modifier, is_py_space, tokenize,
    tokenize_masked,
};
use word_rules::{but_check, word_valence};

pub(crate) use lexicon::{B_INCR, C_INCR, N_SCALAR, valences};
pub use negator::Negator;
pub(crate) use social::{
    SARCASM_PRONE, THANKS_FOR_NOTHING, ends_clause, has_run_of_three, is_thanks_for_nothing, lower,
    praised_ordeal, squeeze, star_rating,
};

/// Compound score at or beyond which a text is labelled positive (or, negated, negative).
pub const THRESHOLD: f64 = 0.05;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Negative,
    Neutral,
    Positive,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Negative => "negative",
            Label::Neutral => "neutral",
            Label::Positive => "positive",
        }
    }

    pub fn from_compound(compound: f64) -> Label {
        if compound >= THRESHOLD {
            Label::Positive
        } else if compound <= -THRESHOLD {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

/// One contribution to the score: a word (or the punctuation emphasis) and its valence after
/// all rules, on VADER's −4…+4 scale, before normalisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub token: ShortText,
    pub valence: f64,
    /// How the rules changed the word's lexicon valence, e.g. "negated by 'not'; ALL CAPS".
    pub note: Option<ShortText>,
    /// The kind of word that negated it, if one did (the first): later rules ask this of the
    /// reason rather than reading its note.
    #[serde(skip)]
    pub negator: Negator,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentiment {
    /// Normalised score in [−1, 1], rounded to 4 decimals as VADER does.
    pub compound: f64,
    pub label: Label,
    /// Contributions in text order; only non-zero ones.
    pub reasons: Vec<Reason>,
    /// The raw valence sum behind `compound`, so later rules can add to it.
    #[serde(skip)]
    sum: f64,
}

/// A token's non-zero valence after the word rules, with notes on how they changed it.
struct Scored {
    /// The token's index.
    at: usize,
    v: f64,
    notes: Notes,
}

/// How the rules changed a word's valence: the notes joined by "; " as they are added, in one
/// text (a vector of formatted notes, joined at the end, allocated three times per word), on
/// the stack while it is short ("ALL CAPS", "negated by 'not'").
#[derive(Default)]
pub(crate) struct Notes(ShortTextBuilder, Negator);

impl Notes {
    /// Adds the note that `negator` negated the word, and keeps its kind if it is the first.
    pub(crate) fn negated_by(&mut self, negator: &str) {
        self.add(&["negated by '", negator, "'"]);
        if self.1 == Negator::None {
            self.1 = Negator::english(negator);
        }
    }

    /// Adds one note, written as the concatenation of `parts`.
    pub(crate) fn add(&mut self, parts: &[&str]) {
        if !self.0.is_empty() {
            self.0.push(&["; "]);
        }
        self.0.push(parts);
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Scores `text` with the VADER rules plus Earshot's normalisations.
pub fn analyze(text: &str) -> Sentiment {
    analyze_with(text, true)
}

/// Scores `text` exactly as vaderSentiment 3.3.2 would (for comparison and regression tests).
pub fn analyze_vader(text: &str) -> Sentiment {
    analyze_with(text, false)
}

fn analyze_with(text: &str, improved: bool) -> Sentiment {
    let lex = if improved {
        social_lexicons()
    } else {
        lexicons()
    };
    let text = if improved {
        decode_entities(text)
    } else {
        Cow::Borrowed(text)
    };
    let (expanded, spans) = expand_emoji(&text, lex, improved);
    let body = expanded.trim_matches(is_py_space);
    let tokens = tokenize(body, &spans, &expanded, lex, improved);
    score(&tokens, lex, improved, Marks::of(body), !spans.is_empty())
}

/// A plain-ASCII text split into the English scorer's tokens by [`tokenize_plain_ascii`].
pub(crate) struct Tokenized<'t> {
    tokens: Tokens<'t>,
    pub(crate) marks: Marks,
}

/// How many '!' and '?' a text has (the emphasis rule's counts).
#[derive(Clone, Copy)]
pub(crate) struct Marks {
    pub(crate) bangs: usize,
    pub(crate) questions: usize,
}

impl Marks {
    fn of(text: &str) -> Marks {
        // Both marks are ASCII, so a byte equal to one is it.
        Marks {
            bangs: super::count_bytes(text.as_bytes(), |b| b == b'!'),
            questions: super::count_bytes(text.as_bytes(), |b| b == b'?'),
        }
    }
}

/// Splits a plain-ASCII `text` into the tokens [`analyze`] scores, counting its function
/// words for language detection on the way (which runs first, and whose own pass over the
/// bytes cost ~1,900 instructions a post); [`analyze_tokenized`] then scores it if it is
/// English. `None` when the scorer's words are not the counter's: the text has non-ASCII
/// characters (emoji to expand), an '&' (an entity to decode) or an information separator
/// `\x1c`…`\x1f` (Python's `split` splits on them, the counter does not); or it is longer
/// than 512 bytes (a 280-character plain-ASCII tweet fits; the general path takes those).
// Inlined into the stage (as a call, after the stage grew, it cost ~55 instructions a
// message more).
#[inline]
pub(crate) fn tokenize_plain_ascii(text: &str) -> Option<(Tokenized<'_>, FunctionWords)> {
    // One pass over the bytes, sixteen at a time, for this check, the emphasis rule's counts
    // and the words.
    let mut masks = AsciiMasks::empty(text);
    if !masks.classify() {
        return None;
    }
    let mut counts = FunctionWords::default();
    let tokens = tokenize_masked(&masks, social_lexicons(), &mut counts);
    let marks = Marks {
        bangs: masks.bangs,
        questions: masks.questions,
    };
    Some((Tokenized { tokens, marks }, counts.settled()))
}

/// [`analyze`] of the text `tokenized` was split from.
pub(crate) fn analyze_tokenized(tokenized: &Tokenized) -> Sentiment {
    // Plain ASCII has no emoji.
    score(
        &tokenized.tokens,
        social_lexicons(),
        true,
        tokenized.marks,
        false,
    )
}

thread_local! {
    /// The emptied buffer of the last message's scored words, for the next message on this
    /// thread (growing a new one cost two or three allocations a message).
    static SPARE_SCORES: Cell<Vec<Scored>> = const { Cell::new(Vec::new()) };
}

/// A buffer kept for the next message holds at most this many scored words.
const SPARE_SCORES_MAX: usize = 64;

/// The score of a text's tokens, with its emphasis marks; `emoji`: some token was expanded
/// from an emoji.
fn score(tokens: &[Token], lex: &Lexicons, improved: bool, marks: Marks, emoji: bool) -> Sentiment {
    if tokens.is_empty() {
        return from_sum(0.0, Vec::new());
    }
    // One pass for the capitals and the word kinds (two cost ~40 instructions a post more).
    let mut caps = usize::from(tokens[0].upper);
    // The word kinds of every token but the first.
    let mut kinds = 0;
    for token in &tokens[1..] {
        caps += usize::from(token.upper);
        kinds |= token.info.kinds;
    }
    let statements_possible = improved && (kinds | tokens[0].info.kinds) & lexicon::STATEMENT != 0;
    let cap_diff = caps > 0 && caps < tokens.len();
    // A phrase's later word after the first token.
    let phrases_possible = kinds & lexicon::LATER_IN_PHRASE != 0;
    // Only words with a valence can score (most words have none), and a zero stays zero
    // under every later rule: the scores are kept for the others only.
    let mut scores = SPARE_SCORES.take();
    for (i, token) in tokens.iter().enumerate() {
        if token.info.valence.is_none() || token.info.booster().is_some() {
            continue;
        }
        if token.key == "kind" && tokens.get(i + 1).is_some_and(|t| t.key == "of") {
            continue;
        }
        let (v, notes) = word_valence(tokens, i, cap_diff, phrases_possible, lex, improved);
        if v != 0.0 {
            scores.push(Scored { at: i, v, notes });
        }
    }
    if statements_possible {
        social::statements(tokens, &mut scores);
        social::plea_for_help(tokens, &mut scores);
    }
    but_check(tokens, &mut scores);
    if improved {
        social::sarcasm(tokens, &mut scores, emoji, statements_possible);
        social::thanks_for_nothing(tokens, &mut scores);
        social::contempt(tokens, &mut scores);
        social::could_be_better(tokens, &mut scores);
    }

    let mut sum: f64 = scores.iter().map(|s| s.v).sum();
    let Marks { bangs, questions } = marks;
    let bangs = bangs.min(4);
    let qm = match questions {
        0 | 1 => 0.0,
        2 | 3 => questions as f64 * 0.18,
        _ => 0.96,
    };
    let punct = bangs as f64 * 0.292 + qm;
    // Room for the emphasis reason too: a push past the capacity reallocates.
    let mut reasons: Vec<Reason> = Vec::new();
    if !scores.is_empty() {
        reasons.reserve_exact(scores.len() + 1);
    }
    reasons.extend(scores.drain(..).map(|Scored { at, v, mut notes }| {
        let t = &tokens[at];
        if let Some(e) = t.emoji {
            let later = std::mem::take(&mut notes);
            notes.add(&["from emoji ", e]);
            if !later.is_empty() {
                notes.add(&[later.0.as_str()]);
            }
            notes.1 = later.1;
        }
        Reason {
            token: t.text.into(),
            valence: round_to(v, 3),
            note: (!notes.is_empty()).then(|| notes.0.build()),
            negator: notes.1,
        }
    }));
    if scores.capacity() <= SPARE_SCORES_MAX {
        SPARE_SCORES.set(scores);
    }
    if punct > 0.0 && sum != 0.0 {
        let signed = if sum > 0.0 { punct } else { -punct };
        sum += signed;
        let question_marks = if qm > 0.0 { questions.min(4) } else { 0 };
        // Up to four of each: "!!!!????" holds every combination.
        let marks = &"!!!!????"[4 - bangs..4 + question_marks];
        reasons.push(Reason {
            token: marks.into(),
            valence: round_to(signed, 3),
            note: Some(ShortText::from_static(
                "emphasis from exclamation / question marks",
            )),
            negator: Negator::None,
        });
    }
    from_sum(sum, reasons)
}

/// The valence of an emoticon (":(", "<3") or emoji ("😡") on VADER's scale, for the other
/// languages' scorers: the English lexicon's emoticons, and the summed words of an emoji's
/// description ("😡" → "pouting face" → −2.0... as VADER scores it).
pub fn expressive_valence(token: &str) -> Option<f64> {
    let lex = social_lexicons();
    if !token.chars().any(char::is_alphabetic)
        && let Some(&v) = lex.words.get(token.to_lowercase().as_str())
    {
        return Some(v);
    }
    let desc = lex.emoji_seqs.get(token).copied().or_else(|| {
        let mut chars = token.chars();
        let c = chars.next()?;
        let rest_is_modifier = chars.all(is_emoji_modifier);
        rest_is_modifier
            .then(|| lex.emoji_chars.get(&c).copied())
            .flatten()
    })?;
    let v: f64 = desc
        .split(' ')
        .filter_map(|w| lex.words.get(w).copied())
        .sum();
    (v != 0.0).then_some(v)
}

/// Whether VADER's English lexicon scores this lower-case word (a hint of English).
pub fn is_english_word(word: &str) -> bool {
    lexicons().words.contains_key(word)
}

/// Builds a [`Sentiment`] from a raw valence sum with VADER's normalisation (shared by the
/// English, Spanish and Chinese scorers).
pub fn from_sum(sum: f64, reasons: Vec<Reason>) -> Sentiment {
    let compound = round_to(normalize(sum), 4);
    Sentiment {
        compound,
        label: Label::from_compound(compound),
        reasons,
        sum,
    }
}

impl Sentiment {
    /// This sentiment with one more contribution (a rule outside the lexicon scorer).
    pub fn plus(mut self, reason: Reason) -> Sentiment {
        let sum = self.sum + reason.valence;
        self.reasons.push(reason);
        from_sum(sum, self.reasons)
    }

    /// This sentiment without the contributions `drop` picks (a rule outside the lexicon
    /// scorer found they carry none here). The emphasis of '!' and '?' follows the words
    /// left: their sign, or it goes with the last of them.
    pub fn without(self, drop: impl Fn(&Reason) -> bool) -> Sentiment {
        self.adjusted(|r| !drop(r))
    }

    /// This sentiment with its contributions changed by `keep` (which answers whether to keep
    /// each), the emphasis following the words as in [`Self::without`].
    pub fn adjusted(self, mut keep: impl FnMut(&mut Reason) -> bool) -> Sentiment {
        let is_emphasis = |r: &Reason| r.token.chars().all(|c| matches!(c, '!' | '?' | '！'));
        let mut reasons: Vec<Reason> = self.reasons;
        reasons.retain_mut(|r| is_emphasis(r) || keep(r));
        let words: f64 = (reasons.iter())
            .filter(|r| !is_emphasis(r))
            .map(|r| r.valence)
            .sum();
        reasons.retain_mut(|r| {
            if is_emphasis(r) && words != 0.0 {
                r.valence = r.valence.abs().copysign(words);
            }
            !is_emphasis(r) || words != 0.0
        });
        let sum = reasons.iter().map(|r| r.valence).sum();
        from_sum(sum, reasons)
    }
}

pub(crate) fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    let r = super::round(x * f) / f;
    if r == 0.0 { 0.0 } else { r }
}

fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

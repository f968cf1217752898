//! Earshot's additions to the faithful VADER port, applied only by [`super::analyze`]:
//! normalisations for social text VADER lacks (curly apostrophes, elongations, dropped g's,
//! laughter, HTML entities) and rules for customer-service text: praise followed by a
//! clearly negative word, or with an eye-roll, is sarcasm ("Great. Delayed again, worst
//! airline."; "Great service 🙄"), so is thanks for nothing; a negation stays in its clause
//! ("thanks for nothing, worst service ever"); a repeated "no" is emphasis rather than a
//! double negation; and laughter, emoticons and emoji are never negated. Earshot's
//! supplement lexicon (`earshot_social_en.txt`) is laid over VADER's in `lexicon.rs`.

use std::borrow::Cow;

use super::lexicon::{Lexicons, WordInfo, is_expressive_word};
use super::{Scored, Token};

mod sarcasm;
pub(crate) use sarcasm::{
    SARCASM_PRONE, THANKS_FOR_NOTHING, is_thanks_for_nothing, praised_ordeal,
};
pub(super) use sarcasm::{contempt, sarcasm, thanks_for_nothing};
mod statements;
use statements::is_emphatic_negation;
pub(crate) use statements::star_rating;
pub(super) use statements::{could_be_better, is_negated_failure, plea_for_help, statements};
#[cfg(test)]
mod tests;

/// `word` in lower case, borrowed when it already is (most words in most posts).
pub(crate) fn lower(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// `u8::is_ascii_punctuation` as a table, read for every word: one load per byte rather
/// than four range tests.
const PUNCTUATION: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_punctuation();
        b += 1;
    }
    table
};

/// `word` without leading and trailing ASCII punctuation (`trim_matches` on bytes: an ASCII
/// byte is never part of a multi-byte character, so the cut stays on a character boundary).
// Inlined into the tokenizer (another module), which calls it for every word.
#[inline]
pub(super) fn trim_ascii_punctuation(word: &str) -> &str {
    let bytes = word.as_bytes();
    let mut start = 0;
    while start < bytes.len() && PUNCTUATION[usize::from(bytes[start])] {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start && PUNCTUATION[usize::from(bytes[end - 1])] {
        end -= 1;
    }
    &word[start..end]
}

/// Improved-mode lookup key: curly apostrophes, trailing punctuation on short words, and
/// elongations ("soooo" → "so", "goood" → "good") when that yields a known word. Returns the
/// key with what the lexicons know of it (looked up once per candidate).
// Called for every token by the tokenizer, which may sit in another codegen unit: inlined,
// the key and its info are not moved through a call (~1% of the analysis stage).
#[inline]
pub(super) fn normalize_key<'a>(
    lower: Cow<'a, str>,
    lex: &Lexicons,
) -> (Cow<'a, str>, Option<WordInfo>) {
    match known_as_is(lower, lex) {
        Ok((key, info)) => (key, Some(info)),
        Err(key) => normalize_unknown(key, lex),
    }
}

/// Whether [`normalize_unknown`] can change a plain-ASCII key, on its bytes alone: most
/// unknown words are ordinary words none of its steps applies to. Each step needs one of
/// these: punctuation at an end (trimmed), a run of three equal bytes (squeezed), an "in"
/// end (a dropped g; with no punctuation at the end there is no apostrophe to trim first),
/// or a laughter start.
// Inlined into the tokenizer, which asks for most words of a post.
#[inline]
pub(super) fn may_normalize_ascii(key: &[u8]) -> bool {
    let n = key.len();
    if n == 0 {
        return false;
    }
    if PUNCTUATION[usize::from(key[0])] || PUNCTUATION[usize::from(key[n - 1])] {
        return true;
    }
    if n >= 2 && key[n - 2] == b'i' && key[n - 1] == b'n' {
        return true;
    }
    if n >= 4
        && matches!(
            key[..4],
            [b'h', b'a', b'h', b'a'] | [b'h', b'e', b'h', b'e'] | [b'l', b'o', b'l', b'o']
        )
    {
        return true;
    }
    (2..n).any(|i| key[i] == key[i - 1] && key[i] == key[i - 2])
}

/// [`normalize_key`] for a key the lexicons do not know as it is (with straight
/// apostrophes).
// Not inlined into the tokenizer's loop: asked for a few words a post, it held registers
// there for every token.
#[inline(never)]
pub(super) fn normalize_unknown<'a>(
    key: Cow<'a, str>,
    lex: &Lexicons,
) -> (Cow<'a, str>, Option<WordInfo>) {
    let stripped = trim_ascii_punctuation(&key);
    if !stripped.is_empty()
        && stripped.len() < key.len()
        && stripped.chars().all(char::is_alphabetic)
        && let Some(&info) = lex.info.get(stripped)
    {
        let stripped = match key {
            Cow::Borrowed(word) => Cow::Borrowed(trim_ascii_punctuation(word)),
            Cow::Owned(_) => Cow::Owned(stripped.to_string()),
        };
        return (stripped, Some(info));
    }
    if let Some((squeezed, info)) = squeezed_lookup(&key, lex) {
        return (Cow::Owned(squeezed), Some(info));
    }
    // Dropped g: "lovin" → "loving", "chillin'" → "chilling".
    let base = stripped.trim_end_matches('\'');
    if base.len() > 3 && base.ends_with("in") && base.chars().all(char::is_alphabetic) {
        // Spelled out on the stack (most such words are not in the lexicons: "Berlin",
        // "Britain"); `format!` cost ~300 instructions a word. (A longer word, spelled out
        // with `format!`, is longer than any in the lexicons: it is looked up all the same.)
        let mut buffer = [0u8; 32];
        let full = match buffer.get_mut(..=base.len()) {
            Some(full) => {
                // Byte by byte: `copy_from_slice` of this length calls `memcpy`, which
                // measured 55 instructions a message more.
                for (to, &b) in full.iter_mut().zip(base.as_bytes()) {
                    *to = b;
                }
                full[base.len()] = b'g';
                Cow::Borrowed(std::str::from_utf8(full).expect("a word and a 'g' are UTF-8"))
            }
            None => Cow::Owned(format!("{base}g")),
        };
        if let Some(&info) = lex.info.get(&*full)
            && info.valence.is_some()
        {
            return (Cow::Owned(full.into_owned()), Some(info));
        }
    }
    // Laughter of any length: "hahahah", "hehehe", "lolol" (at least two units, so the word
    // starts with "haha", "hehe" or "lolo": most words are ruled out by that alone).
    if !["haha", "hehe", "lolo"]
        .iter()
        .any(|p| stripped.starts_with(p))
    {
        return (key, None);
    }
    for (unit, word) in [("ha", "haha"), ("he", "hehe"), ("lo", "lol")] {
        let mut rest = stripped.trim_end_matches(['h', 'l', 'z']);
        let mut units = 0;
        while let Some(r) = rest.strip_prefix(unit) {
            rest = r;
            units += 1;
        }
        if rest.is_empty() && units >= 2 && stripped.len() > word.len() {
            return (Cow::Borrowed(word), lex.info.get(word).copied());
        }
    }
    (key, None)
}

/// [`normalize_key`] for a whole token whose punctuation-stripped form is unknown ("<3333",
/// ":)))"): only the token itself and its squeezed forms can be known. The steps on the
/// stripped form would repeat lookups that already failed for it.
#[inline]
pub(super) fn whole_token_key<'a>(
    lower: Cow<'a, str>,
    lex: &Lexicons,
) -> (Cow<'a, str>, Option<WordInfo>) {
    match known_as_is(lower, lex) {
        Ok((key, info)) => (key, Some(info)),
        Err(key) => match squeezed_lookup(&key, lex) {
            Some((squeezed, info)) => (Cow::Owned(squeezed), Some(info)),
            None => (key, None),
        },
    }
}

/// The word (with straight apostrophes) and what the lexicons know of it; the word alone
/// when they do not know it as it is.
fn known_as_is<'a>(
    lower: Cow<'a, str>,
    lex: &Lexicons,
) -> Result<(Cow<'a, str>, WordInfo), Cow<'a, str>> {
    let key = straight_apostrophes(lower);
    match lex.info.get(&*key) {
        Some(&info) => Ok((key, info)),
        None => Err(key),
    }
}

/// Curly apostrophes as straight ones ("don’t" → "don't"), as the lexicons spell them.
fn straight_apostrophes(lower: Cow<'_, str>) -> Cow<'_, str> {
    if !lower.is_ascii() && lower.contains(['\u{2019}', '\u{2018}']) {
        Cow::Owned(lower.replace(['\u{2019}', '\u{2018}'], "'"))
    } else {
        lower
    }
}

/// Elongations ("goooood"): a word with a run of three equal characters, squeezed to runs
/// of two, then of one, when that is a known word.
fn squeezed_lookup(key: &str, lex: &Lexicons) -> Option<(String, WordInfo)> {
    let elongated = if key.is_ascii() {
        key.as_bytes()
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2])
    } else {
        let mut run = (None, 0);
        key.chars().any(|c| {
            run = if run.0 == Some(c) {
                (Some(c), run.1 + 1)
            } else {
                (Some(c), 1)
            };
            run.1 >= 3
        })
    };
    if !elongated {
        return None;
    }
    [2, 1].into_iter().find_map(|max_run| {
        let squeezed = squeeze(key, max_run);
        if squeezed.len() >= key.len() {
            return None;
        }
        let info = *lex.info.get(squeezed.as_str())?;
        Some((squeezed, info))
    })
}

/// Decodes the HTML entities social platforms leave in text ("&lt;3", "AT&amp;T").
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    const ENTITIES: &[(&str, &str)] = &[
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
    ];
    if !crate::analysis::has_byte(text.as_bytes(), b'&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push_str(c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether `word` has a run of three or more identical characters: what [`squeeze`] would
/// shorten (asked first, as most words have none and the squeezed copy is a new string).
pub(crate) fn has_run_of_three(word: &str) -> bool {
    if word.is_ascii() {
        return word
            .as_bytes()
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2]);
    }
    let mut chars = word.chars();
    let (Some(mut a), Some(mut b)) = (chars.next(), chars.next()) else {
        return false;
    };
    for c in chars {
        if a == b && b == c {
            return true;
        }
        (a, b) = (b, c);
    }
    false
}

/// Caps runs of 3 or more identical characters at `max_run`; shorter runs are kept
/// ("sooooo" → "so" or "soo"; Spanish "buenooo" → "bueno").
pub(crate) fn squeeze(word: &str, max_run: usize) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.next_if_eq(&c).is_some() {
            run += 1;
        }
        let keep = if run >= 3 { max_run } else { run };
        out.extend(std::iter::repeat_n(c, keep));
    }
    out
}

/// Whether a whitespace-separated token's last character ends a clause: `, . ; ! ?`. An
/// ellipsis does not: "not... good" trails off within its clause.
pub(crate) fn ends_clause(raw: &str) -> bool {
    match raw.as_bytes() {
        [.., b'.', b'.'] => false,
        [.., last] => matches!(last, b',' | b'.' | b';' | b'!' | b'?'),
        [] => false,
    }
}

/// Whether `word` is one of `list` (lower case), whatever its ASCII case: the English
/// tokenizer keeps the text as written for a word the lexicons do not know ("YOU" in "THANK
/// YOU FOR NOTHING"). Registering such common words ("you", "a", "to") would make every
/// post's tokens dearer.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether the negation word at `negation` does not negate the word at `word` after all:
/// "can't believe" ([`is_disbelief`]), "never been happier", "never fails to amaze"
/// ([`is_emphatic_negation`]). Out of line: asked only where a negation word stands, and
/// inlined into the negation check it made that check, asked three times of every scored
/// word, an out-of-line call.
#[inline(never)]
pub(super) fn is_no_negation(tokens: &[Token], negation: usize, word: usize) -> bool {
    is_disbelief(tokens, negation) || is_emphatic_negation(tokens, negation, word)
}

/// "Can't believe" is surprise, not negation ("can't believe how easy that was", "can't
/// believe there's no merch table"): whether the negation word at `at` is "can't" (or
/// "cannot", "couldn't", "can not") followed by "believe".
fn is_disbelief(tokens: &[Token], at: usize) -> bool {
    let believe = |j: usize| {
        tokens
            .get(j)
            .is_some_and(|t| t.key.eq_ignore_ascii_case("believe"))
    };
    believe(at + 1)
        && match &*tokens[at].key {
            "can't" | "cant" | "cannot" | "couldn't" | "couldnt" => true,
            "not" => at > 0 && tokens[at - 1].key.eq_ignore_ascii_case("can"),
            _ => false,
        }
}

/// "no no no": each "no" keeps its own valence instead of negating the next one.
pub(super) fn is_repeated_no(tokens: &[Token], i: usize) -> bool {
    let w = |j: usize| tokens.get(j).map(|t| &*t.key);
    w(i) == Some("no") && ((i > 0 && w(i - 1) == Some("no")) || w(i + 1) == Some("no"))
}

/// Laughter, an emoticon or an emoji: the writer's own mood, which negation does not flip.
/// For a word the lexicons know (`key` is then theirs), judged once when they were built.
pub(super) fn is_expressive(token: &Token) -> bool {
    token.emoji.is_some()
        || if token.info == WordInfo::default() {
            is_expressive_word(&token.key)
        } else {
            token.info.expressive()
        }
}

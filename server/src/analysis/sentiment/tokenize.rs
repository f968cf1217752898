//! Text to tokens, as VADER splits them: emoji replaced by their descriptions, then the
//! whitespace-separated words with their surrounding punctuation stripped, each looked up
//! once in the lexicons (after Earshot's normalisations in improved mode). Plain-ASCII text,
//! most posts, is read on bytes.

use std::borrow::Cow;
use std::cell::Cell;

use super::super::language::FunctionWords;
use super::lexicon::{Lexicons, WordInfo};
use super::social::{
    ends_clause, lower, may_normalize_ascii, normalize_key, normalize_unknown,
    trim_ascii_punctuation, whole_token_key,
};
use super::word_table::{WordTable, window_of};

mod ascii_masks;
mod emoji;
pub(super) use ascii_masks::AsciiMasks;
pub(super) use emoji::{expand_emoji, is_emoji_modifier};

/// One whitespace-separated word and what the rules need to know of it.
pub(super) struct Token<'a> {
    /// The whitespace-separated token with surrounding punctuation stripped as VADER does.
    pub(super) text: &'a str,
    /// Lower-cased lookup key (normalised further in improved mode). In improved mode, a
    /// plain-ASCII word of up to 32 bytes that the lexicons do not know, and that no
    /// normalisation can change, keeps its text as written: every word a VADER rule compares
    /// is in `Lexicons::info`, so no such rule compares it. (Earshot's thanks-for-nothing and
    /// ordeal rules compare common words, "you", "to", ignoring their case instead.)
    pub(super) key: Cow<'a, str>,
    /// ALL CAPS (Python's `str.isupper` of `text`).
    pub(super) upper: bool,
    /// What the rules need to know of `key` (looked up once).
    pub(super) info: WordInfo,
    /// A negation word ("not", "never") or a contraction with "n't".
    pub(super) negation: bool,
    /// The emoji this token's text was expanded from, if any.
    pub(super) emoji: Option<&'a str>,
    /// The whitespace-separated token ends a clause: its last character is one of
    /// `, . ; ! ?`, not an ellipsis ("nothing," in "thanks for nothing, worst service ever").
    pub(super) ends_clause: bool,
}

// 88 bytes (a `WordInfo` of 24): the scorer reads ~17 a message.
const _: () = assert!(std::mem::size_of::<Token>() == 88);

/// A message's tokens. The buffer is handed back on drop for the next message on this
/// thread: ~17 tokens of 88 bytes outgrow the allocator's per-thread cache, and its slow
/// path cost ~300 instructions a message.
pub(super) struct Tokens<'a>(Vec<Token<'a>>);

thread_local! {
    /// The emptied buffer of the last message's tokens.
    static SPARE_TOKENS: Cell<Vec<Token<'static>>> = const { Cell::new(Vec::new()) };
}

/// A buffer kept for the next message holds at most this many tokens (a 100 KB post's
/// buffer is let go).
const SPARE_TOKENS_MAX: usize = 256;

impl<'a> Tokens<'a> {
    /// The spare buffer (or a new one) with room for `capacity` tokens.
    #[inline]
    fn with_capacity(capacity: usize) -> Tokens<'a> {
        let mut tokens = emptied(SPARE_TOKENS.take());
        tokens.reserve(capacity);
        Tokens(tokens)
    }
}

impl Drop for Tokens<'_> {
    fn drop(&mut self) {
        if self.0.capacity() <= SPARE_TOKENS_MAX {
            SPARE_TOKENS.set(emptied(std::mem::take(&mut self.0)));
        }
    }
}

impl<'a> std::ops::Deref for Tokens<'a> {
    type Target = [Token<'a>];
    fn deref(&self) -> &[Token<'a>] {
        &self.0
    }
}

/// `tokens` emptied, as a buffer for tokens of another lifetime. Collecting a vector's own
/// iterator reuses its allocation (std's in-place collection); were it not to, the result
/// would merely be a new empty vector.
fn emptied<'b>(mut tokens: Vec<Token<'_>>) -> Vec<Token<'b>> {
    tokens.clear();
    tokens
        .into_iter()
        .map(|_| unreachable!("emptied"))
        .collect()
}

/// Python's `str.isspace` (what `split()` and `strip()` use): Rust's White_Space plus the
/// ASCII information separators.
pub(super) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.split()`: the runs of non-space characters of `body`. ASCII text is split
/// on bytes, where `str.isspace` is `\t`…`\r`, `\x1c`…`\x1f` and space, and each word's
/// [`AsciiShape`] is read in the same pass. (Most posts, plain ASCII, are split on their
/// masks: `MaskedWords`.)
struct PyWords<'a> {
    rest: &'a str,
    ascii: bool,
}

impl<'a> PyWords<'a> {
    /// `ascii`: whether `body` is plain ASCII (the caller knows).
    fn new(body: &'a str, ascii: bool) -> Self {
        PyWords { rest: body, ascii }
    }
}

/// Per byte, for the ASCII splitter: space, upper case, lower case, apostrophe, a byte that
/// is none of these nor a digit (the function-word counter splits words on those), and
/// punctuation (the apostrophe too).
const SPACE: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const APOSTROPHE: u8 = 8;
const NON_WORD: u8 = 16;
const PUNCTUATION: u8 = 32;
const BYTE_CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if matches!(c, b' ' | b'\t'..=b'\r' | b'\x1c'..=b'\x1f') {
            SPACE
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_lowercase() {
            LOWER
        } else if c == b'\'' {
            APOSTROPHE | PUNCTUATION
        } else if c.is_ascii_digit() {
            0
        } else if c.is_ascii_punctuation() {
            NON_WORD | PUNCTUATION
        } else {
            NON_WORD
        };
        b += 1;
    }
    class
};

impl<'a> Iterator for PyWords<'a> {
    /// A word, with its shape when the text is plain ASCII.
    type Item = (&'a str, Option<AsciiShape>);

    // Inlined into the tokenizer's loop: a call per word cost ~20 instructions.
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if !self.ascii {
            let rest = self.rest.trim_start_matches(is_py_space);
            let end = rest.find(is_py_space).unwrap_or(rest.len());
            let (word, rest) = rest.split_at(end);
            self.rest = rest;
            return (!word.is_empty()).then_some((word, None));
        }
        let bytes = self.rest.as_bytes();
        let class = |at: usize| BYTE_CLASS[usize::from(bytes[at])];
        let mut start = 0;
        while start < bytes.len() && class(start) == SPACE {
            start += 1;
        }
        if start == bytes.len() {
            return None;
        }
        let (mut end, mut seen) = (start, 0);
        while end < bytes.len() && class(end) != SPACE {
            seen |= class(end);
            end += 1;
        }
        let word = &self.rest[start..end];
        self.rest = &self.rest[end..];
        Some((word, Some(AsciiShape::from_classes(seen))))
    }
}

/// What the tokenizer needs to know of a plain-ASCII word, from its bytes' classes (in one
/// pass over them, or from the post's masks).
/// Stripping punctuation changes none of its case bits and only removes apostrophes, which
/// the "n't" check uses only to rule words out: for those, the shape of the whole word
/// serves for the stripped one. `only_word_bytes` and `punctuation` are read of the raw
/// token alone (they differ for "!!good" and "good").
#[derive(Clone, Copy, Debug, PartialEq)]
struct AsciiShape {
    upper: bool,
    lower: bool,
    apostrophe: bool,
    /// Only letters, digits and apostrophes: one word to the function-word counter.
    only_word_bytes: bool,
    /// Any ASCII punctuation (none: nothing to strip).
    punctuation: bool,
}

impl AsciiShape {
    fn of(word: &str) -> AsciiShape {
        let seen = (word.bytes()).fold(0, |seen, b| seen | BYTE_CLASS[usize::from(b)]);
        AsciiShape::from_classes(seen)
    }

    /// From the union of a word's [`BYTE_CLASS`] bits.
    fn from_classes(seen: u8) -> AsciiShape {
        AsciiShape {
            upper: seen & UPPER != 0,
            lower: seen & LOWER != 0,
            apostrophe: seen & APOSTROPHE != 0,
            only_word_bytes: seen & NON_WORD == 0,
            punctuation: seen & PUNCTUATION != 0,
        }
    }
}

/// Whether an ASCII `word` is letters, digits and apostrophes only: one word to the
/// function-word counter, which splits on every other byte.
fn is_one_word(word: &str) -> bool {
    (word.bytes()).all(|b| BYTE_CLASS[usize::from(b)] & (NON_WORD | SPACE) == 0)
}

/// Python's `str.isupper`: at least one cased character and no lower-case ones.
fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Plain-ASCII words up to this long are lower-cased on the stack for their lookup (the
/// longest lexicon word has 19 bytes; longer words, elongations mostly, are lowered into a
/// string).
const LOWER_BUFFER: usize = 32;

/// `body`'s tokens.
// Compiled into its caller: on its own (another codegen unit since it moved to this module)
// the lexicon lookups it makes for every word were no longer inlined, +2% instructions.
#[inline]
pub(super) fn tokenize<'a>(
    body: &'a str,
    spans: &'a [(usize, usize, String)],
    expanded: &str,
    lex: &Lexicons,
    improved: bool,
) -> Tokens<'a> {
    let ascii = body.is_ascii();
    let words = PyWords::new(body, ascii);
    tokenize_words(words, body, spans, expanded, lex, improved, None, ascii)
}

/// [`tokenize`] of the plain-ASCII text of `masks` (improved mode), counting its function
/// words into `function_words`.
#[inline]
pub(super) fn tokenize_masked<'a>(
    masks: &AsciiMasks<'a>,
    lex: &Lexicons,
    function_words: &mut FunctionWords,
) -> Tokens<'a> {
    // Not trimmed: the splitter, like Python's `split`, skips the spaces at the ends.
    let text = masks.text();
    tokenize_words(
        masks.words(),
        text,
        &[],
        text,
        lex,
        true,
        Some(function_words),
        true,
    )
}

/// The tokens of `words`, the words of `body` with their shapes when they are plain ASCII.
/// `function_words`: counts the words of each token for language detection on the way,
/// when `body` is plain ASCII and split as the counter splits it. `ascii_body`: `body` is
/// plain ASCII.
// Compiled into its callers; see `tokenize`.
#[inline]
#[allow(clippy::too_many_arguments)]
fn tokenize_words<'a>(
    words: impl Iterator<Item = (&'a str, Option<AsciiShape>)>,
    body: &'a str,
    spans: &'a [(usize, usize, String)],
    expanded: &str,
    lex: &Lexicons,
    improved: bool,
    mut function_words: Option<&mut FunctionWords>,
    ascii_body: bool,
) -> Tokens<'a> {
    let base = expanded.as_ptr() as usize;
    let mut span_i = 0;
    // About one token per five bytes of social text: rarely regrown.
    let mut tokens = Tokens::with_capacity(body.len() / 5 + 1);
    for (raw, raw_shape) in words {
        // Most tokens of a plain-ASCII post take the steps of `plain_word` alone. Only the
        // plain path (which counts function words) takes them there, so a test can compare
        // them with this loop's.
        if improved
            && let Some(counts) = function_words.as_deref_mut()
            && let Some(shape) = raw_shape
            && !shape.punctuation
            && shape.only_word_bytes
            && raw.len() <= WordTable::MAX_LEN
        {
            tokens.0.push(plain_word(raw, shape, body, lex, counts));
            continue;
        }
        let start = raw.as_ptr() as usize - base;
        while span_i < spans.len() && spans[span_i].1 <= start {
            span_i += 1;
        }
        let emoji = spans
            .get(span_i)
            .filter(|s| s.0 <= start && start < s.1)
            .map(|s| s.2.as_str());
        let ascii = ascii_body || raw.is_ascii();
        let stripped = match raw_shape {
            Some(shape) if !shape.punctuation => raw,
            _ => trim_ascii_punctuation(raw),
        };
        let short = if ascii {
            stripped.len() < 3
        } else {
            stripped.chars().nth(2).is_none()
        };
        let mut text = if short { raw } else { stripped };
        // A plain-ASCII token that is one word to the function-word counter, and the word
        // the lookup below looks up, is counted by the word table's entry: a token with no
        // punctuation and only word bytes, or one word with punctuation around it ("good!",
        // "(today)") and no apostrophe (which the strip removes and the counter keeps) that
        // is not a @handle (which the counter skips).
        let counted_by_lookup = improved
            && text.len() <= LOWER_BUFFER
            && raw_shape.is_some_and(|s| {
                if s.punctuation {
                    !s.apostrophe && !short && !raw.starts_with('@') && is_one_word(stripped)
                } else {
                    s.only_word_bytes
                }
            });
        if let (Some(counts), Some(shape)) = (function_words.as_deref_mut(), raw_shape)
            && !counted_by_lookup
        {
            counts.tally_ascii_token(raw.as_bytes(), shape.only_word_bytes);
        }
        // Plain ASCII words (most) are read once for their case and apostrophes.
        let mut shape = raw_shape.or_else(|| ascii.then(|| AsciiShape::of(text)));
        let lowered = || match shape {
            Some(shape) if !shape.upper => Cow::Borrowed(text),
            Some(_) => Cow::Owned(text.to_ascii_lowercase()),
            None => lower(text),
        };
        let (mut key, mut info) = match (improved, shape) {
            // Plain ASCII: looked up as it is (no curly apostrophes to straighten), with any
            // capitals lowered in a buffer on the stack. A known word's key is the lexicon's
            // own; an unknown one that no normalisation can change keeps its text as written,
            // since no rule compares it (see `Token::key`): no allocation either way.
            (true, Some(shape)) if !shape.upper || text.len() <= LOWER_BUFFER => {
                let mut buffer = [0u8; LOWER_BUFFER];
                let at = text.as_ptr() as usize - body.as_ptr() as usize;
                let (lookup, entry): (&[u8], _) = if shape.upper {
                    // The 32 bytes at the word when the body has them, lower-cased whole (a
                    // fixed-size copy and loop; what follows the word is ignored), where a
                    // copy of the word's length called `memcpy`.
                    match body.as_bytes()[at..].first_chunk::<LOWER_BUFFER>() {
                        Some(window) => {
                            buffer = *window;
                            buffer.make_ascii_lowercase();
                        }
                        None => {
                            // Byte by byte, lowered on the way.
                            for (lowered, &b) in buffer.iter_mut().zip(text.as_bytes()) {
                                *lowered = b.to_ascii_lowercase();
                            }
                        }
                    }
                    let window = *buffer.first_chunk::<16>().expect("the buffer has 32 bytes");
                    (&buffer[..text.len()], lex.table.get_in(window, text.len()))
                } else {
                    // The 16 bytes at the word, when the body has them, serve as they are.
                    let entry = match body.as_bytes()[at..].first_chunk::<16>() {
                        Some(&window) => lex.table.get_in(window, text.len()),
                        None => lex.table.get(text.as_bytes()),
                    };
                    (text.as_bytes(), entry)
                };
                if counted_by_lookup && let Some(counts) = function_words.as_deref_mut() {
                    counts.tally_lists(entry.map_or(0, |e| e.function_lists));
                }
                // The table holds every lexicon word of its length; a longer one is rare.
                let known = if lookup.len() <= WordTable::MAX_LEN {
                    entry.and_then(|e| Some((e.word, e.info?)))
                } else {
                    (std::str::from_utf8(lookup).ok())
                        .and_then(|lookup| lex.info.get_key_value(lookup))
                        .map(|(&word, &info)| (word, info))
                };
                match known {
                    Some((known, info)) => (Cow::Borrowed(known), Some(info)),
                    // A function word's answer was found with its entry.
                    None if !entry
                        .map_or_else(|| may_normalize_ascii(lookup), |e| e.may_normalize) =>
                    {
                        (Cow::Borrowed(text), None)
                    }
                    None => normalize_unknown(lowered(), lex),
                }
            }
            (true, Some(_)) => {
                let lowered = lowered();
                match lex.info.get(&*lowered) {
                    Some(&info) => (lowered, Some(info)),
                    None => normalize_unknown(lowered, lex),
                }
            }
            (true, None) => normalize_key(lowered(), lex),
            (false, _) => {
                let lowered = lowered();
                let info = lex.info.get(&*lowered).copied();
                (lowered, info)
            }
        };
        // An elongated emoticon such as "<3333" loses its "<" to the punctuation strip.
        // `text` is `raw` or a part of it: unequal lengths mean unequal words.
        // (Lower-casing and squeezing keep an ASCII word's first and last byte, so the
        // lexicon's word ends rule most retries out.)
        let retry_possible = || match (raw.as_bytes().first(), raw.as_bytes().last()) {
            (Some(first), Some(last)) if ascii => {
                lex.may_have_valence(first.to_ascii_lowercase(), last.to_ascii_lowercase())
            }
            _ => true,
        };
        if improved && text.len() != raw.len() && info.is_none() && retry_possible() {
            let (whole, whole_info) = whole_token_key(lower(raw), lex);
            if whole_info.is_some_and(|i| i.valence.is_some()) {
                (text, key, info) = (raw, whole, whole_info);
                shape = None;
            }
        }
        let info = info.unwrap_or_default();
        // The normalisations never add an apostrophe: a word without one has no "n't".
        // (An unknown ASCII word's key may have capitals: "N'T" counts too.)
        let contraction = shape.is_none_or(|s| s.apostrophe)
            && (key.as_bytes().windows(3)).any(|w| w.eq_ignore_ascii_case(b"n't"));
        tokens.0.push(Token {
            text,
            negation: info.negation() || contraction,
            key,
            upper: match shape {
                Some(shape) => shape.upper && !shape.lower,
                None => py_isupper(text),
            },
            info,
            emoji,
            ends_clause: ends_clause(raw),
        });
    }
    tokens
}

/// The token of a word of letters and digits (`raw`, in `body`, of shape `shape`: no
/// punctuation) of up to [`WordTable::MAX_LEN`] bytes, in improved mode, counting it for
/// the function-word counter: the steps of [`tokenize_words`] that apply to such a word,
/// most of a post's. Taken on their own, they cost ~280 instructions a post less than in
/// the loop for all kinds of token (registers, branches).
#[inline(always)]
fn plain_word<'a>(
    raw: &'a str,
    shape: AsciiShape,
    body: &'a str,
    lex: &Lexicons,
    counts: &mut FunctionWords,
) -> Token<'a> {
    let at = raw.as_ptr() as usize - body.as_ptr() as usize;
    let window = match body.as_bytes()[at..].first_chunk::<16>() {
        Some(&window) => window,
        // The word ends within the text's last 16 bytes (its last word, most often).
        None => window_of(raw.as_bytes()),
    };
    // Lower-cased whole: what follows the word is ignored.
    let window = if shape.upper {
        window.map(|b| b.to_ascii_lowercase())
    } else {
        window
    };
    let entry = lex.table.get_in(window, raw.len());
    counts.tally_lists(entry.map_or(0, |e| e.function_lists));
    let (key, info) = match entry.and_then(|e| Some((e.word, e.info?))) {
        Some((known, info)) => (Cow::Borrowed(known), Some(info)),
        // An unknown word that no normalisation can change keeps its text (see `Token::key`).
        None if !entry.map_or_else(
            || may_normalize_ascii(&window[..raw.len()]),
            |e| e.may_normalize,
        ) =>
        {
            (Cow::Borrowed(raw), None)
        }
        None if shape.upper => normalize_unknown(Cow::Owned(raw.to_ascii_lowercase()), lex),
        None => normalize_unknown(Cow::Borrowed(raw), lex),
    };
    let info = info.unwrap_or_default();
    // No apostrophe, so no "n't"; nothing stripped, so no retry with the whole token.
    Token {
        text: raw,
        negation: info.negation(),
        key,
        upper: shape.upper && !shape.lower,
        info,
        emoji: None,
        ends_clause: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_buffer_is_kept_for_the_next_message() {
        let buffer: Vec<Token> = Vec::with_capacity(20);
        let emptied: Vec<Token<'static>> = emptied(buffer);
        assert!(emptied.capacity() >= 20, "the allocation was not reused");
        // What a message handed back, the next one starts from; an outsized one is let go.
        drop(Tokens(Vec::with_capacity(SPARE_TOKENS_MAX)));
        assert!(Tokens::with_capacity(1).0.capacity() >= SPARE_TOKENS_MAX);
        drop(Tokens(Vec::with_capacity(SPARE_TOKENS_MAX * 4)));
        assert!(Tokens::with_capacity(1).0.capacity() < SPARE_TOKENS_MAX * 4);
    }
}

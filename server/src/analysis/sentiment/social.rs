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
    "que me cuelguen",
    "que no contesten",
    "que no me contesten",
];

/// Whether `word` is one of `list` (lower case), whatever its ASCII case: the English
/// tokenizer keeps the text as written for a word the lexicons do not know ("YOU" in "THANK
/// YOU FOR NOTHING"). Registering such common words ("you", "a", "to") would make every
/// post's tokens dearer.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

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
/// expanded from an emoji (only then is an eye-roll looked for).
pub(super) fn sarcasm(tokens: &[Token], scores: &mut [Scored], emoji: bool) {
    let Some(first) = scores.iter().find(|s| s.v > 0.0).map(|s| s.at) else {
        return;
    };
    if praise_of_an_ordeal(tokens, scores) {
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

/// Whether a whitespace-separated token's last character ends a clause: `, . ; ! ?`. An
/// ellipsis does not: "not... good" trails off within its clause.
pub(crate) fn ends_clause(raw: &str) -> bool {
    match raw.as_bytes() {
        [.., b'.', b'.'] => false,
        [.., last] => matches!(last, b',' | b'.' | b';' | b'!' | b'?'),
        [] => false,
    }
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
pub(super) fn thanks_for_nothing(tokens: &[Token], scores: &mut [Scored]) {
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
/// (VADER's lexicon scores "joke" +1.2). Such a "joke" scores −2, as a complaint does.
pub(super) fn contempt(tokens: &[Token], scores: &mut [Scored]) {
    const BEFORE_A: &[&str] = &[
        "is", "what", "such", "it's", "its", "was", "total", "complete",
    ];
    const DIRECTLY: &[&str] = &["absolute", "absolutely", "complete", "total", "utter"];
    let word = |j: usize| tokens.get(j).map_or("", |t| &*t.key);
    for s in scores.iter_mut() {
        if s.v <= 0.0 || !tokens[s.at].key.eq_ignore_ascii_case("joke") || s.at == 0 {
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

/// "Can't believe" is surprise, not negation ("can't believe how easy that was", "can't
/// believe there's no merch table"): whether the negation word at `at` is "can't" (or
/// "cannot", "couldn't", "can not") followed by "believe".
pub(super) fn is_disbelief(tokens: &[Token], at: usize) -> bool {
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
            token.info.expressive
        }
}

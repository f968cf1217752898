//! The embedded VADER lexicons and the fixed word lists of the VADER rules.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::word_table::{Entry, WordTable};
use crate::analysis::language::function_word_lists;

/// Empirically derived mean intensity increase for booster words (VADER).
pub(crate) const B_INCR: f64 = 0.293;
/// Empirically derived mean intensity decrease for dampener words (VADER).
pub(crate) const B_DECR: f64 = -0.293;
/// Intensity increase for an ALL-CAPS word among mixed-case text (VADER).
pub(crate) const C_INCR: f64 = 0.733;
/// Multiplier applied to a negated valence (VADER).
pub(crate) const N_SCALAR: f64 = -0.74;

const VADER_LEXICON: &str = include_str!("../lexicons/vader_lexicon.txt");
const EMOJI_LEXICON: &str = include_str!("../lexicons/emoji_utf8_lexicon.txt");
/// Earshot's own additions and corrections for social and customer-service English.
const SOCIAL_LEXICON: &str = include_str!("../lexicons/earshot_social_en.txt");

pub(super) const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOSTERS: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

const DAMPENERS: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "just enough",
    "kind of",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sort of",
    "sorta",
    "sortof",
    "sort-of",
];

/// Special-case idioms and phrases containing lexicon words, with the valence they take.
pub(super) const SPECIAL_CASES: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
];

pub(super) struct Lexicons {
    pub words: HashMap<&'static str, f64>,
    /// Single-code-point emoji → description (the only keys VADER's per-character scan can hit).
    pub emoji_chars: HashMap<char, &'static str>,
    /// Multi-code-point emoji sequences (skin tones, ZWJ, variation selectors) → description.
    pub emoji_seqs: HashMap<&'static str, &'static str>,
    /// Longest multi-code-point emoji key, in chars.
    pub emoji_seq_max: usize,
    /// The two-word boosters and dampeners ("kind of", "just enough"), split.
    pub booster_pairs: Vec<(&'static str, &'static str, f64)>,
    /// Every word a rule looks at — the lexicon, boosters and dampeners, negations and the
    /// words the rules name — with what the rules need to know of it: one lookup per token.
    /// Unknown words are normalised further.
    pub info: HashMap<&'static str, WordInfo>,
    /// The (first byte, last byte) pairs of the words with a valence, as a 256 × 256 bit
    /// set: a word whose pair is absent cannot be found, however it is squeezed.
    valence_ends: Vec<u64>,
    /// `info`'s ASCII words of up to 15 bytes, and the ASCII function words language
    /// detection counts, in a table for plain-ASCII tokens (Earshot's lexicons only).
    pub table: WordTable,
}

impl Lexicons {
    /// Whether some word with a valence starts with byte `first` and ends with `last`.
    pub fn may_have_valence(&self, first: u8, last: u8) -> bool {
        let bit = ends_bit(first, last);
        self.valence_ends[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Laughter or an emoticon: a word without letters (":)", "<3") or one of the laughs.
pub(super) fn is_expressive_word(word: &str) -> bool {
    !word.chars().any(char::is_alphabetic)
        || matches!(
            word,
            "lol" | "lmao" | "lmfao" | "rofl" | "haha" | "hehe" | "xd" | ":d" | ":p"
        )
}

/// The bit of `Lexicons::valence_ends` for a word's first and last byte.
fn ends_bit(first: u8, last: u8) -> usize {
    usize::from(first) << 8 | usize::from(last)
}

/// What the VADER rules need to know of a (lower-case) word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct WordInfo {
    /// Its valence in the lexicon.
    pub valence: Option<f64>,
    /// A booster (+1, "very") or a dampener (−1, "barely"); 0 for neither. A sign rather than
    /// the increment: the two are ±[`B_INCR`], and a smaller `WordInfo` makes the tokens the
    /// scorer reads and the word table's entries (one cache line each) smaller.
    booster: i8,
    /// [`NEGATION`], [`LATER_IN_PHRASE`], [`EXPRESSIVE`] and [`STATEMENT`], as bits: the
    /// scorer asks whether a message has any of them in one pass that ORs its words' kinds,
    /// and with the booster they are two bytes, which the tokenizer copies in one move (a
    /// third byte of flags cost it ~80 instructions a message, and a fifth as many).
    pub kinds: u8,
}

/// Laughter or an emoticon (see `social::is_expressive`), judged once per word here.
pub const EXPRESSIVE: u8 = 1;
/// One of [`STATEMENT_WORDS`]: a message without one has none of Earshot's statements or
/// sneering agreements, and skips their rules.
pub const STATEMENT: u8 = 2;
/// The second or a later word of an idiom or a two-word booster ("of" in "kind of"): a
/// message without one matches neither, and skips those checks.
pub const LATER_IN_PHRASE: u8 = 4;
/// One of [`NEGATE`].
pub const NEGATION: u8 = 8;

impl WordInfo {
    /// One of [`NEGATE`].
    pub fn negation(&self) -> bool {
        self.kinds & NEGATION != 0
    }

    /// Laughter or an emoticon, judged when the lexicons were built.
    pub fn expressive(&self) -> bool {
        self.kinds & EXPRESSIVE != 0
    }

    /// One of [`STATEMENT_WORDS`].
    pub fn statement(&self) -> bool {
        self.kinds & STATEMENT != 0
    }

    /// The second or a later word of an idiom or a two-word booster.
    pub fn later_in_phrase(&self) -> bool {
        self.kinds & LATER_IN_PHRASE != 0
    }

    /// Its booster (+) or dampener (−) increment, if it is either.
    pub fn booster(&self) -> Option<f64> {
        match self.booster {
            0 => None,
            1.. => Some(B_INCR),
            _ => Some(B_DECR),
        }
    }
}

// 24 bytes: a token is 88, a word table entry 64 (with its key).
const _: () = assert!(std::mem::size_of::<WordInfo>() == 24);

/// The words Earshot's statement rules start from ("never … again", "zero stars") and the
/// agreements its sarcasm rule reads as sneers ("yeah right", "oh sure, because").
const STATEMENT_WORDS: &[&str] = &["never", "star", "stars", "right", "sure", "help"];

/// Words the VADER rules name besides the lists ("kind of", "at least", "never so", "no …
/// or"). With them, and the words of the idioms and two-word boosters, every word a rule
/// compares is in `Lexicons::info`: the tokenizer need not lower-case the others.
///
/// Being known, these words are also what Earshot's normalisations (improved mode only)
/// can now arrive at, as for lexicon words: "at..." reads as "at" ("at... least good" is
/// "at least"), "or..." as "or", "theee shit" as the idiom "the shit".
const RULE_WORDS: &[&str] = &[
    "but", "least", "kind", "of", "never", "this", "without", "at", "or",
];

/// VADER's lexicons as published (for the faithful port).
pub(super) fn lexicons() -> &'static Lexicons {
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    LEX.get_or_init(|| build(&[VADER_LEXICON], false))
}

/// VADER's lexicons with Earshot's social-English file laid over them (later files win).
pub(super) fn social_lexicons() -> &'static Lexicons {
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    LEX.get_or_init(|| build(&[VADER_LEXICON, SOCIAL_LEXICON], true))
}

/// The entries of a lexicon file: `word<TAB>valence[<TAB>…]` lines, `#` comments skipped.
/// VADER's files and Earshot's own share this format.
pub(crate) fn valences(file: &'static str) -> impl Iterator<Item = (&'static str, f64)> {
    file.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.trim().split('\t');
            let (word, measure) = (cols.next()?, cols.next()?);
            Some((word, measure.trim().parse::<f64>().ok()?))
        })
}

/// `word_table`: fill [`Lexicons::table`] (only Earshot's tokenizer reads it; the faithful
/// port's stays empty).
fn build(word_files: &[&'static str], word_table: bool) -> Lexicons {
    let mut words = HashMap::with_capacity_and_hasher(7600, Default::default());
    words.extend(word_files.iter().flat_map(|f| valences(f)));
    // A later file's 0 takes a word out: a VADER word that carries no sentiment in
    // customer-service text ("account number"). VADER's own file has no zeros.
    words.retain(|_, valence| *valence != 0.0);
    let mut emoji_chars = HashMap::with_capacity_and_hasher(1300, Default::default());
    let mut emoji_seqs = HashMap::with_capacity_and_hasher(2400, Default::default());
    let mut emoji_seq_max = 0;
    for line in EMOJI_LEXICON.lines() {
        let mut cols = line.trim().split('\t');
        let (Some(emoji), Some(desc)) = (cols.next(), cols.next()) else {
            continue;
        };
        let mut chars = emoji.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                emoji_chars.insert(c, desc);
            }
            (Some(_), Some(_)) => {
                emoji_seq_max = emoji_seq_max.max(emoji.chars().count());
                emoji_seqs.insert(emoji, desc);
            }
            _ => {}
        }
    }
    let boosters: HashMap<&'static str, f64> = BOOSTERS
        .iter()
        .map(|w| (*w, B_INCR))
        .chain(DAMPENERS.iter().map(|w| (*w, B_DECR)))
        .collect();
    let booster_pairs: Vec<(&'static str, &'static str, f64)> = (boosters.iter())
        .filter_map(|(w, &v)| w.split_once(' ').map(|(a, b)| (a, b, v)))
        .collect();
    let mut info: HashMap<&'static str, WordInfo> = HashMap::default();
    for word in RULE_WORDS {
        info.entry(word).or_default();
    }
    for (word, &v) in &words {
        info.entry(word).or_default().valence = Some(v);
    }
    for (word, &b) in &boosters {
        info.entry(word).or_default().booster = if b > 0.0 { 1 } else { -1 };
    }
    for word in NEGATE {
        info.entry(word).or_default().kinds |= NEGATION;
    }
    for word in STATEMENT_WORDS {
        info.entry(word).or_default().kinds |= STATEMENT;
    }
    let phrase_words = (SPECIAL_CASES.iter())
        .flat_map(|(phrase, _)| phrase.split(' '))
        .chain(
            booster_pairs
                .iter()
                .flat_map(|&(first, second, _)| [first, second]),
        );
    for word in phrase_words {
        info.entry(word).or_default();
    }
    let later_words = (SPECIAL_CASES.iter())
        .flat_map(|(phrase, _)| phrase.split(' ').skip(1))
        .chain(booster_pairs.iter().map(|&(_, second, _)| second));
    // Their entries exist already (the phrase words above): "right", "for" and "enough",
    // on no list, normalise like the others ("yeah riiight" is the idiom "yeah right").
    for word in later_words {
        info.entry(word).or_default().kinds |= LATER_IN_PHRASE;
    }
    for (word, info) in info.iter_mut() {
        if is_expressive_word(word) {
            info.kinds |= EXPRESSIVE;
        }
    }
    let mut valence_ends = vec![0u64; 256 * 256 / 64];
    for word in words.keys() {
        if let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last()) {
            let bit = ends_bit(first, last);
            valence_ends[bit / 64] |= 1 << (bit % 64);
        }
    }
    let in_lexicons = (info.iter()).map(|(&word, &info)| Entry {
        word,
        info: Some(info),
        function_lists: 0,
        may_normalize: false,
    });
    let function_words = function_word_lists().map(|(word, lists)| Entry {
        word,
        info: None,
        function_lists: lists,
        may_normalize: false,
    });
    // The function words first: they are most of a text's tokens, and their entries (the
    // lexicon words among them, such as "not", merged in) stay in the cache together instead
    // of being scattered among the rare words'.
    let table = if word_table {
        WordTable::new(function_words.chain(in_lexicons))
    } else {
        WordTable::new(std::iter::empty())
    };
    Lexicons {
        table,
        valence_ends,
        words,
        emoji_chars,
        emoji_seqs,
        emoji_seq_max,
        booster_pairs,
        info,
    }
}

//! Function words of English, Spanish and other Latin-script languages: counted in a post,
//! they settle most Latin-script texts before the trigram detector is asked.

use std::sync::OnceLock;

use super::{Language, Reason, is_handle_or_link, plain_tokens};
use crate::analysis::is_whitespace_byte;

/// The lists a function word is on, as bits of [`FunctionWordTable::flags`].
const ENGLISH: u8 = 1;
const SPANISH: u8 = 2;
const OTHER_LATIN: u8 = 4;

/// The function words in an open-addressed table keyed by their packed form: a lookup is a
/// multiplication and a probe or two, where a general hash map spent ~70 instructions on
/// each of a post's ~15 words. Keys and lists are kept apart (9 KB in all), so a probe reads
/// the keys alone and the table stays in the cache beside everything else a post needs
/// (with both in 16-byte slots, 32 KB, its probes missed the cache for ~3% of the stage).
struct FunctionWordTable {
    /// Packed words by slot; 0 marks an empty slot (no word packs to 0).
    keys: Vec<u64>,
    /// The lists the word in the same slot is on.
    lists: Vec<u8>,
}

impl FunctionWordTable {
    /// Slots, a power of two over three times the ~290 words: probes stay short.
    const BITS: u32 = 10;

    fn get() -> &'static FunctionWordTable {
        static TABLE: OnceLock<FunctionWordTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut table = FunctionWordTable {
                keys: vec![0; 1 << Self::BITS],
                lists: vec![0; 1 << Self::BITS],
            };
            for (word, list) in function_word_lists() {
                let key = packed(word.bytes()).expect("function words are at most 8 bytes");
                let at = table.slot(key);
                table.keys[at] = key;
                table.lists[at] |= list;
            }
            table
        })
    }

    /// The slot holding `key`, or the empty one where it would go.
    fn slot(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize;
        while self.keys[at] != key && self.keys[at] != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// The lists the word packed as `key` is on ([`ENGLISH`], [`SPANISH`], [`OTHER_LATIN`]).
    fn flags(&self, key: u64) -> u8 {
        self.lists[self.slot(key)]
    }
}

/// Every function word with the list it is on, as a bit for [`FunctionWords::tally_lists`]
/// (a word on two lists comes twice).
pub(crate) fn function_word_lists() -> impl Iterator<Item = (&'static str, u8)> {
    let lists = [
        (ENGLISH_WORDS, ENGLISH),
        (SPANISH_WORDS, SPANISH),
        (OTHER_LATIN_WORDS, OTHER_LATIN),
    ];
    (lists.into_iter()).flat_map(|(words, list)| words.iter().map(move |&word| (word, list)))
}

/// A word of at most 8 bytes as one integer: the function-word table is probed with one
/// multiplication and integer comparisons rather than by hashing and comparing strings
/// (every function word fits: "wouldn't", "obrigado").
fn packed(bytes: impl Iterator<Item = u8>) -> Option<u64> {
    let mut key = 0u64;
    for (i, b) in bytes.enumerate() {
        if i == 8 {
            return None;
        }
        key = key << 8 | u64::from(b);
    }
    Some(key)
}

/// For the word packer: a word byte (ASCII letters and digits, lower-cased, and the
/// apostrophe) as itself, anything else as [`ASCII_OTHER`] (tokens are split on whitespace
/// before they get here).
const ASCII_CLASS: [u8; 256] = {
    let mut class = [ASCII_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' {
            class[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    class
};
const ASCII_OTHER: u8 = 0;

const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "is", "are", "was", "my", "you", "your", "i", "i'm", "to", "of", "it", "it's",
    "this", "that", "for", "with", "have", "has", "not", "don't", "can't", "be", "at", "but",
    "just", "what", "why", "can", "do", "will", "from", "they", "we", "so", "get", "been", "an",
    "or", "all", "still", "me", "on", "in", "please", "thanks", "how", "when", "our", "their",
    "after", "ever", "never", "again", "about", "there", "would", "could", "should", "were", "had",
    "did", "does", "got", "who", "which", "because", "than", "if", "by", "as", "up", "out", "off",
    "into", "some", "any", "more", "most", "very", "too", "also", "only", "then", "now", "here",
    "where", "there's", "here's", "what's", "that's", "let's", "i've", "i'll", "i'd", "you're",
    "we're", "they're", "isn't", "wasn't", "aren't", "didn't", "doesn't", "won't", "wouldn't",
    "couldn't", "haven't", "she", "his", "her", "him", "them", "these", "those", "one", "two",
    "new", "first", "last", "next", "today", "tonight", "tomorrow", "night", "morning", "day",
    "week", "people", "going", "gonna", "wanna", "need", "want", "know", "think", "see", "make",
    "take", "go", "come", "back", "before", "while", "through", "yes", "yeah", "okay", "lol",
    "omg", "im", "dont", "cant", "thx", "u", "ur", "w",
];
const SPANISH_WORDS: &[&str] = &[
    "el", "la", "los", "las", "de", "que", "y", "en", "un", "una", "es", "por", "para", "con",
    "mi", "mis", "me", "se", "lo", "su", "del", "al", "pero", "muy", "está", "esta", "estoy", "ya",
    "más", "como", "le", "nos", "hay", "qué", "cuando", "nada", "ni", "todo", "tengo", "gracias",
    "porque", "sus", "sin", "son", "fue", "han", "ustedes", "hola", "favor", "hoy", "ayer", "hace",
    "mañana", "también", "todavía", "nunca", "siempre", "ahora", "donde", "dónde", "nadie",
    "alguien", "mucho", "otra", "otro", "esto", "eso", "llevo", "puedo", "tiene", "tienen",
];

/// French, German, Italian, Portuguese and Dutch function words (none on the English or
/// Spanish lists, and none that are English words too, such as "die" or "van"): their
/// presence keeps a post away from the English shortcut.
const OTHER_LATIN_WORDS: &[&str] = &[
    "le", "les", "et", "est", "pas", "je", "avec", "pour", "une", "des", "du", "au", "sur", "mais",
    "vous", "nous", "très", "merci", "bonjour", "der", "das", "und", "ist", "nicht", "ich", "mit",
    "ein", "eine", "sie", "auf", "danke", "bitte", "sehr", "wir", "il", "che", "sono", "della",
    "grazie", "molto", "não", "uma", "obrigado", "muito", "você", "het", "een", "niet", "ik",
    "dank", "zijn", "nie", "noch", "auch", "aber", "wie", "kein", "keine", "schon", "wird", "mein",
    "meine", "nog", "maar", "ook", "voor", "naar", "heb", "geen",
];

/// Function-word counts of a text (@handles and links left out).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FunctionWords {
    pub(super) en: usize,
    pub(super) es: usize,
    pub(super) other: usize,
    pub(super) words: usize,
    /// Words on both the English and the Spanish list ("me"), until [`Self::settle_shared`].
    shared: usize,
}

impl FunctionWords {
    pub(super) fn count(text: &str) -> FunctionWords {
        let mut counts = if text.is_ascii() {
            Self::count_ascii(text.as_bytes())
        } else {
            Self::count_chars(text)
        };
        counts.settle_shared();
        counts
    }

    /// A word on both lists counts for the language the other function words point to, and
    /// for both when they do not: "Sunburn is killing me!" is English ("is", "me"), where
    /// counting "me" as Spanish too left it to the trigram detector (~80 µs). It was 26 of
    /// the 28 rated tweets sent there.
    fn settle_shared(&mut self) {
        let (en, es) = (self.en, self.es);
        if en >= es {
            self.en += self.shared;
        }
        if es >= en {
            self.es += self.shared;
        }
        self.shared = 0;
    }

    fn count_chars(text: &str) -> FunctionWords {
        let mut counts = FunctionWords::default();
        let mut spanish_marks = 0;
        let mut lower = String::new();
        for token in plain_tokens(text) {
            // Most tokens of most posts are plain ASCII: counted on bytes, as in plain-ASCII
            // posts (the same words; a test compares both with a character-at-a-time count).
            if token.is_ascii() {
                counts.tally_ascii_token(token.as_bytes(), false);
                continue;
            }
            spanish_marks += token.matches(['ñ', 'Ñ', '¿', '¡']).count();
            counts.tally_token_chars(token, &mut lower);
        }
        // Spanish's own letters and marks count as two function words each.
        counts.es += 2 * spanish_marks;
        counts
    }

    /// Counts the words of one whitespace-separated token (not a handle or link): its runs
    /// of letters, digits and apostrophes (straight or curly), lower-cased. `lower`: a buffer.
    fn tally_token_chars(&mut self, token: &str, lower: &mut String) {
        for word in token
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
            .filter(|w| !w.is_empty())
        {
            // No function word is longer ("wouldn’t" with a curly apostrophe): skip the lookup.
            let key = if word.len() > 10 {
                None
            } else if word.is_ascii() {
                packed(word.bytes().map(|b| b.to_ascii_lowercase()))
            } else {
                lower.clear();
                lower.extend(
                    word.chars()
                        .flat_map(char::to_lowercase)
                        .map(|c| if c == '\u{2019}' { '\'' } else { c }),
                );
                packed(lower.bytes())
            };
            self.tally(key);
        }
    }

    /// Counts a word (packed by [`packed`]; `None` when too long to be a function word).
    #[inline]
    fn tally(&mut self, word: Option<u64>) {
        self.tally_lists(word.map_or(0, |w| FunctionWordTable::get().flags(w)));
    }

    /// Counts a word on the lists `lists` (bits from [`function_word_lists`]; 0 for none).
    /// The English scorer's word table knows them for a token that is one plain word.
    #[inline]
    pub(crate) fn tally_lists(&mut self, lists: u8) {
        self.words += 1;
        if lists & (ENGLISH | SPANISH) == ENGLISH | SPANISH {
            self.shared += 1;
        } else {
            self.en += usize::from(lists & ENGLISH != 0);
            self.es += usize::from(lists & SPANISH != 0);
        }
        self.other += usize::from(lists & OTHER_LATIN != 0);
    }

    /// [`FunctionWords::count`] for plain-ASCII text: the same tokens (`char::is_whitespace`
    /// is `\t`…`\r` and space in ASCII), each counted by [`Self::tally_ascii_token`].
    fn count_ascii(text: &[u8]) -> FunctionWords {
        let mut counts = FunctionWords::default();
        for token in text.split(|&b| is_whitespace_byte(b)) {
            if !token.is_empty() {
                counts.tally_ascii_token(token, false);
            }
        }
        counts
    }

    /// Counts the words of one whitespace-separated token of plain-ASCII text: its runs of
    /// letters, digits and apostrophes, lower-cased; @handles and links count for nothing.
    /// `only_word_bytes`: the token is one such run, which is packed at once. (The English
    /// scorer's tokenizer knows that from its own pass and counts the words as it goes: a
    /// pass of their own cost ~1,900 instructions a post.) [`Self::settle_shared`] follows
    /// the last token.
    // Not inlined into the tokenizer's loop, where it is asked only for tokens that are not
    // one word with at most punctuation around it (other non-word bytes, apostrophes next to
    // punctuation, @handles, over 32 bytes): the others are counted from the word table's
    // entry.
    #[inline(never)]
    pub(crate) fn tally_ascii_token(&mut self, token: &[u8], only_word_bytes: bool) {
        // "@" and "http(s)://" hold no whitespace: the token starts with them or has none.
        if is_handle_or_link(token) {
            return;
        }
        if only_word_bytes {
            // Setting bit 0x20 lower-cases a letter and leaves digits and '\'' as they are.
            self.tally(packed(token.iter().map(|&b| b | 0x20)));
            return;
        }
        let (mut key, mut len) = (0u64, 0usize);
        for &b in token {
            let c = ASCII_CLASS[usize::from(b)];
            if c != ASCII_OTHER {
                // Bytes past the eighth shift out; such words are too long to look up.
                key = key << 8 | u64::from(c);
                len += 1;
            } else if len > 0 {
                self.tally((len <= 8).then_some(key));
                (key, len) = (0, 0);
            }
        }
        if len > 0 {
            self.tally((len <= 8).then_some(key));
        }
    }

    /// Settles the words on both lists; call once after the last [`Self::tally_ascii_token`].
    pub(crate) fn settled(mut self) -> FunctionWords {
        self.settle_shared();
        self
    }

    /// English or Spanish from their function words (and Spanish's own letters); `None` when
    /// the evidence is thin or mixed, so other evidence decides.
    pub(super) fn verdict(&self) -> Option<Language> {
        let (code, best, rival) = if self.en >= self.es {
            ("eng", self.en, self.es)
        } else {
            ("spa", self.es, self.en)
        };
        (best >= 2 && best >= rival * 3 && best * 6 >= self.words)
            .then(|| self.language(code, false))
    }

    /// The post as English (`eng`) or Spanish (`spa`), with its count of that language's
    /// function words as the reason (`alone`: and none of another language).
    pub(super) fn language(&self, code: &'static str, alone: bool) -> Language {
        let (language, count) = if code == "eng" {
            ("English", self.en)
        } else {
            ("Spanish", self.es)
        };
        Language {
            code: code.into(),
            script: None,
            reason: Reason::FunctionWords {
                language,
                count,
                words: self.words,
                alone,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_function_word_counts_match_the_general_ones() {
        let tweets = crate::analysis::sentiment::tests::rated_tweets();
        let mut texts: Vec<String> = tweets.iter().map(|(_, _, t)| t.to_string()).collect();
        texts.extend([
            "don't\x0bstop\x1cthe music, @you https://x.example/the http://a".to_string(),
            "WOULDN'T isn't THE 'the' the's i'm".to_string(),
            "el\tla\nlos\rlas\x0cde   que @y #y".to_string(),
            String::new(),
        ]);
        let mut ascii = 0;
        for text in texts.iter().filter(|t| t.is_ascii()) {
            assert_eq!(
                FunctionWords::count_ascii(text.as_bytes()),
                count_by_chars(text),
                "{text:?}"
            );
            ascii += 1;
        }
        assert!(ascii > 3000, "{ascii} ASCII texts");
        // Other text counts its plain-ASCII tokens on bytes too.
        texts.extend(
            include_str!("../testdata/cs_messages.tsv")
                .lines()
                .map(String::from),
        );
        texts.push(
            "¿Dónde está mi maleta? Ñandú, el niño's \u{2019}s ¡ya! @yo https://x.es/el".into(),
        );
        for text in &texts {
            assert_eq!(
                FunctionWords::count_chars(text),
                count_by_chars(text),
                "{text:?}"
            );
        }
    }

    /// The count of `text` a character at a time, every token (the reference for the counts
    /// on bytes).
    fn count_by_chars(text: &str) -> FunctionWords {
        let mut counts = FunctionWords::default();
        let mut lower = String::new();
        for token in plain_tokens(text) {
            counts.es += 2 * token.matches(['ñ', 'Ñ', '¿', '¡']).count();
            counts.tally_token_chars(token, &mut lower);
        }
        counts
    }

    /// The English scorer's tokenizer counts what the counter counts, and its tokens score
    /// as `analyze` scores the text; texts it must leave to the general path are left.
    #[test]
    fn tokenizer_counts_what_the_counter_counts() {
        use crate::analysis::sentiment::{analyze, analyze_tokenized, tokenize_plain_ascii};
        let tweets = crate::analysis::sentiment::tests::rated_tweets();
        let mut texts: Vec<String> = tweets.iter().map(|(_, _, t)| t.to_string()).collect();
        texts.extend([
            "WOULDN'T isn't THE 'the' (the) the's i'm O'Neil 2day 12345678 123456789".to_string(),
            "@you https://x.example/the http://a hTTp://b @ the, and; \"so\" ...".to_string(),
            "el\tla\nlos\rlas\x0cde\x0b  que y,la ok!!".to_string(),
            "THE\x00and the\x7fis I\x01am so\x7f".to_string(),
            "the abcdefghijklmno abcdefghijklmnop ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF is".to_string(),
            "and ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG Good the GOOD".to_string(),
            "uncomfortable discombobulated UNCOMFORTABLE im".to_string(),
            // Words the plain path's own steps take: known, unknown, normalised, capitals,
            // 15 and 16 bytes, and at the end, with fewer than 16 bytes after their start.
            "Sooo GOOD lovin HAHAHA Hahaha 2day NOOO no nO Kind OF good Abcdefghijklmno"
                .to_string(),
            "Good".to_string(),
            "bad abcdefghijklmnop".to_string(),
            "NOT GOOD AT ALL lol".to_string(),
            "  \t ".to_string(),
            String::new(),
        ]);
        let mut counted = 0;
        for text in &texts {
            let Some((tokenized, counts)) = tokenize_plain_ascii(text) else {
                continue;
            };
            assert_eq!(counts, FunctionWords::count(text), "{text:?}");
            assert_eq!(analyze_tokenized(&tokenized), analyze(text), "{text:?}");
            counted += 1;
        }
        assert!(counted > 3000, "{counted} texts counted by the tokenizer");
        // Longer than the masks hold (512 bytes): left to the general path too.
        let long = "The parcel is late again, and the support team is great. ".repeat(9);
        for text in [
            "caf\u{e9} the",
            "fish &amp; chips",
            "the\x1cand",
            "\u{1f600} and the",
            &long,
        ] {
            assert!(tokenize_plain_ascii(text).is_none(), "{text:?}");
        }
        // The general path reads it as the plain path reads the same sentences fewer times.
        use crate::analysis::{Input, TopicRules, analyze as analyze_all};
        let rules = TopicRules::defaults();
        let analysed = |text| {
            analyze_all(
                &Input {
                    text,
                    ..Input::default()
                },
                &rules,
            )
        };
        let shorter = &long[..long.len() / 9 * 8];
        assert!(tokenize_plain_ascii(shorter).is_some());
        let (of_long, of_shorter) = (analysed(&long), analysed(shorter));
        let code = |a: &crate::analysis::Analysis| a.language.as_ref().map(|l| l.code.clone());
        assert_eq!(code(&of_long).as_deref(), Some("eng"));
        assert_eq!(code(&of_long), code(&of_shorter));
        let label = |a: &crate::analysis::Analysis| a.sentiment.as_ref().map(|s| s.label);
        assert_eq!(label(&of_long), label(&of_shorter));
        assert_eq!(of_long.topics, of_shorter.topics);
        assert!(!of_long.topics.is_empty());
    }
}

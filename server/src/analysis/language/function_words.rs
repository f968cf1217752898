//! Function words of English, Spanish and other Latin-script languages: counted in a post,
//! they settle most Latin-script texts before the trigram detector is asked.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::{Language, is_handle_or_link, plain_tokens};

/// Which lists a lower-case word (packed by [`packed`]) is on: (English, Spanish, another
/// Latin-script language).
fn function_word(word: u64) -> (bool, bool, bool) {
    static WORDS: OnceLock<FxHashMap<u64, (bool, bool, bool)>> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut map = FxHashMap::default();
        let lists = [ENGLISH_WORDS, SPANISH_WORDS, OTHER_LATIN_WORDS];
        for (list, words) in lists.iter().enumerate() {
            for w in *words {
                let key = packed(w.bytes()).expect("function words are at most 8 bytes");
                let entry = map.entry(key).or_insert((false, false, false));
                match list {
                    0 => entry.0 = true,
                    1 => entry.1 = true,
                    _ => entry.2 = true,
                }
            }
        }
        map
    });
    words.get(&word).copied().unwrap_or_default()
}

/// A word of at most 8 bytes as one integer, so function words are looked up without
/// hashing or comparing strings (every function word fits: "wouldn't", "obrigado").
fn packed(bytes: impl Iterator<Item = u8>) -> Option<u64> {
    let mut key = 0u64;
    for (i, b) in bytes.enumerate() {
        if i == 8 {
            return None;
        }
        key |= u64::from(b) << (8 * i);
    }
    Some(key)
}

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
    "porque", "sus", "sin", "son", "fue", "han", "ustedes", "hola", "favor",
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
pub(super) struct FunctionWords {
    pub(super) en: usize,
    pub(super) es: usize,
    pub(super) other: usize,
    pub(super) words: usize,
}

impl FunctionWords {
    pub(super) fn count(text: &str) -> FunctionWords {
        if text.is_ascii() {
            Self::count_ascii(text.as_bytes())
        } else {
            Self::count_chars(text)
        }
    }

    fn count_chars(text: &str) -> FunctionWords {
        // Spanish's own letters and marks count as two function words each.
        let mut counts = FunctionWords {
            es: 2 * plain_tokens(text)
                .map(|t| t.matches(['ñ', 'Ñ', '¿', '¡']).count())
                .sum::<usize>(),
            ..FunctionWords::default()
        };
        let mut lower = String::new();
        for word in plain_tokens(text)
            .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')))
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
            counts.tally(key);
        }
        counts
    }

    /// Counts a word (packed by [`packed`]; `None` when too long to be a function word).
    fn tally(&mut self, word: Option<u64>) {
        let (is_en, is_es, is_other) = word.map(function_word).unwrap_or_default();
        self.words += 1;
        self.en += is_en as usize;
        self.es += is_es as usize;
        self.other += is_other as usize;
    }

    /// [`FunctionWords::count`] for plain-ASCII text (most posts), on bytes: the same tokens
    /// (`char::is_whitespace` is `\t`…`\r` and space in ASCII) without decoding characters.
    fn count_ascii(text: &[u8]) -> FunctionWords {
        let mut counts = FunctionWords::default();
        let tokens = text
            .split(|&b| matches!(b, b' ' | b'\t'..=b'\r'))
            .filter(|t| !t.is_empty())
            .filter(|t| !is_handle_or_link(t));
        for token in tokens {
            for word in token.split(|&b| !(b.is_ascii_alphanumeric() || b == b'\'')) {
                if word.is_empty() {
                    continue;
                }
                counts.tally(packed(word.iter().map(u8::to_ascii_lowercase)));
            }
        }
        counts
    }

    /// English or Spanish from their function words (and Spanish's own letters); `None` when
    /// the evidence is thin or mixed, so other evidence decides.
    pub(super) fn verdict(&self) -> Option<Language> {
        let (code, best, rival) = if self.en >= self.es {
            ("eng", self.en, self.es)
        } else {
            ("spa", self.es, self.en)
        };
        if best >= 2 && best >= rival * 3 && best * 6 >= self.words {
            let name = if code == "eng" { "English" } else { "Spanish" };
            return Some(Language {
                code: code.into(),
                script: None,
                reason: format!("{name} function words ({best} of {} words)", self.words),
            });
        }
        None
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
                FunctionWords::count_chars(text),
                "{text:?}"
            );
            ascii += 1;
        }
        assert!(ascii > 3000, "{ascii} ASCII texts");
    }
}

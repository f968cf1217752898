//! What kind of word negated a scored word, kept with its reason so later rules need not
//! read the note ("negated by 'not'") meant for people.

/// What negated a word: a verb's negation ("not", "never", "n't", 不, 唔) or a word that
/// stands before a noun or for one ("no", "nothing", "ningún", "nada").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Negator {
    #[default]
    None,
    Verb,
    Noun,
}

impl Negator {
    /// The kind of the English negating `word` (compared case-insensitively).
    pub fn english(word: &str) -> Negator {
        Negator::of(
            word,
            &[
                "no", "nothing", "nobody", "none", "neither", "nor", "nowhere",
            ],
        )
    }

    /// The kind of the Spanish negating `word` ("no" is a verb's negation there: "no es").
    pub fn spanish(word: &str) -> Negator {
        Negator::of(
            word,
            &["ningún", "ninguna", "ninguno", "nada", "nadie", "ni"],
        )
    }

    fn of(word: &str, noun_negators: &[&str]) -> Negator {
        if noun_negators.iter().any(|n| n.eq_ignore_ascii_case(word)) {
            Negator::Noun
        } else {
            Negator::Verb
        }
    }
}

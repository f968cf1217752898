//! Sentiment for Spanish and Chinese (standard written and Cantonese), on VADER's scale and
//! with VADER's explanations, from Earshot's own lexicons (`lexicons/earshot_es.txt`,
//! `lexicons/earshot_zh.txt`; written for the project, so no share-alike or research-only
//! licence applies).
//!
//! The rules are VADER's, adapted to each language: negators up to three words (Spanish,
//! within the clause) or three characters (Chinese) before a word flip it (×−0.74), "gracias
//! por nada" is sarcasm, intensifiers and dampeners add ±0.293, ALL CAPS adds 0.733
//! (Spanish), the contrastive "pero / 但是 / 不過" weighs the part after it ×1.5 and before it
//! ×0.5, "!" adds emphasis, and emoticons and emoji count as in English. Chinese has no
//! spaces, so words are found by longest match in the lexicon.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

use super::sentiment::{
    B_INCR, C_INCR, N_SCALAR, Negator, Reason, Sentiment, ends_clause, expressive_valence,
    from_sum, has_run_of_three, is_thanks_for_nothing, lower, praised_ordeal, round_to, squeeze,
    star_rating, valences,
};
use super::short_text::ShortText;

mod chinese;
mod spanish_forms;
pub use chinese::chinese;
pub use spanish_forms::{fold_accent, fold_accents};
use spanish_forms::{is_spanish_punct, superlative_of};

const SPANISH_LEXICON: &str = include_str!("lexicons/earshot_es.txt");

/// Spanish praise that customers use sarcastically ("Genial, otra vez sin servicio").
pub(crate) const SPANISH_SARCASM_PRONE: &[&str] = &[
    "genial",
    "perfecto",
    "excelente",
    "maravilloso",
    "maravilla",
    "fantástico",
    "gracias",
    "buen",
    "bueno",
    "buena",
];

const ES_NEGATORS: &[&str] = &[
    "no", "nunca", "jamás", "jamas", "ni", "sin", "tampoco", "nadie", "nada", "ningún", "ningun",
    "ninguna", "ninguno",
];
const ES_BOOSTERS: &[&str] = &[
    "muy",
    "tan",
    "súper",
    "super",
    "demasiado",
    "bastante",
    "re",
    "mucho",
    "muchísimo",
    "realmente",
    "totalmente",
    "completamente",
    "absolutamente",
    "increíblemente",
    "sumamente",
    "extremadamente",
    "tremendamente",
    "híper",
    "requete",
];
const ES_DAMPENERS: &[&str] = &["poco", "algo", "casi", "apenas", "medio", "ligeramente"];
const ES_BUT: &[&str] = &["pero", "aunque", "sino"];
const ES_LAUGHTER: &[&str] = &["jaja", "jeje", "jiji", "lol"];

struct Lexicon {
    words: HashMap<&'static str, f64>,
    /// By first character, the longest key that starts with it, in chars (the Chinese
    /// longest-match window: most characters start no word, and most words are short).
    max_chars_from: HashMap<char, usize>,
}

fn parse(file: &'static str) -> Lexicon {
    let words: HashMap<&'static str, f64> = valences(file).collect();
    let mut max_chars_from: HashMap<char, usize> = HashMap::default();
    for word in words.keys() {
        if let Some(first) = word.chars().next() {
            let longest = max_chars_from.entry(first).or_default();
            *longest = (*longest).max(word.chars().count());
        }
    }
    Lexicon {
        words,
        max_chars_from,
    }
}

/// The Spanish lexicon, and its accented words by their unaccented spelling (with the word
/// as the lexicon spells it, for the reasons).
type Folded = HashMap<String, (&'static str, f64)>;

fn spanish_lexicon() -> &'static (Lexicon, Folded) {
    static LEX: OnceLock<(Lexicon, Folded)> = OnceLock::new();
    LEX.get_or_init(|| {
        let lex = parse(SPANISH_LEXICON);
        // People often type without accents: "pesimo" finds "pésimo".
        let folded = lex
            .words
            .iter()
            .map(|(w, v)| (fold_accents(w).into_owned(), (*w, *v)))
            .filter(|(w, _)| !lex.words.contains_key(w.as_str()))
            .collect();
        (lex, folded)
    })
}

/// Whether Earshot's Spanish lexicon scores this lower-case word, with or without its accents
/// ("pesimo"): a hint of Spanish in a post typed without accents or function words.
pub fn is_spanish_word(word: &str) -> bool {
    let (lex, folded) = spanish_lexicon();
    lex.words.contains_key(word) || folded.contains_key(word)
}

/// One scored word: its position among the words, its text, valence and notes.
struct Scored {
    at: usize,
    token: String,
    valence: f64,
    notes: Vec<String>,
    /// The kind of the first word that negated it.
    negator: Negator,
}

pub fn spanish(text: &str) -> Sentiment {
    let (lex, folded) = spanish_lexicon();
    // Emoticons (":)", ";-(") stay whole; other words lose their punctuation.
    // Room for a token every four bytes (most words are longer), so it rarely grows.
    let mut tokens: Vec<&str> = Vec::with_capacity(text.len() / 4 + 1);
    // The tokens after which a clause ends (a negation does not reach across them).
    let mut clause_ends: Vec<usize> = Vec::new();
    for t in text.split_whitespace() {
        if !t.chars().any(char::is_alphanumeric) && expressive_valence(t).is_some() {
            tokens.push(t);
        } else {
            let parts = t.split(|c: char| {
                (c.is_ascii_punctuation() && c != ':' && c != ';') || is_spanish_punct(c)
            });
            tokens.extend(parts.filter(|t| !t.is_empty()));
        }
        if ends_clause(t) && !tokens.is_empty() {
            clause_ends.push(tokens.len() - 1);
        }
    }
    let ends_clause_at = |j: usize| clause_ends.contains(&j);
    let lowered: Vec<Cow<str>> = tokens.iter().map(|t| lower(t)).collect();
    let upper = |t: &str| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
    let caps = tokens.iter().filter(|t| upper(t)).count();
    let cap_diff = caps > 0 && caps < tokens.len();
    let word_at = |j: usize| lowered.get(j).map(|w| &**w);
    let mut scored = Vec::new();
    // The praise word that praised an ordeal, and the ordeal ("me encanta esperar").
    let mut praised_ordeal_at = None;
    for (i, word) in lowered.iter().enumerate() {
        let word: &str = word;
        // The lexicon's word (as it spells it) and valence.
        let spelled = |w: &str| {
            (lex.words.get_key_value(w).map(|(&w, &v)| (w, v)))
                .or_else(|| folded.get(&*fold_accents(w)).copied())
        };
        let lookup = |w: &str| spelled(w).map(|(_, v)| v);
        let mut notes = Vec::new();
        let base = lookup(word)
            .or_else(|| {
                // Elongations ("buenooo"): only words with a run of three letters are retried.
                has_run_of_three(word)
                    .then(|| lookup(&squeeze(word, 1)).or_else(|| lookup(&squeeze(word, 2))))
                    .flatten()
            })
            .or_else(|| {
                // "malísimo", "contentísima": the word it is the superlative of, stronger.
                let (positive, valence) = superlative_of(word, spelled)?;
                notes.push(format!("superlative of '{positive}'"));
                Some(valence + valence.signum() * B_INCR)
            })
            .or_else(|| is_laughter(word).then_some(1.5))
            .or_else(|| expressive_valence(tokens[i]));
        let Some(base) = base else { continue };
        let mut v = base;
        let mut negator = Negator::None;
        if cap_diff && upper(tokens[i]) {
            v += v.signum() * C_INCR;
            notes.push("ALL CAPS".to_string());
        }
        let expressive = !word.chars().any(char::is_alphabetic) || is_laughter(word);
        for back in 1..=3 {
            let Some(prev) = i.checked_sub(back).map(|j| &*lowered[j]) else {
                break;
            };
            if ends_clause_at(i - back) {
                break;
            }
            if back == 1 && ES_BOOSTERS.contains(&prev) {
                v += v.signum() * B_INCR;
                notes.push(format!("boosted by '{prev}'"));
            } else if back == 1 && ES_DAMPENERS.contains(&prev) {
                v -= v.signum() * B_INCR;
                notes.push(format!("dampened by '{prev}'"));
            }
            if !expressive && ES_NEGATORS.contains(&prev) {
                v *= N_SCALAR;
                notes.push(format!("negated by '{prev}'"));
                negator = Negator::spanish(prev);
                break;
            }
        }
        // "Podría ser mejor": a wish that it were, as the English "could be better".
        if v > 0.0
            && word == "mejor"
            && i >= 2
            && matches!(word_at(i - 1), Some("ser" | "estar"))
            && matches!(
                word_at(i - 2),
                Some("podría" | "podria" | "podrían" | "podrian" | "debería" | "deberia")
            )
        {
            v = -1.0;
            notes.push("'podría ser mejor': wishes it were".into());
        }
        if v > 0.0 && is_thanks_for_nothing(word_at, ends_clause_at, i) {
            v = -v * 0.5;
            notes.push("read as sarcasm: thanks for nothing".into());
        }
        if v > 0.0
            && let Some(ordeal) = praised_ordeal(word_at, i)
        {
            v = -v * 0.5;
            notes.push(format!("read as sarcasm: praise of '{ordeal}'"));
            praised_ordeal_at = Some((i, ordeal));
        }
        scored.push(Scored {
            at: i,
            token: tokens[i].to_string(),
            valence: v,
            notes,
            negator,
        });
    }
    // Praise of an ordeal makes the other praise sarcasm too when all of it is the kind
    // customers use so ("Me encanta esperar dos horas. Excelente servicio.").
    if let Some((at, ordeal)) = praised_ordeal_at {
        let other = |s: &Scored| s.valence > 0.0 && s.at != at;
        let prone = |s: &Scored| SPANISH_SARCASM_PRONE.contains(&&*lowered[s.at]);
        if scored.iter().filter(|s| other(s)).all(prone) {
            for s in scored.iter_mut().filter(|s| other(s)) {
                s.valence = -s.valence * 0.5;
                s.notes
                    .push(format!("read as sarcasm: praise of '{ordeal}'"));
            }
        }
    }
    for (at, token) in tokens.iter().enumerate() {
        let Some((valence, note)) = spanish_statement(word_at, at) else {
            continue;
        };
        let place = scored.partition_point(|s| s.at < at);
        if scored.get(place).is_some_and(|s| s.at == at) {
            continue;
        }
        let scored_statement = Scored {
            at,
            token: token.to_string(),
            valence,
            notes: vec![note.into()],
            negator: Negator::None,
        };
        scored.insert(place, scored_statement);
    }
    let but_at = lowered.iter().position(|w| ES_BUT.contains(&&**w));
    finish(text, scored, but_at)
}

/// What a statement says at the word `at` (the words in lower case, `None` past the end),
/// with the note: a vow never to come back ([`is_spanish_vow`]), a star rating ("cero
/// estrellas" −2.5 … "cinco estrellas" +2.5, as in English), or indignation at how
/// customers are treated ("así tratan a los clientes", −2.5).
fn spanish_statement<'w>(
    word: impl Fn(usize) -> Option<&'w str>,
    at: usize,
) -> Option<(f64, &'static str)> {
    if is_spanish_vow(&word, at) {
        return Some((-2.0, "a vow never to return: 'nunca más'"));
    }
    match word(at)? {
        "estrella" | "estrellas" => {
            let stars = match word(at.checked_sub(1)?)? {
                "cero" | "0" => 0,
                "una" | "un" | "1" => 1,
                "dos" | "2" => 2,
                "cuatro" | "4" => 4,
                "cinco" | "5" => 5,
                _ => return None,
            };
            star_rating(stars, word(at) == Some("estrellas"))
        }
        "así" | "asi" => matches!(word(at + 1)?, "tratan" | "trata" | "tratáis" | "tratais")
            .then_some((-2.5, "indignation: 'así tratan'")),
        _ => None,
    }
}

/// A vow never to come back, as the English "never … again" (−2 at its first word): "nunca
/// más", "jamás vuelvo", "no vuelvo a comprar", "no volveré a volar"; not relief ("nunca más
/// tendré que esperar"). `word`: the words in lower case (`None` past the end).
fn is_spanish_vow<'w>(word: &impl Fn(usize) -> Option<&'w str>, at: usize) -> bool {
    const RETURN: &[&str] = &[
        "vuelvo",
        "volveré",
        "volvere",
        "regreso",
        "compro",
        "compraré",
        "comprare",
    ];
    const RELIEF: &[&str] = &[
        "tendré",
        "tendre",
        "tengo",
        "tendremos",
        "preocuparme",
        "esperar",
        "esperaré",
        "perderé",
    ];
    let is = |j: usize, list: &[&str]| word(j).is_some_and(|w| list.contains(&w));
    let vow = match word(at) {
        Some("nunca" | "jamás" | "jamas") => is(at + 1, &["más", "mas"]) || is(at + 1, RETURN),
        Some("no") => is(at + 1, &["vuelvo", "volveré", "volvere"]) && is(at + 2, &["a"]),
        _ => false,
    };
    vow && !(at + 1..at + 4).any(|j| is(j, RELIEF))
}

fn is_laughter(word: &str) -> bool {
    ES_LAUGHTER.iter().any(|l| word.starts_with(l))
        && word
            .chars()
            .all(|c| matches!(c, 'j' | 'a' | 'e' | 'i' | 'h' | 'l' | 'o'))
}

/// The contrastive clause, punctuation emphasis and normalisation shared by both languages.
fn finish(text: &str, mut scored: Vec<Scored>, but_at: Option<usize>) -> Sentiment {
    if let Some(b) = but_at {
        for s in &mut scored {
            if s.at < b {
                s.valence *= 0.5;
                s.notes.push("before the contrast (×0.5)".into());
            } else if s.at > b {
                s.valence *= 1.5;
                s.notes.push("after the contrast (×1.5)".into());
            }
        }
    }
    let mut sum: f64 = scored.iter().map(|s| s.valence).sum();
    let mut reasons: Vec<Reason> = scored
        .into_iter()
        .filter(|s| s.valence != 0.0)
        .map(|s| Reason {
            token: s.token.into(),
            valence: round_to(s.valence, 3),
            note: (!s.notes.is_empty()).then(|| s.notes.join("; ").into()),
            negator: s.negator,
        })
        .collect();
    let bangs = text.matches(['!', '！']).count().min(4);
    if bangs > 0 && sum != 0.0 {
        let emphasis = sum.signum() * bangs as f64 * 0.292;
        sum += emphasis;
        reasons.push(Reason {
            token: (&"!!!!"[..bangs]).into(),
            valence: round_to(emphasis, 3),
            note: Some(ShortText::from_static("emphasis from exclamation marks")),
            negator: Negator::None,
        });
    }
    from_sum(sum, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sentiment::Label;

    /// What lets the Chinese scorer skip `expressive_valence` for CJK characters.
    #[test]
    fn no_cjk_character_is_expressive() {
        let cjk = crate::inbox::search::every_cjk_character();
        let mut checked = 0;
        for c in cjk {
            assert_eq!(expressive_valence(&c.to_string()), None, "{c}");
            checked += 1;
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn spanish_rules() {
        assert_eq!(spanish("El servicio es excelente").label, Label::Positive);
        // A vow never to come back; not relief.
        for text in [
            "Nunca más vuelvo a comprar aquí",
            "No vuelvo a volar con ustedes",
        ] {
            let s = spanish(text);
            assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
            assert_eq!(s.reasons[0].valence, -2.0, "{s:?}");
        }
        assert!(
            spanish("Nunca más tendré que esperar en la fila")
                .reasons
                .is_empty()
        );
        // Star ratings, a wish it were better, indignation at how customers are treated.
        for (text, valence) in [
            ("Una estrella, el peor trato", -2.0),
            ("Cinco estrellas", 2.5),
            ("Podría ser mejor", -1.0),
            ("Así tratan a los clientes fieles", -2.5),
        ] {
            assert_eq!(spanish(text).reasons[0].valence, valence, "{text}");
        }
        assert!(spanish("un hotel de cinco estrella").reasons.is_empty());
        // Praise of a long wait, or of being kept waiting, is sarcasm.
        for text in [
            "Me encanta que me tengan 40 minutos en espera",
            "Qué buen servicio, tres horas esperando",
        ] {
            let s = crate::analysis::cues::tests::analysed(text)
                .sentiment
                .unwrap();
            assert_eq!(s.label, "negative", "{text}: {s:?}");
            let note = s.reasons[0].note.as_deref().unwrap_or_default();
            assert!(note.contains("read as sarcasm"), "{text}: {s:?}");
        }
        assert_eq!(spanish("El servicio no es bueno").label, Label::Negative);
        assert_eq!(
            spanish("Servicio PÉSIMO, una estafa").label,
            Label::Negative
        );
        assert!(spanish("muy malo").compound < spanish("malo").compound);
        // Unaccented spelling and elongation find the lexicon word.
        assert_eq!(spanish("pesimo").compound, spanish("pésimo").compound);
        assert_eq!(spanish("buenooo").compound, spanish("bueno").compound);
        let s = spanish("La app es buena pero el soporte es horrible");
        assert_eq!(s.label, Label::Negative);
        assert!(s.reasons.iter().any(|r| r.token == "horrible"));
        assert_eq!(spanish("jajaja gracias 😊").label, Label::Positive);
        // Emoticons survive the tokenizer.
        assert_eq!(spanish("cierra la puerta ;)").label, Label::Positive);
        assert_eq!(spanish("otra vez sin servicio :(").label, Label::Negative);
        assert_eq!(spanish("").compound, 0.0);
        // A negation stays in its clause; thanks for nothing is sarcasm.
        assert_eq!(spanish("No, es excelente").label, Label::Positive);
        assert_eq!(spanish("No es excelente").label, Label::Negative);
        let s = spanish("Gracias por nada, pésimo servicio");
        assert_eq!(s.label, Label::Negative, "{s:?}");
        assert!(s.reasons.iter().all(|r| r.valence < 0.0), "{s:?}");
        assert_eq!(spanish("Gracias por nada").label, Label::Negative);
        assert_eq!(spanish("Gracias por la ayuda").label, Label::Positive);
        // Praise of an ordeal is sarcasm, and makes the other praise so too.
        let s = spanish("Me encanta esperar una hora al teléfono. Excelente servicio.");
        assert_eq!(s.label, Label::Negative, "{s:?}");
        for r in &s.reasons {
            let note = r.note.as_deref().unwrap_or_default();
            assert!(note.contains("sarcasm: praise of 'esperar'"), "{s:?}");
        }
        assert!(spanish("Me encanta que me ignoren").compound < 0.0);
        assert_eq!(spanish("Me encanta el nuevo diseño").label, Label::Positive);
        // Absolute superlatives read as their word, stronger, and say so.
        // (The lexicon lists the commonest itself: "buenísimo", "malísima", "carísimo"…)
        for (superlative, word) in [
            ("tristísima", "triste"),
            ("suciísimo", "sucio"),
            ("Contentísima", "contenta"),
            ("amabilísimos", "amable"),
            ("riquísimo", "rico"),
            ("rapidísima", "rápida"),
            ("facilísimo", "fácil"),
            ("felicísimos", "felices"),
        ] {
            let s = spanish(superlative);
            let plain = spanish(word);
            assert!(
                s.compound.abs() > plain.compound.abs() && s.compound * plain.compound > 0.0,
                "{superlative}: {s:?} against {plain:?}"
            );
            assert!(
                s.reasons[0]
                    .note
                    .as_deref()
                    .is_some_and(|n| n.contains("superlative of")),
                "{s:?}"
            );
        }
        assert_eq!(
            spanish("rapidísima").reasons[0].note.as_deref(),
            Some("superlative of 'rápida'")
        );
        assert_eq!(spanish("muchísimo").compound, 0.0);
    }

    #[test]
    fn chinese_rules() {
        assert_eq!(chinese("服务很好，谢谢").label, Label::Positive);
        for text in [
            "再也不买了",
            "呢間公司真係差到極",
            "差到极",
            "你们的客服根本没用",
        ] {
            assert_eq!(chinese(text).label, Label::Negative, "{text}");
        }
        // 没用过 is "never used", not "useless".
        assert!(chinese("我没用过这个功能").reasons.is_empty());
        assert_eq!(chinese("我很不满意").label, Label::Negative);
        assert_eq!(chinese("服務態度差，垃圾").label, Label::Negative);
        assert_eq!(chinese("唔滿意，等咗好耐").label, Label::Negative);
        let negated = chinese("不喜欢");
        assert_eq!(negated.label, Label::Negative, "{negated:?}");
        assert!(negated.reasons[0].note.as_deref().unwrap().contains('不'));
        assert_eq!(chinese("呢個 app 好 bad").label, Label::Negative);
        // A negated copula before an intensified word negates it.
        for text in ["不是很满意", "不是很滿意", "唔係好滿意", "没有很好"] {
            let s = chinese(text);
            assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
        }
        assert_eq!(chinese("是很满意").label, Label::Positive);
        // A negator reaches past a modal or an adverb or two.
        for (text, label) in [
            ("终于不会一直闪退了", Label::Positive),
            ("唔使擔心", Label::Positive),
            ("不再满意", Label::Negative),
            ("我不会再满意了", Label::Negative),
            ("会一直闪退", Label::Negative),
            // "Unacceptable" is a fixed word (接受 alone is not an entry).
            ("这个处理结果我们不能接受", Label::Negative),
            ("呢個安排我哋接受唔到", Label::Negative),
        ] {
            let s = chinese(text);
            assert_eq!(s.label, label, "{text}: {s:?}");
        }
        assert_eq!(chinese("").compound, 0.0);
    }
}

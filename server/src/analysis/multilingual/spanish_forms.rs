//! How Spanish words are written: with or without their accents, as absolute superlatives
//! ("contentísima"), and split from the inverted marks ("¡Pésimo!").

use std::borrow::Cow;

/// Spanish accents and diaeresis removed; ñ kept (it is a letter of its own). Borrowed when
/// there are none (most words: a copy for each cost an allocation).
pub fn fold_accents(word: &str) -> Cow<'_, str> {
    if word.is_ascii() || word.chars().all(|c| fold_accent(c) == c) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(word.chars().map(fold_accent).collect())
}

/// A letter without its accent or diaeresis.
pub fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'Á' | 'À' | 'Â' | 'Ä' => 'A',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'Ó' | 'Ò' | 'Ô' | 'Ö' => 'O',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        c => c,
    }
}

/// The positive degree of a Spanish absolute superlative (`-ísimo`, `-ísima`, plurals; the
/// accent may be left out) that `lookup` knows, as the lexicon spells it, with its valence:
/// "malísimo" → "malo", "contentísima" → "contenta", "amabilísimos" → "amables",
/// "riquísimo" → "rico", "larguísimo" → "largo", "felicísimo" → "feliz", "facilísimo" →
/// "fácil".
pub(super) fn superlative_of(
    word: &str,
    lookup: impl Fn(&str) -> Option<(&'static str, f64)>,
) -> Option<(&'static str, f64)> {
    // Looked at for every word the lexicon lacks: the unaccented end first, then folded.
    if !["simo", "sima", "simos", "simas"]
        .iter()
        .any(|end| word.ends_with(end))
    {
        return None;
    }
    let folded = fold_accents(word);
    let (stem, ending) = ["isimos", "isimas", "isimo", "isima"]
        .iter()
        .find_map(|suffix| Some((folded.strip_suffix(suffix)?, &suffix[4..])))?;
    if stem.chars().count() < 2 {
        return None;
    }
    // Spelling kept before the suffix: rico → riquísimo, largo → larguísimo,
    // amable → amabilísimo, feliz → felicísimo.
    let mut stems = vec![stem.to_string()];
    for (written, plain) in [("qu", "c"), ("gu", "g"), ("bil", "bl"), ("c", "z")] {
        if let Some(base) = stem.strip_suffix(written) {
            stems.push(format!("{base}{plain}"));
        }
    }
    // The gender of the ending first ("contentísima" → "contenta"), then "e" ("triste"),
    // then the stem alone ("fácil"); a plural's singular if the plural is not listed.
    let vowel = &ending[..1];
    let numbers: &[&str] = if ending.len() == 2 { &["s", ""] } else { &[""] };
    stems.iter().find_map(|stem| {
        numbers.iter().find_map(|s| {
            [vowel, "e", ""]
                .iter()
                .find_map(|v| lookup(&format!("{stem}{v}{s}")))
        })
    })
}

/// Punctuation a Spanish word is split from besides ASCII's: "¡Pésimo!" and "¿Por qué?"
/// from their inverted marks.
pub(super) fn is_spanish_punct(c: char) -> bool {
    matches!(c, '¡' | '¿' | '«' | '»' | '“' | '”' | '…')
}

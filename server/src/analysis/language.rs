//! Which language a message is in, cheaply and with the reason.
//!
//! One pass over the characters settles most texts: Han characters mean Chinese (then
//! Simplified vs Traditional forms and Cantonese vs standard-written markers decide the
//! variety), kana Japanese, Hangul Korean. For Latin text the function words of the
//! appliance's own languages (English and Spanish) are counted; only when they do not settle
//! it does `whatlang` judge, among ~30 widely used languages. `whatlang` costs ~65k
//! instructions a tweet (its vendored copy, `vendor/README.md`; the published one ~350k),
//! several times the rest of the analysis together, so it is the fallback rather than the
//! first step.

mod chinese;
mod function_words;
mod words;

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;

use super::count_bytes;
use super::short_text::ShortText;
use chinese::{chinese, chinese_script};
pub(crate) use function_words::{FunctionWords, function_word_lists};
use words::{is_handle_or_link, letter_runs, plain_tokens};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    /// ISO 639-3: `eng`, `spa`, `cmn` (standard written Chinese), `yue` (Cantonese), or
    /// whatever `whatlang` detected; the sender's own tag when it gave one.
    /// Borrowed for the codes Earshot names itself (one allocation less per message).
    pub code: Cow<'static, str>,
    /// `Hans` or `Hant` for Chinese.
    pub script: Option<&'static str>,
    pub reason: Reason,
}

/// Why the language was chosen, as shown to the agent. The commonest reasons, a count of
/// function words or a sentiment word, are written out only when serialised: built as a
/// string, each cost an allocation or three and ~300 instructions for every message.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    Text(ShortText),
    /// "English function words (3 of 12 words)", and ", none of another language" when
    /// `alone`.
    FunctionWords {
        language: &'static str,
        count: usize,
        words: usize,
        alone: bool,
    },
    /// "English sentiment word 'great'".
    SentimentWord {
        language: &'static str,
        word: ShortText,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Text(text) => f.write_str(text),
            Reason::FunctionWords {
                language,
                count,
                words,
                alone,
            } => {
                write!(f, "{language} function words ({count} of {words} words)")?;
                if *alone {
                    f.write_str(", none of another language")?;
                }
                Ok(())
            }
            Reason::SentimentWord { language, word } => {
                write!(f, "{language} sentiment word '{word}'")
            }
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl From<String> for Reason {
    fn from(text: String) -> Reason {
        Reason::Text(text.into())
    }
}

impl From<&'static str> for Reason {
    fn from(text: &'static str) -> Reason {
        Reason::Text(ShortText::from_static(text))
    }
}

/// Below this many letters a Latin-script guess is a coin flip.
const MIN_LETTERS: usize = 12;
const MIN_CONFIDENCE: f64 = 0.3;
/// Plain-ASCII posts with no function word of any listed language reach whatlang only from
/// this many letters (outside @handles and links) on: below it, its guesses were reliable for
/// 1 of the 130 such tweets in the rated set, and each costs ~80 µs.
const WHATLANG_MIN_ASCII_LETTERS: usize = 60;

pub fn detect(text: &str, hint: Option<&str>) -> Option<Language> {
    detect_counted(text, hint, None)
}

/// The reason a language has when the channel named it (a stored analysis says so).
pub const GIVEN_BY_CHANNEL: &str = "given by the channel";

/// [`detect`] with the text's function words already counted (settled), when the English
/// scorer's tokenizer counted them on its way through a plain-ASCII post (`counted` is
/// `Some` only for plain-ASCII text).
pub(crate) fn detect_counted(
    text: &str,
    hint: Option<&str>,
    counted: Option<FunctionWords>,
) -> Option<Language> {
    if let Some(hint) = hint
        .map(str::trim)
        .filter(|h| !h.is_empty() && h.len() <= 16)
    {
        let code = hint.to_lowercase().into();
        let script = chinese_script(text).map(|forms| forms.script);
        return Some(Language {
            code,
            script,
            reason: GIVEN_BY_CHANNEL.into(),
        });
    }
    // `counted` comes with plain-ASCII text only. Plain ASCII (most posts) is Latin script:
    // its letters are counted only if the function words settle nothing.
    let ascii = counted.is_some() || text.is_ascii();
    let counts = (!ascii).then(|| ScriptCounts::of(text));
    if let Some(counts) = &counts {
        if counts.kana > 0 {
            return Some(known("jpn", None, "Japanese kana"));
        }
        if counts.hangul > counts.han {
            return Some(known("kor", None, "Hangul"));
        }
        // A Han character carries about a word; Chinese dominates when it outweighs Latin
        // words.
        if counts.han > 0 && counts.han * 4 >= counts.latin {
            return Some(chinese(text));
        }
    }
    let function_words = counted.unwrap_or_else(|| FunctionWords::count(text));
    if let Some(found) = function_words.verdict() {
        return Some(found);
    }
    let letters = match &counts {
        Some(counts) => counts.letters(),
        None => count_bytes(text.as_bytes(), |b| b.is_ascii_alphabetic()),
    };
    if letters < MIN_LETTERS {
        // Too short to tell, unless by a Spanish sentiment word ("Estafadores", "Pésimo"),
        // which VADER's lexicon would not score at all.
        let unmixed = function_words.en == 0 && function_words.other == 0;
        return unmixed.then(|| spanish_by_sentiment_word(text)).flatten();
    }
    // Short social posts without function words ("Cute pic. Congrats!") look like any
    // language to trigrams; English sentiment words settle those for English.
    let english_hint = english_sentiment_word(text).map(|word| Language {
        code: "eng".into(),
        script: None,
        reason: Reason::SentimentWord {
            language: "English",
            word,
        },
    });
    // Plain ASCII settled before whatlang, which costs more than the rest together: by an
    // English sentiment word when there are no Spanish, French, German, Italian, Portuguese
    // or Dutch function words, or when two or more English ones outnumber them (a stray "la"
    // or "de" in an English post; whatlang was never reliable on those in the rated tweets);
    // or by two or more English function words and no others. (whatlang took "I'm at
    // Phoenix Sky Harbor International Airport (PHX) (3400 E Sky Harbor Blvd, …" for Danish;
    // one function word is too little: "do" is Portuguese too. A tie is left to whatlang.)
    let plain_ascii = ascii || plain_tokens(text).all(str::is_ascii);
    let english_outnumbers =
        function_words.en >= 2 && function_words.en > function_words.es + function_words.other;
    if plain_ascii && english_outnumbers && english_hint.is_some() {
        return english_hint;
    }
    if plain_ascii && function_words.es == 0 && function_words.other == 0 {
        if english_hint.is_some() {
            return english_hint;
        }
        if function_words.en >= 2 {
            return Some(function_words.language("eng", true));
        }
    }
    // Spanish posts without function words or accents ("Pesimo servicio, llevo horas
    // esperando") are settled by their Spanish sentiment words when whatlang cannot; so are
    // those whose only function words are on both lists ("Excelente servicio, me colgaron
    // tres veces": "me").
    let spanish_hint = (function_words.en <= function_words.es && function_words.other == 0)
        .then(|| spanish_by_sentiment_word(text))
        .flatten();
    let worth_asking = !plain_ascii
        || function_words.es + function_words.other > 0
        || spanish_hint.is_some()
        || plain_tokens(text)
            .flat_map(str::bytes)
            .filter(u8::is_ascii_alphabetic)
            .count()
            >= WHATLANG_MIN_ASCII_LETTERS;
    let guess = worth_asking
        .then(|| {
            let words: Vec<&str> = plain_tokens(text).collect();
            detector().detect(&words.join(" "))
        })
        .flatten();
    // Reliable, or a plausible guess of a language Earshot has a lexicon for.
    if let Some(info) = &guess
        && (info.is_reliable()
            || (info.lang() == whatlang::Lang::Spa && info.confidence() >= MIN_CONFIDENCE))
    {
        return Some(whatlang_language(info));
    }
    // Two or more Spanish function words outnumbering the others, too few for the verdict:
    // Spanish (by its sentiment word if it has one), before an English sentiment word, which
    // Spanish often shares ("Nunca me contestan, servicio horrible, llevo tres semanas
    // esperando respuesta sobre el reembolso": "horrible" had made it English).
    if function_words.es >= 2 && function_words.es > function_words.en + function_words.other {
        return spanish_hint.or_else(|| Some(function_words.language("spa", false)));
    }
    // A sentiment word both lexicons score, among more Spanish function words than English
    // ones, is Spanish ("Genial, llevo dos horas en espera": VADER scores "genial" too).
    if let Some(Language {
        reason: Reason::SentimentWord { word, .. },
        ..
    }) = &english_hint
        && function_words.es > function_words.en
        && function_words.other == 0
        && super::multilingual::is_spanish_word(word)
    {
        return Some(Language {
            code: "spa".into(),
            script: None,
            reason: Reason::SentimentWord {
                language: "Spanish",
                word: word.clone(),
            },
        });
    }
    if english_hint.is_some() {
        return english_hint;
    }
    if spanish_hint.is_some() {
        return spanish_hint;
    }
    // A confidence floor keeps short but clear sentences while refusing coin flips.
    guess
        .filter(|info| info.confidence() >= MIN_CONFIDENCE)
        .map(|info| whatlang_language(&info))
}

fn whatlang_language(info: &whatlang::Info) -> Language {
    Language {
        code: info.lang().code().into(),
        script: None,
        reason: format!("whatlang (confidence {:.2})", info.confidence()).into(),
    }
}

/// The first word of three or more letters that VADER's English lexicon scores, other than
/// three-letter words common in other languages (German "die" and "war", Spanish "sin").
fn english_sentiment_word(text: &str) -> Option<ShortText> {
    const OTHER_LANGUAGES_TOO: &[&str] = &["die", "war", "mal", "sin"];
    let mut long = String::new();
    letter_runs(text)
        .filter(|w| w.len() >= 3 && w.is_ascii())
        .filter(|w| {
            !OTHER_LANGUAGES_TOO
                .iter()
                .any(|o| w.eq_ignore_ascii_case(o))
        })
        .find_map(|w| {
            // Lower-cased on the stack (the lexicon's longest word has 19 bytes).
            let mut buffer = [0u8; 32];
            let lower = match buffer.get_mut(..w.len()) {
                Some(lower) => {
                    lower.copy_from_slice(w.as_bytes());
                    lower.make_ascii_lowercase();
                    std::str::from_utf8(lower).unwrap_or_default()
                }
                None => {
                    long.clear();
                    long.push_str(w);
                    long.make_ascii_lowercase();
                    &long
                }
            };
            super::sentiment::is_english_word(lower).then(|| ShortText::from(lower))
        })
}

/// Spanish, by the first word of four or more letters that Earshot's Spanish lexicon scores
/// and VADER's English one does not ("pesimo", typed without its accent).
fn spanish_by_sentiment_word(text: &str) -> Option<Language> {
    let word = letter_runs(text)
        .filter(|w| w.chars().count() >= 4)
        .map(super::sentiment::lower)
        .find(|w| {
            super::multilingual::is_spanish_word(w) && !super::sentiment::is_english_word(w)
        })?;
    Some(Language {
        code: "spa".into(),
        script: None,
        reason: Reason::SentimentWord {
            language: "Spanish",
            word: word.into_owned().into(),
        },
    })
}

/// whatlang limited to widely used languages, which these 29 are for the customers a brand
/// on one small VM is likely to have. (Limited first for speed; the list also decides which
/// languages a post can be given, so it stays.)
fn detector() -> &'static whatlang::Detector {
    use whatlang::Lang::*;
    static DETECTOR: OnceLock<whatlang::Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![
            Eng, Spa, Por, Fra, Deu, Ita, Nld, Cmn, Jpn, Kor, Rus, Ukr, Ara, Heb, Tur, Pol, Ind,
            Vie, Tha, Hin, Swe, Dan, Nob, Fin, Ell, Ces, Ron, Hun, Cat,
        ])
    })
}

fn known(code: &'static str, script: Option<&'static str>, reason: &'static str) -> Language {
    Language {
        code: code.into(),
        script,
        reason: reason.into(),
    }
}

#[derive(Default)]
struct ScriptCounts {
    han: usize,
    kana: usize,
    hangul: usize,
    latin: usize,
    other: usize,
}

impl ScriptCounts {
    /// The counts of text with characters past ASCII (the caller counts ASCII letters).
    fn of(text: &str) -> Self {
        let mut c = ScriptCounts::default();
        for ch in text.chars() {
            match ch as u32 {
                0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => c.latin += 1,
                0x3040..=0x30FF => c.kana += 1,
                0xAC00..=0xD7AF | 0x1100..=0x11FF => c.hangul += 1,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
                    c.han += 1
                }
                _ if ch.is_alphabetic() => c.other += 1,
                _ => {}
            }
        }
        c
    }

    fn letters(&self) -> usize {
        self.han + self.kana + self.hangul + self.latin + self.other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<String> {
        detect(text, None).map(|l| l.code.into_owned())
    }

    /// The vendored whatlang sums its trigram distances from an index of the profiles
    /// (vendor/README.md): on every rated tweet, the labelled set and texts in each of the
    /// scripts its trigrams judge, every profile's distance is the original loop's.
    #[test]
    fn vendored_whatlang_distances_are_the_original_ones() {
        let mut texts = crate::analysis::sentiment::tests::rated_and_labelled_texts();
        texts.extend(
            [
                "",
                "a",
                "Мой рейс отменили, и никто не отвечает на звонки",
                "تم إلغاء رحلتي ولا أحد يرد على الهاتف",
                "मेरी उड़ान रद्द कर दी गई और कोई फोन नहीं उठाता",
                "הטיסה שלי בוטלה ואף אחד לא עונה לטלפון",
                "Mijn vlucht is geannuleerd en niemand neemt de telefoon op",
            ]
            .map(str::to_string),
        );
        texts.push("the the the and a b c ".repeat(300));
        for text in &texts {
            for (script, (by_index, original)) in
                whatlang::distances_both_ways(text).into_iter().enumerate()
            {
                assert_eq!(by_index, original, "script {script}: {text:?}");
            }
        }
    }

    #[test]
    fn common_languages_and_quiet_on_short_text() {
        assert_eq!(
            code("My flight was cancelled and nobody answers the phone").as_deref(),
            Some("eng")
        );
        assert_eq!(
            code("Mi vuelo fue cancelado y nadie contesta el teléfono").as_deref(),
            Some("spa")
        );
        assert_eq!(
            code("Meine Bestellung ist immer noch nicht angekommen, bitte helfen Sie mir")
                .as_deref(),
            Some("deu")
        );
        assert_eq!(code("ok"), None);
        // A short post with no function words: English sentiment words settle it.
        assert_eq!(
            code("@anonymous Cute pic. Congrats!").as_deref(),
            Some("eng")
        );
        // German words never settle a post as English ("die" is an English sentiment word).
        assert_ne!(code("Die Lieferung kommt nie an").as_deref(), Some("eng"));
        // Spanish typed without accents or function words is still asked about.
        assert_eq!(
            code("Pesimo servicio, llevo horas esperando").as_deref(),
            Some("spa")
        );
        // German function words send a post to whatlang rather than the English shortcut.
        assert_eq!(
            code("Danke, der Service ist wirklich super und die Lieferung war sehr schnell")
                .as_deref(),
            Some("deu")
        );
        assert_eq!(detect("hola", Some("ES")).unwrap().code, "es");
    }

    #[test]
    fn long_ascii_posts_with_english_function_words_only_are_english() {
        let text = "I'm at Phoenix Sky Harbor International Airport (PHX) (3400 E Sky Harbor \
                    Blvd, btwn S 24th & S 44th St, Phoenix) http://url_removed";
        let found = detect(text, None).unwrap();
        assert_eq!(found.code, "eng", "{found:?}");
        assert!(
            found
                .reason
                .to_string()
                .contains("none of another language"),
            "{found:?}"
        );
        // One English function word is too little: "do" is Portuguese too.
        assert_ne!(
            code("Eu gosto do produto, chegou rapido e bem embalado, recomendo a todos").as_deref(),
            Some("eng")
        );
    }

    #[test]
    fn a_word_on_both_lists_follows_the_other_function_words() {
        // "me" is English and Spanish: with "is" it is English, settled without whatlang.
        let sunburn = detect("Sunburn is killing me!", None).unwrap();
        assert_eq!(sunburn.code, "eng");
        assert!(
            sunburn
                .reason
                .to_string()
                .starts_with("English function words"),
            "{sunburn:?}"
        );
        // With "la" it is Spanish; whatlang had guessed Portuguese for this one.
        assert_eq!(
            code("No puedo entrar a la banca online, me dice usuario bloqueado. Tercera vez")
                .as_deref(),
            Some("spa")
        );
    }

    #[test]
    fn a_stray_function_word_of_another_language_leaves_english_to_its_sentiment_word() {
        // Two English function words ("with", "the") to one Spanish ("la"): settled by the
        // sentiment word.
        let found = detect("Viva la lunch bunch! Always fun with the bunch", None).unwrap();
        assert_eq!(found.code, "eng", "{found:?}");
        assert_eq!(found.reason.to_string(), "English sentiment word 'fun'");
        // More Spanish ones ("la", "otra", "nadie", "nunca"): Spanish, not the English
        // "worst".
        for text in [
            "Perdieron la maleta otra vez, nadie contesta nunca, pesimo servicio, the worst",
            "Perdieron la maleta otra vez y nadie contesta, the worst",
        ] {
            let lost = detect(text, None).unwrap();
            assert_eq!(lost.code, "spa", "{text}");
            assert!(
                lost.reason
                    .to_string()
                    .starts_with("Spanish function words"),
                "{lost:?}"
            );
        }
    }

    #[test]
    fn spanish_function_words_outweigh_a_sentiment_word_spanish_shares_with_english() {
        let text = "Nunca me contestan, servicio horrible, llevo tres semanas esperando \
                    respuesta sobre el reembolso";
        let found = detect(text, None).unwrap();
        assert_eq!(found.code, "spa", "{found:?}");
        assert_eq!(
            found.reason.to_string(),
            "Spanish function words (4 of 13 words)"
        );
        // A text too short to tell is Spanish by a Spanish sentiment word; English words
        // are left to the English scorer.
        for short in ["Estafadores", "Pésimo!!"] {
            let found = detect(short, None).unwrap();
            assert_eq!(found.code, "spa", "{short}: {found:?}");
        }
        assert_eq!(detect("Awful!", None), None);
        // Everyday words of complaints count: "la", "ayer" ("no" is on neither list).
        let found = detect("La app no funciona desde ayer", None).unwrap();
        assert_eq!(found.code, "spa", "{found:?}");
        // One Spanish function word is enough against a sentiment word both lexicons score,
        // and a word on both lists ("me") does not keep a Spanish sentiment word from
        // settling it.
        for (text, reason) in [
            (
                "Genial, dos horas en espera",
                "Spanish sentiment word 'genial'",
            ),
            (
                "Genial, llevo dos horas en espera",
                "Spanish function words (2 of 6 words)",
            ),
            (
                "Excelente servicio, me colgaron tres veces",
                "Spanish sentiment word 'excelente'",
            ),
            (
                "Me colgaron dos veces. DOS VECES.",
                "Spanish sentiment word 'colgaron'",
            ),
        ] {
            let found = detect(text, None).unwrap();
            assert_eq!(
                (&*found.code, found.reason.to_string().as_str()),
                ("spa", reason)
            );
        }
        // English stays English: "great" is no Spanish word, "love" has English company.
        assert_eq!(
            detect("Great, two hours en route", None).unwrap().code,
            "eng"
        );
    }

    #[test]
    fn chinese_script_and_cantonese() {
        let hans = detect("我的航班被取消了，没有人接电话", None).unwrap();
        assert_eq!((&*hans.code, hans.script), ("cmn", Some("Hans")));
        let hant = detect("我的航班被取消了，沒有人接電話", None).unwrap();
        assert_eq!((&*hant.code, hant.script), ("cmn", Some("Hant")));
        let yue = detect("點解我嘅行李仲未到？等咗成個鐘都冇人理", None).unwrap();
        assert_eq!(yue.code, "yue");
        assert!(yue.reason.to_string().contains("嘅"), "{}", yue.reason);
        assert_eq!(yue.script, Some("Hant"));
        // Short requests: 幫/帮 and 該/该 tell the script.
        let script = |text: &str| detect(text, None).unwrap().script;
        assert_eq!(script("唔該幫我查下我嘅退款"), Some("Hant"));
        assert_eq!(script("请帮我查一下退款"), Some("Hans"));
        // Code-switching: a few English words do not hide the Cantonese.
        assert_eq!(code("呢個 app 成日 crash，搞咩呀").as_deref(), Some("yue"));
        // 呢 before a classifier is the Cantonese "this"; alone it can be Mandarin's particle.
        assert_eq!(code("呢間公司真係差到極").as_deref(), Some("yue"));
        assert_eq!(code("我的退款呢？").as_deref(), Some("cmn"));
        assert_eq!(code("こんにちは、荷物が届きません").as_deref(), Some("jpn"));
    }
}

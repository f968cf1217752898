//! Which language a message is in, cheaply and with the reason.
//!
//! One pass over the characters settles most texts: Han characters mean Chinese (then
//! Simplified vs Traditional forms and Cantonese vs standard-written markers decide the
//! variety), kana Japanese, Hangul Korean. For Latin text the function words of the
//! appliance's own languages (English and Spanish) are counted; only when they do not settle
//! it does `whatlang` judge, among ~30 widely used languages. `whatlang` costs ~80 µs per tweet
//! with all 69 of its languages, more than the rest of the analysis together, so it is the
//! fallback rather than the first step.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    /// ISO 639-3: `eng`, `spa`, `cmn` (standard written Chinese), `yue` (Cantonese), or
    /// whatever `whatlang` detected; the sender's own tag when it gave one.
    pub code: String,
    /// `Hans` or `Hant` for Chinese.
    pub script: Option<&'static str>,
    pub reason: String,
}

/// Below this many letters a Latin-script guess is a coin flip.
const MIN_LETTERS: usize = 12;
const MIN_CONFIDENCE: f64 = 0.3;
/// Plain-ASCII posts with no function word of any listed language reach whatlang only from
/// this many letters (outside @handles and links) on: below it, its guesses were reliable for
/// 1 of the 130 such tweets in the rated set, and each costs ~80 µs.
const WHATLANG_MIN_ASCII_LETTERS: usize = 60;

pub fn detect(text: &str, hint: Option<&str>) -> Option<Language> {
    if let Some(hint) = hint
        .map(str::trim)
        .filter(|h| !h.is_empty() && h.len() <= 16)
    {
        let code = hint.to_lowercase();
        let script = chinese_script(text).map(|(s, _)| s);
        return Some(Language {
            code,
            script,
            reason: "given by the channel".into(),
        });
    }
    let counts = ScriptCounts::of(text);
    if counts.kana > 0 {
        return Some(known("jpn", None, "Japanese kana"));
    }
    if counts.hangul > counts.han {
        return Some(known("kor", None, "Hangul"));
    }
    // A Han character carries about a word; Chinese dominates when it outweighs Latin words.
    if counts.han > 0 && counts.han * 4 >= counts.latin {
        return Some(chinese(text));
    }
    let function_words = FunctionWords::count(text);
    if let Some(found) = function_words.verdict() {
        return Some(found);
    }
    if counts.letters() < MIN_LETTERS {
        return None;
    }
    // Short social posts without function words ("Cute pic. Congrats!") look like any
    // language to trigrams; English sentiment words settle those for English.
    let english_hint = english_sentiment_word(text).map(|word| Language {
        code: "eng".into(),
        script: None,
        reason: format!("English sentiment word '{word}'"),
    });
    // Plain ASCII with no Spanish, French, German, Italian, Portuguese or Dutch function
    // words: settled before whatlang, which at ~85 µs costs more than the rest together.
    let plain_ascii = text.is_ascii() || plain_tokens(text).all(str::is_ascii);
    if plain_ascii && function_words.es == 0 && function_words.other == 0 && english_hint.is_some()
    {
        return english_hint;
    }
    // Spanish posts without function words or accents ("Pesimo servicio, llevo horas
    // esperando") are settled by their Spanish sentiment words when whatlang cannot.
    let spanish_hint = (function_words.en == 0 && function_words.other == 0)
        .then(|| spanish_sentiment_word(text))
        .flatten()
        .map(|word| Language {
            code: "spa".into(),
            script: None,
            reason: format!("Spanish sentiment word '{word}'"),
        });
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
        code: info.lang().code().to_string(),
        script: None,
        reason: format!("whatlang (confidence {:.2})", info.confidence()),
    }
}

/// The runs of letters in a post's words (@handles and links left out).
fn letter_runs(text: &str) -> impl Iterator<Item = &str> {
    plain_tokens(text).flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
}

/// The whitespace-separated tokens of a post without @handles and links: they are not
/// written in any language and only confuse function-word counts and trigrams.
fn plain_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .filter(|w| !w.starts_with('@') && !w.starts_with("http://") && !w.starts_with("https://"))
}

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

/// The first word of three or more letters that VADER's English lexicon scores, other than
/// three-letter words common in other languages (German "die" and "war", Spanish "sin").
fn english_sentiment_word(text: &str) -> Option<String> {
    const OTHER_LANGUAGES_TOO: &[&str] = &["die", "war", "mal", "sin"];
    let mut lower = String::new();
    letter_runs(text)
        .filter(|w| w.len() >= 3 && w.is_ascii())
        .filter(|w| {
            !OTHER_LANGUAGES_TOO
                .iter()
                .any(|o| w.eq_ignore_ascii_case(o))
        })
        .find(|w| {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            super::sentiment::is_english_word(&lower)
        })
        .map(str::to_ascii_lowercase)
}

/// The first word of four or more letters that Earshot's Spanish lexicon scores and VADER's
/// English one does not ("pesimo", typed without its accent).
fn spanish_sentiment_word(text: &str) -> Option<String> {
    letter_runs(text)
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .find(|w| super::multilingual::is_spanish_word(w) && !super::sentiment::is_english_word(w))
}

/// whatlang limited to widely used languages: scoring all 69 trigram models costs ~80 µs a
/// message; these 29 cover the customers a brand on one small VM is likely to have.
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

fn known(code: &str, script: Option<&'static str>, reason: &str) -> Language {
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
    fn of(text: &str) -> Self {
        let mut c = ScriptCounts::default();
        if text.is_ascii() {
            c.latin = text.bytes().filter(u8::is_ascii_alphabetic).count();
            return c;
        }
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

/// Written Cantonese: characters and words standard written Chinese does not use
/// (after CanCLID/cantonesedetect, MIT).
const CANTONESE_MARKERS: &[&str] = &[
    "嘅",
    "咗",
    "唔",
    "佢",
    "喺",
    "冇",
    "啲",
    "嚟",
    "睇",
    "乜",
    "嘢",
    "咁",
    "咩",
    "哋",
    "嗰",
    "嘥",
    "攞",
    "搵",
    "揾",
    "啱",
    "俾",
    "畀",
    "諗",
    "谂",
    "嬲",
    "瞓",
    "攰",
    "喇",
    "嘞",
    "囉",
    "噉",
    "點解",
    "而家",
    "邊度",
    "幾時",
    "乜嘢",
    "咁樣",
    "係咪",
    "唔該",
    "多謝晒",
    "好彩",
];

/// Standard written Chinese function words that Cantonese writes differently.
const STANDARD_MARKERS: &[&str] = &[
    "的",
    "是",
    "了",
    "沒",
    "没",
    "那",
    "他",
    "她",
    "们",
    "們",
    "这",
    "這",
    "什么",
    "什麼",
    "怎么",
    "怎麼",
    "不是",
    "为什么",
    "為什麼",
    "现在",
    "現在",
    "哪里",
    "哪裡",
];

fn chinese(text: &str) -> Language {
    let cantonese: Vec<&str> = CANTONESE_MARKERS
        .iter()
        .copied()
        .filter(|m| text.contains(m))
        .collect();
    let standard = STANDARD_MARKERS
        .iter()
        .filter(|m| text.contains(*m))
        .count();
    let script = chinese_script(text);
    let script_reason = script
        .as_ref()
        .map(|(_, why)| format!("; {why}"))
        .unwrap_or_default();
    let script = script.map(|(s, _)| s);
    // Cantonese posts borrow standard forms too; markers only need to hold their own.
    if !cantonese.is_empty() && cantonese.len() * 2 >= standard {
        let shown: Vec<&str> = cantonese.into_iter().take(4).collect();
        return Language {
            code: "yue".into(),
            script,
            reason: format!("Cantonese markers {}{script_reason}", shown.join(" ")),
        };
    }
    Language {
        code: "cmn".into(),
        script,
        reason: format!("Han characters{script_reason}"),
    }
}

/// Simplified / Traditional pairs of very common characters; a text's forms tell its script.
const SIMPLIFIED: &str = "这们说时会来对发过还么国个为学后开关问题动样务现点经给让从长见东车书买卖钱银飞机场订单号码电话网络线费账户务员态价汇认证应实验邮箱额卡传递运输货丢坏烂满谢简复处理没吗听觉决难系统数连续产质体无读写钟级谁岁亲爱边门医药伤险灯坛";
const TRADITIONAL: &str = "這們說時會來對發過還麼國個為學後開關問題動樣務現點經給讓從長見東車書買賣錢銀飛機場訂單號碼電話網絡線費賬戶務員態價匯認證應實驗郵箱額卡傳遞運輸貨丟壞爛滿謝簡複處理沒嗎聽覺決難係統數連續產質體無讀寫鐘級誰歲親愛邊門醫藥傷險燈壇";

fn chinese_script(text: &str) -> Option<(&'static str, String)> {
    let (mut simplified, mut traditional) = (0usize, 0usize);
    // Only Han characters can be in the lists (each lookup scans ~100 characters).
    for c in text.chars().filter(|c| crate::inbox::search::is_cjk(*c)) {
        let s = SIMPLIFIED.contains(c);
        let t = TRADITIONAL.contains(c);
        // Characters shared by both lists (e.g. 卡, 理) say nothing.
        if s && !t {
            simplified += 1;
        } else if t && !s {
            traditional += 1;
        }
    }
    match simplified.cmp(&traditional) {
        std::cmp::Ordering::Greater => Some((
            "Hans",
            format!("{simplified} Simplified vs {traditional} Traditional forms"),
        )),
        std::cmp::Ordering::Less => Some((
            "Hant",
            format!("{traditional} Traditional vs {simplified} Simplified forms"),
        )),
        std::cmp::Ordering::Equal => None,
    }
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
struct FunctionWords {
    en: usize,
    es: usize,
    other: usize,
    words: usize,
}

impl FunctionWords {
    fn count(text: &str) -> FunctionWords {
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
            .filter(|t| {
                !t.starts_with(b"@") && !t.starts_with(b"http://") && !t.starts_with(b"https://")
            });
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
    fn verdict(&self) -> Option<Language> {
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

    fn code(text: &str) -> Option<String> {
        detect(text, None).map(|l| l.code)
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

    #[test]
    fn chinese_script_and_cantonese() {
        let hans = detect("我的航班被取消了，没有人接电话", None).unwrap();
        assert_eq!((hans.code.as_str(), hans.script), ("cmn", Some("Hans")));
        let hant = detect("我的航班被取消了，沒有人接電話", None).unwrap();
        assert_eq!((hant.code.as_str(), hant.script), ("cmn", Some("Hant")));
        let yue = detect("點解我嘅行李仲未到？等咗成個鐘都冇人理", None).unwrap();
        assert_eq!(yue.code, "yue");
        assert!(yue.reason.contains("嘅"), "{}", yue.reason);
        assert_eq!(yue.script, Some("Hant"));
        // Code-switching: a few English words do not hide the Cantonese.
        assert_eq!(code("呢個 app 成日 crash，搞咩呀").as_deref(), Some("yue"));
        assert_eq!(code("こんにちは、荷物が届きません").as_deref(), Some("jpn"));
    }
}

//! Text analysis for conversations: the judgements an agent acts on, computed locally and
//! fast, each with the reasons behind it.
//!
//! - [`language`]: the language (and Chinese script, Cantonese vs standard written Chinese);
//! - [`sentiment`] (English, a VADER port with Earshot's social rules) and [`multilingual`]
//!   (Spanish and Chinese): a compound score in [−1, 1], a label and the words behind it;
//! - [`topics`]: intents such as refund or outage, from rules editable in Settings;
//! - [`pii`]: card numbers, passwords, codes, account and booking numbers, phones, e-mails;
//! - [`spam`]: explainable spam and noise rules with reason codes;
//! - [`priority`]: an additive, capped score with every term shown.
//!
//! [`analyze`] runs them all; the ingest pipeline and `earshot analyze` both call it.

pub mod command;
#[cfg(test)]
mod evaluation;
pub mod handlers;
mod keyword_scan;
pub mod language;
pub mod multilingual;
pub mod pii;
pub mod priority;
pub mod sentiment;
pub mod settings;
pub mod short_text;
pub mod spam;
pub mod topics;

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Serialize;

pub use language::Language;
pub use pii::PiiFinding;
pub use priority::PriorityScore;
pub use spam::{AuthorSignals, SpamVerdict};
pub use topics::{TopicHit, TopicRules};

/// One message to analyse, with what the channel knows about it.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    pub text: &'a str,
    pub language_hint: Option<&'a str>,
    /// A public post or comment (PII in it is exposed to everyone).
    pub public: bool,
    /// Written to the brand: a DM, or a public post that addresses it.
    pub direct: bool,
    pub vip: bool,
    pub author: AuthorSignals,
    /// Likes + 2 × shares + 2 × replies, as the platform reports them.
    pub engagement: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentimentResult {
    pub score: f64,
    /// `negative`, `neutral` or `positive`.
    pub label: &'static str,
    /// Which lexicon scored it: `en`, `es` or `zh`.
    pub lexicon: &'static str,
    pub reasons: Vec<sentiment::Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub language: Option<Language>,
    /// None for languages Earshot has no lexicon for (rather than a false "neutral").
    pub sentiment: Option<SentimentResult>,
    pub topics: Vec<TopicHit>,
    pub pii: Vec<PiiFinding>,
    pub spam: SpamVerdict,
    pub priority: PriorityScore,
}

pub fn analyze(input: &Input, rules: &TopicRules) -> Analysis {
    run(input, rules, None)
}

/// Builds what the analysis loads on first use (lexicons, automata, regexes, the trigram
/// detector: ~30 ms) by analysing texts in each language and with each kind of finding, so
/// a measurement of the per-message rate does not count it. (The server leaves it to the
/// first message: an idle appliance does not hold what it has not needed.)
pub fn warm_up(rules: &TopicRules) {
    const TEXTS: &[&str] = &[
        "My card 4111 1111 1111 1111, password is hunter22, code 123456, booking ABC123, \
         account 12345678: jo@example.com, +1 415 555 0100. Can you help? Delayed again!! :( 😡",
        "Pésimo servicio, ¿me pueden ayudar? Sigo esperando el reembolso",
        "Pesimo servicio llevo horas esperando",
        "我的航班又延误了，怎么回事？",
        "佢哋仲未退款，點解？",
        "Cute pic. Congrats everybody!",
        "Das Paket ist immer noch nicht angekommen, sehr enttäuschend",
    ];
    for text in TEXTS {
        analyze(
            &Input {
                text,
                public: true,
                ..Input::default()
            },
            rules,
        );
    }
}

/// [`analyze`] for a message in the live stream: `recent` remembers the last texts and their
/// authors, so the same text from several authors is found (`author` identifies this one).
pub fn analyze_in_stream(
    input: &Input,
    rules: &TopicRules,
    recent: &mut spam::Fingerprints,
    author: &str,
) -> Analysis {
    run(input, rules, Some((recent, author)))
}

fn run(
    input: &Input,
    rules: &TopicRules,
    recent: Option<(&mut spam::Fingerprints, &str)>,
) -> Analysis {
    let text = input.text;
    // Most posts are plain ASCII: split into the English scorer's tokens once, counting the
    // function words language detection needs on the way.
    let (tokenized, counted) = match input.language_hint {
        None => sentiment::tokenize_plain_ascii(text).unzip(),
        Some(_) => (None, None),
    };
    let language = language::detect_counted(text, input.language_hint, counted);
    let scored = score_sentiment(text, language.as_ref(), tokenized.as_ref());
    let code = language.as_ref().map(|l| &*l.code);
    // Topic keywords, scam phrases, PII keywords, help words, links, '#' and '@' in one pass
    // (plain ASCII text only: so is the tokenized text).
    let scanned = rules.scan(text, tokenized.is_some());
    let mut topics = rules.find_with(text, code, scanned.as_ref());
    // Thanks in a negative message, or sarcastic by its words ("thanks for nothing"), is not
    // gratitude.
    let thanks = |t: &TopicHit| t.topic == topics::GRATITUDE_TOPIC;
    if topics.iter().any(thanks)
        && (scored
            .as_ref()
            .is_some_and(|(_, s)| s.label == sentiment::Label::Negative)
            || is_sarcastic_thanks(text))
    {
        topics.retain(|t| !thanks(t));
    }
    let sentiment = scored.map(|(lexicon, s)| {
        let s = complaint_cue(s, &topics, text);
        SentimentResult {
            score: s.compound,
            label: s.label.as_str(),
            lexicon,
            reasons: s.reasons,
        }
    });
    let pii = pii::find_with(text, scanned.as_ref());
    let scam_phrase = match &scanned {
        Some(scanned) => scanned.scam,
        None => spam::scam_phrase(text),
    };
    let mut spam = spam::judge_with(text, &input.author, scam_phrase, scanned.as_ref());
    if let Some((recent, author)) = recent {
        recent.check(text, author, &mut spam);
    }
    let public_pii = (input.public)
        .then(|| pii.first().map(|f| f.kind.label()))
        .flatten();
    let priority = priority::score(&priority::Signals {
        compound: sentiment.as_ref().map(|s| s.score),
        urgent_topics: topics
            .iter()
            .filter(|t| t.urgent)
            .map(|t| t.topic.as_str())
            .collect(),
        direct: input.direct,
        vip: input.vip,
        followers: input.author.followers,
        engagement: input.engagement,
        asks_for_help: asks_for_help(text, tokenized.as_ref(), scanned.as_ref()),
        public_pii,
        spam: spam.is_spam,
    });
    Analysis {
        language,
        sentiment,
        topics,
        pii,
        spam,
        priority,
    }
}

/// The lexicon for the language (`en`, `es`, `zh`) and its score. `tokenized`: the text
/// already split for the English scorer.
fn score_sentiment(
    text: &str,
    language: Option<&Language>,
    tokenized: Option<&sentiment::Tokenized>,
) -> Option<(&'static str, sentiment::Sentiment)> {
    let english = || match tokenized {
        Some(tokenized) => sentiment::analyze_tokenized(tokenized),
        None => sentiment::analyze(text),
    };
    let code = language.map(|l| &*l.code);
    let scored = match code {
        Some(c) if c == "eng" || c == "en" || c.starts_with("en-") => ("en", english()),
        Some(c) if c == "spa" || c == "es" || c.starts_with("es-") => {
            ("es", multilingual::spanish(text))
        }
        Some(c) if matches!(c, "cmn" | "yue" | "zho" | "zh") || c.starts_with("zh-") => {
            ("zh", multilingual::chinese(text))
        }
        Some(_) => return None,
        // Unknown language: short Latin text or emoji only ("ok 👍", "thx!!") reads as English.
        None if !text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
            || text.chars().any(|c| c as u32 >= 0x1F300) =>
        {
            ("en", english())
        }
        None => return None,
    };
    Some(scored)
}

const HELP_WORDS: &[&str] = &[
    "help",
    "how do i",
    "how can i",
    "can you",
    "could you",
    "please",
    "ayuda",
    "ayúdenme",
    "cómo",
    "como puedo",
    "por favor",
    "pueden",
    "帮",
    "幫",
    "请问",
    "請問",
    "怎么",
    "怎麼",
    "點樣",
    "点样",
    "可唔可以",
    "可以帮",
    "可以幫",
];

/// With the question marks the tokenizer counted and the help words the keyword scan found,
/// when they ran (on plain-ASCII text only).
fn asks_for_help(
    text: &str,
    tokenized: Option<&sentiment::Tokenized>,
    scanned: Option<&keyword_scan::KeywordHits>,
) -> bool {
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    // '?' is looked for on bytes first: the character-set search decodes every character.
    // A scanned text is plain ASCII: it has neither '？' nor '¿'.
    let question = match tokenized {
        Some(tokenized) => tokenized.marks.questions > 0,
        None => {
            has_byte(text.as_bytes(), b'?')
                || (scanned.is_none() && !text.is_ascii() && text.contains(['？', '¿']))
        }
    };
    question
        && scanned.map_or_else(
            || phrases(&WORDS, HELP_WORDS).is_match(&text.to_lowercase()),
            |s| s.help,
        )
}

/// One automaton for a list of lower-case phrases (a pass over the text instead of one
/// substring search per phrase).
fn phrases(cell: &'static OnceLock<AhoCorasick>, list: &[&str]) -> &'static AhoCorasick {
    cell.get_or_init(|| AhoCorasick::new(list).expect("phrase lists compile"))
}

/// Thanks that means the opposite ("thanks for nothing", "gracias por nada"), whatever the
/// rest of the message scores: the sentiment scorers' own rule, on the text's words lower-cased
/// and stripped of punctuation. (Asked only of a message with the thanks topic.)
fn is_sarcastic_thanks(text: &str) -> bool {
    // Most thanks are for something else: a word the rule needs is looked for first (the
    // words below cost an allocation each, ~3% of the stage over all messages).
    let bytes = text.as_bytes();
    let has =
        |word: &str| (bytes.windows(word.len())).any(|w| w.eq_ignore_ascii_case(word.as_bytes()));
    if !sentiment::THANKS_FOR_NOTHING.iter().any(|w| has(w)) {
        return false;
    }
    let raw: Vec<&str> = text.split_whitespace().collect();
    let words: Vec<String> = (raw.iter())
        .map(|w| {
            w.trim_matches(|c: char| c.is_ascii_punctuation() || matches!(c, '¡' | '¿'))
                .to_lowercase()
        })
        .collect();
    let word = |j: usize| words.get(j).map(String::as_str);
    let ends_clause = |j: usize| raw.get(j).is_some_and(|w| sentiment::ends_clause(w));
    (0..words.len()).any(|at| sentiment::is_thanks_for_nothing(word, ends_clause, at))
}

/// Topics that are problems by nature (not praise or thanks).
fn is_problem_topic(topic: &str) -> bool {
    topic != "praise" && topic != topics::GRATITUDE_TOPIC
}

/// A negation that stands before a noun or for one ("no", "nothing", "ningún"), not a verb's.
fn is_noun_negator(word: &str) -> bool {
    const NOUN_NEGATORS: &[&str] = &[
        "no", "nothing", "nobody", "none", "neither", "nor", "nowhere", "ningún", "ninguna",
        "ninguno", "nada", "nadie",
    ];
    NOUN_NEGATORS.iter().any(|n| n.eq_ignore_ascii_case(word))
}

/// Words that turn a problem topic into a complaint: negation, persistence, repetition.
const COMPLAINT_MARKERS: &[&str] = &[
    " not ",
    "n't",
    " no ",
    "never",
    "nobody",
    "no one",
    "still",
    "again",
    " yet",
    "without",
    "nothing",
    "twice",
    " hours",
    " weeks",
    " days",
    "why ",
    "where is",
    "nunca",
    "nadie",
    "todavía",
    "todavia",
    "aún",
    "sigo",
    "otra vez",
    "de nuevo",
    " sin ",
    "nada",
    "dos veces",
    "por qué",
    "por que",
    "dónde está",
    "又",
    "还没",
    "還沒",
    "仲未",
    "没",
    "沒",
    "冇",
    "唔",
    "不",
    "到底",
    "怎么回事",
    "怎麼回事",
    "點解",
    "为什么",
    "為什麼",
    "两次",
    "兩次",
    "根本",
    "幾時",
    // The Chinese passive mostly reports a misfortune (被扣, 被盗, 被刷); 明明 "clearly (yet)";
    // 差点 "nearly".
    "被",
    "明明",
    "差点",
    "差點",
    "差啲",
];

/// `char::is_whitespace` for an ASCII byte: `\t`…`\r` and space. (`u8::is_ascii_whitespace`
/// leaves out `\x0b`, which `str::split_whitespace` splits on.)
pub(crate) const fn is_whitespace_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Whether `bytes` holds `byte`. Posts are short: a branch-free pass the compiler turns into
/// vector compares costs a few dozen instructions, where `memchr` (`contains`, `find`)
/// spent ~350 a call on its setup.
pub(crate) fn has_byte(bytes: &[u8], byte: u8) -> bool {
    bytes.iter().fold(false, |found, &b| found | (b == byte))
}

/// `f64::round` (half away from zero), the same for every input. The baseline x86-64 target
/// has no rounding instruction, so `f64::round` is a library call of ~30 instructions, made
/// several times a message (every score and priority term is rounded); below 2^52 a
/// truncating conversion and two comparisons do it inline.
#[inline]
pub(crate) fn round(x: f64) -> f64 {
    // 2^52: from there on every float is an integer. (NaN and the infinities go there too.)
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x.round();
    }
    let whole = (x as i64) as f64;
    // Exact: the fraction of `x`.
    let fraction = x - whole;
    let rounded = if fraction >= 0.5 {
        whole + 1.0
    } else if fraction <= -0.5 {
        whole - 1.0
    } else {
        whole
    };
    // A rounded number has its input's sign, zero included (-0.3 rounds to -0.0).
    rounded.copysign(x)
}

/// How many bytes of `bytes` satisfy `matches`, counted in blocks with one-byte counters
/// so the compiler adds sixteen at a time (a `usize` counter per byte is not vectorised).
pub(crate) fn count_bytes(bytes: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    (bytes.chunks(255))
        .map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(matches(b)))))
        .sum()
}

/// Customers often state a problem without a single sentiment word ("Bag didn't arrive.
/// Again."). A problem topic together with a complaint marker adds −2 to the raw valence,
/// shown as its own reason, unless the text already reads negative.
fn complaint_cue(s: sentiment::Sentiment, topics: &[TopicHit], text: &str) -> sentiment::Sentiment {
    if s.label == sentiment::Label::Negative {
        return s;
    }
    let Some(topic) = topics.iter().find(|t| is_problem_topic(&t.topic)) else {
        return s;
    };
    // The problem itself negated by a verb's negation ("the flight was not delayed",
    // 终于不会一直闪退 "no longer crashes all the time") is no complaint, though its negator is
    // a marker. "No more stolen elections" still is: "no" before a noun asks for an end to it.
    let problem_negated = s.reasons.iter().any(|r| {
        r.valence > 0.0
            && r.token.eq_ignore_ascii_case(&topic.matched)
            && (r.note.as_deref())
                .and_then(|n| n.split("negated by '").nth(1))
                .and_then(|n| n.split('\'').next())
                .is_some_and(|negator| !is_noun_negator(negator))
    });
    if problem_negated {
        return s;
    }
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    let padded = format!(" {} ", text.to_lowercase());
    let markers = phrases(&MARKERS, COMPLAINT_MARKERS);
    // The first marker in list order, as shown in the reason.
    let Some(marker) = (markers.find_overlapping_iter(&padded))
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| COMPLAINT_MARKERS[i])
    else {
        return s;
    };
    s.plus(sentiment::Reason {
        token: topic.matched.as_str().into(),
        valence: -2.0,
        note: Some(format!("complaint: {} with '{}'", topic.topic, marker.trim()).into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_is_f64_round() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            -4_503_599_627_370_497.0,
            9.2e18,
            1e300,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Every multiple of 1/2000 from -1000 to 1000 (each tie among them), and the values
        // the scores round: hundredths and ten-thousandths scaled back up.
        values.extend((-2_000_000..=2_000_000).map(|i| f64::from(i) / 2000.0));
        values.extend((-20_000..=20_000).map(|k| f64::from(k) / 100.0 * 100.0));
        values.extend((-20_000..=20_000).map(|k| f64::from(k) / 10_000.0 * 10_000.0));
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..1_000_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push(f64::from_bits(seed));
        }
        for x in values {
            assert_eq!(round(x).to_bits(), x.round().to_bits(), "{x:e}");
        }
        assert!(round(f64::NAN).is_nan());
    }

    #[test]
    fn byte_counts_and_presence_match_the_plain_ones() {
        let long = "#@!?9a ".repeat(300);
        let texts = [
            "",
            "#",
            "no marks here",
            "a@b.c #tag #tag ?!",
            long.as_str(),
        ];
        for text in texts {
            let bytes = text.as_bytes();
            for byte in [b'#', b'@', b'!', b'?', b'9', b'x'] {
                let plain = bytes.iter().filter(|&&b| b == byte).count();
                assert_eq!(
                    count_bytes(bytes, |b| b == byte),
                    plain,
                    "{byte} in {text:?}"
                );
                assert_eq!(has_byte(bytes, byte), plain > 0, "{byte} in {text:?}");
            }
        }
        // Past 255 in one block, the one-byte counters would wrap.
        assert_eq!(count_bytes(&[b'#'; 1000], |b| b == b'#'), 1000);
    }

    #[test]
    fn a_negated_problem_is_no_complaint() {
        let label = |text: &str| {
            let a = analyze(
                &Input {
                    text,
                    ..Input::default()
                },
                &TopicRules::defaults(),
            );
            (
                a.sentiment.unwrap().label,
                a.topics.first().map(|t| t.topic.clone()),
            )
        };
        let delay = Some("delay".to_string());
        assert_eq!(
            label("The flight was not delayed"),
            ("positive", delay.clone())
        );
        assert_eq!(
            label("My flight is delayed and nobody answers").0,
            "negative"
        );
        // "No more ..." asks for an end to the problem: still a complaint.
        assert_eq!(label("No more delayed flights please").0, "negative");
        assert_eq!(label("终于不会一直闪退了").0, "positive");
        assert_eq!(label("又闪退").0, "negative");
    }

    #[test]
    fn sarcastic_thanks_is_not_gratitude() {
        let rules = TopicRules::defaults();
        let topics_of = |text: &str| -> Vec<String> {
            let input = Input {
                text,
                ..Input::default()
            };
            analyze(&input, &rules)
                .topics
                .into_iter()
                .map(|t| t.topic)
                .collect()
        };
        assert!(topics_of("Thank you so much, all sorted!").contains(&"thanks".to_string()));
        for sarcastic in [
            "Thanks for nothing, worst service ever",
            "THANK YOU FOR NOTHING",
            "Otro retraso. Gracias por nada 🙃",
            "thanks for wasting my whole afternoon",
        ] {
            assert!(
                !topics_of(sarcastic).contains(&"thanks".to_string()),
                "{sarcastic}"
            );
        }
    }
}

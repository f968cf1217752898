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
mod cues;
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

use serde::Serialize;

pub use language::Language;
pub use pii::PiiFinding;
pub use priority::PriorityScore;
pub use spam::{AuthorSignals, SpamVerdict};
pub use topics::{TopicHit, TopicRules, Topics};

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
    pub topics: Topics,
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
    // Thanks or praise in a negative message is sarcasm ("Great job losing my bag"), and
    // thanks sarcastic by its words ("thanks for nothing") too: neither is gratitude or
    // praise.
    let thanks = |t: &TopicHit| t.topic == topics::GRATITUDE_TOPIC;
    let praise = |t: &TopicHit| t.topic == topics::PRAISE_TOPIC;
    if topics.iter().any(|t| thanks(t) || praise(t))
        && scored
            .as_ref()
            .is_some_and(|(_, s)| s.label == sentiment::Label::Negative)
    {
        topics.retain(|t| !thanks(t) && !praise(t));
    } else if topics.iter().any(thanks) && cues::is_sarcastic_thanks(text) {
        topics.retain(|t| !thanks(t));
    }
    let sentiment = scored.map(|(lexicon, s)| {
        let s = cues::complaint_cue(s, &topics, text);
        SentimentResult {
            score: s.compound,
            label: s.label.as_str(),
            lexicon,
            reasons: s.reasons,
        }
    });
    // The complaint cue can find the praise sarcastic ("谢谢你们让我等了三个小时"): then too.
    if sentiment
        .as_ref()
        .is_some_and(|s| s.label == sentiment::Label::Negative.as_str())
    {
        topics.retain(|t| !thanks(t) && !praise(t));
    }
    // Topics by the final score ("praise": a message reading clearly positive).
    if let Some(s) = &sentiment {
        rules.add_by_sentiment(&mut topics, code, s.score, &s.reasons);
    }
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
        asks_for_help: cues::asks_for_help(text, tokenized.as_ref(), scanned.as_ref()),
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
}

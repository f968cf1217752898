//! Cues read from a message's words beyond its sentiment score: a request for help (for
//! priority), sarcastic thanks (not gratitude), and a problem topic with a complaint marker
//! ("still no refund"), which makes a message that scored neutral a complaint.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::{TopicHit, has_byte, keyword_scan, multilingual, sentiment, topics};

pub(crate) const HELP_WORDS: &[&str] = &[
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
// Inlined into `analysis::run`: as a call from there it cost ~25 instructions a message.
#[inline]
pub(super) fn asks_for_help(
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
pub(super) fn is_sarcastic_thanks(text: &str) -> bool {
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

/// Words that ask for something: in a message about a problem, no sentiment. "Want" demands
/// ("I want a refund now!!!"; VADER's lexicon scores it +0.3) unless the message thanks
/// (`thanks`): "just want to say the refund came through, cheers".
fn is_request_word(token: &str, thanks: bool) -> bool {
    const REQUEST_WORDS: &[&str] = &["please", "pls", "plz", "help", "唔該", "唔该"];
    const DEMANDS: &[&str] = &["want", "wants", "wanted"];
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(token));
    is(REQUEST_WORDS) || (!thanks && is(DEMANDS))
}

/// Topics that are problems by nature (not praise or thanks).
fn is_problem_topic(topic: &str) -> bool {
    topic != topics::PRAISE_TOPIC && topic != topics::GRATITUDE_TOPIC
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
    " another ",
    "as usual",
    "as always",
    "just what i needed",
    "great, just great",
    "great. just great",
    "perfect, just perfect",
    "perfect. just perfect",
    "wonderful, just wonderful",
    "brilliant, just brilliant",
    "without",
    "nothing",
    "twice",
    "supposed to",
    "should have arrived",
    "been a week",
    "been a month",
    "for a week",
    "for a month",
    " slow",
    "in a row",
    "seguidos",
    "seguidas",
    " hours",
    " hrs",
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
    " since ",
    " desde ",
    " horas",
    " días",
    " dias",
    " semanas",
    "小时",
    "小時",
    "個鐘",
    "个钟",
    "分钟",
    "分鐘",
    "dos veces",
    "por qué",
    "por que",
    "dónde está",
    "又",
    "还没",
    "還沒",
    "仲未",
    "都未",
    "未有",
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
    // A demand for one's money back is a complaint, however calmly put ("I want a refund").
    "want a refund",
    "want a full refund",
    "want my refund",
    "want my money",
    "demand a refund",
    "quiero mi dinero",
    "quiero un reembolso",
    "quiero el reembolso",
    "quiero que me devuelvan",
    "exijo",
    "我要退",
    "要求退",
];

/// Customers often state a problem without a single sentiment word ("Bag didn't arrive.
/// Again."). A problem topic together with a complaint marker adds −2 to the raw valence,
/// shown as its own reason, unless the text already reads negative.
pub(super) fn complaint_cue(
    s: sentiment::Sentiment,
    topics: &[TopicHit],
    text: &str,
) -> sentiment::Sentiment {
    let Some(topic) = topics.iter().find(|t| is_problem_topic(&t.topic)) else {
        return s;
    };
    // "Please" and "help" make a request about the problem, not praise ("Please help, my
    // order never arrived"; VADER's lexicon scores them +1.3 and +1.7).
    let thanks = topics.iter().any(|t| t.topic == topics::GRATITUDE_TOPIC);
    let s = if (s.reasons.iter()).any(|r| r.valence > 0.0 && is_request_word(&r.token, thanks)) {
        s.without(|r| is_request_word(&r.token, thanks))
    } else {
        s
    };
    if s.label == sentiment::Label::Negative {
        return s;
    }
    // The problem itself negated by a verb's negation ("the flight was not delayed",
    // 终于不会一直闪退 "no longer crashes all the time") is no complaint, though its negator is
    // a marker. "No more stolen elections" still is: "no" before a noun asks for an end to it.
    let problem_negated = s.reasons.iter().any(|r| {
        r.valence > 0.0
            && r.token.eq_ignore_ascii_case(&topic.matched)
            && r.negator == sentiment::Negator::Verb
    });
    if problem_negated {
        return s;
    }
    // A problem told, then a one-word verdict ("… for the 4th day in a row. Sure."): the
    // verdict is sarcastic, and a complaint marker. Only after something plainly wrong, a
    // marker or a negative word: "My parcel arrived today. Perfect." and "Outage fixed in an
    // hour. Great." are praise.
    let marker = complaint_marker(text);
    let wrong = || marker.is_some() || s.reasons.iter().any(|r| r.valence < 0.0);
    let verdict = deadpan_verdict(text).filter(|_| wrong());
    let Some(marker) = marker.or(verdict) else {
        return s;
    };
    // Praise, and nothing else positive, of a problem that keeps coming back is sarcasm
    // ("Great, another delay"; not "that's why mine is pink").
    let praise = |r: &sentiment::Reason| {
        r.valence > 0.0
            && ((sentiment::SARCASM_PRONE.iter())
                .chain(multilingual::SPANISH_SARCASM_PRONE)
                .chain(CHINESE_SARCASM_PRONE)
                .any(|w| w.eq_ignore_ascii_case(&r.token))
                || verdict.is_some_and(|v| v.eq_ignore_ascii_case(&r.token)))
    };
    let positive = |r: &sentiment::Reason| r.valence > 0.0 && !r.token.starts_with(['!', '?']);
    // A long wait praised is sarcasm too ("Genial, llevo dos horas en espera").
    let delay = topics.iter().any(|t| t.topic == DELAY_TOPIC);
    let repeated = || {
        let lowered = text.to_lowercase();
        let durations = DURATION_MARKERS.iter().filter(|_| delay);
        (REPETITION_MARKERS.iter().chain(durations))
            .find(|m| lowered.contains(*m))
            .copied()
            .or(verdict)
    };
    let sarcastic =
        s.reasons.iter().any(praise) && s.reasons.iter().filter(|r| positive(r)).all(praise);
    let s = if let Some(repetition) = sarcastic.then(repeated).flatten() {
        let note = format!(
            "read as sarcasm: praise in a complaint ({}, '{}')",
            topic.topic,
            repetition.trim()
        );
        s.adjusted(|r| {
            if praise(r) {
                r.valence = sentiment::round_to(-r.valence * 0.5, 3);
                r.note = Some(match &r.note {
                    Some(earlier) => format!("{earlier}; {note}").into(),
                    None => note.as_str().into(),
                });
            }
            true
        })
    } else {
        s
    };
    if s.label == sentiment::Label::Negative {
        return s;
    }
    s.plus(sentiment::Reason {
        token: topic.matched.as_str().into(),
        valence: -2.0,
        note: Some(format!("complaint: {} with '{marker}'", topic.topic).into()),
        negator: sentiment::Negator::None,
    })
}

/// Words that, alone as a message's last sentence after a problem, pass a deadpan verdict on
/// it: "Tracking says 'out for delivery' for the 4th day in a row. Sure.", "Website down
/// all morning and the sale ends today. Convenient.", "Dejó el paquete tirado. Increíble."
const DEADPAN_VERDICTS: &[&str] = &[
    "sure",
    "convenient",
    "fantastic",
    "brilliant",
    "great",
    "lovely",
    "perfect",
    "wonderful",
    "superb",
    "marvellous",
    "marvelous",
    "classic",
    "nice",
    "increíble",
    "genial",
    "perfecto",
    "estupendo",
    "maravilloso",
    "claro",
];

/// The deadpan verdict ([`DEADPAN_VERDICTS`], in lower case) that ends `text` as a sentence of
/// its own after at least one other ("… Sure.", "… Convenient 🙃").
fn deadpan_verdict(text: &str) -> Option<&'static str> {
    let body = text.trim_end_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() || !c.is_alphanumeric() && !c.is_ascii()
    });
    let (before, last) = body.rsplit_once(|c: char| c.is_whitespace())?;
    // The word before it ended a sentence ("… in a row. Sure"), not "is sure".
    if !before.trim_end().ends_with(['.', '!', '?', '…']) {
        return None;
    }
    let last = last.trim_start_matches(['¡', '¿']).to_lowercase();
    DEADPAN_VERDICTS.iter().find(|v| **v == last).copied()
}

/// Chinese praise that customers use sarcastically (真好 "really good", 多謝 "thanks").
const CHINESE_SARCASM_PRONE: &[&str] = &[
    "真好",
    "太好了",
    "好好",
    "好棒",
    "真棒",
    "谢谢",
    "謝謝",
    "多谢",
    "多謝",
    "多謝晒",
    "感谢",
    "感謝",
];

/// The starting topic of delays: a long wait, praised, is sarcasm.
const DELAY_TOPIC: &str = "delay";

/// Complaint markers of a long wait (with the delay topic, they make praise sarcasm).
const DURATION_MARKERS: &[&str] = &[
    " hours", " hrs", " days", " weeks", " horas", " días", " dias", " semanas", "小时", "小時",
    "個鐘", "个钟", "分钟", "分鐘",
];

/// Complaint markers of a problem that keeps coming back, which make praise of it sarcasm.
const REPETITION_MARKERS: &[&str] = &[
    "again",
    "great, just great",
    "great. just great",
    "perfect, just perfect",
    "perfect. just perfect",
    "wonderful, just wonderful",
    "brilliant, just brilliant",
    " another ",
    "as usual",
    "as always",
    "just what i needed",
    "still",
    "in a row",
    "seguidos",
    "seguidas",
    "otra vez",
    "de nuevo",
    "又",
];

/// The first complaint marker in `text` (in list order, as shown in the reasons), trimmed.
fn complaint_marker(text: &str) -> Option<&'static str> {
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    let mut lowered = text.to_lowercase();
    // 唔該 is "please" or "thank you", not the negator 唔; "can't believe" is surprise, not
    // a negation ("can't believe how fast the refund came").
    for not_a_marker in [
        "唔該",
        "唔该",
        "can't believe",
        "cannot believe",
        "couldn't believe",
    ] {
        if lowered.contains(not_a_marker) {
            lowered = lowered.replace(not_a_marker, " ");
        }
    }
    // A message that opens with "no complaints" or "no problems" speaks well of the service
    // ("No complaints, everything arrived on time"). (Only as its opening: "the outage map
    // says no problems while the street is offline" is still a complaint.)
    const PRAISING_OPENINGS: &[&str] = &[
        "no complaints",
        "no problems",
        "no problem",
        "no issues",
        "no issue",
        "ningún problema",
        "sin problemas",
        "没问题",
        "沒問題",
    ];
    let opened = lowered.trim_start();
    if let Some(rest) = PRAISING_OPENINGS
        .iter()
        .find_map(|o| opened.strip_prefix(o))
    {
        lowered = rest.to_string();
    }
    let padded = format!(" {lowered} ");
    let markers = phrases(&MARKERS, COMPLAINT_MARKERS);
    (markers.find_overlapping_iter(&padded))
        .map(|m| m.pattern().as_usize())
        .min()
        .map(|i| COMPLAINT_MARKERS[i].trim())
}

#[cfg(test)]
pub(super) mod tests;

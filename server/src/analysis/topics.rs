//! Topics (intents): rules that tag a message as "refund", "delay", "outage"… from keywords
//! and phrases in any language, from a regular expression, or from its sentiment score
//! ("praise": every message scoring 0.4 or more).
//!
//! All keyword rules are compiled into one Aho-Corasick automaton, so matching costs one pass
//! over the text however many rules there are. Text and keywords are compared lower-cased with
//! Spanish accents folded; a Latin keyword must match whole words ("late" does not match
//! "chocolate"), a Chinese one anywhere. Regexes use the `regex` crate (linear time, so a
//! rule typed in Settings cannot hang the pipeline).

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use super::keyword_scan::{KeywordHits, KeywordScan};
use super::multilingual::{fold_accent, fold_accents};
use super::short_text::ShortText;

/// The topic of praise of the brand (a starting rule, editable in Settings): a message that
/// reads negative is sarcastic, not praise.
pub const PRAISE_TOPIC: &str = "praise";

/// The topic of thank-you messages (a starting rule, editable in Settings): the gratitude
/// index in reports counts it, and sarcastic thanks does not get it.
pub const GRATITUDE_TOPIC: &str = "thanks";

/// A rule as written in Settings (and in `default_topics.tsv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicRuleDef {
    pub topic: String,
    /// `keywords` (comma-separated words and phrases), `regex`, or `sentiment` (the pattern
    /// is a score: see [`parse_threshold`]).
    pub kind: String,
    pub pattern: String,
    /// Only for messages detected in this language (`eng`, `spa`, `cmn`, `yue`, or `zho` for
    /// any Chinese); all languages when absent.
    pub language: Option<String>,
    /// Urgent topics raise the priority score.
    pub urgent: bool,
    /// Where conversations about the topic are routed (a team id; see `pipeline`); the
    /// channel's team when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
}

/// A message's topics: most have none, one or two, kept inline (a `Vec` cost an allocation
/// and a free for every message with a topic, and over half have one: praise).
pub type Topics = smallvec::SmallVec<[TopicHit; 2]>;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicHit {
    /// (Short texts: most messages have a topic or two, and a `String` each cost an
    /// allocation and a free.)
    pub topic: ShortText,
    /// The words that matched, as written in the message.
    pub matched: ShortText,
    pub urgent: bool,
    /// The team the topic's rule routes conversations to. Not part of the stored
    /// analysis: routing reads it while the message is ingested.
    #[serde(skip)]
    pub team_id: Option<i64>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RuleError {
    #[error("Topic names are 1 to 40 letters, digits, '_' or '-'.")]
    BadTopic,
    #[error("The kind must be 'keywords', 'regex' or 'sentiment'.")]
    BadKind,
    #[error(
        "A sentiment rule's pattern is a score from -1 to 1 other than 0: 0.4 tags messages \
         scoring 0.4 or more, -0.5 those scoring -0.5 or less."
    )]
    BadThreshold,
    #[error("A keyword rule needs at least one keyword (separate them with commas).")]
    NoKeywords,
    #[error("The regular expression is not valid: {0}.")]
    BadRegex(String),
}

pub struct TopicRules {
    defs: Vec<TopicRuleDef>,
    automaton: Option<AhoCorasick>,
    /// Per automaton pattern: (rule index, whole-word match needed).
    keywords: Vec<(usize, bool)>,
    regexes: Vec<(usize, regex::Regex)>,
    /// (rule index, score threshold) of the sentiment rules.
    thresholds: Vec<(usize, f64)>,
    /// These keywords with the scam phrases and PII keywords, for one pass over ASCII text.
    scan: KeywordScan,
}

/// Checks one rule; what Settings calls before saving.
pub fn validate(def: &TopicRuleDef) -> Result<(), RuleError> {
    let topic_ok = !def.topic.is_empty()
        && def.topic.chars().count() <= 40
        && def
            .topic
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !topic_ok {
        return Err(RuleError::BadTopic);
    }
    match def.kind.as_str() {
        "keywords" if keywords_of(&def.pattern).next().is_none() => Err(RuleError::NoKeywords),
        "keywords" => Ok(()),
        "regex" => build_regex(&def.pattern).map(|_| ()),
        "sentiment" => parse_threshold(&def.pattern).map(|_| ()),
        _ => Err(RuleError::BadKind),
    }
}

/// A sentiment rule's score: a message scoring at least a positive one, or at most a
/// negative one, gets the topic. (Zero would tag nearly every message, either way.) A
/// typographic minus is read as one.
pub fn parse_threshold(pattern: &str) -> Result<f64, RuleError> {
    let score: f64 =
        (pattern.trim().replace('\u{2212}', "-").parse()).map_err(|_| RuleError::BadThreshold)?;
    if score.is_finite() && score != 0.0 && (-1.0..=1.0).contains(&score) {
        Ok(score)
    } else {
        Err(RuleError::BadThreshold)
    }
}

/// Keyword rules up to this size (in bytes, all rules together) are searched with a DFA.
const DFA_MAX_KEYWORD_BYTES: usize = 16 * 1024;

fn keywords_of(pattern: &str) -> impl Iterator<Item = String> + '_ {
    pattern
        .split([',', '，', '、', '\n'])
        .map(|k| fold(k.trim()))
        .filter(|k| !k.is_empty())
}

fn build_regex(pattern: &str) -> Result<regex::Regex, RuleError> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let detail = e.to_string();
            let last = detail.lines().last().unwrap_or("");
            RuleError::BadRegex(last.trim_start_matches("error: ").to_string())
        })
}

/// Lower case with Spanish accents folded: what keywords and text are compared as.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // A capital sigma lower-cases by its place in the word, which `str::to_lowercase` knows
    // and a character alone does not.
    if text.contains('Σ') {
        let lowered = text.to_lowercase();
        return match fold_accents(&lowered) {
            std::borrow::Cow::Borrowed(_) => lowered,
            std::borrow::Cow::Owned(folded) => folded,
        };
    }
    // Otherwise lower-cased and folded a character at a time, in one pass.
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else if crate::inbox::search::is_cjk(c) {
            // Han, kana and Hangul have no case and no accents (a test asks every one).
            folded.push(c);
        } else {
            folded.extend(c.to_lowercase().map(fold_accent));
        }
    }
    folded
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !crate::inbox::search::is_cjk(c)
}

impl TopicRules {
    /// Earshot's starting rules (`migrations/src/default_topics.tsv`).
    pub fn defaults() -> TopicRules {
        TopicRules::compile(default_rule_defs()).expect("the default topic rules compile")
    }

    pub fn compile(defs: Vec<TopicRuleDef>) -> Result<TopicRules, RuleError> {
        let mut patterns = Vec::new();
        let mut keywords = Vec::new();
        let mut regexes = Vec::new();
        let mut thresholds = Vec::new();
        for (i, def) in defs.iter().enumerate() {
            validate(def)?;
            if def.kind == "regex" {
                regexes.push((i, build_regex(&def.pattern)?));
                continue;
            }
            if def.kind == "sentiment" {
                thresholds.push((i, parse_threshold(&def.pattern)?));
                continue;
            }
            for k in keywords_of(&def.pattern) {
                let whole_word = k.chars().any(is_word_char);
                patterns.push(k);
                keywords.push((i, whole_word));
            }
        }
        // A DFA is the fastest search, but its memory grows with the keywords: the default
        // rules (~4 KB of keywords) take a few hundred kilobytes; beyond
        // DFA_MAX_KEYWORD_BYTES the library chooses (an NFA for large sets) and the ASCII
        // keyword scan walks a contiguous NFA.
        let dfa = patterns.iter().map(String::len).sum::<usize>() <= DFA_MAX_KEYWORD_BYTES;
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(dfa.then_some(aho_corasick::AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .map_err(|e| RuleError::BadRegex(e.to_string()))?,
            )
        };
        let introducers: Vec<&str> = super::pii::INTRODUCERS.iter().map(|(w, _)| *w).collect();
        let scan = KeywordScan::new(
            &patterns,
            super::spam::SCAM_PHRASES,
            &introducers,
            super::cues::HELP_WORDS,
            dfa,
        )
        .map_err(|e| RuleError::BadRegex(e.to_string()))?;
        Ok(TopicRules {
            defs,
            automaton,
            keywords,
            regexes,
            thresholds,
            scan,
        })
    }

    pub fn defs(&self) -> &[TopicRuleDef] {
        &self.defs
    }

    /// The keyword lists' matches in `text` in one pass, when it is plain ASCII (see
    /// [`KeywordScan`]); `known_ascii`: the caller has checked that it is.
    pub(crate) fn scan(&self, text: &str, known_ascii: bool) -> Option<KeywordHits> {
        self.scan.scan(text, known_ascii)
    }

    /// The topics of `text` by its words, each once, in rule order (sentiment rules are
    /// applied to them by [`TopicRules::add_by_sentiment`]).
    pub fn find(&self, text: &str, language: Option<&str>) -> Topics {
        self.find_with(text, language, None)
    }

    /// [`TopicRules::find`] with the keyword matches of [`TopicRules::scan`], if it ran.
    pub(crate) fn find_with(
        &self,
        text: &str,
        language: Option<&str>,
        scanned: Option<&KeywordHits>,
    ) -> Topics {
        let mut found: Vec<(usize, String)> = Vec::new();
        let applies = |i: usize| self.applies(i, language);
        // A keyword match at `start..end` of `haystack` (the text lower-cased, or plain ASCII
        // text as it is: the same letters at the same offsets but for ASCII case).
        let mut keep = |keyword: usize, haystack: &str, start: usize, end: usize| {
            let (rule, whole_word) = self.keywords[keyword];
            if found.iter().any(|(r, _)| *r == rule) || !applies(rule) {
                return;
            }
            let before = haystack[..start].chars().next_back();
            let after = haystack[end..].chars().next();
            if whole_word && (before.is_some_and(is_word_char) || after.is_some_and(is_word_char)) {
                return;
            }
            found.push((rule, haystack[start..end].to_ascii_lowercase()));
        };
        if let Some(scanned) = scanned {
            for &(keyword, start, end) in &scanned.topics {
                keep(keyword, text, start, end);
            }
        } else if let Some(automaton) = &self.automaton {
            let folded = fold(text);
            for m in automaton.find_overlapping_iter(&folded) {
                keep(m.pattern().as_usize(), &folded, m.start(), m.end());
            }
        }
        for (rule, re) in &self.regexes {
            if found.iter().any(|(r, _)| r == rule) || !applies(*rule) {
                continue;
            }
            if let Some(m) = re.find(text) {
                found.push((*rule, m.as_str().chars().take(80).collect()));
            }
        }
        found.sort_by_key(|(rule, _)| *rule);
        let mut hits = Topics::new();
        for (rule, matched) in found {
            let def = &self.defs[rule];
            if hits.iter().any(|h| h.topic == def.topic.as_str()) {
                continue;
            }
            hits.push(TopicHit {
                topic: def.topic.as_str().into(),
                matched: matched.into(),
                urgent: def.urgent,
                team_id: def.team_id,
            });
        }
        hits
    }

    /// Whether rule `i` applies to a message in `language`.
    fn applies(&self, i: usize, language: Option<&str>) -> bool {
        match self.defs[i].language.as_deref() {
            None | Some("") => true,
            Some("zho") => matches!(language, Some("cmn" | "yue" | "zho")),
            Some(l) => language == Some(l),
        }
    }

    /// Adds to `hits` the topics of the sentiment rules the message's final `score` meets
    /// (after them, in rule order; a topic it has already is not added twice). A hit's
    /// matched words are the reason that weighed most in the rule's direction.
    pub fn add_by_sentiment(
        &self,
        hits: &mut Topics,
        language: Option<&str>,
        score: f64,
        reasons: &[super::sentiment::Reason],
    ) {
        for &(rule, threshold) in &self.thresholds {
            let met = if threshold > 0.0 {
                score >= threshold
            } else {
                score <= threshold
            };
            let def = &self.defs[rule];
            if !met
                || !self.applies(rule, language)
                || hits.iter().any(|h| h.topic == def.topic.as_str())
            {
                continue;
            }
            let toward = |r: &&super::sentiment::Reason| r.valence * threshold.signum();
            let strongest = reasons
                .iter()
                .max_by(|a, b| toward(a).total_cmp(&toward(b)));
            hits.push(TopicHit {
                topic: def.topic.as_str().into(),
                matched: strongest.map_or_else(|| "".into(), |r| r.token.clone()),
                urgent: def.urgent,
                team_id: def.team_id,
            });
        }
    }
}

/// Earshot's starting rules: the keyword rules of `default_topics.tsv`, then the sentiment
/// rules (in the order migrations seed them).
pub fn default_rule_defs() -> Vec<TopicRuleDef> {
    earshot_migrations::default_topic_rules()
        .map(|(topic, urgent, pattern)| TopicRuleDef {
            topic: topic.to_string(),
            kind: "keywords".to_string(),
            pattern: pattern.to_string(),
            language: None,
            urgent,
            team_id: None,
        })
        .chain((earshot_migrations::STARTING_SENTIMENT_RULES.iter()).map(
            |(topic, urgent, threshold)| TopicRuleDef {
                topic: topic.to_string(),
                kind: "sentiment".to_string(),
                pattern: threshold.to_string(),
                language: None,
                urgent: *urgent,
                team_id: None,
            },
        ))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass fold is lower-casing the whole text, then folding its accents.
    #[test]
    fn fold_is_lowercase_then_accents_folded() {
        let mut texts = crate::analysis::sentiment::tests::rated_and_labelled_texts();
        texts.extend(
            [
                "ΟΔΥΣΣΕΥΣ Σ ΣΑΣ",
                "İSTANBUL ÁÉÍÓÚ Ññ ÇÀ ǅ ß ẞ",
                "ÀÉÎÕÜ über",
                "ﬃ ＡＢＣ",
            ]
            .map(String::from),
        );
        let cjk = crate::inbox::search::every_cjk_character();
        texts.extend(cjk.map(|c| format!("É{c}")));
        for text in &texts {
            let expected = fold_accents(&text.to_lowercase()).into_owned();
            assert_eq!(fold(text), expected, "{text:?}");
        }
    }

    fn topics(text: &str) -> Vec<String> {
        TopicRules::defaults()
            .find(text, None)
            .into_iter()
            .map(|h| h.topic.to_string())
            .collect()
    }

    #[test]
    fn default_rules_in_three_languages() {
        assert_eq!(
            topics("My flight was cancelled, I want a REFUND"),
            ["refund", "cancellation"]
        );
        assert_eq!(
            topics("Quiero mi reembolso, el vuelo fue cancelado"),
            ["refund", "cancellation"]
        );
        assert_eq!(topics("我要退款！航班取消了"), ["refund", "cancellation"]);
        assert_eq!(topics("點解我嘅行李仲未到"), ["delay", "lost_baggage"]);
        assert_eq!(
            topics("Sin internet desde ayer, ¡no funciona nada!"),
            ["outage"]
        );
        assert_eq!(topics("Cancelación"), ["cancellation"]);
        // Whole words only for Latin keywords.
        assert!(topics("I ate chocolate").is_empty());
        assert!(topics("").is_empty());
    }

    #[test]
    fn regex_rules_and_languages_and_validation() {
        let rules = TopicRules::compile(vec![
            TopicRuleDef {
                topic: "vip_route".into(),
                kind: "regex".into(),
                pattern: r"\bPNR\s*[A-Z0-9]{6}\b".into(),
                language: None,
                urgent: false,
                team_id: Some(7),
            },
            TopicRuleDef {
                topic: "queja".into(),
                kind: "keywords".into(),
                pattern: "queja, reclamación".into(),
                language: Some("spa".into()),
                urgent: true,
                team_id: None,
            },
        ])
        .unwrap();
        let hits = rules.find("my pnr XK4P9Q please", Some("eng"));
        assert_eq!(hits[0].topic, "vip_route");
        assert_eq!(hits[0].matched, "pnr XK4P9Q");
        // The rule's team goes with the hit, for routing, but not into the stored analysis.
        assert_eq!(hits[0].team_id, Some(7));
        assert!(!serde_json::to_string(&hits[0]).unwrap().contains("team"));
        assert!(rules.find("una queja", Some("eng")).is_empty());
        assert!(rules.find("una reclamacion", Some("spa"))[0].urgent);
        let bad = |kind: &str, pattern: &str| TopicRuleDef {
            topic: "x".into(),
            kind: kind.into(),
            pattern: pattern.into(),
            language: None,
            urgent: false,
            team_id: None,
        };
        assert!(matches!(
            validate(&bad("regex", "(")),
            Err(RuleError::BadRegex(_))
        ));
        assert_eq!(
            validate(&bad("keywords", " , ")),
            Err(RuleError::NoKeywords)
        );
        assert_eq!(validate(&bad("glob", "x")), Err(RuleError::BadKind));
        for refused in ["0", "-0", "1.01", "-2", "NaN", "inf", "", "positive"] {
            assert_eq!(
                validate(&bad("sentiment", refused)),
                Err(RuleError::BadThreshold),
                "{refused:?}"
            );
        }
        for (accepted, score) in [
            ("0.4", 0.4),
            (" -0.6 ", -0.6),
            ("\u{2212}1", -1.0),
            ("1", 1.0),
        ] {
            assert_eq!(parse_threshold(accepted), Ok(score), "{accepted:?}");
        }
    }

    /// Sentiment rules tag by the final score, after the keyword topics, once each, for their
    /// language only; the hit names the reason that weighed most their way.
    #[test]
    fn sentiment_rules_tag_by_the_score() {
        let sentiment = |topic: &str, pattern: &str, language: Option<&str>| TopicRuleDef {
            topic: topic.into(),
            kind: "sentiment".into(),
            pattern: pattern.into(),
            language: language.map(String::from),
            urgent: pattern.starts_with('-'),
            team_id: None,
        };
        let mut defs = default_rule_defs();
        defs.push(sentiment("furious", "-0.6", None));
        defs.push(sentiment("contento", "0.3", Some("spa")));
        let rules = TopicRules::compile(defs).unwrap();
        let topics = |text: &str| -> Vec<(String, String)> {
            let input = crate::analysis::Input {
                text,
                ..Default::default()
            };
            (crate::analysis::analyze(&input, &rules).topics.into_iter())
                .map(|h| (h.topic.to_string(), h.matched.to_string()))
                .collect()
        };
        let pair = |t: &str, m: &str| (t.to_string(), m.to_string());
        assert_eq!(
            topics("The crew were brilliant with my nervous toddler"),
            [pair("praise", "brilliant")]
        );
        // Praise by its keywords is not tagged twice.
        assert_eq!(
            topics("Great job, amazing service, love you guys"),
            [pair("praise", "great job")]
        );
        assert_eq!(
            topics("Worst refund process ever, absolutely disgusting"),
            [pair("refund", "refund"), pair("furious", "Worst")]
        );
        assert_eq!(
            topics("¡Excelente atención, muy contenta con el servicio!"),
            [pair("praise", "Excelente"), pair("contento", "Excelente")]
        );
        // Mild politeness is not praise, nor sarcastic praise of a problem: that reads
        // negative, its praise most of all.
        assert!(topics("Please can someone look at my booking today").is_empty());
        assert_eq!(
            topics("Great, another delay. Just great."),
            [pair("delay", "delay"), pair("furious", "great")]
        );
    }
}

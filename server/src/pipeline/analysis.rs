//! The analysis hook of the pipeline: the language of each message and, for English text,
//! its sentiment with the reasons behind it. Topics, PII, spam and priority come later (those
//! fields stay empty until then).

use serde_json::json;

use crate::analysis::sentiment;

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// ISO 639-3 code (`eng`, `cmn`, `spa`, …), or the sender's tag when they gave one.
    pub language: Option<String>,
    pub sentiment_score: Option<f64>,
    /// `negative`, `neutral` or `positive`.
    pub sentiment_label: Option<String>,
    /// Why each judgement was made, shown to agents on hover.
    pub reasons: serde_json::Value,
}

/// Short texts are too ambiguous to guess a language reliably; say nothing rather than guess.
const MIN_CHARS_FOR_DETECTION: usize = 12;
const MIN_CONFIDENCE: f64 = 0.3;

pub fn analyze(text: &str, language_hint: Option<&str>) -> Analysis {
    let (language, language_reason) = detect_language(text, language_hint);
    let mut reasons = json!({ "language": language_reason });
    let mut analysis = Analysis {
        language,
        ..Default::default()
    };
    // The lexicon is English: other languages get no sentiment rather than a false "neutral".
    if is_english_or_unknown_latin(analysis.language.as_deref(), text) {
        let scored = sentiment::analyze(text);
        analysis.sentiment_score = Some(scored.compound);
        analysis.sentiment_label = Some(
            match scored.label {
                sentiment::Label::Negative => "negative",
                sentiment::Label::Neutral => "neutral",
                sentiment::Label::Positive => "positive",
            }
            .to_string(),
        );
        reasons["sentiment"] = json!(scored.reasons);
    }
    analysis.reasons = reasons;
    analysis
}

fn is_english_or_unknown_latin(language: Option<&str>, text: &str) -> bool {
    match language {
        Some(code) => code == "eng" || code == "en" || code.starts_with("en-"),
        None => {
            !text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
                || text.chars().any(|c| c as u32 >= 0x1F300)
        }
    }
}

fn detect_language(text: &str, hint: Option<&str>) -> (Option<String>, String) {
    if let Some(hint) = hint
        .map(str::trim)
        .filter(|h| !h.is_empty() && h.len() <= 16)
    {
        return (Some(hint.to_lowercase()), "given by the channel".into());
    }
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS_FOR_DETECTION
        && !has_cjk(text)
    {
        return (None, "too short to tell".into());
    }
    match whatlang::detect(text) {
        // whatlang's own "reliable" flag rejects most tweet-length texts; a confidence floor
        // keeps short but clear sentences while still refusing coin flips.
        Some(info)
            if info.is_reliable() || info.confidence() >= MIN_CONFIDENCE || has_cjk(text) =>
        {
            (
                Some(info.lang().code().to_string()),
                format!("detected (confidence {:.2})", info.confidence()),
            )
        }
        _ => (None, "not reliable enough to tell".into()),
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(crate::inbox::search::is_cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages_and_stays_quiet_on_short_text() {
        assert_eq!(
            analyze("My flight was cancelled and nobody answers the phone", None)
                .language
                .as_deref(),
            Some("eng")
        );
        assert_eq!(
            analyze("Mi vuelo fue cancelado y nadie contesta el teléfono", None)
                .language
                .as_deref(),
            Some("spa")
        );
        assert_eq!(
            analyze("我的航班被取消了，没有人接电话", None)
                .language
                .as_deref(),
            Some("cmn")
        );
        assert_eq!(
            analyze("My order #123 never arrived, I want a refund", None)
                .language
                .as_deref(),
            Some("eng")
        );
        assert_eq!(analyze("ok", None).language, None);
        assert_eq!(analyze("hola", Some("ES")).language.as_deref(), Some("es"));
    }

    #[test]
    fn english_gets_sentiment_with_reasons_and_other_languages_none() {
        let a = analyze("This is the worst airline ever, still no refund!!", None);
        assert_eq!(a.sentiment_label.as_deref(), Some("negative"));
        assert!(a.sentiment_score.unwrap() < -0.5);
        assert!(a.reasons["sentiment"].to_string().contains("worst"));
        let ok = analyze("ok 👍", None);
        assert_eq!(ok.sentiment_label.as_deref(), Some("positive"));
        let zh = analyze("我的航班被取消了，没有人接电话", None);
        assert_eq!(zh.sentiment_label, None);
        let es = analyze("Mi vuelo fue cancelado y nadie contesta el teléfono", None);
        assert_eq!(es.sentiment_label, None);
    }
}

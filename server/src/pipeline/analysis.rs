//! The analysis hook of the pipeline. Today: the language of each message. Sentiment, topics,
//! PII, spam and priority fill the other fields in a later step (they stay empty until then).

use serde_json::json;

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// ISO 639-3 code (`eng`, `cmn`, `spa`, …), or the sender's tag when they gave one.
    pub language: Option<String>,
    /// Why each judgement was made, shown to agents on hover.
    pub reasons: serde_json::Value,
}

/// Short texts are too ambiguous to guess a language reliably; say nothing rather than guess.
const MIN_CHARS_FOR_DETECTION: usize = 12;
const MIN_CONFIDENCE: f64 = 0.3;

pub fn analyze(text: &str, language_hint: Option<&str>) -> Analysis {
    if let Some(hint) = language_hint
        .map(str::trim)
        .filter(|h| !h.is_empty() && h.len() <= 16)
    {
        return Analysis {
            language: Some(hint.to_lowercase()),
            reasons: json!({"language": "given by the channel"}),
        };
    }
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS_FOR_DETECTION
        && !has_cjk(text)
    {
        return Analysis {
            language: None,
            reasons: json!({"language": "too short to tell"}),
        };
    }
    match whatlang::detect(text) {
        // whatlang's own "reliable" flag rejects most tweet-length texts; a confidence floor
        // keeps short but clear sentences while still refusing coin flips.
        Some(info)
            if info.is_reliable() || info.confidence() >= MIN_CONFIDENCE || has_cjk(text) =>
        {
            Analysis {
                language: Some(info.lang().code().to_string()),
                reasons: json!({"language": format!("detected (confidence {:.2})", info.confidence())}),
            }
        }
        _ => Analysis {
            language: None,
            reasons: json!({"language": "not reliable enough to tell"}),
        },
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
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
}

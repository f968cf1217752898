//! What the analysis found in a customer's message, shown beside it with the reasons on
//! hover: the sentiment words, topics, priority terms, language, personal data and spam.

use earshot_api::{MessageAnalysis, PriorityFinding, SentimentFinding};
use leptos::prelude::*;

/// "negative −0.82: 'worst' −3.1 (ALL CAPS); 'refund' −2 (complaint: refund with 'still')"
pub fn sentiment_explanation(s: &SentimentFinding) -> String {
    let reasons: Vec<String> = s
        .reasons
        .iter()
        .map(|r| {
            let note = r
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!("'{}' {:+}{note}", r.token, r.valence)
        })
        .collect();
    let why = if reasons.is_empty() {
        "no sentiment words".to_string()
    } else {
        reasons.join("; ")
    };
    format!("{} {:+.2}: {why}", s.label, s.score)
}

/// "Priority 6.2 (urgent): negativity +2.7 (sentiment −0.90); urgent topic +2 (refund)"
pub fn priority_explanation(p: &PriorityFinding) -> String {
    let terms: Vec<String> = p
        .terms
        .iter()
        .map(|t| format!("{} {:+} ({})", t.name, t.points, t.detail))
        .collect();
    let why = if terms.is_empty() {
        "no terms".to_string()
    } else {
        terms.join("; ")
    };
    format!("Priority {} ({}): {why}", p.score, p.band)
}

fn pii_label(kind: &str) -> String {
    kind.replace('_', " ")
}

/// The chips under a customer's message.
#[component]
pub fn AnalysisChips(analysis: MessageAnalysis) -> impl IntoView {
    let topics = analysis
        .topics
        .iter()
        .map(|t| {
            let title = format!("matched '{}'", t.matched);
            let class = if t.urgent {
                "chip topic urgent"
            } else {
                "chip topic"
            };
            view! { <span class=class title=title>{t.topic.replace('_', " ")}</span> }
        })
        .collect_view();
    let priority = (!analysis.priority.band.is_empty()).then(|| {
        let p = &analysis.priority;
        view! {
            <span class=format!("chip priority-chip band-{}", p.band) title=priority_explanation(p)>
                {format!("P {}", p.score)}
            </span>
        }
    });
    let language = analysis.language.as_ref().map(|l| {
        let shown = match &l.script {
            Some(script) => format!("{}-{script}", l.code),
            None => l.code.clone(),
        };
        view! { <span class="chip language" title=l.reason.clone()>{shown}</span> }
    });
    let pii = analysis
        .pii
        .iter()
        .map(|f| {
            let title = format!("{} found: {}", pii_label(&f.kind), f.masked);
            view! { <span class="chip pii" title=title>{pii_label(&f.kind)}</span> }
        })
        .collect_view();
    let spam = (!analysis.spam.reasons.is_empty()).then(|| {
        let reasons: Vec<String> = analysis
            .spam
            .reasons
            .iter()
            .map(|r| format!("{}: {}", r.code, r.detail))
            .collect();
        let label = if analysis.spam.is_spam {
            "spam"
        } else {
            "spam signals"
        };
        view! { <span class="chip spam" title=reasons.join("; ")>{label}</span> }
    });
    view! {
        <div class="analysis-chips">
            {priority}
            {topics}
            {pii}
            {spam}
            {language}
        </div>
    }
}

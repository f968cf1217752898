//! Settings → Topics: apply the rules saved now to past messages (and, after an upgrade, the
//! new engine): the server analyses the stored customer messages again in the background.

use earshot_api::{ReanalysisRequest, ReanalysisStatus};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::status::FormError;

/// How often a running re-analysis is asked how it is doing.
const POLL_MS: u64 = 1_000;

#[component]
pub fn Reanalysis() -> impl IntoView {
    let status = RwSignal::new(None::<ReanalysisStatus>);
    let since = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Asks for the status, and again after a while as long as it runs (stops when the page
    // is left: the signal is gone).
    fn poll(status: RwSignal<Option<ReanalysisStatus>>) {
        spawn_local(async move {
            let Ok(now) = api::reanalysis().await else {
                return;
            };
            let running = now.running;
            // The value comes back when the signal is gone (the page was left).
            if status.try_set(Some(now)).is_some() {
                return;
            }
            if running {
                set_timeout(
                    move || poll(status),
                    std::time::Duration::from_millis(POLL_MS),
                );
            }
        });
    }
    poll(status);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = ReanalysisRequest {
            since: Some(since.get_untracked()).filter(|s| !s.trim().is_empty()),
        };
        submit(
            pending,
            error,
            api::start_reanalysis(request),
            move |started| {
                status.set(Some(started));
                poll(status);
            },
        );
    };
    let running = Signal::derive(move || status.get().is_some_and(|s| s.running));
    view! {
        <div class="card" id="reanalysis">
            <h2>"Apply to past messages"</h2>
            <p class="muted">
                "Saved rules tag the messages that arrive after them. This analyses the customer messages already here again, with the rules as they are now: their topics, sentiment, language and personal data, for the inbox and the reports. "
                "Spam decisions stay as they are, and no conversation changes team."
            </p>
            <form on:submit=on_submit novalidate=true>
                <Field
                    id="reanalysis-since"
                    label="From (optional)"
                    value=since
                    kind="date"
                    hint="Only messages written on or after this day; empty for all"
                    disabled=running
                />
                <FormError error=error/>
                <div class="button-row">
                    <SubmitButton
                        id="reanalysis-start"
                        label="Re-analyse past messages"
                        pending_label="Starting…"
                        pending=Signal::derive(move || pending.get() || running.get())
                    />
                </div>
            </form>
            <p id="reanalysis-status" role="status" aria-live="polite">{move || status.get().map(describe)}</p>
        </div>
    }
}

/// The status in a sentence.
fn describe(status: ReanalysisStatus) -> String {
    let since = status
        .since
        .map(|day| format!(" from {day}"))
        .unwrap_or_default();
    let started = status
        .started_at
        .map(|at| format!(", started {}", crate::util::format_relative(at)))
        .unwrap_or_default();
    let resumed = if status.resumed {
        " (continued after a restart of the server)"
    } else {
        ""
    };
    if status.running {
        let done = status
            .summary
            .map(|s| {
                format!(
                    " {} messages in {} conversations done so far.",
                    s.messages, s.conversations
                )
            })
            .unwrap_or_default();
        return format!("Re-analysing messages{since}{started}{resumed}…{done}");
    }
    if let Some(error) = status.error {
        return error;
    }
    match status.summary {
        Some(s) => format!(
            "Done{since}{resumed}: {} messages in {} conversations analysed again; {} conversations changed. Topics changed in {}, sentiment in {}, language in {}; personal data newly found in {}.",
            s.messages,
            s.conversations,
            s.conversations_changed,
            s.topics_changed,
            s.sentiment_changed,
            s.language_changed,
            s.pii_found
        ),
        None => String::new(),
    }
}

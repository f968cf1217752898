//! The middle pane: the open conversation's header and controls, who else is there, its
//! messages, and the composer (or a read-only hint).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::composer::Composer;
use super::controls::ThreadHeader;
use super::messages::MessageList;
use super::state::{Presence, ThreadLoad, use_inbox};
use crate::components::status::{EmptyState, ErrorNotice, Loading};

#[component]
pub fn Thread() -> impl IntoView {
    let ctx = use_inbox();
    // Rebuilt only when another conversation opens or its loading state changes, so that
    // live updates inside it do not disturb the composer or the controls.
    let shown = Memo::new(move |_| (ctx.selected.get(), ctx.thread.get()));
    let has_summary = Memo::new(move |_| ctx.conversation.with(Option::is_some));

    let body = move || {
        let (selected, load) = shown.get();
        let Some(id) = selected else {
            return view! {
                <div class="thread-empty">
                    <EmptyState
                        title="No conversation open"
                        text="Choose a conversation from the list, or press j to open the first one."
                    />
                </div>
            }
            .into_any();
        };
        match load {
            ThreadLoad::Ready => view! {
                <ThreadHeader/>
                <PresenceBanner/>
                <MessageList/>
                <ComposerOrHint/>
            }
            .into_any(),
            ThreadLoad::Failed(message) => {
                let retry = Callback::new(move |_| ctx.open_thread(Some(id)));
                view! {
                    <BackBar/>
                    <div class="thread-state"><ErrorNotice message=message on_retry=retry/></div>
                }
                .into_any()
            }
            _ => view! {
                {move || if has_summary.get() {
                    view! { <ThreadHeader/> }.into_any()
                } else {
                    view! { <BackBar/> }.into_any()
                }}
                <div class="thread-state"><Loading label="Loading the conversation…"/></div>
            }
            .into_any(),
        }
    };

    view! {
        <div
            id="thread"
            class="thread"
            data-conversation-id=move || ctx.selected.get().map(|id| id.to_string())
            aria-busy=move || (ctx.thread.get() == ThreadLoad::Loading).then_some("true")
        >
            {body}
        </div>
    }
}

/// The back button alone, for a thread that has no header (yet).
#[component]
fn BackBar() -> impl IntoView {
    view! {
        <div class="thread-header">
            <BackButton/>
        </div>
    }
}

/// Back to the list (phones only; on wider screens the list is always there).
#[component]
pub fn BackButton() -> impl IntoView {
    let navigate = use_navigate();
    view! {
        <button
            type="button"
            id="thread-back"
            class="btn btn-small back-button"
            on:click=move |_| navigate("/inbox", Default::default())
        >
            <span aria-hidden="true">"← "</span>
            "Conversations"
        </button>
    }
}

#[component]
fn ComposerOrHint() -> impl IntoView {
    let ctx = use_inbox();
    if ctx.can_act {
        view! { <Composer/> }.into_any()
    } else {
        view! {
            <p id="read-only-hint" class="read-only-hint">
                "Read-only: your role can read conversations but not reply, add notes or change them."
            </p>
        }
        .into_any()
    }
}

/// "Jane is replying · Bob is viewing", from other people's presence in this conversation.
pub fn presence_text(list: &[Presence]) -> Option<String> {
    let names = |state: &str| -> Vec<String> {
        list.iter()
            .filter(|p| p.state == state)
            .map(|p| p.name.clone())
            .collect()
    };
    let phrase = |names: Vec<String>, verb: &str| -> Option<String> {
        match names.len() {
            0 => None,
            1 => Some(format!("{} is {verb}", names[0])),
            n => Some(format!(
                "{} and {} are {verb}",
                names[..n - 1].join(", "),
                names[n - 1]
            )),
        }
    };
    let parts: Vec<String> = [
        phrase(names("replying"), "replying"),
        phrase(names("viewing"), "viewing"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[component]
fn PresenceBanner() -> impl IntoView {
    let ctx = use_inbox();
    let text = move || ctx.presence.with(|list| presence_text(list));
    let replying = move || {
        ctx.presence
            .with(|list| list.iter().any(|p| p.state == "replying"))
    };
    view! {
        <Show when=move || text().is_some()>
            <p id="presence-banner" class="presence-banner" class:replying=replying role="status">
                <span class="presence-dot" aria-hidden="true"></span>
                {text}
            </p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, state: &str) -> Presence {
        Presence {
            user_id: 0,
            name: name.into(),
            state: state.into(),
            at: 0,
        }
    }

    #[test]
    fn presence_reads_like_a_sentence() {
        assert_eq!(presence_text(&[]), None);
        assert_eq!(
            presence_text(&[p("Jane", "viewing")]).as_deref(),
            Some("Jane is viewing")
        );
        assert_eq!(
            presence_text(&[
                p("Jane", "replying"),
                p("Bob", "viewing"),
                p("Ann", "viewing")
            ])
            .as_deref(),
            Some("Jane is replying · Bob and Ann are viewing")
        );
    }
}

//! The composer under the thread: a reply to the customer or a private note for the team
//! (with @mention hints), sent with the button or Ctrl/Cmd+Enter.

use earshot_api::UserSummary;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{ComposerMode, use_inbox};
use crate::api;
use crate::components::form::submit;

/// "Replying" is told to teammates at most this often while the user types.
const TYPING_EVERY_MS: f64 = 3_000.0;

/// The `@…` being typed at the end of the text, without the `@`.
fn mention_prefix(draft: &str) -> Option<&str> {
    let last = draft.rsplit(char::is_whitespace).next()?;
    let prefix = last.strip_prefix('@')?;
    (!prefix.contains('@')).then_some(prefix)
}

/// Teammates whose name starts a word with `prefix` (case-insensitive), at most six.
fn mention_candidates(people: &[UserSummary], me: i64, prefix: &str) -> Vec<String> {
    let prefix = prefix.to_lowercase();
    people
        .iter()
        .filter(|p| p.id != me)
        .filter(|p| {
            let name = p.name.to_lowercase();
            name.starts_with(&prefix) || name.split_whitespace().any(|w| w.starts_with(&prefix))
        })
        .take(6)
        .map(|p| p.name.clone())
        .collect()
}

#[component]
pub fn Composer() -> impl IntoView {
    let ctx = use_inbox();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let last_typing = StoredValue::new(0f64);
    let textarea = NodeRef::<leptos::html::Textarea>::new();

    let send = move || {
        let Some(id) = ctx.selected.get_untracked() else {
            return;
        };
        let text = ctx.draft.get_untracked().trim().to_string();
        if text.is_empty() {
            error.set(Some("Write something first.".into()));
            return;
        }
        let mode = ctx.mode.get_untracked();
        let request = async move {
            match mode {
                ComposerMode::Reply => api::reply(id, text).await,
                ComposerMode::Note => api::add_note(id, text).await,
            }
        };
        submit(pending, error, request, move |message| {
            if ctx.selected.try_get_untracked() == Some(Some(id)) {
                ctx.draft.set(String::new());
            }
            ctx.put_message(message.clone());
            ctx.count_message(&message);
        });
    };

    let on_input = move |ev| {
        ctx.draft.set(event_target_value(&ev));
        let now = js_sys::Date::now();
        if now - last_typing.get_value() >= TYPING_EVERY_MS {
            last_typing.set_value(now);
            if let Some(id) = ctx.selected.get_untracked() {
                spawn_local(async move {
                    let _ = api::presence(id, "replying").await;
                });
            }
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            send();
        }
    };
    let set_mode = move |mode: ComposerMode| {
        ctx.mode.set(mode);
        if let Some(t) = textarea.get_untracked() {
            let _ = t.focus();
        }
    };
    let is_note = move || ctx.mode.get() == ComposerMode::Note;

    let hints = move || {
        if !is_note() {
            return Vec::new();
        }
        let draft = ctx.draft.get();
        let Some(prefix) = mention_prefix(&draft) else {
            return Vec::new();
        };
        ctx.people
            .with(|people| mention_candidates(people, ctx.me, prefix))
    };
    let insert_mention = move |name: String| {
        ctx.draft.update(|draft| {
            if let Some(at) = draft.rfind('@') {
                draft.truncate(at);
            }
            draft.push('@');
            draft.push_str(&name);
            draft.push(' ');
        });
        if let Some(t) = textarea.get_untracked() {
            let _ = t.focus();
        }
    };

    view! {
        <div class="composer" class:note-mode=is_note>
            <div class="composer-modes" role="group" aria-label="Write a">
                <button
                    type="button"
                    id="composer-mode-reply"
                    class="mode-button"
                    class:active=move || !is_note()
                    aria-pressed=move || (!is_note()).to_string()
                    title="Reply to the customer (r)"
                    on:click=move |_| set_mode(ComposerMode::Reply)
                >
                    "Reply"
                </button>
                <button
                    type="button"
                    id="composer-mode-note"
                    class="mode-button"
                    class:active=is_note
                    aria-pressed=move || is_note().to_string()
                    title="Private note for the team (n)"
                    on:click=move |_| set_mode(ComposerMode::Note)
                >
                    "Note"
                </button>
            </div>
            <label for="composer" class="visually-hidden">
                {move || if is_note() { "Private note" } else { "Reply" }}
            </label>
            <textarea
                id="composer"
                node_ref=textarea
                rows="3"
                placeholder=move || {
                    if is_note() {
                        "Write a private note — only your team sees it. Type @ to mention someone."
                    } else {
                        "Write a reply to the customer…"
                    }
                }
                prop:value=move || ctx.draft.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <Show when=move || !hints().is_empty()>
                <ul class="mention-hints" aria-label="Mention a teammate">
                    {move || hints()
                        .into_iter()
                        .map(|name| {
                            let chosen = name.clone();
                            view! {
                                <li>
                                    <button type="button" class="mention-hint" on:click=move |_| insert_mention(chosen.clone())>
                                        "@" {name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Show>
            {move || error.get().map(|e| view! { <p id="composer-error" class="form-error" role="alert">{e}</p> })}
            <div class="composer-actions">
                <span class="muted small">"Ctrl+Enter to send"</span>
                <button
                    type="button"
                    id="composer-send"
                    class="btn btn-primary"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().then_some("true")
                    on:click=move |_| send()
                >
                    {move || match (pending.get(), is_note()) {
                        (true, _) => "Sending…",
                        (false, true) => "Add note",
                        (false, false) => "Send reply",
                    }}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mention_being_typed_is_found_at_the_end() {
        assert_eq!(mention_prefix("hi @ja"), Some("ja"));
        assert_eq!(mention_prefix("@"), Some(""));
        assert_eq!(mention_prefix("hi @jane "), None);
        assert_eq!(mention_prefix("mail jane@example.com"), None);
    }
}

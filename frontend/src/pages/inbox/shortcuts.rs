//! Keyboard shortcuts of the inbox (one listener on the window while the inbox is shown)
//! and the help overlay that lists them.

use earshot_api::Status;
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::state::{ComposerMode, InboxCtx, use_inbox};

pub const SHORTCUTS: [(&str, &str); 9] = [
    ("j", "Next conversation"),
    ("k", "Previous conversation"),
    ("r", "Reply"),
    ("n", "Add a private note"),
    ("e", "Resolve the open conversation"),
    ("a", "Assign the open conversation to me"),
    ("/", "Search"),
    ("?", "Show or hide this help"),
    ("Esc", "Close this help, or leave the composer"),
];

fn element(id: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Whether the key press is meant for a form field rather than for a shortcut.
fn typing_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || target
            .get_attribute("contenteditable")
            .is_some_and(|v| v != "false")
}

fn blur_active_field() {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(active) = active {
        let _ = active.blur();
    }
}

fn focus_composer(ctx: InboxCtx, mode: ComposerMode) {
    ctx.mode.set(mode);
    if let Some(composer) = element("composer") {
        let _ = composer.focus();
    }
}

/// Brings the list row of a conversation into view after moving to it with j / k.
fn scroll_row_into_view(id: i64) {
    let selector = format!("#conversation-list [data-conversation-id=\"{id}\"]");
    if let Some(row) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
    {
        row.scroll_into_view_with_bool(false);
    }
}

/// Registers the window keydown listener for the life of the inbox.
pub fn install_shortcuts(ctx: InboxCtx) {
    let navigate = use_navigate();
    let move_by = move |step: isize| {
        let ids: Vec<i64> = ctx
            .items
            .with_untracked(|items| items.iter().map(|c| c.id).collect());
        if ids.is_empty() {
            return;
        }
        let current = ctx
            .selected
            .get_untracked()
            .and_then(|id| ids.iter().position(|i| *i == id));
        let next = match current {
            Some(index) => (index as isize + step).clamp(0, ids.len() as isize - 1) as usize,
            None if step > 0 => 0,
            None => ids.len() - 1,
        };
        if Some(next) != current {
            navigate(&format!("/inbox/{}", ids[next]), Default::default());
            scroll_row_into_view(ids[next]);
        }
    };
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.key() == "Escape" {
            if ctx.help_open.get_untracked() {
                ctx.help_open.set(false);
                event.prevent_default();
            } else if typing_in_a_field(&event) {
                blur_active_field();
            }
            return;
        }
        if event.ctrl_key()
            || event.meta_key()
            || event.alt_key()
            || event.default_prevented()
            || typing_in_a_field(&event)
        {
            return;
        }
        let open = ctx.selected.get_untracked();
        let handled = match event.key().as_str() {
            "j" => {
                move_by(1);
                true
            }
            "k" => {
                move_by(-1);
                true
            }
            "r" | "n" if open.is_some() && ctx.can_act => {
                let mode = if event.key() == "r" {
                    ComposerMode::Reply
                } else {
                    ComposerMode::Note
                };
                focus_composer(ctx, mode);
                true
            }
            "e" if ctx.can_act => {
                if let Some(id) = open {
                    ctx.set_status(id, Status::Resolved);
                }
                true
            }
            "a" if ctx.can_act => {
                if let Some(id) = open {
                    ctx.assign(id, Some(ctx.me));
                }
                true
            }
            "/" => {
                if let Some(search) = element("search-input") {
                    let _ = search.focus();
                }
                true
            }
            "?" => {
                ctx.help_open.update(|o| *o = !*o);
                true
            }
            _ => false,
        };
        if handled {
            // Keeps the letter out of the field that has just been focused.
            event.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let ctx = use_inbox();
    let rows = || {
        SHORTCUTS
            .iter()
            .map(|(key, what)| {
                view! {
                    <tr>
                        <td><kbd>{*key}</kbd></td>
                        <td>{*what}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || ctx.help_open.get()>
            <div class="overlay-backdrop" on:click=move |_| ctx.help_open.set(false)></div>
            <div id="shortcuts-help" class="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <div class="overlay-head">
                    <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                    <button
                        type="button"
                        id="shortcuts-close"
                        class="icon-button"
                        aria-label="Close"
                        on:click=move |_| ctx.help_open.set(false)
                    >
                        "×"
                    </button>
                </div>
                <table class="shortcut-table">
                    <tbody>{rows()}</tbody>
                </table>
                <p class="muted small">"Shortcuts work when the cursor is not in a text field. Ctrl+Enter (⌘+Enter on a Mac) sends from the composer."</p>
            </div>
        </Show>
    }
}

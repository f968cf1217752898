//! The inbox at `/inbox` and `/inbox/:id`: the conversation list, the open thread and the
//! contact panel side by side (one at a time on a phone), kept up to date by the live
//! stream and driven by keyboard shortcuts.

mod analysis;
mod composer;
mod contact;
mod controls;
mod filters;
mod format;
mod list;
mod loading;
mod messages;
mod shortcuts;
mod state;
mod thread;
mod updates;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use earshot_api::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::guard::RequirePermission;
use crate::live::{LiveStatus, subscribe, use_live};
use crate::util::now_secs;
pub use format::channel_kind_label;

use contact::ContactPanel;
use filters::FilterBar;
use list::ConversationList;
use shortcuts::{ShortcutsHelp, install_shortcuts};
use state::{InboxCtx, ThreadLoad};
use thread::Thread;

/// Every this many seconds: the waiting times are recomputed and stale presence dropped.
const TICK: Duration = Duration::from_secs(5);
/// Every this many ticks, "viewing" is sent again so teammates' banners do not expire.
const HEARTBEAT_TICKS: u32 = 6;

#[component]
pub fn InboxPage() -> impl IntoView {
    crate::util::set_title("Inbox");
    view! {
        <RequirePermission permission=Permission::ViewConversations>
            <Inbox/>
        </RequirePermission>
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let params = use_params_map();
    // Read with `get`: a bare `track()` of the router's memo does not re-run effects.
    let selected = Memo::new(move |_| params.get().get("id").and_then(|id| id.parse::<i64>().ok()));
    let ctx = InboxCtx::new(selected);
    provide_context(ctx);
    ctx.load_lookups();

    // The list follows the filters.
    Effect::new(move |_| {
        let _filters = ctx.filters.get();
        ctx.reload_list();
    });

    // The thread follows the address; teammates learn when the user leaves a conversation.
    let open_id = Arc::new(AtomicI64::new(0));
    let tracked = open_id.clone();
    Effect::new(move |previous: Option<Option<i64>>| {
        let id = selected.get();
        if let Some(Some(old)) = previous.filter(|p| *p != id) {
            spawn_local(async move {
                let _ = api::presence(old, "left").await;
            });
        }
        tracked.store(id.unwrap_or(0), Ordering::Relaxed);
        ctx.open_thread(id);
        id
    });
    let leaving = open_id.clone();
    on_cleanup(move || {
        let id = leaving.load(Ordering::Relaxed);
        if id != 0 {
            spawn_local(async move {
                let _ = api::presence(id, "left").await;
            });
        }
    });
    let unloading = open_id.clone();
    let pagehide = window_event_listener_untyped("pagehide", move |_| {
        let id = unloading.load(Ordering::Relaxed);
        if id != 0 {
            api::presence_left_on_unload(id);
        }
    });
    on_cleanup(move || pagehide.remove());

    // Live updates, and a reload after a break in the stream (events may have been lost).
    subscribe(move |event| ctx.apply_event(event));
    let live = use_live();
    if let Some(live) = live {
        Effect::new(move |previous: Option<u32>| {
            let resyncs = live.resyncs.get();
            if previous.is_some_and(|p| p != resyncs) {
                ctx.soft_refresh();
                ctx.refresh_thread();
            }
            resyncs
        });
    }

    // The clock for waiting times, presence expiry and the "viewing" heartbeat.
    let ticks = StoredValue::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            ctx.now.set(now_secs());
            ctx.expire_presence();
            ticks.update_value(|t| *t += 1);
            let heartbeat = ticks.get_value().is_multiple_of(HEARTBEAT_TICKS);
            if let Some(id) = ctx.selected.get_untracked().filter(|_| heartbeat) {
                spawn_local(async move {
                    let _ = api::presence(id, "viewing").await;
                });
            }
        },
        TICK,
    ) {
        on_cleanup(move || handle.clear());
    }

    install_shortcuts(ctx);

    let pane = move || {
        if selected.get().is_none() {
            "list"
        } else if ctx.show_contact.get() {
            "contact"
        } else {
            "thread"
        }
    };

    view! {
        <section id="inbox-page" class="inbox" data-pane=pane>
            <div class="inbox-pane inbox-list-pane">
                <header class="inbox-list-header">
                    <h1>"Inbox"</h1>
                    <LiveIndicator status=live.map(|l| l.status)/>
                    <button
                        type="button"
                        id="shortcuts-button"
                        class="icon-button"
                        aria-label="Keyboard shortcuts"
                        title="Keyboard shortcuts (?)"
                        on:click=move |_| ctx.help_open.update(|o| *o = !*o)
                    >
                        "?"
                    </button>
                </header>
                <FilterBar/>
                <ConversationList/>
            </div>
            <div class="inbox-pane inbox-thread-pane">
                <Thread/>
            </div>
            <aside
                class="inbox-pane inbox-contact-pane"
                class:open=move || ctx.show_contact.get()
                class:empty=move || ctx.thread.get() == ThreadLoad::Idle
                aria-label="Contact"
            >
                <ContactPanel/>
            </aside>
            <ShortcutsHelp/>
        </section>
    }
}

#[component]
fn LiveIndicator(status: Option<RwSignal<LiveStatus>>) -> impl IntoView {
    let state = move || status.map(|s| s.get()).unwrap_or(LiveStatus::Off);
    let label = move || match state() {
        LiveStatus::Live => "Live",
        LiveStatus::Reconnecting => "Reconnecting…",
        LiveStatus::Connecting => "Connecting…",
        LiveStatus::Off => "Offline",
    };
    let class = move || match state() {
        LiveStatus::Live => "live-indicator is-live",
        LiveStatus::Reconnecting => "live-indicator is-reconnecting",
        _ => "live-indicator",
    };
    view! {
        <span id="live-indicator" class=class role="status" aria-live="polite">
            <span class="live-dot" aria-hidden="true"></span>
            {label}
        </span>
    }
}

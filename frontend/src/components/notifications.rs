//! The bell in the top bar: @mentions and other notifications, loaded once and then kept up
//! to date by the live stream. Clicking one opens its conversation.

use earshot_api::{Event, Notification};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::live::{subscribe, use_live};
use crate::util::{format_relative, now_secs};

#[component]
pub fn NotificationBell() -> impl IntoView {
    let items = RwSignal::new(Vec::<Notification>::new());
    let error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let open = RwSignal::new(false);
    let marking = RwSignal::new(false);
    let navigate = use_navigate();

    let load = move || {
        spawn_local(async move {
            match api::notifications().await {
                Ok(list) => {
                    items.set(list);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            loaded.set(true);
        });
    };
    load();
    subscribe(move |event| {
        if let Event::Notification { notification } = event {
            items.update(|list| {
                if !list.iter().any(|n| n.id == notification.id) {
                    list.insert(0, notification.clone());
                }
            });
        }
    });
    // After a break in the live stream, notifications may have been missed.
    if let Some(live) = use_live() {
        Effect::new(move |previous: Option<u32>| {
            let resyncs = live.resyncs.get();
            if previous.is_some_and(|p| p != resyncs) {
                load();
            }
            resyncs
        });
    }

    let unread = move || items.with(|list| list.iter().filter(|n| n.read_at.is_none()).count());
    let mark_all_read = move |_| {
        if marking.get_untracked() {
            return;
        }
        marking.set(true);
        spawn_local(async move {
            match api::mark_notifications_read().await {
                Ok(()) => {
                    let now = now_secs();
                    items.update(|list| {
                        for n in list.iter_mut().filter(|n| n.read_at.is_none()) {
                            n.read_at = Some(now);
                        }
                    });
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            marking.set(false);
        });
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.stop_propagation();
            open.set(false);
        }
    };

    let list_view = move || {
        let list = items.get();
        if !loaded.get() {
            return view! { <p class="muted notifications-empty">"Loading…"</p> }.into_any();
        }
        if list.is_empty() {
            return view! { <p class="muted notifications-empty">"No notifications yet. Mentions in notes will appear here."</p> }
                .into_any();
        }
        let navigate = navigate.clone();
        list.into_iter()
            .map(|n| {
                let target = n.conversation_id;
                let navigate = navigate.clone();
                let go = move |_| {
                    open.set(false);
                    if let Some(id) = target {
                        navigate(&format!("/inbox/{id}"), Default::default());
                    }
                };
                let who = if n.actor_name.is_empty() {
                    String::new()
                } else {
                    format!("{} · ", n.actor_name)
                };
                view! {
                    <li>
                        <button
                            type="button"
                            class="notification-item"
                            class:unread=n.read_at.is_none()
                            data-notification-id=n.id
                            on:click=go
                        >
                            <span class="notification-text">{n.text.clone()}</span>
                            <span class="muted small">{who}{format_relative(n.created_at)}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <div class="notifications" on:keydown=on_keydown>
            <button
                id="notifications-button"
                type="button"
                class="bell-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="notifications-panel"
                aria-label=move || match unread() {
                    0 => "Notifications".to_string(),
                    n => format!("Notifications, {n} unread"),
                }
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <svg class="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path
                        fill="currentColor"
                        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
                    />
                </svg>
                <Show when=move || { unread() > 0 }>
                    <span id="notifications-count" class="bell-count">{unread}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div class="menu-backdrop" on:click=move |_| open.set(false)></div>
                <div id="notifications-panel" class="menu-panel notifications-panel">
                    <div class="notifications-head">
                        <strong>"Notifications"</strong>
                        <button
                            id="notifications-mark-read"
                            type="button"
                            class="link-button"
                            disabled=move || marking.get() || unread() == 0
                            on:click=mark_all_read
                        >
                            "Mark all read"
                        </button>
                    </div>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <ul class="notification-list">{list_view.clone()}</ul>
                </div>
            </Show>
        </div>
    }
}

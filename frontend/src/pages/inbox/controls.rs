//! The open conversation's header: who and where, and the controls for status, assignee,
//! priority, snoozing and tags (hidden for read-only roles).

use earshot_api::{ConversationSummary, Priority, Role, Status, UpdateConversationRequest};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::format::{PRIORITIES, SnoozeChoice, kind_label, priority_label, status_label};
use super::state::{ComposerMode, InboxCtx, use_inbox};
use super::thread::BackButton;
use crate::api::{parse_wire, wire_name};
use crate::util::format_time;

/// A field of the open conversation (reactive); `None` while nothing is open.
fn field<T: 'static>(
    ctx: InboxCtx,
    f: impl Fn(&ConversationSummary) -> T + Copy + 'static,
) -> impl Fn() -> Option<T> + Copy {
    move || ctx.conversation.with(|c| c.as_ref().map(f))
}

fn open_id(ctx: InboxCtx) -> Option<i64> {
    ctx.conversation
        .with_untracked(|c| c.as_ref().map(|c| c.id))
}

#[component]
pub fn ThreadHeader() -> impl IntoView {
    let ctx = use_inbox();
    let name = field(ctx, |c| c.contact_name.clone());
    let vip = field(ctx, |c| c.contact_vip);
    let status = field(ctx, |c| c.status);
    let place = field(ctx, |c| {
        format!("{} · {}", kind_label(c.kind), c.channel_name)
    });
    let snoozed_until = field(ctx, |c| {
        c.snoozed_until.filter(|_| c.status == Status::Snoozed)
    });
    let spam = field(ctx, |c| c.spam);
    let status_class = move || {
        format!(
            "badge status-badge status-{}",
            status().map(wire_name).unwrap_or_default()
        )
    };

    view! {
        <header class="thread-header">
            <div class="thread-title">
                <BackButton/>
                <div class="thread-who">
                    <h2 id="thread-contact">
                        {name}
                        <Show when=move || vip() == Some(true)>
                            <span class="vip-star" title="VIP">" ★"</span>
                        </Show>
                    </h2>
                    <p class="muted small">
                        {place}
                        {move || snoozed_until().flatten().map(|t| format!(" · snoozed until {}", format_time(t)))}
                    </p>
                </div>
                <span id="thread-status" class=status_class>{move || status().map(status_label)}</span>
                <Show when=move || spam() == Some(true)>
                    <span id="thread-spam" class="badge badge-muted" title="Filed away as spam; nothing was deleted">"Spam"</span>
                </Show>
                <button
                    type="button"
                    id="contact-toggle"
                    class="btn btn-small contact-toggle"
                    aria-expanded=move || ctx.show_contact.get().to_string()
                    aria-controls="contact-panel"
                    on:click=move |_| ctx.show_contact.update(|s| *s = !*s)
                >
                    "Contact"
                </button>
            </div>
            {if ctx.can_act {
                view! {
                    <div class="thread-controls">
                        <StatusControls/>
                        <AssignSelect/>
                        <PrioritySelect/>
                        <SnoozeMenu/>
                        <SpamToggle/>
                    </div>
                    <TagEditor/>
                }
                .into_any()
            } else {
                view! { <ReadOnlyFacts/> }.into_any()
            }}
            <ExposureBanner/>
            {move || ctx.action_error.get().map(|e| view! { <p id="thread-error" class="form-error" role="alert">{e}</p> })}
        </header>
    }
}

/// Files the conversation away as spam, or restores it to the queue (nothing is deleted).
#[component]
fn SpamToggle() -> impl IntoView {
    let ctx = use_inbox();
    let spam = field(ctx, |c| c.spam);
    let toggle = move |_| {
        if let Some(id) = open_id(ctx) {
            let filed = spam() == Some(true);
            ctx.update(
                id,
                UpdateConversationRequest {
                    spam: Some(!filed),
                    ..Default::default()
                },
            );
        }
    };
    view! {
        <button type="button" id="spam-toggle" class="btn btn-small" disabled=move || ctx.busy.get() on:click=toggle>
            {move || if spam() == Some(true) { "Not spam" } else { "Spam" }}
        </button>
    }
}

/// The reply that asks a customer who exposed personal data in public to continue in private.
fn move_to_private_reply(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or("there");
    format!(
        "Hi {first}, for your security please don't share personal details in public posts; \
         we have hidden them on our side. Please send us a private message and we'll continue there."
    )
}

/// Shown when a public post exposed personal data; offers the move-to-private reply.
#[component]
fn ExposureBanner() -> impl IntoView {
    let ctx = use_inbox();
    let exposed = field(ctx, |c| c.pii_exposed.clone());
    let name = field(ctx, |c| c.contact_name.clone());
    let use_template = move |_| {
        ctx.mode.set(ComposerMode::Reply);
        ctx.draft
            .set(move_to_private_reply(&name().unwrap_or_default()));
    };
    move || {
        exposed().flatten().map(|what| {
            view! {
                <div id="pii-banner" class="notice notice-warning pii-banner" role="status">
                    <span>{format!("The customer exposed {what} in a public post.")}</span>
                    {ctx.can_act.then(|| view! {
                        <button type="button" id="move-to-private" class="btn btn-small" on:click=use_template>
                            "Use the move-to-private reply"
                        </button>
                    })}
                </div>
            }
        })
    }
}

/// What analysts see instead of the controls.
#[component]
fn ReadOnlyFacts() -> impl IntoView {
    let ctx = use_inbox();
    let priority = field(ctx, |c| priority_label(c.priority));
    let assignee = move || {
        ctx.conversation
            .with(|c| c.as_ref().and_then(|c| c.assignee_id))
            .map(|id| ctx.person_name(id).unwrap_or_else(|| format!("User #{id}")))
            .unwrap_or_else(|| "Unassigned".into())
    };
    let tags = field(ctx, |c| c.tags.join(", "));
    view! {
        <p class="muted small thread-facts">
            "Priority: " {priority} " · Assignee: " {assignee}
            {move || tags().filter(|t| !t.is_empty()).map(|t| format!(" · Tags: {t}"))}
        </p>
    }
}

#[component]
fn StatusControls() -> impl IntoView {
    let ctx = use_inbox();
    let status = field(ctx, |c| c.status);
    let resolved = move || status() == Some(Status::Resolved);
    let change = move |ev| {
        if let (Some(id), Some(next)) =
            (open_id(ctx), parse_wire::<Status>(&event_target_value(&ev)))
        {
            ctx.set_status(id, next);
        }
    };
    let options = [Status::Open, Status::Pending, Status::Snoozed, Status::Resolved]
        .into_iter()
        .map(|s| {
            // Snoozing needs a time: it is chosen with the Snooze button.
            view! {
                <option value=wire_name(s) disabled=s == Status::Snoozed selected=move || status() == Some(s)>
                    {status_label(s)}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="visually-hidden" for="status-select">"Status"</label>
        <select
            id="status-select"
            class="compact"
            prop:value=move || status().map(wire_name).unwrap_or_default()
            disabled=move || ctx.busy.get()
            on:change=change
        >
            {options}
        </select>
        <button
            type="button"
            id="resolve-button"
            class="btn btn-small btn-primary"
            disabled=move || ctx.busy.get() || resolved()
            title="Resolve (e)"
            on:click=move |_| if let Some(id) = open_id(ctx) { ctx.set_status(id, Status::Resolved) }
        >
            {move || if resolved() { "Resolved" } else { "Resolve" }}
        </button>
        <Show when=resolved>
            <button
                type="button"
                id="reopen-button"
                class="btn btn-small"
                disabled=move || ctx.busy.get()
                on:click=move |_| if let Some(id) = open_id(ctx) { ctx.set_status(id, Status::Open) }
            >
                "Reopen"
            </button>
        </Show>
    }
}

#[component]
fn AssignSelect() -> impl IntoView {
    let ctx = use_inbox();
    let assignee = field(ctx, |c| c.assignee_id);
    let current = move || assignee().flatten();
    let options = move || {
        let current = current();
        let people = ctx.people.get();
        let my_name = people
            .iter()
            .find(|p| p.id == ctx.me)
            .map(|p| p.name.clone());
        let mut list = vec![(String::new(), "Unassigned".to_string(), false)];
        list.push((
            ctx.me.to_string(),
            my_name.map_or("Me".into(), |n| format!("Me ({n})")),
            false,
        ));
        let mut others: Vec<_> = people
            .iter()
            .filter(|p| p.id != ctx.me && p.role != Role::Analyst)
            // Agents may only take conversations or let them go; the current assignee is
            // still shown.
            .filter(|p| ctx.can_assign || Some(p.id) == current)
            .map(|p| (p.id.to_string(), p.name.clone(), !ctx.can_assign))
            .collect();
        others.sort_by_key(|a| a.1.to_lowercase());
        if let Some(id) = current.filter(|id| *id != ctx.me && !people.iter().any(|p| p.id == *id))
        {
            others.push((id.to_string(), format!("User #{id}"), !ctx.can_assign));
        }
        list.extend(others);
        let chosen = current.map(|id| id.to_string()).unwrap_or_default();
        list.into_iter()
            .map(|(value, label, disabled)| {
                let selected = value == chosen;
                view! { <option value=value disabled=disabled selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let change = move |ev| {
        let value = event_target_value(&ev);
        if let Some(id) = open_id(ctx) {
            ctx.assign(id, value.parse::<i64>().ok());
        }
    };
    view! {
        <label class="visually-hidden" for="assign-select">"Assignee"</label>
        <select
            id="assign-select"
            class="compact"
            title="Assignee (a: assign to me)"
            prop:value=move || current().map(|id| id.to_string()).unwrap_or_default()
            disabled=move || ctx.busy.get()
            on:change=change
        >
            {options}
        </select>
    }
}

#[component]
fn PrioritySelect() -> impl IntoView {
    let ctx = use_inbox();
    let priority = field(ctx, |c| c.priority);
    let change = move |ev| {
        if let (Some(id), Some(p)) = (
            open_id(ctx),
            parse_wire::<Priority>(&event_target_value(&ev)),
        ) {
            ctx.update(
                id,
                UpdateConversationRequest {
                    priority: Some(p),
                    ..Default::default()
                },
            );
        }
    };
    let options = PRIORITIES
        .iter()
        .rev()
        .map(|p| {
            let p = *p;
            view! { <option value=wire_name(p) selected=move || priority() == Some(p)>{priority_label(p)}</option> }
        })
        .collect_view();
    view! {
        <label class="visually-hidden" for="priority-select">"Priority"</label>
        <select
            id="priority-select"
            class="compact"
            prop:value=move || priority().map(wire_name).unwrap_or_default()
            disabled=move || ctx.busy.get()
            on:change=change
        >
            {options}
        </select>
    }
}

#[component]
fn SnoozeMenu() -> impl IntoView {
    let ctx = use_inbox();
    let open = RwSignal::new(false);
    let choose = move |choice: SnoozeChoice| {
        open.set(false);
        if let Some(id) = open_id(ctx) {
            ctx.update(
                id,
                UpdateConversationRequest {
                    status: Some(Status::Snoozed),
                    snoozed_until: Some(choice.until()),
                    ..Default::default()
                },
            );
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.stop_propagation();
            open.set(false);
        }
    };
    view! {
        <div class="snooze" on:keydown=on_keydown>
            <button
                type="button"
                id="snooze-button"
                class="btn btn-small"
                aria-expanded=move || open.get().to_string()
                aria-controls="snooze-menu"
                disabled=move || ctx.busy.get()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Snooze"
            </button>
            <Show when=move || open.get()>
                <div class="menu-backdrop" on:click=move |_| open.set(false)></div>
                <ul id="snooze-menu" class="menu-panel snooze-menu">
                    {SnoozeChoice::ALL
                        .into_iter()
                        .map(|choice| view! {
                            <li>
                                <button type="button" id=choice.id() class="menu-item" on:click=move |_| choose(choice)>
                                    {choice.label()}
                                </button>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </Show>
        </div>
    }
}

#[component]
fn TagEditor() -> impl IntoView {
    let ctx = use_inbox();
    let tags = field(ctx, |c| c.tags.clone());
    let draft = RwSignal::new(String::new());
    let change = move |add: Option<String>, remove: Option<String>| {
        if let Some(id) = open_id(ctx) {
            ctx.update(
                id,
                UpdateConversationRequest {
                    add_tags: add.map(|t| vec![t]),
                    remove_tags: remove.map(|t| vec![t]),
                    ..Default::default()
                },
            );
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            let tag = draft.get_untracked().trim().to_string();
            if tag.is_empty() {
                return;
            }
            draft.set(String::new());
            if !tags().unwrap_or_default().contains(&tag) {
                change(Some(tag), None);
            }
        }
    };
    let chips = move || {
        tags()
            .unwrap_or_default()
            .into_iter()
            .map(|tag| {
                let remove = tag.clone();
                view! {
                    <li class="tag" data-tag=tag.clone()>
                        <span>{tag.clone()}</span>
                        <button
                            type="button"
                            class="tag-remove"
                            aria-label=format!("Remove tag {tag}")
                            disabled=move || ctx.busy.get()
                            on:click=move |_| change(None, Some(remove.clone()))
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="tag-editor">
            <ul class="tag-list" id="thread-tags" aria-label="Tags">{chips}</ul>
            <label class="visually-hidden" for="tag-input">"Add a tag"</label>
            <input
                id="tag-input"
                type="text"
                class="tag-input"
                placeholder="Add tag…"
                autocomplete="off"
                list="tag-suggestions"
                bind:value=draft
                on:keydown=on_keydown
            />
            <datalist id="tag-suggestions">
                {move || ctx.tags.get().into_iter().map(|t| view! { <option value=t.name></option> }).collect_view()}
            </datalist>
        </div>
    }
}

//! The conversation list: one row per conversation, more pages on scroll or "Load more".

use earshot_api::{ConversationSummary, Status};
use leptos::prelude::*;

use super::format::{kind_label, priority_label, short_duration, status_label};
use super::state::use_inbox;
use crate::api::wire_name;
use crate::components::status::{EmptyState, ErrorNotice, Loading};
use crate::util::format_relative;

/// A row is rebuilt whenever anything it shows changes.
fn row_key(c: &ConversationSummary) -> String {
    serde_json::to_string(c).unwrap_or_else(|_| c.id.to_string())
}

#[component]
pub fn ConversationList() -> impl IntoView {
    let ctx = use_inbox();
    let on_scroll = move |ev: leptos::ev::Event| {
        let element = event_target::<web_sys::Element>(&ev);
        let near_end =
            element.scroll_top() + element.client_height() + 160 >= element.scroll_height();
        if near_end {
            ctx.load_more();
        }
    };
    let empty = move || {
        !ctx.list_loading.get()
            && ctx.list_error.with(Option::is_none)
            && ctx.items.with(Vec::is_empty)
    };
    let empty_text = move || {
        if ctx.filters.with(|f| !f.q.is_empty()) {
            "No messages contain these words. Try other words, or clear the search."
        } else {
            "Try another status or fewer filters. New conversations appear here as they come in."
        }
    };
    let retry = Callback::new(move |_| {
        if ctx.items.with_untracked(Vec::is_empty) {
            ctx.reload_list();
        } else {
            ctx.load_more();
        }
    });

    view! {
        <div class="conversation-scroll" on:scroll=on_scroll>
            <ul id="conversation-list" class="conversation-list" aria-label="Conversations">
                <For each=move || ctx.items.get() key=row_key let:conversation>
                    <ConversationRow conversation=conversation/>
                </For>
            </ul>
            <Show when=empty>
                <div id="conversation-list-empty">
                    <EmptyState title="No conversations match these filters" text=empty_text()/>
                </div>
            </Show>
            {move || ctx.list_error.get().map(|message| view! { <ErrorNotice message=message on_retry=retry/> })}
            <Show when=move || ctx.list_loading.get()>
                <Loading label="Loading conversations…"/>
            </Show>
            <Show when=move || ctx.next_cursor.with(Option::is_some) && !ctx.list_loading.get()>
                <div class="load-more">
                    <button type="button" id="load-more" class="btn btn-small" on:click=move |_| ctx.load_more()>
                        "Load more"
                    </button>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn ConversationRow(conversation: ConversationSummary) -> impl IntoView {
    let ctx = use_inbox();
    let c = conversation;
    let id = c.id;
    let is_selected = move || ctx.selected.get() == Some(id);
    let waiting_since = c.waiting_since;
    let last_activity = c.last_activity_at;
    let waiting = move || {
        let now = ctx.now.get();
        match (waiting_since, last_activity) {
            (Some(since), _) => format!("waiting {}", short_duration(now - since)),
            (None, Some(at)) => format_relative(at),
            _ => String::new(),
        }
    };
    let waiting_class = move || {
        let long = waiting_since.is_some_and(|since| ctx.now.get() - since > 3_600);
        if long {
            "ci-time overdue"
        } else if waiting_since.is_some() {
            "ci-time waiting"
        } else {
            "ci-time"
        }
    };
    let kind = wire_name(c.kind);
    let priority_class = format!("priority-badge priority-{}", wire_name(c.priority));
    let show_status = c.status != Status::Open;
    let sentiment = c.sentiment.clone().filter(|s| !s.is_empty());
    let label = format!(
        "{}{}, {} on {}",
        if c.unread { "Unread: " } else { "" },
        c.contact_name,
        kind_label(c.kind),
        c.channel_name
    );
    let tags = c
        .tags
        .iter()
        .map(|t| view! { <li class="tag tag-small">{t.clone()}</li> })
        .collect_view();

    view! {
        <li>
            <a
                href=format!("/inbox/{id}")
                class="conversation-item"
                class:unread=c.unread
                class:selected=is_selected
                data-conversation-id=id
                aria-current=move || is_selected().then_some("true")
                aria-label=label
            >
                <div class="ci-top">
                    {c.unread.then(|| view! { <span class="unread-dot" title="Unread"></span> })}
                    {c.contact_vip.then(|| view! { <span class="vip-star" title="VIP">"★"</span> })}
                    <span class="ci-name">{c.contact_name.clone()}</span>
                    {sentiment.map(|s| view! {
                        <span class=format!("sentiment-dot sentiment-{s}") title=format!("Sentiment: {s}")></span>
                    })}
                    <span class=waiting_class>{waiting}</span>
                </div>
                <div class="ci-meta">
                    <span class=format!("kind-badge kind-{kind}")>{kind_label(c.kind)}</span>
                    <span class="ci-channel">{c.channel_name.clone()}</span>
                    <span class=priority_class title="Priority">{priority_label(c.priority)}</span>
                    {show_status.then(|| view! {
                        <span class=format!("badge status-badge status-{}", wire_name(c.status))>{status_label(c.status)}</span>
                    })}
                </div>
                <p class="ci-preview">{c.preview.clone()}</p>
                {(!c.tags.is_empty()).then(|| view! { <ul class="tag-list ci-tags">{tags}</ul> })}
            </a>
        </li>
    }
}

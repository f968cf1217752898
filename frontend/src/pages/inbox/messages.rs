//! The messages of the open conversation, oldest first, scrolled to the newest.

use earshot_api::{Direction, Message};
use leptos::prelude::*;

use super::analysis::{AnalysisChips, sentiment_explanation};
use super::state::use_inbox;
use crate::util::format_time;

#[component]
pub fn MessageList() -> impl IntoView {
    let ctx = use_inbox();
    let container = NodeRef::<leptos::html::Div>::new();
    // To the newest message when the thread opens and whenever one is added.
    Effect::new(move |_| {
        let _count = ctx.messages.with(Vec::len);
        request_animation_frame(move || {
            if let Some(element) = container.get_untracked() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    });
    let empty = move || ctx.messages.with(Vec::is_empty);
    view! {
        <div class="messages" node_ref=container role="log" aria-label="Messages">
            <Show when=empty>
                <p class="muted messages-empty">"No messages in this conversation yet."</p>
            </Show>
            <For
                each=move || ctx.messages.get()
                key=|m| (m.id, m.delivery_status.clone(), m.delivery_error.clone(), m.text.clone())
                let:message
            >
                <MessageView message=message/>
            </For>
        </div>
    }
}

/// Only http(s) links from outside are made clickable (never `javascript:` and the like).
fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn delivery_label(status: &str) -> &'static str {
    match status {
        "queued" => "Sending…",
        "sent" => "Sent",
        "failed" => "Not delivered",
        "pending_approval" => "Waiting for approval",
        _ => "",
    }
}

#[component]
fn MessageView(message: Message) -> impl IntoView {
    let ctx = use_inbox();
    let m = message;
    let class = match m.direction {
        Direction::In => "message in",
        Direction::Out => "message out",
        Direction::Note => "message note",
    };
    let author = if !m.author_name.is_empty() {
        m.author_name.clone()
    } else {
        m.author_user_id
            .and_then(|id| ctx.person_name(id))
            .unwrap_or_else(|| {
                if m.direction == Direction::In {
                    "Customer".into()
                } else {
                    "Team".into()
                }
            })
    };
    let delivery = (m.direction == Direction::Out)
        .then(|| m.delivery_status.clone())
        .flatten()
        .map(|status| {
            let text = match (delivery_label(&status), &m.delivery_error) {
                ("", _) => status.clone(),
                (label, Some(error)) if status == "failed" => format!("{label}: {error}"),
                (label, _) => label.to_string(),
            };
            view! {
                <p class=format!("delivery-status delivery-{status}") data-status=status.clone()>{text}</p>
            }
        });
    let sentiment = m
        .sentiment
        .clone()
        .filter(|s| !s.is_empty() && m.direction == Direction::In);
    // The reasons behind the dot, on hover ("negative −0.82: 'worst' −3.1; …").
    let sentiment_title = m
        .analysis
        .as_ref()
        .and_then(|a| a.sentiment.as_ref())
        .map(sentiment_explanation);
    let chips = m
        .analysis
        .clone()
        .filter(|_| m.direction == Direction::In)
        .map(|analysis| view! { <AnalysisChips analysis=analysis/> });

    view! {
        <article class=class data-message-id=m.id>
            <header class="message-meta">
                <strong class="message-author">{author}</strong>
                {(m.direction == Direction::Note).then(|| view! { <span class="badge note-badge">"Internal note"</span> })}
                {sentiment.map(|s| {
                    let title = sentiment_title.unwrap_or_else(|| format!("Sentiment: {s}"));
                    view! { <span class=format!("sentiment-dot sentiment-{s}") title=title></span> }
                })}
                <time class="muted small">{format_time(m.created_at)}</time>
            </header>
            <div class="message-text">{m.text.clone()}</div>
            {chips}
            {delivery}
            {m.url.clone().filter(|u| is_web_link(u)).map(|url| view! {
                <a class="small message-link" href=url target="_blank" rel="noopener noreferrer">"View original"</a>
            })}
        </article>
    }
}

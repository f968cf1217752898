//! The right pane: who the customer is (identities on each channel, followers) and their
//! other conversations.

use earshot_api::{Contact, ConversationSummary};
use leptos::prelude::*;

use super::format::{channel_kind_label, followers, kind_label, status_label};
use super::state::use_inbox;
use crate::api::wire_name;
use crate::util::format_relative;

#[component]
pub fn ContactPanel() -> impl IntoView {
    let ctx = use_inbox();
    let content = move || {
        let contact = ctx.contact.get()?;
        let past = ctx.past.get();
        Some(view! { <ContactDetails contact=contact past=past/> })
    };
    view! {
        <div id="contact-panel" class="contact-panel">
            <div class="contact-panel-head">
                <h2 class="visually-hidden">"Contact"</h2>
                <button
                    type="button"
                    id="contact-close"
                    class="btn btn-small contact-close"
                    on:click=move |_| ctx.show_contact.set(false)
                >
                    <span aria-hidden="true">"← "</span>
                    "Back to the conversation"
                </button>
            </div>
            {content}
        </div>
    }
}

#[component]
fn ContactDetails(contact: Contact, past: Vec<ConversationSummary>) -> impl IntoView {
    let identities = contact
        .identities
        .iter()
        .map(|identity| {
            let handle = if identity.handle.is_empty() {
                identity.external_id.clone()
            } else if identity.handle.starts_with('@') {
                identity.handle.clone()
            } else {
                format!("@{}", identity.handle)
            };
            let name = (!identity.display_name.is_empty() && identity.display_name != contact.name)
                .then(|| identity.display_name.clone());
            view! {
                <li class="identity" data-identity-id=identity.id>
                    <span class=format!("channel-badge channel-{}", wire_name(identity.channel_kind))>
                        {channel_kind_label(identity.channel_kind)}
                    </span>
                    <span class="identity-handle">{handle}</span>
                    {name.map(|n| view! { <span class="muted small">{n}</span> })}
                    {identity.followers.map(|f| view! { <span class="muted small identity-followers">{followers(f)}</span> })}
                </li>
            }
        })
        .collect_view();

    let past_list = if past.is_empty() {
        view! { <p class="muted small">"No other conversations."</p> }.into_any()
    } else {
        let items = past
            .into_iter()
            .map(|c| {
                let when = c.last_activity_at.map(format_relative).unwrap_or_default();
                view! {
                    <li>
                        <a class="past-conversation" href=format!("/inbox/{}", c.id) data-conversation-id=c.id>
                            <span class="past-top">
                                <span class=format!("kind-badge kind-{}", wire_name(c.kind))>{kind_label(c.kind)}</span>
                                <span class=format!("badge status-badge status-{}", wire_name(c.status))>{status_label(c.status)}</span>
                                <span class="muted small">{when}</span>
                            </span>
                            <span class="past-preview">{c.preview.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="past-list">{items}</ul> }.into_any()
    };

    view! {
        <section class="contact-card">
            <h3 id="contact-name">
                {contact.name.clone()}
                {contact.vip.then(|| view! { <span class="badge badge-vip" id="contact-vip">"★ VIP"</span> })}
            </h3>
            <p class="muted small">"First seen " {format_relative(contact.created_at)}</p>
            {(!contact.notes.is_empty()).then(|| view! { <p class="contact-notes">{contact.notes.clone()}</p> })}
        </section>
        <section class="contact-section">
            <h4>"Identities"</h4>
            <ul class="identity-list">{identities}</ul>
        </section>
        <section class="contact-section">
            <h4>"Past conversations"</h4>
            {past_list}
        </section>
    }
}

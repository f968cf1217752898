//! Settings → Channels: the "Add API channel" form and the card that shows a new secret
//! (after creating a channel or rotating its secret) this one time.

use earshot_api::{ChannelWithSecret, CreateChannelRequest, Team};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::status::FormError;
use crate::util::{copy_to_clipboard, origin};

#[component]
pub fn AddChannelForm(
    #[prop(into)] teams: Signal<Vec<Team>>,
    on_created: Callback<ChannelWithSecret>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let team = RwSignal::new(String::new());
    let webhook = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = CreateChannelRequest {
            name: name.get_untracked().trim().to_string(),
            team_id: team.get_untracked().parse().ok(),
            webhook_url: Some(webhook.get_untracked().trim().to_string()).filter(|u| !u.is_empty()),
        };
        if request.name.is_empty() {
            error.set(Some("Give the channel a name, e.g. “Website chat”.".into()));
            return;
        }
        if let Some(url) = &request.webhook_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            error.set(Some(
                "The webhook URL must start with https:// (or http:// on a private network)."
                    .into(),
            ));
            return;
        }
        submit(
            pending,
            error,
            api::create_channel(request),
            move |created| {
                name.set(String::new());
                team.set(String::new());
                webhook.set(String::new());
                on_created.run(created);
            },
        );
    };
    let team_options = move || {
        teams
            .get()
            .into_iter()
            .map(|t| view! { <option value=t.id.to_string()>{t.name}</option> })
            .collect_view()
    };

    view! {
        <div class="card" id="add-channel">
            <h2>"Add API channel"</h2>
            <p class="muted">
                "An API channel receives messages from your own systems (a website chat, a form, a bridge) and sends replies to a webhook."
            </p>
            <form on:submit=on_submit novalidate=true>
                <div class="form-grid">
                    <Field id="channel-name" label="Name" value=name required=true autocomplete="off"/>
                    <div class="field">
                        <label for="channel-team">"Team"</label>
                        <select id="channel-team" prop:value=move || team.get() on:change=move |ev| team.set(event_target_value(&ev))>
                            <option value="">"No team (everyone who sees all conversations)"</option>
                            {team_options}
                        </select>
                    </div>
                </div>
                <Field
                    id="channel-webhook-url"
                    label="Webhook URL for replies (optional)"
                    value=webhook
                    kind="url"
                    autocomplete="off"
                    hint="Replies written in Earshot are POSTed here as JSON, signed like inbound items."
                />
                <FormError error=error/>
                <div class="form-actions">
                    <SubmitButton id="channel-submit" label="Add channel" pending_label="Adding…" pending=pending/>
                </div>
            </form>
        </div>
    }
}

/// A read-only value with a copy button.
#[component]
fn CopyField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let stored = StoredValue::new(value.clone());
    let copy = move |_| {
        let text = stored.get_value();
        spawn_local(async move { copied.set(Some(copy_to_clipboard(text).await)) });
    };
    view! {
        <div class="field secret">
            <label for=id.clone()>{label}</label>
            <div class="secret-row">
                <input id=id type="text" readonly value=value on:focus=|ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                }/>
                <button type="button" class="btn" on:click=copy>
                    {move || match copied.get() {
                        Some(true) => "Copied",
                        Some(false) => "Copy by hand",
                        None => "Copy",
                    }}
                </button>
            </div>
        </div>
    }
}

/// The secret of a new or rotated channel, its inbound URL and how to sign requests.
#[component]
pub fn ChannelSecretCard(revealed: ChannelWithSecret, on_done: Callback<()>) -> impl IntoView {
    let inbound_url = format!("{}{}", origin(), revealed.inbound_path);
    view! {
        <div class="card card-success" id="channel-secret-card" role="status">
            <h2>{format!("Secret for “{}”", revealed.channel.name)}</h2>
            <p class="notice notice-warning">
                "Copy the secret now and keep it in your sending system: it is shown only this once. Rotate it if it is ever lost or leaked."
            </p>
            <CopyField id="channel-secret" label="Secret" value=revealed.secret.clone()/>
            <CopyField id="channel-inbound-url" label="Inbound URL" value=inbound_url/>
            <p>
                "POST JSON items signed with "
                <code>"X-Earshot-Signature: sha256=<hex HMAC-SHA256 of the body with this secret>"</code>
                " to the inbound URL — one item, or "
                <code>"{\"items\": [...]}"</code>
                "."
            </p>
            <pre class="code-example">
                {"{\"external_id\": \"msg-1\", \"kind\": \"private\", \"author\": {\"id\": \"cust-42\", \"name\": \"Ada\"}, \"text\": \"Hello!\"}"}
            </pre>
            <div class="form-actions">
                <button type="button" class="btn" id="channel-secret-done" on:click=move |_| on_done.run(())>
                    "I have copied it"
                </button>
            </div>
        </div>
    }
}

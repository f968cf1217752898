//! Settings → Channels: where conversations come from, how healthy each channel is, and
//! its secret (rotate), state (deactivate / activate) and removal.

use std::collections::HashMap;

use earshot_api::{Channel, ChannelWithSecret, Permission, Team, UpdateChannelRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::channel_form::{AddChannelForm, ChannelSecretCard};
use crate::api::{self, ApiResult};
use crate::components::guard::RequirePermission;
use crate::components::status::{EmptyState, show_loaded};
use crate::pages::inbox::channel_kind_label;
use crate::util::{confirm, format_relative, format_time};

#[component]
pub fn ChannelsPage() -> impl IntoView {
    crate::util::set_title("Channels");
    view! {
        <RequirePermission permission=Permission::ManageChannels>
            <Channels/>
        </RequirePermission>
    }
}

#[component]
fn Channels() -> impl IntoView {
    let channels = LocalResource::new(api::channels);
    let teams = LocalResource::new(api::teams);
    let revealed = RwSignal::new(None::<ChannelWithSecret>);
    // Kept here, not in the table: the table is rebuilt by every reload.
    let error = RwSignal::new(None::<String>);
    let reload = Callback::new(move |_| channels.refetch());
    let on_secret = Callback::new(move |secret: ChannelWithSecret| {
        revealed.set(Some(secret));
        channels.refetch();
        scroll_to_top();
    });
    let team_list = Signal::derive(move || -> Vec<Team> {
        teams.get().and_then(Result::ok).unwrap_or_default()
    });

    view! {
        <section class="page" id="channels-page">
            <header class="page-header">
                <h1>"Channels"</h1>
                <p class="muted">"Where conversations come from. Each channel can route its conversations to a team."</p>
            </header>
            {move || {
                revealed.get().map(|r| view! { <ChannelSecretCard revealed=r on_done=Callback::new(move |_| revealed.set(None))/> })
            }}
            {move || error.get().map(|e| view! { <p id="channels-error" class="form-error" role="alert">{e}</p> })}
            {show_loaded(channels, move |list| {
                let names: HashMap<i64, String> = team_list.get().into_iter().map(|t| (t.id, t.name)).collect();
                view! { <ChannelTable channels=list team_names=names error=error reload=reload on_secret=on_secret/> }
            })}
            <AddChannelForm teams=team_list on_created=on_secret/>
        </section>
    }
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

fn health(channel: &Channel) -> impl IntoView + use<> {
    let success = channel.last_success_at;
    let error = channel.last_error.clone().filter(|e| !e.is_empty());
    let error_at = channel.last_error_at;
    // The newer of the two tells the current state.
    let failing = error.is_some() && error_at.unwrap_or(0) >= success.unwrap_or(0);
    view! {
        <div class="health">
            <span class=if failing { "badge badge-danger" } else if success.is_some() { "badge badge-success" } else { "badge badge-muted" }>
                {if failing { "Failing" } else if success.is_some() { "Working" } else { "No traffic yet" }}
            </span>
            {success.map(|t| view! { <span class="small muted" title=format_time(t)>"Last success " {format_relative(t)}</span> })}
            {error.map(|e| view! {
                <span class="small health-error" title=error_at.map(format_time).unwrap_or_default()>
                    "Last error" {error_at.map(|t| format!(" ({})", format_relative(t)))} ": " {e}
                </span>
            })}
        </div>
    }
}

#[component]
fn ChannelTable(
    channels: Vec<Channel>,
    team_names: HashMap<i64, String>,
    error: RwSignal<Option<String>>,
    reload: Callback<()>,
    on_secret: Callback<ChannelWithSecret>,
) -> impl IntoView {
    let busy = RwSignal::new(None::<i64>);

    if channels.is_empty() {
        return view! {
            <EmptyState title="No channels yet" text="Add an API channel with the form below to start receiving messages."/>
        }
        .into_any();
    }

    // Runs one change for a row; `on_ok` gets the answer, the table reloads either way.
    let run = move |id: i64,
                    request: std::pin::Pin<
        Box<dyn std::future::Future<Output = ApiResult<Option<ChannelWithSecret>>>>,
    >| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(id));
        error.set(None);
        spawn_local(async move {
            let result = request.await;
            busy.set(None);
            match result {
                Ok(Some(secret)) => on_secret.run(secret),
                Ok(None) => reload.run(()),
                Err(e) if e.status == 409 && !e.message.to_lowercase().contains("deactivate") => {
                    error.set(Some(format!(
                        "{} Deactivate the channel instead: it stops receiving and sending, and its conversations stay.",
                        e.message
                    )))
                }
                Err(e) => {
                    error.set(Some(e.message));
                    reload.run(());
                }
            }
        });
    };

    let rows = channels
        .into_iter()
        .map(|channel| {
            let id = channel.id;
            let active = channel.active;
            let name = channel.name.clone();
            let row_busy = move || busy.get() == Some(id);
            let team = channel
                .team_id
                .map(|t| team_names.get(&t).cloned().unwrap_or_else(|| format!("Team #{t}")))
                .unwrap_or_else(|| "—".into());
            let (rotate_q, delete_q) = (
                format!("Rotate the secret of “{name}”? The current secret stops working at once; the sending system must be given the new one."),
                format!("Delete the channel “{name}”? This cannot be undone."),
            );
            let rotate = move |_| {
                if confirm(&rotate_q) {
                    run(id, Box::pin(async move { api::rotate_channel_secret(id).await.map(Some) }));
                }
            };
            let toggle = move |_| {
                let request = UpdateChannelRequest { active: Some(!active), ..Default::default() };
                run(id, Box::pin(async move { api::update_channel(id, request).await.map(|_| None) }));
            };
            let delete = move |_| {
                if confirm(&delete_q) {
                    run(id, Box::pin(async move { api::delete_channel(id).await.map(|_| None) }));
                }
            };
            view! {
                <tr data-channel-id=id class:row-muted=!active>
                    <td data-label="Name"><strong>{channel.name.clone()}</strong></td>
                    <td data-label="Kind">{channel_kind_label(channel.kind)}</td>
                    <td data-label="Team">{team}</td>
                    <td data-label="Webhook URL" class="break small">
                        {channel.webhook_url.clone().unwrap_or_else(|| "—".into())}
                    </td>
                    <td data-label="Secret"><code>{format!("…{}", channel.secret_hint)}</code></td>
                    <td data-label="Health">{health(&channel)}</td>
                    <td data-label="Active">
                        {if active {
                            view! { <span class="badge badge-success">"Active"</span> }
                        } else {
                            view! { <span class="badge badge-muted">"Inactive"</span> }
                        }}
                    </td>
                    <td data-label="Actions" class="actions">
                        <div class="button-row">
                            <button type="button" class="btn btn-small" id=format!("channel-rotate-{id}") disabled=row_busy on:click=rotate>
                                "Rotate secret"
                            </button>
                            <button type="button" class="btn btn-small" id=format!("channel-toggle-{id}") disabled=row_busy on:click=toggle>
                                {if active { "Deactivate" } else { "Activate" }}
                            </button>
                            <button type="button" class="btn btn-small btn-danger-outline" id=format!("channel-delete-{id}") disabled=row_busy on:click=delete>
                                "Delete"
                            </button>
                        </div>
                    </td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="table-wrap">
            <table class="table responsive-table" id="channels-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Team"</th>
                        <th scope="col">"Webhook URL"</th>
                        <th scope="col">"Secret"</th>
                        <th scope="col">"Health"</th>
                        <th scope="col">"Active"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

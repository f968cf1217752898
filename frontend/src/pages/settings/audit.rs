//! Settings → Audit log: who did what and when, newest first, fifty at a time.

use earshot_api::{AuditEntry, Permission};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::guard::RequirePermission;
use crate::components::status::{EmptyState, ErrorNotice, Loading};
use crate::util::format_time;

#[component]
pub fn AuditPage() -> impl IntoView {
    crate::util::set_title("Audit log");
    view! {
        <RequirePermission permission=Permission::ViewAudit>
            <Audit/>
        </RequirePermission>
    }
}

/// The loaded entries and where the next page starts.
#[derive(Clone, Default)]
struct Loaded {
    entries: Vec<AuditEntry>,
    next_cursor: Option<String>,
    /// True once the first page has arrived.
    started: bool,
}

#[component]
fn Audit() -> impl IntoView {
    let loaded = RwSignal::new(Loaded::default());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let load = move || {
        if pending.get_untracked() {
            return;
        }
        let cursor = loaded.with_untracked(|l| l.next_cursor.clone());
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::audit(cursor).await;
            pending.set(false);
            match result {
                Ok(page) => loaded.update(|l| {
                    l.entries.extend(page.items);
                    l.next_cursor = page.next_cursor;
                    l.started = true;
                }),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();

    let started = Memo::new(move |_| loaded.with(|l| l.started));
    let empty = Memo::new(move |_| loaded.with(|l| l.entries.is_empty()));
    let body = move || {
        if !started.get() {
            return match error.get() {
                Some(message) => {
                    view! { <ErrorNotice message=message on_retry=Callback::new(move |_| load())/> }
                        .into_any()
                }
                None => view! { <Loading/> }.into_any(),
            };
        }
        if empty.get() {
            return view! { <EmptyState title="Nothing logged yet" text="Logins, account changes and settings changes will be listed here."/> }
                .into_any();
        }
        view! {
            <div class="table-wrap">
                <table class="table responsive-table" id="audit-table">
                    <thead>
                        <tr>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Actor"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"Target"</th>
                            <th scope="col">"IP address"</th>
                            <th scope="col">"Details"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || loaded.get().entries key=|e| e.id let:entry>
                            <AuditRow entry=entry/>
                        </For>
                    </tbody>
                </table>
            </div>
            {move || error.get().map(|e| view! { <p id="audit-error" class="form-error" role="alert">{e}</p> })}
            <Show when=move || loaded.with(|l| l.next_cursor.is_some())>
                <div class="load-more">
                    <button
                        type="button"
                        id="audit-more"
                        class="btn"
                        disabled=move || pending.get()
                        on:click=move |_| load()
                    >
                        {move || if pending.get() { "Loading…" } else { "Load more" }}
                    </button>
                </div>
            </Show>
        }
        .into_any()
    };

    view! {
        <section class="page" id="audit-page">
            <header class="page-header">
                <h1>"Audit log"</h1>
                <p class="muted">"A permanent record of sign-ins and changes. Entries cannot be edited or deleted."</p>
            </header>
            {body}
        </section>
    }
}

fn details_text(details: &serde_json::Value) -> String {
    match details {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let actor = match (&entry.actor_email, entry.actor_id) {
        (Some(email), _) => email.clone(),
        (None, Some(id)) => format!("User #{id}"),
        (None, None) if entry.action.starts_with("login.") => "Not logged in".to_string(),
        (None, None) => "System".to_string(),
    };
    let details = details_text(&entry.details);
    let failure = entry.action.ends_with("failure");
    view! {
        <tr class:row-alert=failure>
            <td data-label="Time" class="nowrap">{format_time(entry.at)}</td>
            <td data-label="Actor" class="break">{actor}</td>
            <td data-label="Action"><code>{entry.action}</code></td>
            <td data-label="Target" class="break">{if entry.target.is_empty() { "—".to_string() } else { entry.target }}</td>
            <td data-label="IP address" class="nowrap">{if entry.ip.is_empty() { "—".to_string() } else { entry.ip }}</td>
            <td data-label="Details" class="break small">{if details.is_empty() { "—".to_string() } else { details }}</td>
        </tr>
    }
}

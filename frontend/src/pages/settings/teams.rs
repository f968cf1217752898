//! Settings → Teams: the business units conversations are routed to, and their members.
//! Everyone may look; only roles that manage users may change anything.

use std::collections::HashMap;

use earshot_api::{Permission, Team, TeamRequest, User};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api;
use crate::auth::use_auth;
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::guard::RequirePermission;
use crate::components::status::{EmptyState, FormError, show_loaded};

#[component]
pub fn TeamsPage() -> impl IntoView {
    crate::util::set_title("Teams");
    view! {
        <RequirePermission permission=Permission::ViewTeams>
            <Teams/>
        </RequirePermission>
    }
}

#[component]
fn Teams() -> impl IntoView {
    let auth = use_auth();
    let can_edit = untrack(move || auth.can(Permission::ManageUsers));
    let teams = LocalResource::new(api::teams);
    // Names of members come from the user list, which only user managers may read.
    let users = LocalResource::new(move || async move {
        if can_edit {
            api::users().await
        } else {
            Ok(Vec::new())
        }
    });
    let error = RwSignal::new(None::<String>);
    let reload = Callback::new(move |_| teams.refetch());

    view! {
        <section class="page" id="teams-page">
            <header class="page-header">
                <h1>"Teams"</h1>
                <p class="muted">"Teams group people; conversations and reports can be limited to a team."</p>
            </header>
            {can_edit.then(|| view! { <CreateTeam reload=reload/> })}
            <h2 class="section-title">"All teams"</h2>
            {move || error.get().map(|e| view! { <p id="teams-error" class="form-error" role="alert">{e}</p> })}
            {show_loaded(teams, move |list| {
                if list.is_empty() {
                    let text = if can_edit {
                        "Create the first team with the form above."
                    } else {
                        "An owner or admin has not created any teams yet."
                    };
                    return view! { <EmptyState title="No teams yet" text=text/> }.into_any();
                }
                let people: Vec<User> = users.get().and_then(Result::ok).unwrap_or_default();
                list.into_iter()
                    .map(|team| view! { <TeamCard team=team users=people.clone() can_edit=can_edit error=error reload=reload/> })
                    .collect_view()
                    .into_any()
            })}
        </section>
    }
}

#[component]
fn CreateTeam(reload: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = TeamRequest {
            name: name.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
        };
        if request.name.is_empty() {
            error.set(Some("Give the team a name.".into()));
            return;
        }
        submit(pending, error, api::create_team(request), move |_| {
            name.set(String::new());
            description.set(String::new());
            reload.run(());
        });
    };
    view! {
        <div class="card" id="create-team">
            <h2>"Create a team"</h2>
            <form on:submit=on_submit novalidate=true>
                <div class="form-grid">
                    <Field id="team-name" label="Name" value=name required=true autocomplete="off"/>
                    <Field id="team-description" label="Description (optional)" value=description autocomplete="off"/>
                </div>
                <FormError error=error/>
                <div class="form-actions">
                    <SubmitButton id="team-submit" label="Create team" pending_label="Creating…" pending=pending/>
                </div>
            </form>
        </div>
    }
}

#[component]
fn TeamCard(
    team: Team,
    users: Vec<User>,
    can_edit: bool,
    error: RwSignal<Option<String>>,
    reload: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let my_id = untrack(move || auth.with_me(|me| me.id));
    let id = team.id;
    let busy = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let name = RwSignal::new(team.name.clone());
    let description = RwSignal::new(team.description.clone());
    let names: HashMap<i64, String> = users.iter().map(|u| (u.id, u.name.clone())).collect();

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = TeamRequest {
            name: name.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
        };
        submit(busy, error, api::update_team(id, request), move |_| {
            reload.run(())
        });
    };
    let team_name = StoredValue::new(team.name.clone());
    let delete = move |_| {
        let question = format!(
            "Delete the team “{}”? Its members keep their accounts.",
            team_name.get_value()
        );
        if crate::util::confirm(&question) {
            submit(busy, error, api::delete_team(id), move |_| reload.run(()));
        }
    };

    let members = team
        .member_ids
        .iter()
        .map(|member| {
            let member = *member;
            let label = names.get(&member).cloned().unwrap_or_else(|| {
                if member == my_id { "You".to_string() } else { format!("User #{member}") }
            });
            let remove_label = format!("Remove {label} from {}", team.name);
            view! {
                <li class="member">
                    <span>{label}</span>
                    {can_edit.then(|| view! {
                        <button
                            type="button"
                            class="link-button danger"
                            aria-label=remove_label
                            disabled=move || busy.get()
                            on:click=move |_| submit(busy, error, api::remove_team_member(id, member), move |_| reload.run(()))
                        >
                            "Remove"
                        </button>
                    })}
                </li>
            }
        })
        .collect_view();

    let candidates: Vec<User> = users
        .into_iter()
        .filter(|u| !team.member_ids.contains(&u.id))
        .collect();
    let member_count = team.member_ids.len();

    view! {
        <article class="card team" id=format!("team-{id}")>
            <Show
                when=move || editing.get()
                fallback={
                    let (title, text) = (team.name.clone(), team.description.clone());
                    move || view! {
                        <div class="team-head">
                            <div>
                                <h3>{title.clone()}</h3>
                                <p class="muted">{if text.is_empty() { "No description".to_string() } else { text.clone() }}</p>
                            </div>
                            {can_edit.then(|| view! {
                                <div class="button-row">
                                    <button type="button" class="btn btn-small" on:click=move |_| editing.set(true)>"Edit"</button>
                                    <button type="button" class="btn btn-small btn-danger-outline" disabled=move || busy.get() on:click=delete>"Delete"</button>
                                </div>
                            })}
                        </div>
                    }
                }
            >
                <form class="team-edit" on:submit=save novalidate=true>
                    <Field id=format!("team-{id}-name") label="Name" value=name required=true autocomplete="off"/>
                    <Field id=format!("team-{id}-description") label="Description" value=description autocomplete="off"/>
                    <div class="button-row">
                        <SubmitButton id=format!("team-{id}-save") label="Save" pending_label="Saving…" pending=busy/>
                        <button type="button" class="btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
            <h4 class="members-title">
                {match member_count { 0 => "No members".to_string(), 1 => "1 member".to_string(), n => format!("{n} members") }}
            </h4>
            <ul class="member-list">{members}</ul>
            {(can_edit && !candidates.is_empty()).then(|| view! { <AddMember team_id=id candidates=candidates busy=busy error=error reload=reload/> })}
        </article>
    }
}

#[component]
fn AddMember(
    team_id: i64,
    candidates: Vec<User>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    reload: Callback<()>,
) -> impl IntoView {
    let pick = RwSignal::new(String::new());
    let select_id = format!("team-{team_id}-add");
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        match pick.get_untracked().parse::<i64>() {
            Ok(user_id) => submit(
                busy,
                error,
                api::add_team_member(team_id, user_id),
                move |_| reload.run(()),
            ),
            Err(_) => error.set(Some("Choose a person to add.".into())),
        }
    };
    let options = candidates
        .into_iter()
        .map(|u| view! { <option value=u.id.to_string()>{format!("{} ({})", u.name, u.email)}</option> })
        .collect_view();
    view! {
        <form class="add-member" on:submit=add>
            <label for=select_id.clone() class="visually-hidden">"Person to add"</label>
            <select id=select_id on:change=move |ev| pick.set(event_target_value(&ev))>
                <option value="" selected=true>"Add a member…"</option>
                {options}
            </select>
            <button type="submit" class="btn btn-small" disabled=move || busy.get()>"Add"</button>
        </form>
    }
}

//! Settings → Users: who has an account, their role and state; invite or create people.

use std::collections::HashMap;

use earshot_api::{CreatedUser, Permission, Role, Team, UpdateUserRequest, User, UserState};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::add_user::{AddUserForm, CreatedNotice};
use crate::api;
use crate::auth::use_auth;
use crate::components::guard::RequirePermission;
use crate::components::status::{EmptyState, show_loaded};
use crate::util::{confirm, format_relative};

#[component]
pub fn UsersPage() -> impl IntoView {
    crate::util::set_title("Users");
    view! {
        <RequirePermission permission=Permission::ManageUsers>
            <Users/>
        </RequirePermission>
    }
}

/// The roles the current user may hand out: only an owner can make someone an owner.
pub fn assignable_roles(my_role: Role) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Owner || my_role == Role::Owner)
        .collect()
}

#[component]
fn Users() -> impl IntoView {
    let users = LocalResource::new(api::users);
    let teams = LocalResource::new(api::teams);
    let created = RwSignal::new(None::<CreatedUser>);
    let on_created = Callback::new(move |c: CreatedUser| {
        created.set(Some(c));
        users.refetch();
    });
    let team_names = move || -> HashMap<i64, String> {
        match teams.get() {
            Some(Ok(list)) => list.into_iter().map(|t| (t.id, t.name)).collect(),
            _ => HashMap::new(),
        }
    };
    let team_list = Signal::derive(move || -> Vec<Team> {
        teams.get().and_then(Result::ok).unwrap_or_default()
    });

    view! {
        <section class="page" id="users-page">
            <header class="page-header">
                <h1>"Users"</h1>
                <p class="muted">"Everyone who can log in to this instance, and what their role lets them do."</p>
            </header>
            {show_loaded(users, move |list| {
                let names = team_names();
                view! { <UserTable users=list team_names=names reload=Callback::new(move |_| users.refetch())/> }
            })}
            {move || {
                created
                    .get()
                    .map(|c| view! { <CreatedNotice created=c on_done=Callback::new(move |_| created.set(None))/> })
            }}
            <AddUserForm teams=team_list on_created=on_created/>
        </section>
    }
}

fn state_badge(state: UserState) -> impl IntoView {
    let (class, label) = match state {
        UserState::Invited => ("badge badge-warning", "Invited"),
        UserState::Active => ("badge badge-success", "Active"),
        UserState::Deactivated => ("badge badge-muted", "Deactivated"),
    };
    view! { <span class=class>{label}</span> }
}

#[component]
fn UserTable(
    users: Vec<User>,
    team_names: HashMap<i64, String>,
    reload: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let busy = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);

    let update = move |id: i64, request: UpdateUserRequest| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(id));
        error.set(None);
        spawn_local(async move {
            let result = api::update_user(id, request).await;
            busy.set(None);
            if let Err(e) = result {
                error.set(Some(e.message));
            }
            // Reload either way, so a refused change snaps back to what the server has.
            reload.run(());
        });
    };

    if users.is_empty() {
        return view! { <EmptyState title="No users" text="Add the first one with the form below."/> }
            .into_any();
    }

    let (my_id, my_role) = untrack(|| auth.with_me(|me| (me.id, Some(me.role))));
    let my_role = my_role.unwrap_or(Role::Agent);
    let roles = assignable_roles(my_role);

    let rows = users
        .into_iter()
        .map(|user| {
            let id = user.id;
            let is_me = id == my_id;
            // Admins cannot touch owners; nobody changes their own role or deactivates themselves here.
            let editable = !is_me && (user.role != Role::Owner || my_role == Role::Owner);
            let teams = user
                .team_ids
                .iter()
                .filter_map(|t| team_names.get(t).cloned())
                .collect::<Vec<_>>()
                .join(", ");
            let row_busy = move || busy.get() == Some(id);
            let name = user.name.clone();

            let role_cell = if editable {
                let options = roles
                    .iter()
                    .map(|r| view! { <option value=r.as_str() selected=*r == user.role>{r.label()}</option> })
                    .collect_view();
                let on_change = move |ev| {
                    if let Some(role) = Role::parse(&event_target_value(&ev)) {
                        update(id, UpdateUserRequest { role: Some(role), ..Default::default() });
                    }
                };
                view! {
                    <select
                        class="compact"
                        id=format!("user-role-{id}")
                        aria-label=format!("Role of {name}")
                        disabled=row_busy
                        on:change=on_change
                    >
                        {options}
                    </select>
                }
                .into_any()
            } else {
                view! { <span>{user.role.label()}</span> }.into_any()
            };

            let action = if !editable {
                view! { <span class="muted small">{if is_me { "This is you" } else { "" }}</span> }.into_any()
            } else if user.state == UserState::Deactivated {
                view! {
                    <button
                        type="button"
                        class="btn btn-small"
                        id=format!("user-reactivate-{id}")
                        disabled=row_busy
                        on:click=move |_| update(id, UpdateUserRequest { active: Some(true), ..Default::default() })
                    >
                        "Reactivate"
                    </button>
                }
                .into_any()
            } else {
                let question = format!("Deactivate {}? They are logged out at once and can no longer log in.", user.name);
                view! {
                    <button
                        type="button"
                        class="btn btn-small btn-danger-outline"
                        id=format!("user-deactivate-{id}")
                        disabled=row_busy
                        on:click=move |_| {
                            if confirm(&question) {
                                update(id, UpdateUserRequest { active: Some(false), ..Default::default() });
                            }
                        }
                    >
                        "Deactivate"
                    </button>
                }
                .into_any()
            };

            view! {
                <tr data-user-id=id class:row-muted=user.state == UserState::Deactivated>
                    <td data-label="Name">
                        <strong>{user.name.clone()}</strong>
                        {is_me.then(|| view! { <span class="muted small">" (you)"</span> })}
                    </td>
                    <td data-label="Email" class="break">{user.email.clone()}</td>
                    <td data-label="Role">{role_cell}</td>
                    <td data-label="State">{state_badge(user.state)}</td>
                    <td data-label="Teams">{if teams.is_empty() { "—".to_string() } else { teams }}</td>
                    <td data-label="Last login">
                        {user.last_login_at.map(format_relative).unwrap_or_else(|| "Never".into())}
                    </td>
                    <td data-label="Actions" class="actions">{action}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        {move || error.get().map(|e| view! { <p id="users-error" class="form-error" role="alert">{e}</p> })}
        <div class="table-wrap">
            <table class="table responsive-table" id="users-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Teams"</th>
                        <th scope="col">"Last login"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

//! The "Add user" form and the one-time display of the invitation link or temporary password.

use earshot_api::{CreateUserRequest, CreatedUser, NewUserMode, Role, Team};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::users::assignable_roles;
use crate::api;
use crate::auth::use_auth;
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::secret::SecretValue;
use crate::components::status::FormError;
use crate::util::{format_time, origin};

#[component]
pub fn AddUserForm(teams: Signal<Vec<Team>>, on_created: Callback<CreatedUser>) -> impl IntoView {
    let auth = use_auth();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let mode = RwSignal::new(NewUserMode::Invite);
    let team_ids = RwSignal::new(Vec::<i64>::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let roles = move || assignable_roles(auth.with_me(|me| Some(me.role)).unwrap_or(Role::Agent));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = CreateUserRequest {
            email: email.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
            role: role.get_untracked(),
            mode: mode.get_untracked(),
            team_ids: team_ids.get_untracked(),
        };
        if request.email.is_empty() || request.name.is_empty() {
            error.set(Some("Enter the person's email address and name.".into()));
            return;
        }
        submit(pending, error, api::create_user(request), move |created| {
            email.set(String::new());
            name.set(String::new());
            team_ids.set(Vec::new());
            on_created.run(created);
        });
    };

    let mode_radio =
        move |value: NewUserMode, id: &'static str, label: &'static str, hint: &'static str| {
            view! {
                <label class="choice" for=id>
                    <input
                        type="radio"
                        id=id
                        name="new-user-mode"
                        checked=move || mode.get() == value
                        on:change=move |_| mode.set(value)
                    />
                    <span>
                        <strong>{label}</strong>
                        <span class="hint">{hint}</span>
                    </span>
                </label>
            }
        };

    let team_choices = move || {
        let list = teams.get();
        if list.is_empty() {
            return None;
        }
        let boxes = list
            .into_iter()
            .map(|team| {
                let id = team.id;
                let input_id = format!("new-user-team-{id}");
                let label_for = input_id.clone();
                view! {
                    <label class="choice inline" for=label_for>
                        <input
                            type="checkbox"
                            id=input_id
                            prop:checked=move || team_ids.with(|t| t.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                team_ids.update(|t| {
                                    t.retain(|x| *x != id);
                                    if on {
                                        t.push(id);
                                    }
                                });
                            }
                        />
                        <span>{team.name}</span>
                    </label>
                }
            })
            .collect_view();
        Some(view! {
            <fieldset class="field">
                <legend>"Teams " <span class="muted">"(optional)"</span></legend>
                <div class="choices-inline">{boxes}</div>
            </fieldset>
        })
    };

    view! {
        <div class="card" id="add-user">
            <h2>"Add user"</h2>
            <form on:submit=on_submit novalidate=true>
                <div class="form-grid">
                    <Field id="new-user-email" label="Email" kind="email" value=email autocomplete="off" required=true/>
                    <Field id="new-user-name" label="Name" value=name autocomplete="off" required=true/>
                    <div class="field">
                        <label for="new-user-role">"Role"</label>
                        <select
                            id="new-user-role"
                            on:change=move |ev| {
                                if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                    role.set(r);
                                }
                            }
                        >
                            {move || {
                                roles()
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <option value=r.as_str() selected=move || role.get() == r>
                                                {r.label()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                </div>
                <fieldset class="field">
                    <legend>"How they get in"</legend>
                    {mode_radio(
                        NewUserMode::Invite,
                        "new-user-mode-invite",
                        "Invitation link",
                        "You get a link to send them; they choose their own password.",
                    )}
                    {mode_radio(
                        NewUserMode::TemporaryPassword,
                        "new-user-mode-password",
                        "Temporary password",
                        "You get a password to pass on; they must change it when they first log in.",
                    )}
                </fieldset>
                {team_choices}
                <FormError error=error/>
                <div class="form-actions">
                    <SubmitButton id="new-user-submit" label="Add user" pending_label="Adding…" pending=pending/>
                </div>
            </form>
        </div>
    }
}

/// Shows the invitation link or temporary password of a new account, this one time only.
#[component]
pub fn CreatedNotice(created: CreatedUser, on_done: Callback<()>) -> impl IntoView {
    let CreatedUser {
        user,
        invite_path,
        invite_expires_at,
        temporary_password,
    } = created;
    let secret = match (invite_path, temporary_password) {
        (Some(path), _) => {
            let link = format!("{}{}", origin(), path);
            let expiry = invite_expires_at
                .map(|t| format!("The link works once and expires {}.", format_time(t)))
                .unwrap_or_default();
            view! {
                <p>"Send this invitation link to " <strong>{user.name.clone()}</strong> ". " {expiry}</p>
                <SecretValue id="invite-link" label="Invitation link" value=link/>
            }
            .into_any()
        }
        (None, Some(password)) => view! {
            <p>
                "Give this temporary password to " <strong>{user.name.clone()}</strong>
                " together with their email address. They will choose a new one when they first log in."
            </p>
            <SecretValue id="temp-password" label="Temporary password" value=password/>
        }
        .into_any(),
        (None, None) => view! { <p>"The account was created."</p> }.into_any(),
    };
    view! {
        <div class="card card-success" id="new-user-result" role="status">
            <h2>{format!("{} was added", user.email)}</h2>
            {secret}
            <div class="form-actions">
                <button type="button" class="btn" id="new-user-done" on:click=move |_| on_done.run(())>
                    "Done"
                </button>
            </div>
        </div>
    }
}

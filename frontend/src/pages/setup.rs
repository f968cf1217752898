//! First run: create the owner account with the one-time link printed by `earshot serve`.

use earshot_api::SetupRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::auth::use_auth;
use crate::components::form::{Field, SubmitButton, check_new_password, password_hint, submit};
use crate::components::public::PublicPage;
use crate::components::status::{FormError, show_loaded};

#[component]
pub fn SetupPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || {
        query
            .with(|q| q.get("token"))
            .filter(|t| !t.trim().is_empty())
    };
    let status = LocalResource::new(api::setup_status);

    view! {
        <PublicPage id="setup-page" title="Create the owner account">
            {show_loaded(status, move |s| {
                if !s.needs_setup {
                    view! { <AlreadySetUp/> }.into_any()
                } else {
                    match token() {
                        Some(token) => view! { <SetupForm token=token/> }.into_any(),
                        None => view! { <NoToken/> }.into_any(),
                    }
                }
            })}
        </PublicPage>
    }
}

#[component]
fn AlreadySetUp() -> impl IntoView {
    view! {
        <p>"This Earshot instance already has an owner."</p>
        <p><a class="btn btn-primary" href="/login">"Go to the login page"</a></p>
    }
}

#[component]
fn NoToken() -> impl IntoView {
    view! {
        <div class="notice notice-info" id="setup-needs-link">
            <p>
                "To create the owner account, open the setup link that "
                <code>"earshot serve"</code>
                " printed in its log when it started. It looks like "
                <code>"http://…/setup?token=…"</code>
                " and is valid for 30 minutes."
            </p>
            <p>
                "Lost it? Restart " <code>"earshot serve"</code> " or run "
                <code>"earshot admin create"</code> " on the server for a new link."
            </p>
        </div>
    }
}

#[component]
fn SetupForm(token: String) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let password2 = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let token = StoredValue::new(token);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Err(message) =
            check_new_password(&password.get_untracked(), &password2.get_untracked())
        {
            error.set(Some(message));
            return;
        }
        let request = SetupRequest {
            token: token.get_value(),
            email: email.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        submit(pending, error, api::complete_setup(request), move |me| {
            auth.set_logged_in(me);
            navigate("/inbox", Default::default());
        });
    };

    view! {
        <p class="lead">
            "This account can do everything, including creating the other accounts. "
            "You can add more owners later."
        </p>
        <form on:submit=on_submit novalidate=true>
            <Field id="setup-email" label="Email" kind="email" value=email autocomplete="email" required=true autofocus=true/>
            <Field id="setup-name" label="Your name" value=name autocomplete="name" required=true/>
            <Field
                id="setup-password"
                label="Password"
                kind="password"
                value=password
                autocomplete="new-password"
                required=true
                minlength=earshot_api::MIN_PASSWORD_LEN
                hint=password_hint()
            />
            <Field
                id="setup-password2"
                label="Repeat the password"
                kind="password"
                value=password2
                autocomplete="new-password"
                required=true
            />
            <FormError error=error/>
            <div class="form-actions">
                <SubmitButton id="setup-submit" label="Create the owner account" pending_label="Creating…" pending=pending/>
            </div>
        </form>
    }
}

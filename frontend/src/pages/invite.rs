//! Accepting an invitation: the invited person chooses their name and password.

use earshot_api::{AcceptInviteRequest, InviteInfo};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api;
use crate::auth::{home_path, use_auth};
use crate::components::form::{Field, SubmitButton, check_new_password, password_hint, submit};
use crate::components::public::PublicPage;
use crate::components::status::{FormError, show_loaded};
use crate::util::format_time;

#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token")).unwrap_or_default();
    let info = LocalResource::new(move || api::invite_info(token()));

    view! {
        <PublicPage id="invite-page" title="Join Earshot">
            {show_loaded(info, move |info| view! { <AcceptForm token=token() info=info/> })}
            <p class="muted small">
                "Already have an account? " <a href="/login">"Log in"</a>
            </p>
        </PublicPage>
    }
}

#[component]
fn AcceptForm(token: String, info: InviteInfo) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let name = RwSignal::new(info.name.clone());
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
        let request = AcceptInviteRequest {
            name: name.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        submit(
            pending,
            error,
            api::accept_invite(token.get_value(), request),
            move |me| {
                let home = home_path(&me);
                auth.set_logged_in(me);
                navigate(home, Default::default());
            },
        );
    };

    view! {
        <p class="lead" id="invite-info">
            "You are invited as "
            <strong>{info.role.label()}</strong>
            " with the email address "
            <strong>{info.email.clone()}</strong>
            ". Choose your name and a password to finish."
        </p>
        <p class="muted small">"This invitation expires " {format_time(info.expires_at)} "."</p>
        <form on:submit=on_submit novalidate=true>
            <Field id="invite-name" label="Your name" value=name autocomplete="name" required=true autofocus=true/>
            <Field
                id="invite-password"
                label="Password"
                kind="password"
                value=password
                autocomplete="new-password"
                required=true
                minlength=earshot_api::MIN_PASSWORD_LEN
                hint=password_hint()
            />
            <Field
                id="invite-password2"
                label="Repeat the password"
                kind="password"
                value=password2
                autocomplete="new-password"
                required=true
            />
            <FormError error=error/>
            <div class="form-actions">
                <SubmitButton id="invite-submit" label="Join" pending_label="Joining…" pending=pending/>
            </div>
        </form>
    }
}

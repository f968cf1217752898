//! Logging in with email and password.

use earshot_api::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::auth::{AuthState, home_path, safe_next, use_auth};
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::public::PublicPage;
use crate::components::status::FormError;

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || safe_next(query.with(|q| q.get("next")));

    // Whoever is (or becomes) logged in goes on to the page they wanted.
    Effect::new(move |_| {
        if let AuthState::LoggedIn(me) = auth.state.get() {
            let target = next().unwrap_or_else(|| home_path(&me).to_string());
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let setup = LocalResource::new(api::setup_status);
    let needs_setup = move || matches!(setup.get(), Some(Ok(s)) if s.needs_setup);

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest {
            email: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        if request.email.is_empty() || request.password.is_empty() {
            error.set(Some("Enter your email address and password.".into()));
            return;
        }
        submit(pending, error, api::login(request), move |me| {
            auth.set_logged_in(me)
        });
    };

    view! {
        <PublicPage id="login-page" title="Log in">
            <Show when=needs_setup>
                <div class="notice notice-info" id="setup-hint">
                    <p>
                        "This instance has no owner yet. Open the setup link printed by "
                        <code>"earshot serve"</code>
                        " (or run "
                        <code>"earshot admin create"</code>
                        ") to create the owner account."
                    </p>
                </div>
            </Show>
            <Show when=move || next().is_some() && !needs_setup()>
                <p class="lead">"Log in to continue."</p>
            </Show>
            <form on:submit=on_submit novalidate=true>
                <Field
                    id="login-email"
                    label="Email"
                    kind="email"
                    value=email
                    autocomplete="username"
                    required=true
                    autofocus=true
                />
                <Field
                    id="login-password"
                    label="Password"
                    kind="password"
                    value=password
                    autocomplete="current-password"
                    required=true
                />
                <FormError error=error/>
                <div class="form-actions">
                    <SubmitButton id="login-submit" label="Log in" pending_label="Logging in…" pending=pending/>
                </div>
            </form>
            <p class="muted small">
                "Forgot your password? Ask an owner or admin of this instance for help."
            </p>
        </PublicPage>
    }
}

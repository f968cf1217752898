//! Account → Password: change it (and end every other session).

use earshot_api::ChangePasswordRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::AccountNav;
use crate::api;
use crate::auth::{home_path, use_auth};
use crate::components::form::{Field, SubmitButton, check_new_password, password_hint, submit};
use crate::components::status::{FormError, FormSuccess};

#[component]
pub fn PasswordPage() -> impl IntoView {
    crate::util::set_title("Password");
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let new2 = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let forced = move || auth.with_me(|me| me.must_change_password);
    let home = move || auth.with_me(|me| home_path(me).to_string());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        if current.get_untracked().is_empty() {
            error.set(Some("Enter your current password.".into()));
            return;
        }
        if let Err(message) = check_new_password(&new.get_untracked(), &new2.get_untracked()) {
            error.set(Some(message));
            return;
        }
        let request = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        submit(pending, error, api::change_password(request), move |_| {
            current.set(String::new());
            new.set(String::new());
            new2.set(String::new());
            done.set(Some(
                "Password changed; your other sessions were logged out.".into(),
            ));
            // Picks up the cleared "must change password" flag.
            auth.refresh();
        });
    };

    view! {
        <section class="page narrow" id="password-page">
            <Show when=move || !forced()>
                <AccountNav/>
            </Show>
            <header class="page-header">
                <h1>"Password"</h1>
                <p class="muted">"Changing your password logs you out everywhere else."</p>
            </header>
            <div class="card">
                <form on:submit=on_submit novalidate=true>
                    // Lets password managers know which account this is for.
                    <input
                        type="email"
                        class="visually-hidden"
                        tabindex="-1"
                        aria-hidden="true"
                        autocomplete="username"
                        readonly
                        prop:value=move || auth.with_me(|me| me.email.clone())
                    />
                    <Field
                        id="password-current"
                        label="Current password"
                        kind="password"
                        value=current
                        autocomplete="current-password"
                        required=true
                    />
                    <Field
                        id="password-new"
                        label="New password"
                        kind="password"
                        value=new
                        autocomplete="new-password"
                        required=true
                        minlength=earshot_api::MIN_PASSWORD_LEN
                        hint=password_hint()
                    />
                    <Field
                        id="password-new2"
                        label="Repeat the new password"
                        kind="password"
                        value=new2
                        autocomplete="new-password"
                        required=true
                    />
                    <FormError error=error/>
                    <FormSuccess message=done/>
                    <div class="form-actions">
                        <SubmitButton id="password-submit" label="Change password" pending_label="Changing…" pending=pending/>
                        <Show when=move || done.get().is_some() && !forced()>
                            <a class="btn" href=home>"Continue"</a>
                        </Show>
                    </div>
                </form>
            </div>
        </section>
    }
}

//! Account → Profile: the name other people see.

use earshot_api::UpdateProfileRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::AccountNav;
use crate::api;
use crate::auth::use_auth;
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::status::{FormError, FormSuccess};

#[component]
pub fn ProfilePage() -> impl IntoView {
    crate::util::set_title("Profile");
    let auth = use_auth();
    let (initial_name, email, role) =
        untrack(move || auth.with_me(|me| (me.name.clone(), me.email.clone(), Some(me.role))));
    let name = RwSignal::new(initial_name);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let request = UpdateProfileRequest {
            name: name.get_untracked().trim().to_string(),
        };
        if request.name.is_empty() {
            error.set(Some("Enter your name.".into()));
            return;
        }
        submit(pending, error, api::update_profile(request), move |me| {
            name.set(me.name.clone());
            auth.set_logged_in(me);
            saved.set(Some("Your profile was saved.".into()));
        });
    };

    view! {
        <section class="page narrow" id="profile-page">
            <AccountNav/>
            <header class="page-header">
                <h1>"Profile"</h1>
            </header>
            <div class="card">
                <dl class="facts">
                    <dt>"Email"</dt>
                    <dd id="profile-email">{email}</dd>
                    <dt>"Role"</dt>
                    <dd id="profile-role">{role.map(|r| r.label())}</dd>
                </dl>
                <form on:submit=on_submit novalidate=true>
                    <Field
                        id="profile-name"
                        label="Name"
                        value=name
                        autocomplete="name"
                        required=true
                        hint="Shown to your colleagues, for example on assigned conversations."
                    />
                    <FormError error=error/>
                    <FormSuccess message=saved/>
                    <div class="form-actions">
                        <SubmitButton id="profile-submit" label="Save" pending_label="Saving…" pending=pending/>
                    </div>
                </form>
            </div>
        </section>
    }
}

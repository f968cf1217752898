//! The user's own account: profile, password and login sessions.

mod password;
mod profile;
mod sessions;

pub use password::PasswordPage;
pub use profile::ProfilePage;
pub use sessions::SessionsPage;

use leptos::prelude::*;
use leptos_router::components::A;

/// Tabs between the account pages.
#[component]
fn AccountNav() -> impl IntoView {
    view! {
        <nav class="subnav" aria-label="Account">
            <A href="/account/profile">"Profile"</A>
            <A href="/account/password">"Password"</A>
            <A href="/account/sessions">"Sessions"</A>
        </nav>
    }
}

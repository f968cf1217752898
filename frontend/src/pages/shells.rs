//! The work area still to come: Listening is a shell for now; a later issue fills it. Also
//! the landing redirect and the "not found" page.

use earshot_api::Permission;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::{AuthState, home_path, use_auth};
use crate::components::guard::RequirePermission;
use crate::components::layout::replace;
use crate::components::status::EmptyState;

/// `/`: send the user to the first area their role may use.
#[component]
pub fn Home() -> impl IntoView {
    let auth = use_auth();
    let path = auth.state.with_untracked(|s| match s {
        AuthState::LoggedIn(me) => home_path(me),
        _ => "/login",
    });
    view! { <Redirect path=path options=replace()/> }
}

#[component]
pub fn ListeningPage() -> impl IntoView {
    crate::util::set_title("Listening");
    view! {
        <RequirePermission permission=Permission::ViewConversations>
            <section class="page" id="listening-page">
                <header class="page-header">
                    <h1>"Listening"</h1>
                </header>
                <EmptyState
                    title="No listeners yet"
                    text="No mentions yet. Public posts about your brand found by your listeners will appear here."
                />
            </section>
        </RequirePermission>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    crate::util::set_title("Not found");
    view! {
        <main class="public-page" id="not-found-page">
            <div class="public-card">
                <p class="brand brand-large">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Earshot"
                </p>
                <h1>"Page not found"</h1>
                <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
                <p><a class="btn btn-primary" href="/">"Go to the start page"</a></p>
            </div>
        </main>
    }
}

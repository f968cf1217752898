//! Settings: users, teams, channels, topics and the audit log, each behind its own
//! permission.

mod add_user;
mod audit;
mod channel_form;
mod channels;
mod teams;
mod topics;
mod users;

pub use audit::AuditPage;
pub use channels::ChannelsPage;
pub use teams::TeamsPage;
pub use topics::TopicsPage;
pub use users::UsersPage;

use earshot_api::Permission;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use crate::auth::{Auth, use_auth};
use crate::components::guard::Forbidden;
use crate::components::layout::replace;

fn may_open_settings(auth: Auth) -> bool {
    auth.can(Permission::ManageUsers)
        || auth.can(Permission::ViewAudit)
        || auth.can(Permission::ManageChannels)
}

#[component]
pub fn SettingsLayout() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Show when=move || may_open_settings(auth) fallback=Forbidden>
            <div class="settings">
                <nav class="subnav" aria-label="Settings">
                    <Show when=move || auth.can(Permission::ManageUsers)>
                        <A href="/settings/users">"Users"</A>
                    </Show>
                    <Show when=move || auth.can(Permission::ViewTeams)>
                        <A href="/settings/teams">"Teams"</A>
                    </Show>
                    <Show when=move || auth.can(Permission::ManageChannels)>
                        <A href="/settings/channels">"Channels"</A>
                        <A href="/settings/topics">"Topics"</A>
                    </Show>
                    <Show when=move || auth.can(Permission::ViewAudit)>
                        <A href="/settings/audit">"Audit log"</A>
                    </Show>
                </nav>
                <Outlet/>
            </div>
        </Show>
    }
}

/// `/settings`: open the first section the user may see.
#[component]
pub fn SettingsIndex() -> impl IntoView {
    let auth = use_auth();
    let target = untrack(move || {
        [
            (Permission::ManageUsers, "/settings/users"),
            (Permission::ViewTeams, "/settings/teams"),
            (Permission::ManageChannels, "/settings/channels"),
            (Permission::ViewAudit, "/settings/audit"),
        ]
        .into_iter()
        .find(|(p, _)| auth.can(*p))
        .map(|(_, path)| path)
    });
    match target {
        Some(path) => view! { <Redirect path=path options=replace()/> }.into_any(),
        None => view! { <Forbidden/> }.into_any(),
    }
}

//! The Earshot web app: a Leptos single-page app talking JSON to the server's `/api/v1`.
//!
//! `api` is the only module that speaks HTTP; `auth` holds who is logged in; pages live in
//! `pages`, shared pieces in `components`.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::*;

pub mod api;
pub mod auth;
pub mod components;
pub mod live;
pub mod pages;
pub mod util;

use components::layout::Shell;
use pages::account::{PasswordPage, ProfilePage, SessionsPage};
use pages::inbox::InboxPage;
use pages::invite::InvitePage;
use pages::login::LoginPage;
use pages::reports::ReportsPage;
use pages::settings::{
    AuditPage, ChannelsPage, SettingsIndex, SettingsLayout, TeamsPage, TopicsPage, UsersPage,
};
use pages::setup::SetupPage;
use pages::shells::{Home, ListeningPage, NotFound};

#[component]
pub fn App() -> impl IntoView {
    auth::Auth::provide();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/setup") view=SetupPage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/invite/:token") view=InvitePage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=Home/>
                    <Route path=path!("/inbox/:id?") view=InboxPage/>
                    <Route path=path!("/listening") view=ListeningPage/>
                    <Route path=path!("/reports") view=ReportsPage/>
                    <ParentRoute path=path!("/settings") view=SettingsLayout>
                        <Route path=path!("") view=SettingsIndex/>
                        <Route path=path!("/users") view=UsersPage/>
                        <Route path=path!("/teams") view=TeamsPage/>
                        <Route path=path!("/channels") view=ChannelsPage/>
                        <Route path=path!("/topics") view=TopicsPage/>
                        <Route path=path!("/audit") view=AuditPage/>
                    </ParentRoute>
                    <Route
                        path=path!("/account")
                        view=|| view! { <Redirect path="/account/profile" options=components::layout::replace()/> }
                    />
                    <Route path=path!("/account/profile") view=ProfilePage/>
                    <Route path=path!("/account/password") view=PasswordPage/>
                    <Route path=path!("/account/sessions") view=SessionsPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Entry point, called by the wasm-bindgen glue once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    // The page ships a "Loading…" placeholder for the time the wasm takes to download.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(App)
}

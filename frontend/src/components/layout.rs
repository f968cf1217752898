//! The frame around every logged-in page: top bar, main navigation, user menu. It also
//! keeps logged-out visitors out and sends users with a temporary password to change it.

use earshot_api::Permission;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::auth::{AuthState, home_path, use_auth};
use crate::components::form::submit;
use crate::components::notifications::NotificationBell;
use crate::components::status::{ErrorNotice, Loading};
use crate::live::Live;

pub const PASSWORD_PAGE: &str = "/account/password";

/// Navigation that replaces the current history entry, for redirects: Back then skips them.
pub fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

#[component]
pub fn Shell() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let navigate = use_navigate();

    // Logged out: to the login page, which brings the user back here afterwards. Only the
    // auth state is tracked, so the navigation itself does not re-run this.
    let to_login = navigate.clone();
    Effect::new(move |_| {
        if let AuthState::LoggedOut { by_choice } = auth.state.get() {
            if by_choice {
                to_login("/login", replace());
            } else {
                let path = location.pathname.get_untracked();
                let search = location.search.get_untracked();
                let here = if search.is_empty() {
                    path
                } else {
                    format!("{path}?{search}")
                };
                to_login(&format!("/login?next={}", api::encode(&here)), replace());
            }
        }
    });
    // A temporary password must be replaced before anything else.
    Effect::new(move |_| {
        let forced = auth.with_me(|me| me.must_change_password);
        if forced && location.pathname.get() != PASSWORD_PAGE {
            navigate(PASSWORD_PAGE, replace());
        }
    });

    let waiting = move || match auth.state.get() {
        AuthState::Unreachable(message) => {
            let retry = Callback::new(move |_| auth.retry());
            view! {
                <div class="center-page">
                    <ErrorNotice message=message on_retry=retry/>
                </div>
            }
            .into_any()
        }
        AuthState::LoggedOut { .. } => {
            view! { <div class="center-page"><Loading label="Opening the login page…"/></div> }
                .into_any()
        }
        _ => view! { <div class="center-page"><Loading/></div> }.into_any(),
    };

    view! {
        <Show when=move || auth.is_logged_in() fallback=waiting>
            <Frame/>
        </Show>
    }
}

#[component]
fn Frame() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let nav_open = RwSignal::new(false);
    // One live event stream for the whole session, for the roles that see conversations.
    let live = Live::provide();
    let sees_conversations = untrack(move || auth.can(Permission::ViewConversations));
    if sees_conversations {
        live.connect();
    }
    // After a navigation inside the app, screen readers and keyboards continue at the new
    // page's content rather than on a link that may have just been hidden.
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        nav_open.set(false);
        if previous.is_some_and(|p| p != path) {
            focus_main();
        }
        path
    });
    let home = move || auth.with_me(|me| home_path(me).to_string());
    let forced = move || auth.with_me(|me| me.must_change_password);
    let close_on_escape = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            nav_open.set(false);
        }
    };

    view! {
        <div class="app" on:keydown=close_on_escape>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <button
                    type="button"
                    class="nav-toggle"
                    aria-controls="main-nav"
                    aria-expanded=move || nav_open.get().to_string()
                    on:click=move |_| nav_open.update(|o| *o = !*o)
                >
                    <span class="nav-toggle-bars" aria-hidden="true"></span>
                    <span class="visually-hidden">"Menu"</span>
                </button>
                <a class="brand" href=home>
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Earshot"
                </a>
                {sees_conversations.then(|| view! { <NotificationBell/> })}
                <UserMenu/>
            </header>
            <div class="app-body">
                <nav
                    id="main-nav"
                    class="sidebar"
                    class:open=move || nav_open.get()
                    aria-label="Main"
                >
                    <MainNav/>
                </nav>
                <main id="main" class="content" tabindex="-1">
                    <Show when=forced>
                        <p class="notice notice-warning" role="status">
                            "Your account was created with a temporary password. Choose your own password to continue."
                        </p>
                    </Show>
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

fn focus_main() {
    use wasm_bindgen::JsCast;
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}

#[component]
fn MainNav() -> impl IntoView {
    let auth = use_auth();
    let can = move |p: Permission| move || auth.can(p);
    let settings = move || {
        auth.can(Permission::ManageUsers)
            || auth.can(Permission::ViewAudit)
            || auth.can(Permission::ManageChannels)
    };
    view! {
        <ul class="nav-list">
            <Show when=can(Permission::ViewConversations)>
                <li><A href="/inbox"><span class="nav-icon icon-inbox" aria-hidden="true"></span>"Inbox"</A></li>
                <li><A href="/listening"><span class="nav-icon icon-listening" aria-hidden="true"></span>"Listening"</A></li>
            </Show>
            <Show when=can(Permission::ViewReports)>
                <li><A href="/reports"><span class="nav-icon icon-reports" aria-hidden="true"></span>"Reports"</A></li>
            </Show>
            <Show when=settings>
                <li><A href="/settings"><span class="nav-icon icon-settings" aria-hidden="true"></span>"Settings"</A></li>
            </Show>
        </ul>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let button = NodeRef::<leptos::html::Button>::new();

    // Closes after each navigation. The path must be read (`get`): a bare `track()` of the
    // router's memo does not re-run the effect.
    Effect::new(move |_| {
        let _path = location.pathname.get();
        open.set(false);
    });
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.stop_propagation();
            close();
        }
    };
    let logout = move |_| {
        open.set(false);
        submit(pending, error, api::logout(), move |_| {
            auth.set_logged_out_by_choice()
        });
    };
    let name = move || auth.with_me(|me| me.name.clone());
    let email = move || auth.with_me(|me| me.email.clone());
    let role = move || auth.with_me(|me| me.role.label().to_string());
    let initial = move || {
        auth.with_me(|me| me.name.chars().next().map(|c| c.to_uppercase().to_string()))
            .unwrap_or_default()
    };

    view! {
        <div class="user-menu" on:keydown=on_keydown>
            <button
                id="user-menu"
                type="button"
                class="user-menu-button"
                node_ref=button
                aria-expanded=move || open.get().to_string()
                aria-controls="user-menu-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="avatar" aria-hidden="true">{initial}</span>
                <span class="user-menu-name">{name}</span>
                <span class="caret" aria-hidden="true"></span>
            </button>
            <Show when=move || open.get()>
                <div class="menu-backdrop" on:click=move |_| open.set(false)></div>
                <div id="user-menu-panel" class="menu-panel">
                    <div class="menu-who">
                        <strong>{name}</strong>
                        <span>{email}</span>
                        <span class="badge">{role}</span>
                    </div>
                    <ul on:click=move |_| open.set(false)>
                        <li><A href="/account/profile">"Profile"</A></li>
                        <li><A href="/account/password">"Password"</A></li>
                        <li><A href="/account/sessions">"Sessions"</A></li>
                    </ul>
                    <button
                        id="logout"
                        type="button"
                        class="menu-logout"
                        disabled=move || pending.get()
                        on:click=logout
                    >
                        {move || if pending.get() { "Logging out…" } else { "Log out" }}
                    </button>
                </div>
            </Show>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="toast toast-error" role="alert">
                                {e}
                                <button type="button" class="link-button" on:click=move |_| error.set(None)>
                                    "Dismiss"
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

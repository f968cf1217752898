//! Who is using the app: the one piece of global state, shared through context.

use earshot_api::{Me, Permission};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

#[derive(Debug, Clone, PartialEq)]
pub enum AuthState {
    /// Asking the server whether the session cookie is still good.
    Checking,
    /// No session. `by_choice` is true after the user logged out here, so the login page
    /// does not offer to bring them back to where they were.
    LoggedOut {
        by_choice: bool,
    },
    LoggedIn(Me),
    /// The server could not be reached or answered with an error other than 401.
    Unreachable(String),
}

#[derive(Clone, Copy)]
pub struct Auth {
    pub state: RwSignal<AuthState>,
    /// Bumped by every change, so a slow answer to an older `refresh` cannot undo a newer
    /// login or logout.
    generation: StoredValue<u64>,
}

impl Auth {
    /// Creates the state, provides it as context and wires the API client's "session ended"
    /// signal to it.
    pub fn provide() -> Auth {
        let auth = Auth {
            state: RwSignal::new(AuthState::Checking),
            generation: StoredValue::new(0),
        };
        provide_context(auth);
        api::on_session_ended(move || auth.set_logged_out());
        auth.refresh();
        auth
    }

    /// Asks the server who is logged in (at start, and after changes to the account).
    pub fn refresh(self) {
        let asked_at = self.generation.get_value();
        spawn_local(async move {
            let next = match api::me().await {
                Ok(me) => AuthState::LoggedIn(me),
                Err(e) if e.status == 401 => AuthState::LoggedOut { by_choice: false },
                Err(e) => AuthState::Unreachable(e.message),
            };
            if self.generation.get_value() == asked_at {
                self.change(next);
            }
        });
    }

    fn change(self, next: AuthState) {
        self.generation.update_value(|g| *g += 1);
        self.state.set(next);
    }

    pub fn retry(self) {
        self.change(AuthState::Checking);
        self.refresh();
    }

    pub fn set_logged_in(self, me: Me) {
        self.change(AuthState::LoggedIn(me));
    }

    /// The session ended without the user asking (expired, revoked, deactivated).
    pub fn set_logged_out(self) {
        if !matches!(self.state.get_untracked(), AuthState::LoggedOut { .. }) {
            self.change(AuthState::LoggedOut { by_choice: false });
        }
    }

    /// The user logged out with the menu.
    pub fn set_logged_out_by_choice(self) {
        self.change(AuthState::LoggedOut { by_choice: true });
    }

    /// The current user (reactive).
    pub fn me(self) -> Option<Me> {
        self.state.with(|s| match s {
            AuthState::LoggedIn(me) => Some(me.clone()),
            _ => None,
        })
    }

    pub fn is_logged_in(self) -> bool {
        self.state.with(|s| matches!(s, AuthState::LoggedIn(_)))
    }

    /// Whether the current user's role has this permission (reactive; false when logged out).
    pub fn can(self, permission: Permission) -> bool {
        self.state.with(|s| match s {
            AuthState::LoggedIn(me) => me.can(permission),
            _ => false,
        })
    }

    /// Reads a field of the current user without cloning all of it (reactive).
    pub fn with_me<T: Default>(self, f: impl FnOnce(&Me) -> T) -> T {
        self.state.with(|s| match s {
            AuthState::LoggedIn(me) => f(me),
            _ => T::default(),
        })
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// Where a user lands after logging in when no other page was asked for.
pub fn home_path(me: &Me) -> &'static str {
    if me.can(Permission::ViewConversations) {
        "/inbox"
    } else if me.can(Permission::ViewReports) {
        "/reports"
    } else {
        "/account/profile"
    }
}

/// Accepts a `next` page only if it is a path on this site (no `//host` or `https://` tricks).
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
        .filter(|n| !n.starts_with("/login"))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        let next = |s: &str| safe_next(Some(s.to_string()));
        assert_eq!(next("/settings/users"), Some("/settings/users".into()));
        assert_eq!(
            next("/inbox?status=open"),
            Some("/inbox?status=open".into())
        );
        assert_eq!(next("//evil.example/x"), None);
        assert_eq!(next("/\\evil.example"), None);
        assert_eq!(next("https://evil.example"), None);
        assert_eq!(next("/login?next=/inbox"), None);
        assert_eq!(safe_next(None), None);
    }
}

//! Account → Sessions: where the user is logged in, and ending those sessions.

use earshot_api::SessionInfo;
use leptos::prelude::*;

use super::AccountNav;
use crate::api;
use crate::components::form::submit;
use crate::components::status::{FormError, FormSuccess, show_loaded};
use crate::util::{format_relative, format_time};

/// "Firefox on Linux" from a User-Agent header; good enough to recognise one's own devices.
fn describe_device(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else if ua.contains("curl/") {
        "curl"
    } else {
        ""
    };
    let os = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, os) {
        ("", "") if ua.is_empty() => "Unknown device".into(),
        ("", "") => ua.chars().take(60).collect(),
        (b, "") => b.into(),
        ("", o) => format!("Browser on {o}"),
        (b, o) => format!("{b} on {o}"),
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    crate::util::set_title("Sessions");
    let sessions = LocalResource::new(api::sessions);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);

    let revoke_others = move |_| {
        message.set(None);
        submit(pending, error, api::revoke_other_sessions(), move |r| {
            message.set(Some(match r.revoked {
                0 => "There were no other sessions to log out.".to_string(),
                1 => "Logged out 1 other session.".to_string(),
                n => format!("Logged out {n} other sessions."),
            }));
            sessions.refetch();
        });
    };
    let revoke = move |id: String| {
        message.set(None);
        submit(pending, error, api::revoke_session(id), move |_| {
            message.set(Some("The session was logged out.".into()));
            sessions.refetch();
        });
    };

    view! {
        <section class="page" id="sessions-page">
            <AccountNav/>
            <header class="page-header">
                <h1>"Sessions"</h1>
                <p class="muted">"The browsers and devices where you are logged in. Log out any you do not recognise, then change your password."</p>
            </header>
            <FormError error=error/>
            <FormSuccess message=message/>
            {show_loaded(sessions, move |list: Vec<SessionInfo>| {
                let rows = list
                    .into_iter()
                    .map(|s| {
                        let id = s.id.clone();
                        view! {
                            <li class="session card" class:current=s.current data-session-id=s.id.clone()>
                                <div class="session-main">
                                    <strong>{describe_device(&s.user_agent)}</strong>
                                    {s.current.then(|| view! { <span class="badge badge-success">"This device"</span> })}
                                    <p class="muted small">
                                        {if s.ip.is_empty() { String::new() } else { format!("IP {} · ", s.ip) }}
                                        "Last active " {format_relative(s.last_seen_at)}
                                        " · Logged in " {format_time(s.created_at)}
                                        " · Expires " {format_time(s.expires_at)}
                                    </p>
                                </div>
                                {(!s.current).then(|| view! {
                                    <button
                                        type="button"
                                        class="btn btn-small btn-danger-outline"
                                        disabled=move || pending.get()
                                        on:click=move |_| revoke(id.clone())
                                    >
                                        "Log out"
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <ul class="session-list" id="sessions-list">{rows}</ul>
                    <div class="form-actions">
                        <button
                            type="button"
                            id="revoke-others"
                            class="btn btn-danger-outline"
                            disabled=move || pending.get()
                            on:click=revoke_others
                        >
                            "Log out my other sessions"
                        </button>
                    </div>
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn user_agents_become_short_device_names() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(describe_device(firefox), "Firefox on Linux");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(describe_device(edge), "Edge on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_device(iphone), "Safari on iOS");
        assert_eq!(describe_device(""), "Unknown device");
    }
}

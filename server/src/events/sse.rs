//! `GET /api/v1/events`: Server-Sent Events. Each connection holds the caller's scope and
//! forwards only the events of conversations they may see, refreshing the scope every 15 s
//! (team changes, deactivation, the session ending). A comment line every 15 s keeps proxies from closing it.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use bytes::Bytes;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::auth::Caller;
use crate::inbox::scope::Scope;

const KEEP_ALIVE: Duration = Duration::from_secs(15);
const SCOPE_REFRESH: Duration = Duration::from_secs(15);

struct Stream {
    state: web::Data<AppState>,
    receiver: tokio::sync::broadcast::Receiver<std::sync::Arc<crate::events::Published>>,
    scope: Option<Scope>,
    session_hash: String,
    refreshed: tokio::time::Instant,
    first: bool,
}

pub async fn events(state: web::Data<AppState>, caller: Caller) -> HttpResponse {
    let stream = Stream {
        receiver: state.bus.subscribe(),
        state: state.clone(),
        scope: Some(Scope::of(&caller)),
        session_hash: caller.session_hash.clone(),
        refreshed: tokio::time::Instant::now(),
        first: true,
    };
    let body = futures_util::stream::unfold(stream, |mut s| async move {
        if s.first {
            s.first = false;
            // Tell the browser how long to wait before reconnecting, and that we are live.
            return Some((
                Ok::<_, actix_web::Error>(Bytes::from_static(b"retry: 3000\n: connected\n\n")),
                s,
            ));
        }
        loop {
            if s.refreshed.elapsed() > SCOPE_REFRESH {
                s.refreshed = tokio::time::Instant::now();
                let user_id = s.scope.as_ref()?.user_id;
                // A logged-out or revoked session stops receiving events too.
                let open = crate::auth::session::is_open(
                    &s.state.db,
                    &s.session_hash,
                    s.state.config.session_idle_secs,
                )
                .await
                .unwrap_or(false);
                s.scope =
                    match crate::users::service::load_active_account(&s.state.db, user_id).await {
                        Ok(Some(account)) if open => {
                            Some(Scope::for_role(user_id, account.role, account.team_ids))
                        }
                        _ => None,
                    };
            }
            let scope = s.scope.as_ref()?; // deactivated: end the stream
            match tokio::time::timeout(KEEP_ALIVE, s.receiver.recv()).await {
                Err(_) => return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), s)),
                Ok(Err(RecvError::Closed)) => return None,
                Ok(Err(RecvError::Lagged(_))) => {
                    return Some((
                        Ok(Bytes::from_static(
                            b"event: resync\ndata: {\"type\":\"resync\"}\n\n",
                        )),
                        s,
                    ));
                }
                Ok(Ok(published)) if published.visible_to(scope) => {
                    // Roles that do not act on conversations see messages' contact details
                    // masked (inbox::privacy); everyone else gets the event as published.
                    let mut masked = None;
                    if let earshot_api::Event::Message { .. } = &published.event
                        && !scope.sees_contact_details
                    {
                        let mut event = published.event.clone();
                        if let earshot_api::Event::Message { message, .. } = &mut event {
                            crate::inbox::privacy::hide_contact_details(message);
                        }
                        masked = Some(event);
                    }
                    let event = masked.as_ref().unwrap_or(&published.event);
                    let json = serde_json::to_string(event).unwrap_or_default();
                    let name = event_name(event);
                    return Some((
                        Ok(Bytes::from(format!("event: {name}\ndata: {json}\n\n"))),
                        s,
                    ));
                }
                Ok(Ok(_)) => continue,
            }
        }
    });
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body)
}

fn event_name(event: &earshot_api::Event) -> &'static str {
    match event {
        earshot_api::Event::Message { .. } => "message",
        earshot_api::Event::Conversation { .. } => "conversation",
        earshot_api::Event::Presence { .. } => "presence",
        earshot_api::Event::Notification { .. } => "notification",
        earshot_api::Event::Resync { .. } => "resync",
    }
}

//! Live updates: an in-process bus of inbox events, and the SSE stream that delivers each user
//! only the events of conversations they may see.

pub mod sse;

use std::sync::Arc;

use earshot_api::Event;
use tokio::sync::broadcast;

use crate::inbox::scope::Scope;

/// An event with what decides who may receive it.
#[derive(Debug)]
pub struct Published {
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    /// Only for this user (notifications).
    pub only_user: Option<i64>,
    /// Not echoed to this user (their own presence).
    pub except_user: Option<i64>,
    pub event: Event,
}

impl Published {
    pub fn for_conversation(team_id: Option<i64>, assignee_id: Option<i64>, event: Event) -> Self {
        Published {
            team_id,
            assignee_id,
            only_user: None,
            except_user: None,
            event,
        }
    }

    /// Everyone's views reload (see [`Event::Resync`]).
    pub fn resync(reason: &str) -> Self {
        Published::for_conversation(
            None,
            None,
            Event::Resync {
                reason: reason.to_string(),
            },
        )
    }

    pub fn visible_to(&self, scope: &Scope) -> bool {
        if matches!(self.event, Event::Resync { .. }) {
            return true;
        }
        if self.except_user == Some(scope.user_id) {
            return false;
        }
        match self.only_user {
            Some(user) => user == scope.user_id,
            None => scope.allows(self.team_id, self.assignee_id),
        }
    }
}

#[derive(Clone)]
pub struct Bus {
    sender: broadcast::Sender<Arc<Published>>,
}

impl Default for Bus {
    fn default() -> Self {
        // Slow subscribers that fall this far behind skip ahead (and are told to resync).
        let (sender, _) = broadcast::channel(4096);
        Bus { sender }
    }
}

impl Bus {
    pub fn publish(&self, event: Published) {
        // No subscriber is not an error: nobody is looking.
        let _ = self.sender.send(Arc::new(event));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }

    pub fn has_subscribers(&self) -> bool {
        self.sender.receiver_count() > 0
    }
}

//! Live updates applied to the inbox: new messages, changed conversations and teammates'
//! presence, as they arrive on the event stream.

use std::time::Duration;

use earshot_api::{ConversationSummary, Direction, Event, Message};
use leptos::prelude::*;

use super::format::preview_of;
use super::state::{InboxCtx, Presence};
use crate::util::now_secs;

impl InboxCtx {
    /// Handles one event from the live stream.
    pub fn apply_event(self, event: &Event) {
        match event {
            Event::Message { message, .. } => {
                let open = self.selected.get_untracked() == Some(message.conversation_id);
                if open && message.author_user_id != Some(self.me) {
                    self.mark_open_read();
                }
                self.put_message((**message).clone());
                if !self.count_message(message) {
                    // A conversation the list lacks: new, reopened, or not loaded yet.
                    self.soft_refresh();
                }
            }
            Event::Conversation { conversation } => self.put_row(conversation.clone(), true),
            Event::Presence {
                conversation_id,
                user_id,
                user_name,
                state,
            } => {
                if *user_id == self.me || self.selected.get_untracked() != Some(*conversation_id) {
                    return;
                }
                self.presence.update(|list| {
                    list.retain(|p| p.user_id != *user_id);
                    if state != "left" {
                        list.push(Presence {
                            user_id: *user_id,
                            name: user_name.clone(),
                            state: state.clone(),
                            at: now_secs(),
                        });
                    }
                });
            }
            // A resync reloads the views through `Live::resyncs` (its own SSE listener).
            Event::Notification { .. } | Event::Resync { .. } => {}
        }
    }

    /// The server marks a conversation read when it is opened; a message that arrives while
    /// it is open is read too, so it is opened again (quietly, once for a burst).
    fn mark_open_read(self) {
        if self.read_pending.get_value() {
            return;
        }
        self.read_pending.set_value(true);
        set_timeout(
            move || {
                if self.read_pending.try_set_value(false).is_none() {
                    self.refresh_thread();
                }
            },
            Duration::from_millis(1500),
        );
    }

    /// Forgets presence nobody has confirmed lately: "replying" turns back into "viewing"
    /// after a few seconds without typing, and "viewing" ends without a heartbeat.
    pub fn expire_presence(self) {
        let now = now_secs();
        let stale = self.presence.with_untracked(|list| {
            list.iter()
                .any(|p| (p.state == "replying" && now - p.at > 8) || now - p.at > 75)
        });
        if stale {
            self.presence.update(|list| {
                list.retain(|p| now - p.at <= 75);
                for p in list
                    .iter_mut()
                    .filter(|p| p.state == "replying" && now - p.at > 8)
                {
                    p.state = "viewing".into();
                }
            });
        }
    }

    /// Applies a changed conversation to the list and the open thread. A row that no longer
    /// matches the filters leaves the list (unless it is open); one that is not in the list
    /// is added at the top, unread, when `may_add` and it matches.
    pub fn put_row(self, summary: ConversationSummary, may_add: bool) {
        let open = self.selected.get_untracked() == Some(summary.id);
        if open {
            self.conversation.set(Some(ConversationSummary {
                unread: false,
                ..summary.clone()
            }));
        }
        let filters = self.filters.get_untracked();
        let matches = filters.matches(&summary, self.me);
        self.items.update(
            |items| match items.iter().position(|c| c.id == summary.id) {
                Some(index) if matches || open => {
                    // Live summaries are built for nobody in particular, so their `unread`
                    // says nothing about this user: the row keeps its own marker.
                    let unread = !open && items[index].unread;
                    items[index] = ConversationSummary { unread, ..summary };
                }
                Some(index) => {
                    items.remove(index);
                }
                None if may_add && matches && filters.q.trim().is_empty() => {
                    let unread = !open;
                    items.insert(0, ConversationSummary { unread, ..summary });
                }
                None => {}
            },
        );
    }

    /// Counts a message in its conversation's row: preview, activity time, unread marker;
    /// to the top of the list when sorted by newest. False if the list has no such row.
    pub fn count_message(self, message: &Message) -> bool {
        let repeat = !self
            .seen_messages
            .try_update_value(|seen| seen.insert(message.id))
            .unwrap_or(false);
        let delivery_update = message
            .delivery_status
            .as_deref()
            .is_some_and(|s| s != "queued");
        let open = self.selected.get_untracked() == Some(message.conversation_id);
        let newest_first = self.filters.with_untracked(|f| f.sort == "newest");
        let me = self.me;
        let mut found = false;
        self.items.update(|items| {
            let Some(index) = items.iter().position(|c| c.id == message.conversation_id) else {
                return;
            };
            found = true;
            if repeat || delivery_update {
                return;
            }
            let row = &mut items[index];
            row.message_count += 1;
            row.last_activity_at = Some(message.created_at);
            match message.direction {
                Direction::In => {
                    row.preview = preview_of(&message.text);
                    row.waiting_since.get_or_insert(message.created_at);
                }
                Direction::Out => {
                    row.preview = preview_of(&message.text);
                    row.waiting_since = None;
                }
                Direction::Note => {}
            }
            if !open && message.author_user_id != Some(me) {
                row.unread = true;
            }
            if newest_first && index > 0 {
                let row = items.remove(index);
                items.insert(0, row);
            }
        });
        found
    }

    /// Adds a message to the open thread, or replaces it (a delivery update) if present.
    pub fn put_message(self, message: Message) {
        if self.selected.get_untracked() != Some(message.conversation_id) {
            return;
        }
        self.messages.update(
            |messages| match messages.iter_mut().find(|m| m.id == message.id) {
                // The reply's own HTTP answer ("queued") can arrive after the live event that
                // says it was sent; never move a delivery status backwards.
                Some(existing) if is_stale(existing, &message) => {}
                Some(existing) => *existing = message,
                None => messages.push(message),
            },
        );
    }
}

fn is_stale(existing: &Message, incoming: &Message) -> bool {
    incoming.delivery_status.as_deref() == Some("queued")
        && matches!(
            existing.delivery_status.as_deref(),
            Some("sent") | Some("failed")
        )
}

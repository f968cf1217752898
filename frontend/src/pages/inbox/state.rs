//! The inbox's state, shared by its panes through context: the filters, the loaded list,
//! the open conversation, teammates and tags, and the calls that change them.

use std::collections::HashSet;

use earshot_api::{
    ConversationQuery, ConversationSummary, Message, Permission, Status, Tag,
    UpdateConversationRequest, UserSummary,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, parse_wire, wire_name};
use crate::auth::use_auth;

pub const PAGE_SIZE: u64 = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    /// `open`, `pending`, `snoozed`, `resolved` or `all`.
    pub status: String,
    /// `all`, `mine` or `unassigned`.
    pub assigned: String,
    /// A conversation kind, or empty for any.
    pub kind: String,
    /// A channel id, or empty for any.
    pub channel: String,
    /// A priority, or empty for any.
    pub priority: String,
    /// `priority`, `waiting` or `newest`.
    pub sort: String,
    /// Full-text search; empty for none.
    pub q: String,
    /// Empty for the queue, `spam` for what was filed away as spam.
    pub folder: String,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            status: "open".into(),
            assigned: "all".into(),
            kind: String::new(),
            channel: String::new(),
            priority: String::new(),
            sort: "priority".into(),
            q: String::new(),
            folder: String::new(),
        }
    }
}

impl Filters {
    pub fn query(&self, cursor: Option<String>) -> ConversationQuery {
        let set = |s: &str| (!s.is_empty()).then(|| s.to_string());
        ConversationQuery {
            status: set(&self.status),
            assigned: set(&self.assigned),
            channel_id: self.channel.parse().ok(),
            kind: parse_wire(&self.kind),
            priority: parse_wire(&self.priority),
            q: set(self.q.trim()),
            sort: set(&self.sort),
            spam: (self.folder == "spam").then_some(true),
            cursor,
            limit: Some(PAGE_SIZE),
            ..Default::default()
        }
    }

    /// Whether a conversation belongs in the list, as far as the app can tell by itself
    /// (a search needs the server: nothing new is added to a search's results).
    pub fn matches(&self, c: &ConversationSummary, me: i64) -> bool {
        let status_ok = self.status == "all" || self.status == wire_name(c.status);
        let assigned_ok = match self.assigned.as_str() {
            "mine" => c.assignee_id == Some(me),
            "unassigned" => c.assignee_id.is_none(),
            _ => true,
        };
        status_ok
            && assigned_ok
            && (self.kind.is_empty() || self.kind == wire_name(c.kind))
            && (self.channel.is_empty() || self.channel == c.channel_id.to_string())
            && (self.priority.is_empty() || self.priority == wire_name(c.priority))
            && (self.folder == "spam") == c.spam
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ThreadLoad {
    Idle,
    Loading,
    Failed(String),
    Ready,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposerMode {
    Reply,
    Note,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Presence {
    pub user_id: i64,
    pub name: String,
    /// `viewing` or `replying`.
    pub state: String,
    pub at: i64,
}

#[derive(Clone, Copy)]
pub struct InboxCtx {
    pub me: i64,
    pub can_act: bool,
    pub can_assign: bool,
    pub filters: RwSignal<Filters>,
    pub items: RwSignal<Vec<ConversationSummary>>,
    pub next_cursor: RwSignal<Option<String>>,
    pub list_loading: RwSignal<bool>,
    pub list_error: RwSignal<Option<String>>,
    /// Channels seen so far, for the channel filter: (id, name).
    pub channels: RwSignal<Vec<(i64, String)>>,
    pub selected: Memo<Option<i64>>,
    pub thread: RwSignal<ThreadLoad>,
    pub conversation: RwSignal<Option<ConversationSummary>>,
    pub messages: RwSignal<Vec<Message>>,
    pub contact: RwSignal<Option<earshot_api::Contact>>,
    pub past: RwSignal<Vec<ConversationSummary>>,
    pub presence: RwSignal<Vec<Presence>>,
    pub people: RwSignal<Vec<UserSummary>>,
    pub tags: RwSignal<Vec<Tag>>,
    pub mode: RwSignal<ComposerMode>,
    pub draft: RwSignal<String>,
    pub busy: RwSignal<bool>,
    pub action_error: RwSignal<Option<String>>,
    pub help_open: RwSignal<bool>,
    pub show_contact: RwSignal<bool>,
    /// The clock the waiting times are shown against, ticking every few seconds.
    pub now: RwSignal<i64>,
    pub(super) list_generation: StoredValue<u64>,
    thread_generation: StoredValue<u64>,
    pub(super) refresh_pending: StoredValue<bool>,
    pub(super) read_pending: StoredValue<bool>,
    /// Message ids already counted in the list, so a repeat (a delivery update, or the
    /// event for a reply the app just sent) does not count twice.
    pub(super) seen_messages: StoredValue<HashSet<i64>>,
}

pub fn use_inbox() -> InboxCtx {
    expect_context::<InboxCtx>()
}

impl InboxCtx {
    pub fn new(selected: Memo<Option<i64>>) -> InboxCtx {
        let auth = use_auth();
        let (me, can_act, can_assign) = untrack(|| {
            (
                auth.with_me(|me| me.id),
                auth.can(Permission::ActOnConversations),
                auth.can(Permission::AssignAndApprove),
            )
        });
        InboxCtx {
            me,
            can_act,
            can_assign,
            filters: RwSignal::new(Filters::default()),
            items: RwSignal::new(Vec::new()),
            next_cursor: RwSignal::new(None),
            list_loading: RwSignal::new(false),
            list_error: RwSignal::new(None),
            channels: RwSignal::new(Vec::new()),
            selected,
            thread: RwSignal::new(ThreadLoad::Idle),
            conversation: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            contact: RwSignal::new(None),
            past: RwSignal::new(Vec::new()),
            presence: RwSignal::new(Vec::new()),
            people: RwSignal::new(Vec::new()),
            tags: RwSignal::new(Vec::new()),
            mode: RwSignal::new(ComposerMode::Reply),
            draft: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            action_error: RwSignal::new(None),
            help_open: RwSignal::new(false),
            show_contact: RwSignal::new(false),
            now: RwSignal::new(crate::util::now_secs()),
            list_generation: StoredValue::new(0),
            thread_generation: StoredValue::new(0),
            refresh_pending: StoredValue::new(false),
            read_pending: StoredValue::new(false),
            seen_messages: StoredValue::new(HashSet::new()),
        }
    }

    /// Loads teammates and tags once, for the pickers (failures only leave them empty).
    pub fn load_lookups(self) {
        spawn_local(async move {
            if let Ok(people) = api::people().await {
                self.people.set(people);
            }
        });
        spawn_local(async move {
            if let Ok(tags) = api::tags().await {
                self.tags.set(tags);
            }
        });
        if use_auth().can(Permission::ManageChannels) {
            spawn_local(async move {
                if let Ok(list) = api::channels().await {
                    self.remember_channels(list.into_iter().map(|c| (c.id, c.name)));
                }
            });
        }
    }

    fn next_thread_generation(self) -> u64 {
        self.thread_generation.update_value(|g| *g += 1);
        self.thread_generation.get_value()
    }

    /// Shows the conversation `id` (or none): the list row's summary at once, then the
    /// messages and contact when they arrive.
    pub fn open_thread(self, id: Option<i64>) {
        let generation = self.next_thread_generation();
        self.presence.set(Vec::new());
        self.draft.set(String::new());
        self.action_error.set(None);
        self.show_contact.set(false);
        self.messages.set(Vec::new());
        self.contact.set(None);
        self.past.set(Vec::new());
        let Some(id) = id else {
            self.conversation.set(None);
            self.thread.set(ThreadLoad::Idle);
            return;
        };
        let row = self
            .items
            .with_untracked(|items| items.iter().find(|c| c.id == id).cloned());
        self.conversation.set(row);
        self.thread.set(ThreadLoad::Loading);
        self.fetch_thread(id, generation);
        spawn_local(async move {
            let _ = api::presence(id, "viewing").await;
        });
    }

    /// Reloads the open conversation in place (after a break in the live stream).
    pub fn refresh_thread(self) {
        if let Some(id) = self.selected.get_untracked() {
            let generation = self.thread_generation.get_value();
            self.fetch_thread(id, generation);
        }
    }

    fn fetch_thread(self, id: i64, generation: u64) {
        spawn_local(async move {
            let result = api::conversation(id).await;
            if self.thread_generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(detail) => {
                    self.seen_messages
                        .update_value(|seen| seen.extend(detail.messages.iter().map(|m| m.id)));
                    self.messages.set(detail.messages);
                    self.contact.set(Some(detail.contact));
                    self.past.set(detail.past_conversations);
                    let mut summary = detail.conversation;
                    summary.unread = false;
                    self.put_row(summary.clone(), false);
                    self.conversation.set(Some(summary));
                    self.thread.set(ThreadLoad::Ready);
                }
                Err(e) => self.thread.set(ThreadLoad::Failed(e.message)),
            }
        });
    }

    /// Changes a conversation (status, priority, assignee, tags…) and shows the result.
    pub fn update(self, id: i64, request: UpdateConversationRequest) {
        if !self.can_act || self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let result = api::update_conversation(id, request).await;
            self.busy.set(false);
            match result {
                Ok(summary) => self.put_row(summary, false),
                Err(e) => self.action_error.set(Some(e.message)),
            }
        });
    }

    pub fn set_status(self, id: i64, status: Status) {
        self.update(
            id,
            UpdateConversationRequest {
                status: Some(status),
                ..Default::default()
            },
        );
    }

    pub fn assign(self, id: i64, assignee: Option<i64>) {
        self.update(
            id,
            UpdateConversationRequest {
                assignee_id: Some(assignee),
                ..Default::default()
            },
        );
    }

    pub fn person_name(self, id: i64) -> Option<String> {
        self.people
            .with_untracked(|people| people.iter().find(|p| p.id == id).map(|p| p.name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use earshot_api::{ChannelKind, ConversationKind, ConversationSummary, Priority, Status};

    use super::Filters;

    fn conversation(status: Status, assignee: Option<i64>) -> ConversationSummary {
        ConversationSummary {
            id: 1,
            kind: ConversationKind::Private,
            channel_id: 3,
            channel_kind: ChannelKind::Api,
            channel_name: "Web".into(),
            contact_id: 1,
            contact_name: "Ada".into(),
            contact_vip: false,
            status,
            priority: Priority::Normal,
            assignee_id: assignee,
            team_id: None,
            tags: vec![],
            sentiment: None,
            snoozed_until: None,
            waiting_since: None,
            first_response_at: None,
            last_activity_at: None,
            preview: String::new(),
            message_count: 1,
            unread: true,
            spam: false,
            pii_exposed: None,
        }
    }

    #[test]
    fn live_conversations_are_checked_against_the_filters() {
        let open = Filters::default();
        assert!(open.matches(&conversation(Status::Open, None), 9));
        assert!(!open.matches(&conversation(Status::Resolved, None), 9));
        let all = Filters {
            status: "all".into(),
            ..Filters::default()
        };
        assert!(all.matches(&conversation(Status::Resolved, None), 9));
        let mine = Filters {
            assigned: "mine".into(),
            ..Filters::default()
        };
        assert!(mine.matches(&conversation(Status::Open, Some(9)), 9));
        assert!(!mine.matches(&conversation(Status::Open, None), 9));
        let unassigned = Filters {
            assigned: "unassigned".into(),
            ..Filters::default()
        };
        assert!(!unassigned.matches(&conversation(Status::Open, Some(2)), 9));
        let public = Filters {
            kind: "public".into(),
            ..Filters::default()
        };
        assert!(!public.matches(&conversation(Status::Open, None), 9));
        let channel = Filters {
            channel: "3".into(),
            priority: "normal".into(),
            ..Filters::default()
        };
        assert!(channel.matches(&conversation(Status::Open, None), 9));
    }
}

//! Loading the conversation list: the first page for the filters, more pages on demand,
//! and a quiet refresh of the first page when the live stream mentions something new.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::InboxCtx;
use crate::api;

impl InboxCtx {
    pub(super) fn remember_channels(self, seen: impl IntoIterator<Item = (i64, String)>) {
        self.channels.update(|known| {
            for (id, name) in seen {
                if !known.iter().any(|(k, _)| *k == id) {
                    known.push((id, name));
                }
            }
            known.sort_by_key(|a| a.1.to_lowercase());
        });
    }

    fn next_list_generation(self) -> u64 {
        self.list_generation.update_value(|g| *g += 1);
        self.list_generation.get_value()
    }

    fn is_current_list(self, generation: u64) -> bool {
        self.list_generation.try_get_value() == Some(generation)
    }

    /// Loads the first page for the current filters, replacing the list.
    pub fn reload_list(self) {
        let generation = self.next_list_generation();
        let query = self.filters.get_untracked().query(None);
        self.list_loading.set(true);
        self.list_error.set(None);
        self.items.set(Vec::new());
        self.next_cursor.set(None);
        spawn_local(async move {
            let result = api::conversations(query).await;
            if !self.is_current_list(generation) {
                return;
            }
            self.list_loading.set(false);
            match result {
                Ok(page) => {
                    self.remember_channels(
                        page.items
                            .iter()
                            .map(|c| (c.channel_id, c.channel_name.clone())),
                    );
                    self.items.set(page.items);
                    self.next_cursor.set(page.next_cursor);
                }
                Err(e) => self.list_error.set(Some(e.message)),
            }
        });
    }

    /// Appends the next page ("Load more" and scrolling to the end of the list).
    pub fn load_more(self) {
        let Some(cursor) = self.next_cursor.get_untracked() else {
            return;
        };
        if self.list_loading.get_untracked() {
            return;
        }
        let generation = self.list_generation.get_value();
        let query = self.filters.get_untracked().query(Some(cursor));
        self.list_loading.set(true);
        self.list_error.set(None);
        spawn_local(async move {
            let result = api::conversations(query).await;
            if !self.is_current_list(generation) {
                return;
            }
            self.list_loading.set(false);
            match result {
                Ok(page) => {
                    self.remember_channels(
                        page.items
                            .iter()
                            .map(|c| (c.channel_id, c.channel_name.clone())),
                    );
                    self.items.update(|items| {
                        for item in page.items {
                            if !items.iter().any(|i| i.id == item.id) {
                                items.push(item);
                            }
                        }
                    });
                    self.next_cursor.set(page.next_cursor);
                }
                Err(e) => self.list_error.set(Some(e.message)),
            }
        });
    }

    /// Fetches the first page again and merges it into what is loaded, without emptying the
    /// list: for conversations the live stream mentions but the list lacks, and after a
    /// break in the stream. Calls within a short time are merged into one.
    pub fn soft_refresh(self) {
        if self.refresh_pending.get_value() {
            return;
        }
        self.refresh_pending.set_value(true);
        set_timeout(
            move || {
                if self.refresh_pending.try_set_value(false).is_some() {
                    return;
                }
                let generation = self.list_generation.get_value();
                let query = self.filters.get_untracked().query(None);
                spawn_local(async move {
                    let Ok(page) = api::conversations(query).await else {
                        return;
                    };
                    if !self.is_current_list(generation) {
                        return;
                    }
                    let open = self.selected.get_untracked();
                    self.items.update(|items| {
                        // Rows already shown are updated in place (this answer's `unread` is
                        // this user's own); the ones missing go to the top.
                        let mut missing = Vec::new();
                        for mut fresh in page.items {
                            if Some(fresh.id) == open {
                                fresh.unread = false;
                            }
                            match items.iter_mut().find(|c| c.id == fresh.id) {
                                Some(row) => *row = fresh,
                                None => missing.push(fresh),
                            }
                        }
                        items.splice(0..0, missing);
                    });
                    if self.next_cursor.get_untracked().is_none() {
                        self.next_cursor.set(page.next_cursor);
                    }
                });
            },
            Duration::from_millis(600),
        );
    }
}

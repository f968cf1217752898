//! The unified inbox: conversations and their messages, scoped per user, with live events.

pub mod handlers;
pub mod list;
pub mod mentions;
pub mod notifications;
pub mod privacy;
pub mod rows;
pub mod scope;
pub mod search;
pub mod service;
pub mod tags;

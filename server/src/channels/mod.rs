//! Channels: where conversations come from and where replies go. Admins manage them in
//! Settings → Channels. Today: the generic API channel (`inbound` receives signed items,
//! `delivery` posts replies to the channel's webhook).

pub mod delivery;
pub mod handlers;
pub mod inbound;
pub mod service;

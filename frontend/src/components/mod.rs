//! Pieces shared by several pages.

pub mod form;
pub mod guard;
pub mod layout;
pub mod notifications;
pub mod public;
pub mod secret;
pub mod status;

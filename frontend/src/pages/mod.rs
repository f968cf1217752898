//! One module per screen of the app.

pub mod account;
pub mod inbox;
pub mod invite;
pub mod login;
pub mod reports;
pub mod settings;
pub mod setup;
pub mod shells;

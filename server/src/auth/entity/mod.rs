pub mod session;
pub mod setup_token;

pub mod invite;
pub mod team;
pub mod team_member;
pub mod user;

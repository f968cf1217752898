//! Users, invitations and teams (business units).

pub mod entity;
pub mod handlers;
pub mod service;
pub mod teams;

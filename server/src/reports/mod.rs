//! Reports: figures over a period within the caller's reach (DESIGN.md §4: supervisors their
//! teams, agents their own figures). Today the overview: customer messages per day with their
//! sentiment, the gratitude index and the frequent topics.

pub mod dates;
pub mod handlers;
pub mod service;

//! Text analysis for conversations: signals an agent can act on, computed locally and fast.
//!
//! - [`sentiment`]: rule-based, explainable sentiment scoring (a port of VADER with its
//!   lexicons embedded), returning a compound score in [−1, 1], a label and the reasons.

pub mod sentiment;

//! Versioned schema migrations. The server runs the pending ones at every start
//! (`earshot migrate` runs them alone). Never edit a migration that has shipped: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_accounts;
mod m20261125_000002_inbox;
mod m20261125_000003_analysis;
mod m20261125_000004_topic_rules;
mod m20261127_000005_topic_routing;
mod m20261127_000006_reports;
mod m20261127_000007_team_settled;
mod m20261127_000008_message_spam;
mod m20261127_000009_reanalysis_runs;
mod m20261127_000010_starting_rule_keywords;
mod m20261128_000011_sentiment_topic_rules;
mod m20261128_000012_more_rule_keywords;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_accounts::Migration),
            Box::new(m20261125_000002_inbox::Migration),
            Box::new(m20261125_000003_analysis::Migration),
            Box::new(m20261125_000004_topic_rules::Migration),
            Box::new(m20261127_000005_topic_routing::Migration),
            Box::new(m20261127_000006_reports::Migration),
            Box::new(m20261127_000007_team_settled::Migration),
            Box::new(m20261127_000008_message_spam::Migration),
            Box::new(m20261127_000009_reanalysis_runs::Migration),
            Box::new(m20261127_000010_starting_rule_keywords::Migration),
            Box::new(m20261128_000011_sentiment_topic_rules::Migration),
            Box::new(m20261128_000012_more_rule_keywords::Migration),
        ]
    }
}

/// The time now, in seconds since the Unix epoch, for the rows a migration writes.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Earshot's starting sentiment rules, `(topic, urgent, score)`: a message scoring at least the
/// score (or, for a negative one, at most) gets the topic. Praise: customers praise a service
/// in more ways than a keyword list holds ("they were brilliant with my nervous toddler");
/// 0.4 leaves out the mild positives of a polite request ("please can someone look at it":
/// 0.32). Seeded by migration 000011, and used as they are by `earshot analyze`.
pub const STARTING_SENTIMENT_RULES: &[(&str, bool, &str)] = &[("praise", false, "0.4")];

/// Earshot's starting topic rules, `(topic, urgent, comma-separated keywords)`: seeded into
/// `topic_rules` by a migration, and used as they are by `earshot analyze`.
pub fn default_topic_rules() -> impl Iterator<Item = (&'static str, bool, &'static str)> {
    include_str!("default_topics.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.splitn(3, '\t');
            Some((cols.next()?, cols.next()? == "1", cols.next()?))
        })
}

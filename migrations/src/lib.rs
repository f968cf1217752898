//! Versioned schema migrations. The server runs the pending ones at every start
//! (`earshot migrate` runs them alone). Never edit a migration that has shipped: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_accounts;
mod m20261125_000002_inbox;
mod m20261125_000003_analysis;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_accounts::Migration),
            Box::new(m20261125_000002_inbox::Migration),
            Box::new(m20261125_000003_analysis::Migration),
        ]
    }
}

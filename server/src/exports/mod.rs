//! Exports: customer data out of Earshot as CSV, for the roles the permission table allows
//! (owners, admins, analysts everything; supervisors their teams). Personal data is masked as
//! in the inbox: secrets for everyone, contact details for roles that do not act on
//! conversations. Every export is in the audit log.

mod csv;
pub mod handlers;
pub mod service;

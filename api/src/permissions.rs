//! The five roles and the permission table of DESIGN.md §4 — the one place it is written down.
//! The server enforces it on every route; the web app uses it to decide what to show.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Supervisor,
    Agent,
    Analyst,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::Supervisor,
        Role::Agent,
        Role::Analyst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Supervisor => "Supervisor",
            Role::Agent => "Agent",
            Role::Analyst => "Analyst",
        }
    }

    /// Roles whose conversation and report access is limited to their own teams.
    pub fn is_team_scoped(self) -> bool {
        matches!(self, Role::Supervisor | Role::Agent)
    }

    pub fn has(self, permission: Permission) -> bool {
        permission.roles().contains(&self)
    }

    pub fn permissions(self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.has(*p))
            .collect()
    }
}

/// What a route or a button needs. Scope (which teams' objects) is applied separately, in queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Instance settings, backups, owners.
    ManageInstance,
    /// Users, roles, teams (admins cannot touch owners).
    ManageUsers,
    /// Channels, listeners, rules, SLAs, protocols, playbooks.
    ManageChannels,
    /// See conversations (scoped: supervisors their teams, agents their teams + assigned).
    ViewConversations,
    /// Reply, note, tag, change status.
    ActOnConversations,
    /// Assign to others; approve replies.
    AssignAndApprove,
    /// Declare/resolve incidents, switch playbooks.
    ManageIncidents,
    /// Reports and dashboards (supervisors: their teams; agents: own figures).
    ViewReports,
    /// Exports (supervisors: their teams).
    Export,
    /// Read the audit log.
    ViewAudit,
    /// See teams and their members (everyone who is logged in; scoped for team roles).
    ViewTeams,
}

impl Permission {
    pub const ALL: [Permission; 11] = [
        Permission::ManageInstance,
        Permission::ManageUsers,
        Permission::ManageChannels,
        Permission::ViewConversations,
        Permission::ActOnConversations,
        Permission::AssignAndApprove,
        Permission::ManageIncidents,
        Permission::ViewReports,
        Permission::Export,
        Permission::ViewAudit,
        Permission::ViewTeams,
    ];

    /// The permission table (DESIGN.md §4).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::ManageInstance => &[Owner],
            Permission::ManageUsers => &[Owner, Admin],
            Permission::ManageChannels => &[Owner, Admin],
            Permission::ViewConversations => &[Owner, Admin, Supervisor, Agent, Analyst],
            Permission::ActOnConversations => &[Owner, Admin, Supervisor, Agent],
            Permission::AssignAndApprove => &[Owner, Admin, Supervisor],
            Permission::ManageIncidents => &[Owner, Admin, Supervisor],
            Permission::ViewReports => &[Owner, Admin, Supervisor, Agent, Analyst],
            Permission::Export => &[Owner, Admin, Supervisor, Analyst],
            Permission::ViewAudit => &[Owner, Admin],
            Permission::ViewTeams => &[Owner, Admin, Supervisor, Agent, Analyst],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ManageInstance => "manage_instance",
            Permission::ManageUsers => "manage_users",
            Permission::ManageChannels => "manage_channels",
            Permission::ViewConversations => "view_conversations",
            Permission::ActOnConversations => "act_on_conversations",
            Permission::AssignAndApprove => "assign_and_approve",
            Permission::ManageIncidents => "manage_incidents",
            Permission::ViewReports => "view_reports",
            Permission::Export => "export",
            Permission::ViewAudit => "view_audit",
            Permission::ViewTeams => "view_teams",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_cannot_manage_the_instance_and_analysts_cannot_act() {
        assert!(Role::Owner.has(Permission::ManageInstance));
        assert!(!Role::Admin.has(Permission::ManageInstance));
        assert!(!Role::Analyst.has(Permission::ActOnConversations));
        assert!(Role::Analyst.has(Permission::Export));
        assert!(!Role::Agent.has(Permission::Export));
        assert!(!Role::Supervisor.has(Permission::ViewAudit));
    }

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
    }
}

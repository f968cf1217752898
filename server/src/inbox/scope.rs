//! Which conversations a user may see — one definition, used by every query and by the live
//! event filter. Owners, admins and analysts see all; supervisors their teams'; agents their
//! teams' and those assigned to them.

use earshot_api::Role;
use sea_orm::Value;

use crate::auth::Caller;

#[derive(Debug, Clone)]
pub struct Scope {
    pub user_id: i64,
    pub all: bool,
    pub team_ids: Vec<i64>,
    pub include_assigned: bool,
    /// Roles that act on conversations see contact details in messages (see `privacy`).
    pub sees_contact_details: bool,
}

impl Scope {
    pub fn of(caller: &Caller) -> Scope {
        Scope::for_role(caller.user_id, caller.role, caller.team_ids.clone())
    }

    /// The one rule: team-scoped roles see their teams; agents also what is assigned to them.
    pub fn for_role(user_id: i64, role: Role, team_ids: Vec<i64>) -> Scope {
        Scope {
            user_id,
            all: !role.is_team_scoped(),
            team_ids,
            include_assigned: role == Role::Agent,
            sees_contact_details: role.has(earshot_api::Permission::ActOnConversations),
        }
    }

    pub fn allows(&self, team_id: Option<i64>, assignee_id: Option<i64>) -> bool {
        self.all
            || team_id.is_some_and(|t| self.team_ids.contains(&t))
            || (self.include_assigned && assignee_id == Some(self.user_id))
    }

    /// A SQL condition on the conversations alias `c`, with its parameters.
    pub fn sql(&self) -> (String, Vec<Value>) {
        if self.all {
            return ("1=1".into(), vec![]);
        }
        let mut values: Vec<Value> = self.team_ids.iter().map(|t| (*t).into()).collect();
        let teams = if self.team_ids.is_empty() {
            "0=1".to_string()
        } else {
            format!(
                "c.team_id IN ({})",
                vec!["?"; self.team_ids.len()].join(",")
            )
        };
        if self.include_assigned {
            values.push(self.user_id.into());
            (format!("({teams} OR c.assignee_id = ?)"), values)
        } else {
            (teams, values)
        }
    }
}

/// A SQL condition on `c` (as [`Scope::sql`] gives) narrowed to one team when one is asked
/// for: reports and exports filter by team within the caller's reach.
pub fn narrowed_to_team(
    (mut sql, mut values): (String, Vec<Value>),
    team_id: Option<i64>,
) -> (String, Vec<Value>) {
    if let Some(team) = team_id {
        sql.push_str(" AND c.team_id = ?");
        values.push(team.into());
    }
    (sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(all: bool, teams: Vec<i64>, assigned: bool) -> Scope {
        Scope {
            user_id: 7,
            all,
            team_ids: teams,
            include_assigned: assigned,
            sees_contact_details: true,
        }
    }

    #[test]
    fn agents_see_their_teams_and_their_assignments_only() {
        let agent = scope(false, vec![1], true);
        assert!(agent.allows(Some(1), None));
        assert!(agent.allows(Some(2), Some(7)));
        assert!(!agent.allows(Some(2), Some(8)));
        assert!(!agent.allows(None, None));
        let supervisor = scope(false, vec![1], false);
        assert!(!supervisor.allows(Some(2), Some(7)));
        assert!(scope(true, vec![], false).allows(None, None));
        assert_eq!(scope(false, vec![], false).sql().0, "0=1");
    }

    #[test]
    fn a_team_narrows_the_reach_after_its_own_parameters() {
        let agent = scope(false, vec![1, 2], true);
        let (sql, values) = narrowed_to_team(agent.sql(), Some(2));
        assert_eq!(
            sql,
            "(c.team_id IN (?,?) OR c.assignee_id = ?) AND c.team_id = ?"
        );
        assert_eq!(values, [1i64, 2, 7, 2].map(Value::from));
        assert_eq!(narrowed_to_team(agent.sql(), None), agent.sql());
    }
}

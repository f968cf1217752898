//! Reports.

use earshot_api::OverviewReport;

use super::{ApiResult, Auth, get};

/// The overview of the last `days` days, of one team or of everything the caller may see.
pub async fn overview_report(days: i64, team_id: Option<i64>) -> ApiResult<OverviewReport> {
    let mut path = format!("/reports/overview?days={days}");
    if let Some(team) = team_id {
        path.push_str(&format!("&team_id={team}"));
    }
    get(&path, Auth::Session).await
}

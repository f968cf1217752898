//! Reports: over a period, the customer messages per day with their sentiment, the gratitude
//! index (thank-you messages per 100 customer messages) and the frequent topics. Supervisors
//! see their teams' figures, agents their own conversations', other roles everything.

use earshot_api::{OverviewReport, Permission, ReportDay, Role, Team, TopicCount};
use leptos::prelude::*;

use crate::api;
use crate::auth::use_auth;
use crate::components::guard::RequirePermission;
use crate::components::status::{EmptyState, show_loaded};

#[component]
pub fn ReportsPage() -> impl IntoView {
    crate::util::set_title("Reports");
    view! {
        <RequirePermission permission=Permission::ViewReports>
            <Reports/>
        </RequirePermission>
    }
}

const PERIODS: [(i64, &str); 4] = [
    (7, "Last 7 days"),
    (30, "Last 30 days"),
    (90, "Last 90 days"),
    (365, "Last 365 days"),
];

#[component]
fn Reports() -> impl IntoView {
    let role = use_auth().me().map(|me| me.role);
    let reach = match role {
        Some(Role::Agent) => "The conversations assigned to you.",
        Some(Role::Supervisor) => "Your teams' conversations.",
        _ => "All conversations.",
    };
    let days = RwSignal::new(30i64);
    let team = RwSignal::new(String::new());
    let teams = LocalResource::new(api::teams);
    let team_list = move || -> Vec<Team> { teams.get().and_then(Result::ok).unwrap_or_default() };
    let can_export = use_auth().can(Permission::Export);
    // A plain link: the browser downloads the file with the session cookie.
    let export_href = move || {
        let team = team.get();
        let team = if team.is_empty() {
            String::new()
        } else {
            format!("&team_id={team}")
        };
        format!("/api/v1/exports/messages.csv?days={}{team}", days.get())
    };
    let report = LocalResource::new(move || {
        let (days, team) = (days.get(), team.get().parse().ok());
        api::overview_report(days, team)
    });
    view! {
        <section class="page" id="reports-page">
            <header class="page-header">
                <h1>"Reports"</h1>
                <p class="muted">{reach} " Conversations filed as spam are not counted; days are UTC."</p>
            </header>
            <div class="report-controls">
                <div class="field">
                    <label for="report-days">"Period"</label>
                    <select id="report-days" on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(30))>
                        {PERIODS
                            .into_iter()
                            .map(|(n, label)| view! { <option value=n.to_string() selected=n == 30>{label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || { role != Some(Role::Agent) && !team_list().is_empty() }>
                    <div class="field">
                        <label for="report-team">"Team"</label>
                        <select id="report-team" on:change=move |ev| team.set(event_target_value(&ev))>
                            <option value="">"All teams"</option>
                            {move || {
                                team_list()
                                    .into_iter()
                                    .map(|t| view! { <option value=t.id.to_string()>{t.name}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                </Show>
                <Show when=move || can_export>
                    <a class="btn" id="export-csv" href=export_href download="">
                        "Export messages (CSV)"
                    </a>
                </Show>
            </div>
            {show_loaded(report, |r| view! { <Overview report=r/> })}
        </section>
    }
}

#[component]
fn Overview(report: OverviewReport) -> impl IntoView {
    if report.customer_messages == 0 {
        return view! {
            <EmptyState
                title="No customer messages in this period"
                text="Figures appear here as customers write in. Try a longer period."
            />
        }
        .into_any();
    }
    let index = report
        .gratitude_index
        .map_or("–".to_string(), |i| format!("{i:.1}"));
    let change = match (report.gratitude_index, report.previous_gratitude_index) {
        (Some(now), Some(before)) => {
            let delta = now - before;
            let arrow = if delta > 0.0 {
                "▲"
            } else if delta < 0.0 {
                "▼"
            } else {
                "="
            };
            format!(
                "{arrow} {:.1} against the period before ({before:.1})",
                delta.abs()
            )
        }
        _ => "No messages in the period before to compare with.".to_string(),
    };
    let sentiment = report
        .mean_sentiment
        .map_or("–".to_string(), |s| format!("{s:+.2}"));
    let period = format!("{} to {}", report.from, report.to);
    view! {
        <p class="muted" id="report-period">{period}</p>
        <div class="stat-grid">
            <div class="card stat" id="gratitude-index">
                <h2>"Gratitude index"</h2>
                <p class="stat-value">{index}</p>
                <p class="muted">"thank-you messages per 100 customer messages"</p>
                <p class="stat-change">{change}</p>
            </div>
            <div class="card stat" id="customer-messages">
                <h2>"Customer messages"</h2>
                <p class="stat-value">{report.customer_messages}</p>
                <p class="muted">{format!("{} of them thank you", report.thanks_messages)}</p>
            </div>
            <div class="card stat" id="thanked-conversations">
                <h2>"Thanked conversations"</h2>
                <p class="stat-value">{report.thanked_conversations}</p>
                <p class="muted">"conversations where the customer said thanks"</p>
            </div>
            <div class="card stat" id="mean-sentiment">
                <h2>"Mean sentiment"</h2>
                <p class="stat-value">{sentiment}</p>
                <p class="muted">"from −1 (negative) to +1 (positive)"</p>
            </div>
        </div>
        <div class="card">
            <h2>"Customer messages by day"</h2>
            <DailyChart days=report.days.clone()/>
            <DailyTable days=report.days/>
        </div>
        <div class="card">
            <h2>"Topics"</h2>
            <TopicBars topics=report.topics/>
        </div>
    }
    .into_any()
}

/// Stacked bars (negative, neutral, positive; unscored messages on top) and the thank-you
/// messages as a line, one column a day. Each column's title gives its figures.
#[component]
fn DailyChart(days: Vec<ReportDay>) -> impl IntoView {
    // A fixed drawing size (scaled to the card's width): a week's columns are wide, a year's
    // thin.
    const WIDTH: f64 = 600.0;
    const HEIGHT: f64 = 160.0;
    let column = WIDTH / days.len().max(1) as f64;
    let top = days
        .iter()
        .map(|d| d.customer_messages)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let y = move |count: i64| count as f64 / top * HEIGHT;
    let thanks_line = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            format!(
                "{:.2},{:.2}",
                (i as f64 + 0.5) * column,
                HEIGHT - y(d.thanks_messages)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let columns = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = (i as f64 + 0.1) * column;
            let bar = format!("{:.2}", column * 0.8);
            let unscored = d.customer_messages - d.negative - d.neutral - d.positive;
            let mut base = HEIGHT;
            let mut segment = |count: i64, class: &'static str| {
                let h = y(count);
                base -= h;
                let width = bar.clone();
                view! { <rect class=class x=format!("{x:.2}") y=format!("{base:.2}") width=width height=format!("{h:.2}")/> }
            };
            let title = format!(
                "{}: {} messages, {} thank you; {} negative, {} neutral, {} positive",
                d.date, d.customer_messages, d.thanks_messages, d.negative, d.neutral, d.positive
            );
            view! {
                <g class="chart-day">
                    <title>{title}</title>
                    {segment(d.negative, "bar-negative")}
                    {segment(d.neutral, "bar-neutral")}
                    {segment(d.positive, "bar-positive")}
                    {segment(unscored, "bar-unscored")}
                </g>
            }
        })
        .collect_view();
    let (first, last) = (
        days.first().map(|d| d.date.clone()).unwrap_or_default(),
        days.last().map(|d| d.date.clone()).unwrap_or_default(),
    );
    view! {
        <figure class="chart">
            <svg id="daily-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label="Customer messages by day, by sentiment, with the thank-you messages as a line">
                {columns}
                <polyline class="thanks-line" points=thanks_line/>
            </svg>
            <figcaption class="chart-axis"><span>{first}</span><span>{format!("most in a day: {top}")}</span><span>{last}</span></figcaption>
            <p class="chart-legend">
                <span class="legend bar-negative">"negative"</span>
                <span class="legend bar-neutral">"neutral"</span>
                <span class="legend bar-positive">"positive"</span>
                <span class="legend thanks-line">"thank you"</span>
            </p>
        </figure>
    }
}

/// The chart's figures as a table, for reading and for screen readers.
#[component]
fn DailyTable(days: Vec<ReportDay>) -> impl IntoView {
    let rows = days
        .into_iter()
        .rev()
        .filter(|d| d.customer_messages > 0)
        .map(|d| {
            let mean = d
                .mean_sentiment
                .map_or("–".to_string(), |s| format!("{s:+.2}"));
            view! {
                <tr>
                    <td>{d.date}</td>
                    <td>{d.customer_messages}</td>
                    <td>{d.thanks_messages}</td>
                    <td>{d.negative}</td>
                    <td>{d.neutral}</td>
                    <td>{d.positive}</td>
                    <td>{mean}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="chart-table">
            <summary>"Figures by day"</summary>
            <div class="table-wrap">
                <table class="table" id="daily-table">
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            <th scope="col">"Messages"</th>
                            <th scope="col">"Thank you"</th>
                            <th scope="col">"Negative"</th>
                            <th scope="col">"Neutral"</th>
                            <th scope="col">"Positive"</th>
                            <th scope="col">"Mean sentiment"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn TopicBars(topics: Vec<TopicCount>) -> impl IntoView {
    if topics.is_empty() {
        return view! { <p class="muted">"No topics in this period."</p> }.into_any();
    }
    let top = topics.iter().map(|t| t.messages).max().unwrap_or(1).max(1) as f64;
    view! {
        <ol class="topic-bars" id="report-topics">
            {topics
                .into_iter()
                .map(|t| {
                    // A drawn bar, not a styled one: the content security policy allows no
                    // inline styles.
                    let width = format!("{:.1}", t.messages as f64 / top * 100.0);
                    view! {
                        <li>
                            <span class="topic-name">{t.topic}</span>
                            <svg class="topic-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                                <rect width=width height="8"/>
                            </svg>
                            <span class="topic-count">{t.messages}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

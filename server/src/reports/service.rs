//! The overview report: customer messages per day with their sentiment, the gratitude index
//! (thank-you messages per 100 customer messages) and the frequent topics, within the
//! caller's reach. Conversations filed as spam, and messages the analysis judged spam (unless a
//! person restored their conversation), are not counted.

use earshot_api::{OverviewReport, ReportDay, ReportQuery, Role, TopicCount};
use sea_orm::{ConnectionTrait, Value};

use super::dates;
use crate::analysis::topics::GRATITUDE_TOPIC;
use crate::auth::Caller;
use crate::db::stmt;
use crate::error::{AppError, AppResult};
use crate::inbox::scope::{Scope, narrowed_to_team};

/// The default period: the last 30 days, today included.
const DEFAULT_DAYS: i64 = 30;
/// A year and a day: a report's daily series stays a size a page can draw.
const MAX_DAYS: i64 = 366;
const TOP_TOPICS: i64 = 10;

/// Days `first..=last`, by day number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Period {
    pub first: i64,
    pub last: i64,
}

impl Period {
    fn days(self) -> i64 {
        self.last - self.first + 1
    }

    /// `created_at` in `[start, end)` for this period, as SQL parameters.
    pub fn bounds(self) -> [Value; 2] {
        [
            dates::start_of(self.first).into(),
            dates::start_of(self.last + 1).into(),
        ]
    }

    /// The period of the same length just before.
    fn previous(self) -> Period {
        Period {
            first: self.first - self.days(),
            last: self.first - 1,
        }
    }
}

/// The asked period, or a 4xx a person can act on. `today` is a day number.
pub fn period(query: &ReportQuery, today: i64) -> AppResult<Period> {
    let day = |text: &Option<String>, which: &str| -> AppResult<Option<i64>> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => dates::parse(t).map(Some).ok_or_else(|| {
                AppError::invalid(
                    "invalid_date",
                    format!(
                        "The {which} date must be a real date written YYYY-MM-DD, e.g. 2026-11-01."
                    ),
                )
            }),
        }
    };
    let (from, to) = (day(&query.from, "start")?, day(&query.to, "end")?);
    let length = match query.days {
        Some(_) if from.is_some() => {
            return Err(AppError::invalid(
                "invalid_period",
                "Give either a start date or a number of days, not both.",
            ));
        }
        Some(days) if !(1..=MAX_DAYS).contains(&days) => {
            return Err(AppError::invalid(
                "period_too_long",
                format!("A report covers 1 to {MAX_DAYS} days; choose another number of days."),
            ));
        }
        Some(days) => days,
        None => DEFAULT_DAYS,
    };
    let (first, last) = match (from, to) {
        (Some(first), Some(last)) => (first, last),
        (Some(first), None) => (first, today.max(first)),
        (None, Some(last)) => (last - (length - 1), last),
        (None, None) => (today - (length - 1), today),
    };
    if first < 0 {
        return Err(AppError::invalid(
            "invalid_date",
            "Reports start on 1970-01-01 at the earliest.",
        ));
    }
    if last < first {
        return Err(AppError::invalid(
            "invalid_period",
            "The end date is before the start date.",
        ));
    }
    let period = Period { first, last };
    if period.days() > MAX_DAYS {
        return Err(AppError::invalid(
            "period_too_long",
            format!("A report covers at most {MAX_DAYS} days; choose a shorter period."),
        ));
    }
    Ok(period)
}

/// Which conversations the caller's figures come from, as a condition on `c`: supervisors
/// their teams'; agents their own figures (the conversations assigned to them); other roles
/// everything. `team_id` narrows it to one team.
fn reach(caller: &Caller, team_id: Option<i64>) -> (String, Vec<Value>) {
    let reach = if caller.role == Role::Agent {
        ("c.assignee_id = ?".to_string(), vec![caller.user_id.into()])
    } else {
        Scope::of(caller).sql()
    };
    narrowed_to_team(reach, team_id)
}

/// Per 100, to one decimal; none of nothing.
fn per_hundred(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

fn mean(sum: f64, count: i64) -> Option<f64> {
    (count > 0).then(|| (sum / count as f64 * 1000.0).round() / 1000.0)
}

/// Customer messages of the period (neither they nor their conversation spam, within
/// reach), grouped by day: (day, messages,
/// thanks, negative, neutral, positive, sentiment sum, messages with a sentiment).
async fn daily_rows(
    db: &impl ConnectionTrait,
    period: Period,
    reach: &(String, Vec<Value>),
) -> AppResult<Vec<(i64, [i64; 5], f64, i64)>> {
    let sql = format!(
        "SELECT m.created_at / 86400, COUNT(*), COUNT(t.message_id), \
         SUM(CASE WHEN m.sentiment_label = 'negative' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN m.sentiment_label = 'neutral' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN m.sentiment_label = 'positive' THEN 1 ELSE 0 END), \
         COALESCE(SUM(m.sentiment_score), 0.0), COUNT(m.sentiment_score) \
         FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         LEFT JOIN message_topics t ON t.message_id = m.id AND t.topic = ? \
         WHERE m.direction = 'in' AND NOT m.spam AND NOT c.spam AND m.created_at >= ? AND m.created_at < ? AND {} \
         GROUP BY m.created_at / 86400 ORDER BY 1",
        reach.0
    );
    let mut values: Vec<Value> = vec![GRATITUDE_TOPIC.into()];
    values.extend(period.bounds());
    values.extend(reach.1.iter().cloned());
    let mut rows = Vec::new();
    for row in db.query_all_raw(stmt(&sql, values)).await? {
        let mut counts = [0i64; 5];
        for (i, count) in counts.iter_mut().enumerate() {
            *count = row.try_get_by_index(i + 1)?;
        }
        rows.push((
            row.try_get_by_index(0)?,
            counts,
            row.try_get_by_index(6)?,
            row.try_get_by_index(7)?,
        ));
    }
    Ok(rows)
}

/// Topic rows of the period (neither their message nor its conversation spam, within reach):
/// `select` over `message_topics t`.
async fn topic_query(
    db: &impl ConnectionTrait,
    select: &str,
    tail: &str,
    topic: Option<&str>,
    period: Period,
    reach: &(String, Vec<Value>),
) -> AppResult<Vec<sea_orm::QueryResult>> {
    let sql = format!(
        "SELECT {select} FROM message_topics t JOIN conversations c ON c.id = t.conversation_id \
         JOIN messages m ON m.id = t.message_id \
         WHERE {} t.created_at >= ? AND t.created_at < ? AND NOT m.spam AND NOT c.spam AND {} {tail}",
        if topic.is_some() {
            "t.topic = ? AND"
        } else {
            ""
        },
        reach.0
    );
    let mut values: Vec<Value> = topic.map(|t| t.into()).into_iter().collect();
    values.extend(period.bounds());
    values.extend(reach.1.iter().cloned());
    Ok(db.query_all_raw(stmt(&sql, values)).await?)
}

pub async fn overview(
    db: &impl ConnectionTrait,
    caller: &Caller,
    query: &ReportQuery,
    today: i64,
) -> AppResult<OverviewReport> {
    let period = period(query, today)?;
    let reach = reach(caller, query.team_id);
    let rows = daily_rows(db, period, &reach).await?;
    let (mut messages, mut thanks, mut sentiment_sum, mut with_sentiment) = (0, 0, 0.0, 0);
    let mut by_day = rows.into_iter().peekable();
    let mut days = Vec::with_capacity(period.days() as usize);
    for day in period.first..=period.last {
        let (counts, sum, count) = match by_day.next_if(|row| row.0 == day) {
            Some((_, counts, sum, count)) => (counts, sum, count),
            None => ([0; 5], 0.0, 0),
        };
        messages += counts[0];
        thanks += counts[1];
        sentiment_sum += sum;
        with_sentiment += count;
        days.push(ReportDay {
            date: dates::format(day),
            customer_messages: counts[0],
            thanks_messages: counts[1],
            negative: counts[2],
            neutral: counts[3],
            positive: counts[4],
            mean_sentiment: mean(sum, count),
        });
    }
    let before = daily_rows(db, period.previous(), &reach).await?;
    let (previous_messages, previous_thanks) = before
        .iter()
        .fold((0, 0), |(m, t), row| (m + row.1[0], t + row.1[1]));
    let thanked = topic_query(
        db,
        "COUNT(DISTINCT t.conversation_id)",
        "",
        Some(GRATITUDE_TOPIC),
        period,
        &reach,
    )
    .await?;
    let thanked_conversations = match thanked.first() {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    let mut topics = Vec::new();
    let tail = format!("GROUP BY t.topic ORDER BY COUNT(*) DESC, t.topic LIMIT {TOP_TOPICS}");
    for row in topic_query(db, "t.topic, COUNT(*)", &tail, None, period, &reach).await? {
        topics.push(TopicCount {
            topic: row.try_get_by_index(0)?,
            messages: row.try_get_by_index(1)?,
        });
    }
    Ok(OverviewReport {
        from: dates::format(period.first),
        to: dates::format(period.last),
        customer_messages: messages,
        thanks_messages: thanks,
        thanked_conversations,
        gratitude_index: per_hundred(thanks, messages),
        previous_gratitude_index: per_hundred(previous_thanks, previous_messages),
        mean_sentiment: mean(sentiment_sum, with_sentiment),
        days,
        topics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(from: Option<&str>, to: Option<&str>) -> ReportQuery {
        ReportQuery {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            ..ReportQuery::default()
        }
    }

    #[test]
    fn periods_default_to_the_last_30_days_and_bad_ones_are_refused() {
        let today = dates::parse("2026-11-27").unwrap();
        let p = period(&query(None, None), today).unwrap();
        assert_eq!(
            (dates::format(p.first), p.days()),
            ("2026-10-29".into(), 30)
        );
        let p = period(&query(Some("2026-11-01"), None), today).unwrap();
        assert_eq!((p.first, p.last), (today - 26, today));
        assert_eq!(
            p.previous(),
            Period {
                first: today - 53,
                last: today - 27
            }
        );
        let p = period(&query(None, Some("2026-03-01")), today).unwrap();
        assert_eq!(dates::format(p.first), "2026-01-31");
        let code = |from, to| match period(&query(from, to), today) {
            Err(AppError::Invalid { code, .. }) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(Some("2026-11-31"), None), "invalid_date");
        assert_eq!(code(Some("1969-12-31"), None), "invalid_date");
        assert_eq!(
            code(Some("2026-11-20"), Some("2026-11-19")),
            "invalid_period"
        );
        assert_eq!(
            code(Some("2024-01-01"), Some("2026-01-01")),
            "period_too_long"
        );
        assert!(period(&query(Some("2025-11-27"), Some("2026-11-27")), today).is_ok());
        let days = |n: i64, to: Option<&str>| ReportQuery {
            days: Some(n),
            ..query(None, to)
        };
        let p = period(&days(7, None), today).unwrap();
        assert_eq!((p.first, p.last), (today - 6, today));
        let p = period(&days(1, Some("2026-01-01")), today).unwrap();
        assert_eq!((dates::format(p.first), p.days()), ("2026-01-01".into(), 1));
        for bad in [0, -3, 367] {
            assert!(period(&days(bad, None), today).is_err(), "{bad}");
        }
        let both = ReportQuery {
            from: Some("2026-11-01".into()),
            ..days(7, None)
        };
        assert!(period(&both, today).is_err());
    }

    #[test]
    fn the_index_is_per_hundred_to_one_decimal() {
        assert_eq!(per_hundred(1, 3), Some(33.3));
        assert_eq!(per_hundred(2, 3), Some(66.7));
        assert_eq!(per_hundred(0, 0), None);
        assert_eq!(mean(-1.0, 3), Some(-0.333));
    }
}

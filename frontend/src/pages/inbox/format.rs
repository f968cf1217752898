//! Labels and small calculations the inbox shows: kinds, statuses, waiting times, snooze
//! times, follower counts.

use earshot_api::{ChannelKind, ConversationKind, Priority, Status};
use wasm_bindgen::JsValue;

pub const PRIORITIES: [Priority; 4] = [
    Priority::Low,
    Priority::Normal,
    Priority::High,
    Priority::Urgent,
];

pub fn kind_label(kind: ConversationKind) -> &'static str {
    match kind {
        ConversationKind::Private => "DM",
        ConversationKind::Public => "Public",
        ConversationKind::Mention => "Mention",
    }
}

pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Open => "Open",
        Status::Pending => "Pending",
        Status::Snoozed => "Snoozed",
        Status::Resolved => "Resolved",
    }
}

pub fn priority_label(priority: Priority) -> &'static str {
    match priority {
        Priority::Low => "Low",
        Priority::Normal => "Normal",
        Priority::High => "High",
        Priority::Urgent => "Urgent",
    }
}

pub fn channel_kind_label(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Api => "API",
        ChannelKind::Telegram => "Telegram",
        ChannelKind::Whatsapp => "WhatsApp",
        ChannelKind::Facebook => "Facebook",
        ChannelKind::Instagram => "Instagram",
        ChannelKind::Wechat => "WeChat",
        ChannelKind::Mastodon => "Mastodon",
        ChannelKind::Bluesky => "Bluesky",
        ChannelKind::Reddit => "Reddit",
        ChannelKind::Rss => "RSS",
        ChannelKind::Hn => "Hacker News",
        ChannelKind::X => "X",
        ChannelKind::Email => "Email",
    }
}

/// A short duration: "45s", "12m", "3h", "2d".
pub fn short_duration(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3_599 => format!("{}m", secs / 60),
        3_600..=86_399 => format!("{}h", secs / 3_600),
        _ => format!("{}d", secs / 86_400),
    }
}

/// "1,234", "12.3k", "4.5M".
pub fn followers(count: i64) -> String {
    let label = match count {
        i64::MIN..=9_999 => count.to_string(),
        10_000..=999_999 => format!("{:.1}k", count as f64 / 1_000.0),
        _ => format!("{:.1}M", count as f64 / 1_000_000.0),
    };
    if count == 1 {
        "1 follower".into()
    } else {
        format!("{label} followers")
    }
}

/// The first line of a message, shortened for a list row.
pub fn preview_of(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 140 {
        let cut: String = flat.chars().take(139).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnoozeChoice {
    OneHour,
    TomorrowMorning,
    NextWeek,
}

impl SnoozeChoice {
    pub const ALL: [SnoozeChoice; 3] = [
        SnoozeChoice::OneHour,
        SnoozeChoice::TomorrowMorning,
        SnoozeChoice::NextWeek,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SnoozeChoice::OneHour => "snooze-1h",
            SnoozeChoice::TomorrowMorning => "snooze-tomorrow",
            SnoozeChoice::NextWeek => "snooze-next-week",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SnoozeChoice::OneHour => "For 1 hour",
            SnoozeChoice::TomorrowMorning => "Until tomorrow, 9:00",
            SnoozeChoice::NextWeek => "Until next week (Monday, 9:00)",
        }
    }

    /// Unix seconds, in the browser's time zone for the "9:00" choices.
    pub fn until(self) -> i64 {
        let now = js_sys::Date::now();
        if self == SnoozeChoice::OneHour {
            return (now / 1000.0) as i64 + 3_600;
        }
        let date = js_sys::Date::new(&JsValue::from_f64(now));
        let days = match self {
            SnoozeChoice::TomorrowMorning => 1,
            // Days until the next Monday (getDay: 0 = Sunday); a Monday goes a week ahead.
            _ => match (8 - date.get_day()) % 7 {
                0 => 7,
                d => d,
            },
        };
        date.set_date(date.get_date() + days);
        date.set_hours(9);
        date.set_minutes(0);
        date.set_seconds(0);
        date.set_milliseconds(0);
        (date.get_time() / 1000.0) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_counts_are_short() {
        assert_eq!(short_duration(5), "5s");
        assert_eq!(short_duration(125), "2m");
        assert_eq!(short_duration(7_300), "2h");
        assert_eq!(short_duration(200_000), "2d");
        assert_eq!(followers(1), "1 follower");
        assert_eq!(followers(1_234), "1234 followers");
        assert_eq!(followers(12_345), "12.3k followers");
    }

    #[test]
    fn previews_are_one_line_and_bounded() {
        assert_eq!(preview_of("a\n\nb  c"), "a b c");
        let long = "x".repeat(300);
        assert_eq!(preview_of(&long).chars().count(), 140);
    }
}

//! The priority score: additive, capped, every term shown (reference: listening.md §4.2).
//!
//! Terms: negativity 3·|compound| (when negative), urgent topic 2, direct address 1.5,
//! VIP 1.5, reach 1·log10(1+followers)/6, engagement 1·log10(1+engagement)/4, a question
//! asking for help 0.5, PII exposed in public 1, spam −2; the sum is kept within [0, 10].

use std::borrow::Cow;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub name: &'static str,
    pub points: f64,
    /// Most details are fixed texts: borrowed, not allocated for every message.
    pub detail: Cow<'static, str>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PriorityScore {
    pub score: f64,
    /// `low`, `normal`, `high` or `urgent` (the inbox's priority levels).
    pub band: &'static str,
    pub terms: Vec<Term>,
}

pub const MAX: f64 = 10.0;

pub struct Signals<'a> {
    pub compound: Option<f64>,
    pub urgent_topics: Vec<&'a str>,
    /// A DM, or a public post that addresses the brand.
    pub direct: bool,
    pub vip: bool,
    pub followers: Option<i64>,
    pub engagement: Option<i64>,
    pub asks_for_help: bool,
    pub public_pii: Option<&'static str>,
    pub spam: bool,
}

pub fn score(s: &Signals) -> PriorityScore {
    let mut terms = Vec::new();
    let mut add = |name, points: f64, detail: Cow<'static, str>| {
        if points != 0.0 {
            terms.push(Term {
                name,
                points: super::round(points * 100.0) / 100.0,
                detail,
            });
        }
    };
    if let Some(c) = s.compound.filter(|c| *c <= -0.05) {
        add("negativity", 3.0 * c.abs(), sentiment_detail(c).into());
    }
    if !s.urgent_topics.is_empty() {
        add("urgent topic", 2.0, s.urgent_topics.join(", ").into());
    }
    if s.direct {
        add("direct", 1.5, "written to the brand".into());
    }
    if s.vip {
        add("vip", 1.5, "VIP contact".into());
    }
    if let Some(f) = s.followers.filter(|f| *f > 0) {
        let points = (((1 + f) as f64).log10().min(6.0)) / 6.0;
        add("reach", points, format!("{f} followers").into());
    }
    if let Some(e) = s.engagement.filter(|e| *e > 0) {
        let points = (((1 + e) as f64).log10().min(4.0)) / 4.0;
        add(
            "engagement",
            points,
            format!("engagement {e} (likes + 2 × shares and replies)").into(),
        );
    }
    if s.asks_for_help {
        add("question", 0.5, "asks for help".into());
    }
    if let Some(kind) = s.public_pii {
        add(
            "exposed data",
            1.0,
            format!("{kind} in a public post").into(),
        );
    }
    if s.spam {
        add("spam", -2.0, "looks like spam".into());
    }
    summed(terms)
}

/// Every term's name, in the order [`score`] adds them.
pub const TERM_NAMES: [&str; 9] = [
    "negativity",
    "urgent topic",
    "direct",
    "vip",
    "reach",
    "engagement",
    "question",
    "exposed data",
    "spam",
];

/// The terms that come from the author and the stream at arrival (who wrote to whom, their
/// reach, the engagement, the spam verdict) rather than from the text: a stored message
/// analysed again keeps them as they were (`earshot reanalyze`).
pub const ARRIVAL_TERMS: [&str; 5] = ["direct", "vip", "reach", "engagement", "spam"];

/// The score of `terms` given in any order: put in [`score`]'s order, summed and capped.
pub fn of_terms(mut terms: Vec<Term>) -> PriorityScore {
    terms.sort_by_key(|t| TERM_NAMES.iter().position(|&name| name == t.name));
    summed(terms)
}

fn summed(terms: Vec<Term>) -> PriorityScore {
    // Folded from +0.0: `sum` starts at −0.0, and no terms showed as a score of "-0.0".
    let raw = terms.iter().fold(0.0, |sum, t| sum + t.points);
    let score = super::round(raw.clamp(0.0, MAX) * 100.0) / 100.0;
    PriorityScore {
        score,
        band: band(score),
        terms,
    }
}

/// "sentiment -0.43": `format!("sentiment {c:+.2}")`, which spends ~1,500 instructions on the
/// float for every negative message. A compound has four decimals (`k / 10000` exactly), so
/// its hundredths are `k / 100` rounded, unless `k` ends in 50: that tie is decided by the
/// float's binary value, and left to `format!`, as is anything that is not four decimals.
fn sentiment_detail(c: f64) -> String {
    let k = super::round(c * 10_000.0);
    // `k` is a whole number below 1e9: its remainder in integers (`%` on floats is a call).
    if k.abs() >= 1e9 || k / 10_000.0 != c || (k as i64 % 100).abs() == 50 {
        return format!("sentiment {c:+.2}");
    }
    let hundredths = super::round(k.abs() / 100.0) as usize;
    let mut detail = String::with_capacity(16);
    detail.push_str("sentiment ");
    detail.push(if c.is_sign_negative() { '-' } else { '+' });
    push_decimal(&mut detail, hundredths / 100);
    detail.push('.');
    detail.push(char::from(b'0' + (hundredths / 10 % 10) as u8));
    detail.push(char::from(b'0' + (hundredths % 10) as u8));
    detail
}

/// Appends `n` in decimal: `format!` costs 1,000 to 2,000 instructions a call, more than
/// some whole analysis steps.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let (mut at, mut rest) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Score bands, as SLA queues use them: ≥ 6 urgent, ≥ 3.5 high, ≥ 1 normal.
pub fn band(score: f64) -> &'static str {
    if score >= 6.0 {
        "urgent"
    } else if score >= 3.5 {
        "high"
    } else if score >= 1.0 {
        "normal"
    } else {
        "low"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentiment_detail_is_what_format_writes() {
        for k in -10_000..=10_000 {
            let c = f64::from(k) / 10_000.0;
            assert_eq!(sentiment_detail(c), format!("sentiment {c:+.2}"), "{c}");
        }
        for c in [0.123_456, -0.999_99, 1e300, f64::NAN, -0.0, 0.005, -0.015] {
            assert_eq!(sentiment_detail(c), format!("sentiment {c:+.2}"), "{c}");
        }
    }

    #[test]
    fn terms_add_up_within_bounds() {
        let angry_vip = score(&Signals {
            compound: Some(-0.9),
            urgent_topics: vec!["refund", "legal"],
            direct: true,
            vip: true,
            followers: Some(1_000_000),
            engagement: Some(10_000),
            asks_for_help: true,
            public_pii: Some("a card number"),
            spam: false,
        });
        assert_eq!(angry_vip.band, "urgent");
        assert_eq!(angry_vip.score, MAX);
        assert_eq!(angry_vip.terms.len(), 8);
        assert_eq!(angry_vip.terms[0].points, 2.7);
        // Neither a term nor anything else but `compound` and `spam`.
        let quiet = |compound, spam| Signals {
            compound: Some(compound),
            urgent_topics: vec![],
            direct: false,
            vip: false,
            followers: None,
            engagement: None,
            asks_for_help: false,
            public_pii: None,
            spam,
        };
        let spam = score(&quiet(0.4, true));
        assert_eq!((spam.score, spam.band), (0.0, "low"));
        assert_eq!(spam.terms[0].detail, "looks like spam");
        assert_eq!(spam.terms[0].name, "spam");
        // No terms: a score of 0, not "-0.0" (a float sum starts at −0.0).
        let nothing = score(&quiet(0.0, false));
        assert!(nothing.terms.is_empty());
        assert!(nothing.score == 0.0 && nothing.score.is_sign_positive());
    }

    /// Terms in any order score as [`score`] scores them, in its order; every name `score`
    /// gives is known.
    #[test]
    fn terms_in_any_order_score_the_same() {
        let all = score(&Signals {
            compound: Some(-0.5),
            urgent_topics: vec!["refund"],
            direct: true,
            vip: true,
            followers: Some(50),
            engagement: Some(3),
            asks_for_help: true,
            public_pii: Some("an email address"),
            spam: true,
        });
        let names: Vec<&str> = all.terms.iter().map(|t| t.name).collect();
        assert_eq!(names, TERM_NAMES);
        let mut shuffled = all.terms.clone();
        shuffled.reverse();
        shuffled.swap(0, 4);
        assert_eq!(of_terms(shuffled), all);
        assert!(ARRIVAL_TERMS.iter().all(|name| TERM_NAMES.contains(name)));
    }
}

//! Accuracy floors on Earshot's own labelled customer-service set (`testdata/cs_messages.tsv`:
//! English, Spanish, Mandarin in both scripts, Cantonese and mixed posts), and property tests:
//! any string is analysed without panic, in bounded time.
//!
//! The labelled set is also where vocabulary gaps were found (topic keywords and lexicon
//! entries added when it showed plain complaints read as neutral), so it is not a held-out
//! test: its figures flatter the analyser somewhat. The floors guard against regressions.

use std::collections::BTreeMap;

use super::sentiment::tests::{metrics, rated_tweets};
use super::{Input, TopicRules, analyze};

struct Row {
    lang: String,
    script: String,
    public: bool,
    sentiment: String,
    topics: Vec<String>,
    pii: Vec<String>,
    text: String,
}

fn rows() -> Vec<Row> {
    let data = include_str!("testdata/cs_messages.tsv");
    data.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let c: Vec<&str> = line.splitn(8, '\t').collect();
            assert_eq!(c.len(), 8, "bad row: {line}");
            let list = |s: &str| -> Vec<String> {
                s.split(',')
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            Row {
                lang: c[1].into(),
                script: c[2].into(),
                public: c[3] == "1",
                sentiment: c[4].into(),
                topics: list(c[5]),
                pii: list(c[6]),
                text: c[7].into(),
            }
        })
        .collect()
}

#[derive(Default, Debug)]
struct Tally {
    n: usize,
    language: usize,
    script: usize,
    script_n: usize,
    sentiment: usize,
    /// Topic labels: true positives, predicted, expected.
    topic_tp: usize,
    topic_pred: usize,
    topic_true: usize,
    pii_tp: usize,
    pii_pred: usize,
    pii_true: usize,
}

fn f1(tp: usize, pred: usize, truth: usize) -> f64 {
    if tp == 0 {
        return 0.0;
    }
    let p = tp as f64 / pred as f64;
    let r = tp as f64 / truth as f64;
    2.0 * p * r / (p + r)
}

#[test]
fn labelled_multilingual_set_meets_its_floors() {
    let rules = TopicRules::defaults();
    let rows = rows();
    assert!(rows.len() >= 300, "{} rows", rows.len());
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for row in &rows {
        let a = analyze(
            &Input {
                text: &row.text,
                public: row.public,
                ..Input::default()
            },
            &rules,
        );
        let t = tallies.entry(row.lang.clone()).or_default();
        t.n += 1;
        let lang = a.language.as_ref();
        t.language += (lang.map(|l| &*l.code) == Some(row.lang.as_str())) as usize;
        if row.script != "Latn" {
            t.script_n += 1;
            t.script += (lang.and_then(|l| l.script) == Some(row.script.as_str())) as usize;
        }
        let label = a.sentiment.as_ref().map_or("neutral", |s| s.label);
        t.sentiment += (label == row.sentiment) as usize;
        let topics: Vec<&str> = a.topics.iter().map(|h| h.topic.as_str()).collect();
        t.topic_pred += topics.len();
        t.topic_true += row.topics.len();
        t.topic_tp += row
            .topics
            .iter()
            .filter(|x| topics.contains(&x.as_str()))
            .count();
        let mut pii: Vec<&str> = a.pii.iter().map(|f| f.kind.as_str()).collect();
        pii.dedup();
        t.pii_pred += pii.len();
        t.pii_true += row.pii.len();
        t.pii_tp += row.pii.iter().filter(|x| pii.contains(&x.as_str())).count();
    }
    eprintln!("lang  n    language script sentiment topics-F1 pii-F1");
    let mut report = BTreeMap::new();
    for (lang, t) in &tallies {
        let pct = |a: usize, n: usize| if n == 0 { 1.0 } else { a as f64 / n as f64 };
        let figures = (
            pct(t.language, t.n),
            pct(t.script, t.script_n),
            pct(t.sentiment, t.n),
            f1(t.topic_tp, t.topic_pred, t.topic_true),
            f1(t.pii_tp, t.pii_pred, t.pii_true),
        );
        eprintln!(
            "{lang:5} {:4} {:.3}    {:.3}  {:.3}     {:.3}     {:.3}",
            t.n, figures.0, figures.1, figures.2, figures.3, figures.4
        );
        report.insert(lang.clone(), figures);
    }
    // Floors, per language: (language, script, sentiment accuracy, topic F1, PII F1).
    // Set a little under the figures measured when they were written (see the issue notes);
    // sentiment on plain-spoken complaints is the known weak spot.
    let floors = [
        ("eng", (0.98, 1.0, 0.72, 0.80, 0.95)),
        ("spa", (0.97, 1.0, 0.72, 0.79, 0.95)),
        ("cmn", (0.97, 0.97, 0.81, 0.88, 0.95)),
        ("yue", (0.97, 0.93, 0.72, 0.79, 0.95)),
    ];
    for (lang, floor) in floors {
        let got = report[lang];
        let checks = [
            ("language", got.0, floor.0),
            ("script", got.1, floor.1),
            ("sentiment", got.2, floor.2),
            ("topics F1", got.3, floor.3),
            ("PII F1", got.4, floor.4),
        ];
        for (what, value, min) in checks {
            assert!(value >= min, "{lang} {what}: {value:.3} < {min}");
        }
    }
}

/// The whole stage (language detection routing each text to a lexicon, topics, the complaint
/// cue…) must keep the English scorer's quality on the rated tweets: r ≥ 0.87, F1 ≥ 0.90.
#[test]
fn the_whole_stage_keeps_its_floors_on_the_rated_tweets() {
    let rules = TopicRules::defaults();
    let (mut truth, mut scores) = (Vec::new(), Vec::new());
    for (_, rating, text) in rated_tweets() {
        truth.push(rating);
        let a = analyze(
            &Input {
                text,
                ..Input::default()
            },
            &rules,
        );
        scores.push(a.sentiment.map_or(0.0, |s| s.score));
    }
    let m = metrics(&truth, &scores);
    eprintln!(
        "whole stage: r = {:.4}, accuracy = {:.4}, weighted F1 = {:.4}",
        m.r, m.accuracy, m.weighted_f1
    );
    assert!(m.r >= 0.87, "r = {}", m.r);
    assert!(m.weighted_f1 >= 0.90, "weighted F1 = {}", m.weighted_f1);
}

/// A small deterministic generator (xorshift), so failures reproduce without a seed file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn char(&mut self) -> char {
        // Weighted towards the awkward: controls, RTL marks, combining marks, ZWJ, emoji,
        // CJK, surrogate-adjacent and private-use code points, and plain ASCII.
        const POOLS: &[(u32, u32)] = &[
            (0x00, 0x1F),
            (0x20, 0x7E),
            (0x80, 0x9F),
            (0x0300, 0x036F),
            (0x0590, 0x06FF),
            (0x200B, 0x202E),
            (0x2066, 0x2069),
            (0x4E00, 0x9FFF),
            (0xD7FF, 0xD7FF),
            (0xE000, 0xF8FF),
            (0xFE00, 0xFE0F),
            (0x1F300, 0x1FAFF),
            (0x1F3FB, 0x1F3FF),
            (0xE0020, 0xE007F),
            (0x10FFFF, 0x10FFFF),
        ];
        let (lo, hi) = POOLS[(self.next() % POOLS.len() as u64) as usize];
        let c = lo + (self.next() % u64::from(hi - lo + 1)) as u32;
        char::from_u32(c).unwrap_or('\u{FFFD}')
    }

    fn string(&mut self, max_len: usize) -> String {
        let len = (self.next() % (max_len as u64 + 1)) as usize;
        let mut s = String::with_capacity(len * 2);
        for _ in 0..len {
            // Sprinkle words the rules react to, so their code paths run on hostile text.
            if self.next().is_multiple_of(8) {
                const WORDS: &[&str] = &[
                    " not ",
                    " NO ",
                    " but ",
                    " pero ",
                    " 但是 ",
                    " 不 ",
                    " 唔 ",
                    " refund ",
                    " 4111 1111 1111 1111 ",
                    " password is ",
                    " 验证码是 ",
                    "@a.example ",
                    " http://x.example ",
                    " #tag ",
                    "!!!",
                    "?",
                    " 👍🏽 ",
                    " 👨‍👩‍👧 ",
                    " :( ",
                    " sooooo ",
                    " jajaja ",
                ];
                s.push_str(WORDS[(self.next() % WORDS.len() as u64) as usize]);
            } else {
                s.push(self.char());
            }
        }
        s
    }
}

#[test]
fn any_unicode_is_analysed_without_panic_in_bounded_time() {
    let rules = TopicRules::defaults();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let fixed = [
        String::new(),
        "\0\u{202E}\u{2067}".to_string(),
        "👩🏽‍🚀👨‍👩‍👧‍👦🏳️‍🌈".repeat(300),
        "x".repeat(100_000),
        "4".repeat(100_000),
        "不".repeat(40_000),
        "no ".repeat(35_000),
        "!?".repeat(50_000),
    ];
    for text in fixed
        .iter()
        .cloned()
        .chain((0..3000).map(|_| rng.string(200)))
    {
        let start = std::time::Instant::now();
        for public in [false, true] {
            let a = analyze(
                &Input {
                    text: &text,
                    public,
                    ..Input::default()
                },
                &rules,
            );
            if let Some(s) = &a.sentiment {
                assert!((-1.0..=1.0).contains(&s.score), "{text:?}");
            }
            assert!((0.0..=super::priority::MAX).contains(&a.priority.score));
            for f in &a.pii {
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
            serde_json::to_string(&a).expect("serialisable");
        }
        // Generous: catches quadratic blow-ups (100 KB would take minutes), not speed.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{} bytes took {:?}",
            text.len(),
            start.elapsed()
        );
    }
}

#[test]
#[ignore]
fn stage_costs() {
    let texts: Vec<&str> = rated_tweets().into_iter().map(|(_, _, t)| t).collect();
    let rules = TopicRules::defaults();
    let time = |name: &str, f: &dyn Fn(&str)| {
        let start = std::time::Instant::now();
        for _ in 0..5 {
            for t in &texts {
                f(t);
            }
        }
        let per = start.elapsed().as_secs_f64() / (5.0 * texts.len() as f64) * 1e6;
        eprintln!("{name:12} {per:7.2} µs/message");
    };
    time("language", &|t| {
        std::hint::black_box(super::language::detect(t, None));
    });
    time("whatlang", &|t| {
        std::hint::black_box(whatlang::detect(t));
    });
    time("sentiment", &|t| {
        std::hint::black_box(super::sentiment::analyze(t));
    });
    time("topics", &|t| {
        std::hint::black_box(rules.find(t, Some("eng")));
    });
    time("pii", &|t| {
        std::hint::black_box(super::pii::find(t));
    });
    time("spam", &|t| {
        std::hint::black_box(super::spam::judge(t, &Default::default()));
    });
    time("all", &|t| {
        std::hint::black_box(analyze(
            &Input {
                text: t,
                ..Input::default()
            },
            &rules,
        ));
    });
}

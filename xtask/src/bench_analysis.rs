//! `cargo xtask bench analysis`: messages per second through Earshot's whole analysis stage
//! (`earshot analyze`: language, sentiment, topics, PII, spam, priority) on one core, beside
//! Python vaderSentiment 3.3.2 (sentiment only, installed from PyPI into target/bench) on the
//! same 4,200 rated tweets, with each one's Pearson r and weighted 3-class F1 against the
//! human ratings. Then, by language, the rate on the labelled set's messages, which take the
//! paths the rated tweets (plain-ASCII English, almost all) do not: emoji, Spanish, Chinese.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::{binary, root, target_dir};

/// Earshot analyses the set this many times a run, the rate over all rounds (VADER, ~25x
/// slower, three times: `timed_vader`).
const ROUNDS: u32 = 20;
/// Rounds over each language's labelled messages (61 to 150 each).
const LABELLED_ROUNDS: u32 = 200;
/// Earshot and VADER run one after the other this many times; the rates are the medians and
/// the speedup the median of each pair's ratio. (This VM's speed drifted between runs: a
/// calibration loop measured ~1.4 and ~2.7 GHz-equivalent within one session, and single
/// pairs gave 15x to 41x.)
const PAIRS: usize = 5;
/// Runs of Earshot alone over each language's labelled messages; the rate is their median.
const LABELLED_RUNS: usize = 5;
// The medians are middle values: odd counts.
const _: () = assert!(PAIRS % 2 == 1 && LABELLED_RUNS % 2 == 1);

pub fn run() -> Result<serde_json::Value> {
    let tsv = std::fs::read_to_string(
        root().join("server/src/analysis/lexicons/tweets_ground_truth.tsv"),
    )?;
    let (mut ratings, mut texts) = (Vec::new(), Vec::new());
    for line in tsv.lines() {
        let mut cols = line.splitn(3, '\t');
        let (Some(_), Some(rating), Some(text)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        ratings.push(rating.parse::<f64>()? / 4.0);
        texts.push(text.replace('\n', " "));
    }
    let dir = target_dir().join("bench");
    std::fs::create_dir_all(&dir)?;
    let texts_path = dir.join("analysis_texts.txt");
    std::fs::write(&texts_path, texts.join("\n") + "\n")?;

    let binary = binary();
    if !binary.exists() {
        bail!(
            "{} is missing: run `cargo xtask dist` first",
            binary.display()
        );
    }
    let python = vader_python()?;
    let vader_scores = dir.join("analysis_vader_scores.txt");
    let (mut stdout, mut rates, mut vader_rates) = (String::new(), Vec::new(), Vec::new());
    for _ in 0..PAIRS {
        let (out, timing) = timed_analyze(&binary, &texts_path, ROUNDS)?;
        stdout = out;
        rates.push(rate_of(&timing)?);
        vader_rates.push(rate_of(&timed_vader(&python, &texts_path, &vader_scores)?)?);
    }
    let ours: Vec<f64> = stdout
        .lines()
        .map(|l| -> Result<f64> {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v["sentiment"]["score"].as_f64().unwrap_or(0.0))
        })
        .collect::<Result<_>>()?;
    let vader: Vec<f64> = std::fs::read_to_string(&vader_scores)?
        .lines()
        .map(|l| l.parse::<f64>().context("vader score"))
        .collect::<Result<_>>()?;
    if ours.len() != ratings.len() || vader.len() != ratings.len() {
        bail!(
            "scored {} (Earshot) and {} (VADER) of {} texts",
            ours.len(),
            vader.len(),
            ratings.len()
        );
    }
    let (r, f1) = (pearson(&ratings, &ours), weighted_f1(&ratings, &ours));
    let (vr, vf1) = (pearson(&ratings, &vader), weighted_f1(&ratings, &vader));
    let speedups: Vec<f64> = rates.iter().zip(&vader_rates).map(|(a, b)| a / b).collect();
    let labelled = labelled_rates(&binary, &dir)?;
    Ok(json!({
        "texts": ratings.len(),
        "rounds": ROUNDS,
        "pairs": PAIRS,
        "messages_per_s": median(&rates),
        "vader_messages_per_s": median(&vader_rates),
        "speedup": median(&speedups),
        "speedup_of_each_pair": speedups,
        "pearson_r": r,
        "weighted_f1": f1,
        "vader_pearson_r": vr,
        "vader_weighted_f1": vf1,
        "labelled_messages_per_s": labelled,
        "note": "Earshot: the whole analysis stage (language, sentiment, topics, PII, spam, priority) in `earshot analyze`, one core; VADER: polarity_scores only, same core",
    }))
}

/// `earshot analyze --timing` of `texts` (one a line) `rounds` times, pinned to one core
/// (taskset: "one core" is what is measured): its output and its timing line.
fn timed_analyze(binary: &Path, texts: &Path, rounds: u32) -> Result<(String, serde_json::Value)> {
    let out = Command::new("taskset")
        .args(["-c", "0"])
        .arg(binary)
        .args(["analyze", "--timing", "--repeat", &rounds.to_string()])
        .arg(texts)
        .output()
        .context("earshot analyze")?;
    if !out.status.success() {
        bail!("earshot analyze: {}", String::from_utf8_lossy(&out.stderr));
    }
    let timing = serde_json::from_str(
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("{}"),
    )?;
    Ok((String::from_utf8(out.stdout)?, timing))
}

/// VADER's `polarity_scores` over `texts` three times on one core, writing its scores to
/// `scores`: its timing line.
fn timed_vader(python: &Path, texts: &Path, scores: &Path) -> Result<serde_json::Value> {
    let out = Command::new("taskset")
        .args(["-c", "0"])
        .arg(python)
        .arg(root().join("scripts/bench_vader.py"))
        .arg(texts)
        .arg(scores)
        .arg("3")
        .output()
        .context("python vaderSentiment")?;
    if !out.status.success() {
        bail!("bench_vader.py: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

fn rate_of(timing: &serde_json::Value) -> Result<f64> {
    timing["messages_per_s"]
        .as_f64()
        .context("the timing line has no messages_per_s")
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    crate::bench::percentile(&sorted, 0.5)
}

/// Messages per second on the labelled set's messages of each language (its `lang` column),
/// the median of [`LABELLED_RUNS`] runs.
fn labelled_rates(binary: &Path, dir: &Path) -> Result<BTreeMap<String, f64>> {
    let tsv = std::fs::read_to_string(root().join("server/src/analysis/testdata/cs_messages.tsv"))?;
    let mut by_language: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (number, line) in tsv.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(language), Some(text)) = (cols.get(1), cols.get(7)) else {
            bail!("cs_messages.tsv line {}: fewer than 8 columns", number + 1);
        };
        by_language
            .entry(language.to_string())
            .or_default()
            .push(text);
    }
    let mut rates = BTreeMap::new();
    for (language, texts) in by_language {
        let path = dir.join(format!("analysis_labelled_{language}.txt"));
        std::fs::write(&path, texts.join("\n") + "\n")?;
        let runs = (0..LABELLED_RUNS)
            .map(|_| rate_of(&timed_analyze(binary, &path, LABELLED_ROUNDS)?.1))
            .collect::<Result<Vec<f64>>>()?;
        rates.insert(language, median(&runs));
    }
    Ok(rates)
}

fn vader_python() -> Result<std::path::PathBuf> {
    crate::bench::python_venv("vader-venv", "vaderSentiment==3.3.2")
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va.sqrt() * vb.sqrt())
}

/// The paper's convention: ±0.05 thresholds on both the rating/4 and the score.
fn weighted_f1(truth: &[f64], pred: &[f64]) -> f64 {
    let class = |x: f64| {
        if x >= 0.05 {
            2
        } else if x <= -0.05 {
            0
        } else {
            1
        }
    };
    let mut m = [[0usize; 3]; 3];
    for (t, p) in truth.iter().zip(pred) {
        m[class(*t)][class(*p)] += 1;
    }
    let n = truth.len() as f64;
    (0..3)
        .map(|c| {
            let tp = m[c][c] as f64;
            let support: usize = m[c].iter().sum();
            let predicted: usize = (0..3).map(|r| m[r][c]).sum();
            if tp == 0.0 {
                return 0.0;
            }
            let (p, r) = (tp / predicted as f64, tp / support as f64);
            2.0 * p * r / (p + r) * support as f64 / n
        })
        .sum()
}

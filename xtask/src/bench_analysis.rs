//! `cargo xtask bench analysis`: messages per second through Earshot's whole analysis stage
//! (`earshot analyze`: language, sentiment, topics, PII, spam, priority) on one core, beside
//! Python vaderSentiment 3.3.2 (sentiment only, installed from PyPI into target/bench) on the
//! same 4,200 rated tweets, with each one's Pearson r and weighted 3-class F1 against the
//! human ratings.

use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::{binary, root, target_dir};

/// Each side analyses the set this many times; the rate is over all rounds.
const ROUNDS: u32 = 20;

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
    // taskset pins the process to one core, so "one core" is what is measured.
    let out = Command::new("taskset")
        .args(["-c", "0"])
        .arg(&binary)
        .args(["analyze", "--timing", "--repeat", &ROUNDS.to_string()])
        .arg(&texts_path)
        .output()
        .context("earshot analyze")?;
    if !out.status.success() {
        bail!("earshot analyze: {}", String::from_utf8_lossy(&out.stderr));
    }
    let timing: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("{}"),
    )?;
    let ours: Vec<f64> = String::from_utf8(out.stdout)?
        .lines()
        .map(|l| -> Result<f64> {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v["sentiment"]["score"].as_f64().unwrap_or(0.0))
        })
        .collect::<Result<_>>()?;

    let python = vader_python()?;
    let vader_scores = dir.join("analysis_vader_scores.txt");
    let out = Command::new("taskset")
        .args(["-c", "0"])
        .arg(&python)
        .arg(root().join("scripts/bench_vader.py"))
        .arg(&texts_path)
        .arg(&vader_scores)
        .arg("3")
        .output()
        .context("python vaderSentiment")?;
    if !out.status.success() {
        bail!("bench_vader.py: {}", String::from_utf8_lossy(&out.stderr));
    }
    let vader_timing: serde_json::Value = serde_json::from_slice(&out.stdout)?;
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
    let rate = timing["messages_per_s"].as_f64().unwrap_or(0.0);
    let vader_rate = vader_timing["messages_per_s"].as_f64().unwrap_or(0.0);
    Ok(json!({
        "texts": ratings.len(),
        "rounds": ROUNDS,
        "messages_per_s": rate,
        "vader_messages_per_s": vader_rate,
        "speedup": rate / vader_rate,
        "pearson_r": r,
        "weighted_f1": f1,
        "vader_pearson_r": vr,
        "vader_weighted_f1": vf1,
        "note": "Earshot: the whole analysis stage (language, sentiment, topics, PII, spam, priority) in `earshot analyze`, one core; VADER: polarity_scores only, same core",
    }))
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

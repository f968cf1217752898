//! `earshot analyze`: the analysis engine from the command line, without a server, for
//! analysts running it over exported data and for anyone checking the engine.
//!
//! Reads texts (one per line, or one column of a CSV file with a header) from a file or
//! stdin and writes one JSON object per text to stdout.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;

use super::{Analysis, Input, TopicRules, analyze};

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// A text file (one text per line) or CSV file; `-` or nothing reads stdin.
    pub input: Option<PathBuf>,
    /// Read the input as CSV with a header row and analyse this column.
    #[arg(long, value_name = "NAME")]
    pub csv_column: Option<String>,
    /// The CSV field separator (a single character; `\t` for tab-separated files).
    #[arg(long, default_value = ",")]
    pub delimiter: String,
    /// Treat the texts as public posts (PII in them counts as exposed).
    #[arg(long)]
    pub public: bool,
    /// Treat the texts as written to the brand (DMs, mentions).
    #[arg(long)]
    pub direct: bool,
    /// A language tag to assume instead of detecting it (e.g. `es`).
    #[arg(long)]
    pub lang: Option<String>,
    /// Analyse the whole input this many times (for benchmarks); output is written once.
    #[arg(long, default_value_t = 1, hide = true)]
    pub repeat: u32,
    /// Print the analysis stage's throughput as one JSON line on stderr.
    #[arg(long)]
    pub timing: bool,
}

#[derive(Serialize)]
struct Line<'a> {
    index: usize,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<()> {
    let mut raw = String::new();
    match args.input.as_deref() {
        None => std::io::stdin().read_to_string(&mut raw),
        Some(p) if p.as_os_str() == "-" => std::io::stdin().read_to_string(&mut raw),
        Some(p) => std::fs::File::open(p)
            .with_context(|| format!("cannot open {}", p.display()))?
            .read_to_string(&mut raw),
    }
    .context("the input is not UTF-8 text")?;
    let texts: Vec<String> = match &args.csv_column {
        Some(column) => {
            let delimiter = match args.delimiter.as_str() {
                "\\t" | "tab" => '\t',
                d if d.chars().count() == 1 => d.chars().next().unwrap_or(','),
                _ => bail!("--delimiter must be a single character"),
            };
            csv_column(&raw, column, delimiter)?
        }
        None => raw.lines().map(str::to_string).collect(),
    };
    let rules = TopicRules::defaults();
    fn input<'a>(text: &'a str, args: &'a AnalyzeArgs) -> Input<'a> {
        Input {
            text,
            language_hint: args.lang.as_deref(),
            public: args.public,
            direct: args.direct,
            ..Input::default()
        }
    }
    // Loaded before the clock starts, as the VADER benchmark builds its analyser first.
    super::warm_up(&rules);
    let started = Instant::now();
    for _ in 1..args.repeat.max(1) {
        for text in &texts {
            std::hint::black_box(analyze(&input(text, &args), &rules));
        }
    }
    let results: Vec<Analysis> = texts
        .iter()
        .map(|t| analyze(&input(t, &args), &rules))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (index, analysis) in results.iter().enumerate() {
        serde_json::to_writer(&mut out, &Line { index, analysis })?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if args.timing {
        let messages = texts.len() as f64 * f64::from(args.repeat.max(1));
        eprintln!(
            "{}",
            serde_json::json!({
                "messages": messages,
                "seconds": seconds,
                "messages_per_s": if seconds > 0.0 { messages / seconds } else { 0.0 },
            })
        );
    }
    Ok(())
}

/// One column of a CSV document (RFC 4180: quoted fields may hold separators, newlines and
/// doubled quotes).
pub fn csv_column(raw: &str, column: &str, delimiter: char) -> anyhow::Result<Vec<String>> {
    let mut rows = parse_csv(raw, delimiter).into_iter();
    let header = rows.next().context("the CSV file is empty")?;
    let Some(at) = header
        .iter()
        .position(|h| h.trim().trim_start_matches('\u{feff}') == column)
    else {
        bail!(
            "the CSV header has no column {column:?}; it has {}",
            header.join(", ")
        );
    };
    Ok(rows
        .filter(|r| !(r.len() == 1 && r[0].is_empty()))
        .map(|mut r| {
            if at < r.len() {
                r.swap_remove(at)
            } else {
                String::new()
            }
        })
        .collect())
}

fn parse_csv(raw: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_with_quotes_and_newlines() {
        let raw = "id,text,x\n1,\"Hello, \"\"world\"\"\nsecond line\",a\r\n2,plain,b\n";
        assert_eq!(
            csv_column(raw, "text", ',').unwrap(),
            ["Hello, \"world\"\nsecond line", "plain"]
        );
        let err = csv_column(raw, "body", ',').unwrap_err().to_string();
        assert!(err.contains("no column \"body\""), "{err}");
        assert_eq!(csv_column("a\tb\n1\t2\n", "b", '\t').unwrap(), ["2"]);
    }
}

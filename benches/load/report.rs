//! The results: one row per scenario, the targets beside each figure, printed as a
//! Markdown table and written to `target/bench/summary.json`.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;
use serde_json::{Value, json};

/// Which way a target bounds its figure.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtLeast(f64),
    AtMost(f64),
}

/// One target of the issue, the figure it bounds, and whether this run meets it.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// What is bounded: `ratio_to_ceiling`, `p99_ms`, `lost`…
    pub figure: &'static str,
    /// The target as the issue words it: "≥ 50% of ceiling".
    pub wanted: &'static str,
    pub bound: Bound,
    /// The figure measured; `None` when it could not be.
    pub value: Option<f64>,
    /// `None` when the figure could not be measured.
    pub met: Option<bool>,
}

impl Target {
    /// The target `bound` on `figure`, judged on `value`.
    pub fn new(
        figure: &'static str,
        wanted: &'static str,
        bound: Bound,
        value: Option<f64>,
    ) -> Self {
        let met = value.map(|value| match bound {
            Bound::AtLeast(least) => value >= least,
            Bound::AtMost(most) => value <= most,
        });
        Self {
            figure,
            wanted,
            bound,
            value,
            met,
        }
    }

    /// "p99 ≤ 10 ms ✓".
    fn cell(&self) -> String {
        let mark = match self.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "n/a",
        };
        format!("{} {mark}", self.wanted)
    }
}

/// One scenario's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Row {
    pub scenario: String,
    /// Concurrent connections (or subscribers).
    pub connections: Option<usize>,
    /// Requests answered without error in the window.
    pub requests: Option<u64>,
    pub errors: u64,
    /// The scenario's throughput, in `throughput_unit`.
    pub throughput: Option<f64>,
    pub throughput_unit: &'static str,
    /// Requests per second (the same as `throughput` except for writes and fan-out).
    pub requests_per_second: Option<f64>,
    /// `requests_per_second` over the ceiling's.
    pub ratio_to_ceiling: Option<f64>,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// SQL statements sent for requests, per request (warm-up included on both sides).
    pub statements_per_request: Option<f64>,
    /// The server's resident memory (largest sample), in MiB.
    pub rss_mb: Option<f64>,
    /// Scenario-specific figures (lost and repeated events, start time…).
    pub details: serde_json::Map<String, Value>,
    pub notes: Vec<String>,
    pub targets: Vec<Target>,
}

impl Row {
    /// An empty row named `scenario`.
    pub fn named(scenario: &str) -> Self {
        Self {
            scenario: scenario.to_owned(),
            ..Self::default()
        }
    }

    /// Adds the target `bound` on `figure`.
    pub fn target(
        &mut self,
        figure: &'static str,
        wanted: &'static str,
        bound: Bound,
        value: Option<f64>,
    ) {
        self.targets.push(Target::new(figure, wanted, bound, value));
    }

    /// A one-line summary, printed as soon as the scenario ends.
    pub fn progress_line(&self) -> String {
        format!(
            "{:<18} {} | p50 {} ms | p99 {} ms | {} statements/request | RSS {} MB{}",
            self.scenario,
            self.throughput_cell(),
            decimals(self.p50_ms, 2),
            decimals(self.p99_ms, 2),
            decimals(self.statements_per_request, 2),
            decimals(self.rss_mb, 1),
            if self.errors > 0 {
                format!(" | {} errors", thousands(self.errors as f64))
            } else {
                String::new()
            }
        )
    }

    fn throughput_cell(&self) -> String {
        match (self.throughput, self.requests_per_second) {
            (Some(throughput), Some(requests)) if self.throughput_unit != "req/s" => format!(
                "{} {} ({} req/s)",
                thousands(throughput),
                self.throughput_unit,
                thousands(requests)
            ),
            (Some(throughput), _) => format!("{} {}", thousands(throughput), self.throughput_unit),
            (None, _) => "-".to_owned(),
        }
    }
}

/// The table of `rows`, in Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut text = String::from(
        "| scenario | conns | throughput | vs ceiling | p50 ms | p99 ms | SQL/req | RSS MB | targets |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for row in rows {
        let targets: Vec<String> = row.targets.iter().map(Target::cell).collect();
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            row.scenario,
            row.connections
                .map_or("-".to_owned(), |n| thousands(n as f64)),
            row.throughput_cell(),
            row.ratio_to_ceiling
                .map_or("-".to_owned(), |ratio| format!("{:.1}%", ratio * 100.0)),
            decimals(row.p50_ms, 2),
            decimals(row.p99_ms, 2),
            decimals(row.statements_per_request, 2),
            decimals(row.rss_mb, 1),
            if targets.is_empty() {
                "-".to_owned()
            } else {
                targets.join("; ")
            },
        ));
    }
    text
}

/// Where the summary goes: `$CARGO_TARGET_DIR/bench/summary.json`, or the workspace's
/// `target/bench/summary.json`.
pub fn summary_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench").join("summary.json")
}

/// Writes the summary of the run; returns its path.
pub fn write_summary(
    mode: &str,
    settings: Value,
    rows: &[Row],
    notes: &[String],
) -> anyhow::Result<PathBuf> {
    let path = summary_path();
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let targets: Vec<&Target> = rows.iter().flat_map(|row| &row.targets).collect();
    let met = targets
        .iter()
        .filter(|target| target.met == Some(true))
        .count();
    let summary = json!({
        "mode": mode,
        "finished_at": chrono::Utc::now().to_rfc3339(),
        "settings": settings,
        "scenarios": rows,
        "targets": { "met": met, "total": targets.len() },
        "notes": notes,
    });
    std::fs::write(&path, serde_json::to_string_pretty(&summary)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// `value` with `places` decimals, or "-".
fn decimals(value: Option<f64>, places: usize) -> String {
    value.map_or("-".to_owned(), |value| format!("{value:.places$}"))
}

/// `value` rounded, with thin thousands separators: "12,345".
pub fn thousands(value: f64) -> String {
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

//! `dashboard-mixed`: the dashboard on 32 connections while one integrator records a value
//! every 100 ms, one per request; no answer may show a value older than a write acknowledged
//! before the answer was asked for.
//!
//! The integrator writes 1, 2, 3… for all of Québec, always on today's date, to one
//! indicator: each write is a revision of the previous one, so that indicator's
//! `latest { value }` is the newest write. A reader notes the last acknowledged number before
//! sending, and its answer is stale when any place the dashboard lists that indicator shows
//! less.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;
use tokio::time::{Instant, MissedTickBehavior};

use crate::data::Catalogue;
use crate::graphql::Graphql;
use crate::http_load::{Latencies, Settings, Workload, clip, post_graphql};
use crate::report::{self, Row};
use crate::scenarios::{DASHBOARD, RECORD_ONE};
use crate::server::ServerProcess;

/// The scenario's name.
pub const NAME: &str = "dashboard-mixed";
/// Between two of the integrator's writes: 10 values per second.
const WRITE_EVERY: Duration = Duration::from_millis(100);
/// Actions whose indicators other scenarios write or read in bulk (writes and imports, the
/// fan-out, the long history): the integrator keeps away from them.
const BUSY_ACTIONS: [i64; 3] = [1, 2, crate::data::HISTORY_ACTION];

/// What a run must be judged on, beside the row.
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    /// Answers older than a write acknowledged before they were asked for.
    pub stale: u64,
    /// Writes acknowledged.
    pub writes: u64,
    /// The largest number an answer showed.
    pub newest_seen: u64,
}

impl Verdict {
    /// Why the run fails, if it does: no write was acknowledged or no answer showed one
    /// (nothing was checked), or, in a full run, an answer was stale.
    pub fn failures(self, full: bool) -> Vec<String> {
        let mut failures = Vec::new();
        if self.writes == 0 {
            failures.push(format!("{NAME}: the integrator recorded no value"));
        } else if self.newest_seen == 0 {
            failures.push(format!(
                "{NAME}: no answer showed any of the integrator's writes"
            ));
        }
        if full && self.stale > 0 {
            failures.push(format!("{NAME}: {} stale answers", self.stale));
        }
        failures
    }
}

/// Runs the scenario on `server`: the integrator writes with `token` while `settings`'s
/// connections read the dashboard.
pub async fn run(
    server: &mut ServerProcess,
    api: &Graphql,
    token: &str,
    catalogue: &Catalogue,
    settings: Settings,
) -> anyhow::Result<(Row, Verdict)> {
    let (action, places) = watched_action(api, catalogue).await?;
    let url = server.url("/graphql");
    let acknowledged = Arc::new(AtomicU64::new(0));
    let running = Arc::new(AtomicBool::new(true));
    let today = Utc::now().date_naive();
    let integrator = tokio::spawn(integrate(Integrator {
        url: url.clone(),
        token: token.to_owned(),
        indicator: catalogue.indicator(action)?,
        as_of: today,
        acknowledged: Arc::clone(&acknowledged),
        running: Arc::clone(&running),
    }));
    let checks = Arc::new(Checks::default());
    let readers = Readers {
        url,
        body: json!({ "query": DASHBOARD, "variables": {} }).to_string(),
        action,
        as_of: today.to_string(),
        acknowledged,
        checks: Arc::clone(&checks),
    };
    let measured = crate::measure(NAME, server, api, readers, settings).await;
    running.store(false, Ordering::Relaxed);
    let writes = integrator.await.context("the integrator panicked")?;
    let mut row = measured?;

    let stale = checks.stale.load(Ordering::Relaxed);
    let checked = checks.checked.load(Ordering::Relaxed);
    let newest_seen = checks.newest_seen.load(Ordering::Relaxed);
    let check_us = checks.check_micros.load(Ordering::Relaxed) as f64 / checked.max(1) as f64;
    let write_p50_ms = Latencies::new(writes.latencies.clone()).quantile_ms(0.5);
    let written = writes.latencies.len() as u64;
    let first_stale = checks
        .first_stale
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let details = [
        ("stale", json!(stale)),
        ("answers_checked", json!(checked)),
        ("check_us_per_answer", json!(check_us)),
        ("writes", json!(written)),
        ("newest_seen", json!(newest_seen)),
        ("write_errors", json!(writes.errors)),
        ("write_p50_ms", json!(write_p50_ms)),
        ("watched_action", json!(action)),
        ("watched_places", json!(places)),
        ("first_stale", json!(first_stale)),
    ];
    for (key, value) in details {
        row.details.insert(key.to_owned(), value);
    }
    row.notes.push(format!(
        "one integrator recorded {written} values, one per request every {} ms through warm-up \
         and window (p50 {} ms, {} errors), to action {action}'s indicator for all of Québec \
         on {today}; {} stale answers of {} checked (warm-up included): each answer's \
         latest value of that indicator, in its {places} places, against the last write \
         acknowledged before the request was sent (the newest an answer showed: \
         {newest_seen}; {check_us:.0} µs of the load generator's time per answer); SQL/req \
         counts the writes' statements too",
        WRITE_EVERY.as_millis(),
        write_p50_ms.map_or("-".to_owned(), |ms| format!("{ms:.2}")),
        writes.errors,
        report::thousands(stale as f64),
        report::thousands(checked as f64),
    ));
    if let Some(error) = &writes.first_error {
        row.notes
            .push(format!("the integrator's first error: {error}"));
    }
    if let Some(first) = first_stale {
        row.notes.push(format!("the first stale answer: {first}"));
    }
    println!(
        "{NAME}: {written} writes (p50 {} ms, {} errors), {stale} stale of {checked} answers \
         (newest shown: {newest_seen})",
        write_p50_ms.map_or("-".to_owned(), |ms| format!("{ms:.2}")),
        writes.errors
    );
    let verdict = Verdict {
        stale,
        writes: written,
        newest_seen,
    };
    Ok((row, verdict))
}

/// The action whose indicator the integrator writes, and in how many places the dashboard
/// lists it: of the indicators not in a percentage (the values pass 100) and away from the
/// other scenarios', the one the dashboard lists most often (the lowest number on a tie).
async fn watched_action(api: &Graphql, catalogue: &Catalogue) -> anyhow::Result<(i64, usize)> {
    let data = api.data(DASHBOARD, json!({})).await?;
    let dashboard: Dashboard =
        serde_json::from_value(data).context("the dashboard's answer has an unknown shape")?;
    catalogue
        .indicators
        .iter()
        .filter(|(action, _, unit)| unit != "PERCENT" && !BUSY_ACTIONS.contains(action))
        .map(|(action, _, _)| (*action, dashboard.places(*action).count()))
        .filter(|(_, places)| *places > 0)
        .max_by_key(|(action, places)| (*places, -action))
        .context("the dashboard lists no indicator the integrator could write")
}

/// The integrator's settings.
struct Integrator {
    url: String,
    token: String,
    /// The global id of the indicator it writes.
    indicator: String,
    as_of: NaiveDate,
    /// The last number whose write was answered.
    acknowledged: Arc<AtomicU64>,
    /// Cleared when the readers are done.
    running: Arc<AtomicBool>,
}

/// What the integrator did.
#[derive(Debug, Default)]
struct Writes {
    /// Of the acknowledged writes, in microseconds.
    latencies: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
}

/// Records 1, 2, 3… one per request, a request every [`WRITE_EVERY`] (or as soon as the
/// previous one is answered, when it took longer), until `running` is cleared.
async fn integrate(integrator: Integrator) -> Writes {
    let mut writes = Writes::default();
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            writes.errors += 1;
            writes.first_error = Some(error.to_string());
            return writes;
        }
    };
    let mut ticks = tokio::time::interval(WRITE_EVERY);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut number = 0_u64;
    loop {
        ticks.tick().await;
        if !integrator.running.load(Ordering::Relaxed) {
            break;
        }
        number += 1;
        let input = json!({
            "indicatorId": integrator.indicator,
            "value": number.to_string(),
            "asOf": integrator.as_of.to_string(),
        });
        let body = json!({ "query": RECORD_ONE, "variables": { "input": input } }).to_string();
        let sent = Instant::now();
        match post_graphql(&client, &integrator.url, Some(&integrator.token), body).await {
            Ok(_) => {
                writes
                    .latencies
                    .push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
                // Release: a reader that loads this number sends its request after the write.
                integrator.acknowledged.fetch_max(number, Ordering::Release);
            }
            Err(error) => {
                writes.errors += 1;
                writes.first_error.get_or_insert(error);
            }
        }
    }
    writes
}

/// What the readers found, shared by their connections.
#[derive(Debug, Default)]
struct Checks {
    checked: AtomicU64,
    stale: AtomicU64,
    /// Time spent reading and checking answers, in microseconds: load-generator CPU that the
    /// plain `dashboard` scenario does not spend.
    check_micros: AtomicU64,
    /// The largest number an answer showed in all its places, all dated the integrator's day
    /// (before its first write they show the setup's "50" of yesterday): proof that the
    /// readers did see the writes, so that "0 stale" means something.
    newest_seen: AtomicU64,
    first_stale: Mutex<Option<String>>,
}

/// The dashboard query, each answer checked against the writes acknowledged before it.
#[derive(Debug)]
struct Readers {
    url: String,
    body: String,
    /// The number of the action whose indicator the integrator writes.
    action: i64,
    /// The date it writes, as the API spells it.
    as_of: String,
    acknowledged: Arc<AtomicU64>,
    checks: Arc<Checks>,
}

impl Workload for Readers {
    type State = ();

    fn state(&self, _connection: usize) {}

    async fn send(&self, client: &reqwest::Client, _state: &mut ()) -> Result<u64, String> {
        let floor = self.acknowledged.load(Ordering::Acquire);
        let text = post_graphql(client, &self.url, None, self.body.clone()).await?;
        let checking = Instant::now();
        let answer: Answer = serde_json::from_str(&text)
            .map_err(|error| format!("an unreadable dashboard ({error}): {}", clip(&text)))?;
        let mut places = 0;
        let mut lowest = f64::INFINITY;
        let mut written = true;
        let mut behind = Vec::new();
        for (region, latest) in answer.data.places(self.action) {
            places += 1;
            let value = match latest {
                Some(latest) => latest.value.parse::<f64>().map_err(|error| {
                    format!("latest value {:?} is no number: {error}", latest.value)
                })?,
                None => 0.0,
            };
            lowest = lowest.min(value);
            written &= latest.is_some_and(|latest| latest.as_of == self.as_of);
            if value < floor as f64 {
                behind.push(format!(
                    "region {region}: {}",
                    latest.map_or("none".to_owned(), |latest| format!(
                        "{} as of {}",
                        latest.value, latest.as_of
                    ))
                ));
            }
        }
        if places == 0 {
            return Err(format!(
                "the dashboard lists action {} nowhere: {}",
                self.action,
                clip(&text)
            ));
        }
        self.checks.checked.fetch_add(1, Ordering::Relaxed);
        if written {
            // Written numbers are whole and small: the cast is exact.
            self.checks
                .newest_seen
                .fetch_max(lowest as u64, Ordering::Relaxed);
        }
        self.checks.check_micros.fetch_add(
            u64::try_from(checking.elapsed().as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        if !behind.is_empty() {
            self.checks.stale.fetch_add(1, Ordering::Relaxed);
            let mut first = self
                .checks
                .first_stale
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            first.get_or_insert_with(|| {
                format!(
                    "write {floor} acknowledged before sending, yet {} of {places} places behind \
                     ({})",
                    behind.len(),
                    behind.join("; ")
                )
            });
        }
        Ok(1)
    }
}

/// The parts of the dashboard's answer the check reads (serde skips the rest).
#[derive(Debug, Deserialize)]
struct Answer {
    data: Dashboard,
}

#[derive(Debug, Deserialize)]
struct Dashboard {
    regions: Vec<Region>,
}

#[derive(Debug, Deserialize)]
struct Region {
    number: i64,
    actions: Vec<Action>,
}

#[derive(Debug, Deserialize)]
struct Action {
    number: i64,
    indicator: Indicator,
}

#[derive(Debug, Deserialize)]
struct Indicator {
    latest: Option<Latest>,
}

#[derive(Debug, Deserialize)]
struct Latest {
    value: String,
    #[serde(rename = "asOf")]
    as_of: String,
}

impl Dashboard {
    /// Where action `number` is listed: (region number, its indicator's latest value).
    fn places(&self, number: i64) -> impl Iterator<Item = (i64, Option<&Latest>)> {
        self.regions.iter().flat_map(move |region| {
            region
                .actions
                .iter()
                .filter(move |action| action.number == number)
                .map(|action| (region.number, action.indicator.latest.as_ref()))
        })
    }
}

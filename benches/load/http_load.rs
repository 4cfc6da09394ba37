//! Closed-loop HTTP load: N keep-alive connections, each sending its next request as soon as
//! the previous one is answered, for a warm-up and then a measured window.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use tokio::time::Instant;

use crate::server::rss_mb;

/// How long and how wide one scenario runs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Concurrent connections, each with one request in flight at a time.
    pub connections: usize,
    /// Requests before the window are sent but not measured (connections, caches, JIT of
    /// the query planner…).
    pub warmup: Duration,
    /// The measured window.
    pub duration: Duration,
}

/// What one scenario sends.
pub trait Workload: Send + Sync + 'static {
    /// What a connection remembers between its requests (a cursor, the next region…).
    type State: Send + 'static;

    /// The state of connection number `connection`, before its first request.
    fn state(&self, connection: usize) -> Self::State;

    /// Sends one request and reads the whole answer; returns how many units it served (1, or
    /// the number of values a batch recorded), or what was wrong with the answer.
    fn send(
        &self,
        client: &reqwest::Client,
        state: &mut Self::State,
    ) -> impl Future<Output = Result<u64, String>> + Send;
}

/// Latencies, sorted, in microseconds.
#[derive(Debug, Clone, Default)]
pub struct Latencies(Vec<u64>);

impl Latencies {
    /// Sorts `samples`.
    pub fn new(mut samples: Vec<u64>) -> Self {
        samples.sort_unstable();
        Self(samples)
    }

    /// The `quantile` (0 to 1) in milliseconds, by the nearest-rank method; `None` when empty.
    pub fn quantile_ms(&self, quantile: f64) -> Option<f64> {
        let rank = (quantile * self.0.len() as f64).ceil() as usize;
        let index = rank.clamp(1, self.0.len().max(1)) - 1;
        self.0.get(index).map(|micros| *micros as f64 / 1000.0)
    }

    /// The largest, in milliseconds.
    pub fn max_ms(&self) -> Option<f64> {
        self.0.last().map(|micros| *micros as f64 / 1000.0)
    }
}

/// What a scenario measured.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Requests started within the window and answered without error.
    pub requests: u64,
    /// Requests sent in all, warm-up included (what the statement counter saw).
    pub all_requests: u64,
    /// Units served within the window (values recorded, for writes).
    pub units: u64,
    /// Requests that failed or were answered with errors, warm-up included.
    pub errors: u64,
    pub first_error: Option<String>,
    /// Latencies of the window's successful requests.
    pub latencies: Latencies,
    pub window: Duration,
    /// The largest server RSS sampled during the run, in MiB.
    pub peak_rss_mb: f64,
}

impl Measured {
    /// Requests per second in the window.
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.window.as_secs_f64()
    }

    /// Units per second in the window.
    pub fn units_per_second(&self) -> f64 {
        self.units as f64 / self.window.as_secs_f64()
    }
}

/// What one connection saw.
#[derive(Default)]
struct ConnectionTally {
    requests: u64,
    all_requests: u64,
    units: u64,
    errors: u64,
    first_error: Option<String>,
    latencies: Vec<u64>,
}

/// Runs `workload` on `settings.connections` connections, each with a client of its own
/// (keep-alive, one connection), while sampling the RSS of process `server_pid`.
pub async fn run<W: Workload>(
    workload: Arc<W>,
    settings: Settings,
    server_pid: u32,
) -> anyhow::Result<Measured> {
    let started = Instant::now();
    let window_start = started + settings.warmup;
    let end = window_start + settings.duration;

    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = tokio::spawn(sample_rss(server_pid, Arc::clone(&sampling)));

    let mut connections = Vec::with_capacity(settings.connections);
    for connection in 0..settings.connections {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .timeout(Duration::from_secs(30))
            .build()?;
        let workload = Arc::clone(&workload);
        connections.push(tokio::spawn(async move {
            let mut state = workload.state(connection);
            let mut tally = ConnectionTally::default();
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let outcome = workload.send(&client, &mut state).await;
                let took = sent.elapsed();
                tally.all_requests += 1;
                let measured = sent >= window_start;
                match outcome {
                    Ok(units) => {
                        if measured {
                            tally.requests += 1;
                            tally.units += units;
                            tally
                                .latencies
                                .push(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
                        }
                    }
                    Err(error) => {
                        tally.errors += 1;
                        tally.first_error.get_or_insert(error);
                        // A broken server answers at once: do not spin on it.
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
            tally
        }));
    }

    let mut total = ConnectionTally::default();
    for connection in connections {
        let tally = connection.await.context("a load connection panicked")?;
        total.requests += tally.requests;
        total.all_requests += tally.all_requests;
        total.units += tally.units;
        total.errors += tally.errors;
        if total.first_error.is_none() {
            total.first_error = tally.first_error;
        }
        total.latencies.extend(tally.latencies);
    }
    sampling.store(false, Ordering::Relaxed);
    let peak_rss_mb = sampler.await.context("the RSS sampler panicked")?;
    Ok(Measured {
        requests: total.requests,
        all_requests: total.all_requests,
        units: total.units,
        errors: total.errors,
        first_error: total.first_error,
        latencies: Latencies::new(total.latencies),
        window: settings.duration,
        peak_rss_mb,
    })
}

/// The largest RSS of `pid` read every 100 ms while `running`, in MiB.
async fn sample_rss(pid: u32, running: Arc<AtomicBool>) -> f64 {
    let mut peak: f64 = 0.0;
    while running.load(Ordering::Relaxed) {
        if let Ok(rss) = rss_mb(pid) {
            peak = peak.max(rss);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Ok(rss) = rss_mb(pid) {
        peak = peak.max(rss);
    }
    peak
}

/// POSTs a GraphQL request body (JSON text) and returns the answer's text; an answer that is
/// not a `200` or that carries `errors` is an error.
pub async fn post_graphql(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: String,
) -> Result<String, String> {
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|error| error.to_string())?;
    let status = response.status();
    let text = response.text().await.map_err(|error| error.to_string())?;
    if status != 200 {
        return Err(format!("HTTP {status}: {}", clip(&text)));
    }
    if text.contains("\"errors\":") {
        return Err(format!("GraphQL errors: {}", clip(&text)));
    }
    Ok(text)
}

/// The first 300 characters of `text`.
pub fn clip(text: &str) -> String {
    text.chars().take(300).collect()
}

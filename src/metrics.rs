//! The server's counters, rendered at `/metrics` in the Prometheus text format.
//!
//! A handful of fixed series do not need a metrics library: each is an atomic, and labelled
//! request counters sit in a small map.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::db::StatementCounter;

/// Upper bounds of the request latency histogram, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0,
];

/// Every counter and gauge of the server.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Requests by (operation type, outcome).
    requests: Mutex<BTreeMap<(String, String), u64>>,
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    websocket_connections: AtomicI64,
    subscriptions: AtomicI64,
    events_delivered: AtomicU64,
    catch_ups: AtomicU64,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
}

/// The pool's use when the metrics are read.
#[derive(Clone, Copy, Debug, Default)]
pub struct PoolUse {
    pub open: u32,
    pub idle: usize,
    pub max: u32,
}

impl Metrics {
    /// Counts a finished HTTP request: `operation` is `query`, `mutation`, `subscription` or
    /// the kind of non-GraphQL request (`health`, `graphiql`…); `outcome` is `ok` or an error
    /// code.
    pub fn request(&self, operation: &str, outcome: &str, duration: Duration) {
        *self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry((operation.to_owned(), outcome.to_owned()))
            .or_default() += 1;
        let seconds = duration.as_secs_f64();
        for (bucket, bound) in self.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(duration.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// A WebSocket connection opened (+1) or closed (-1).
    pub fn websocket(&self, change: i64) {
        self.websocket_connections
            .fetch_add(change, Ordering::Relaxed);
    }

    /// A subscription started (+1) or ended (-1).
    pub fn subscription(&self, change: i64) {
        self.subscriptions.fetch_add(change, Ordering::Relaxed);
    }

    /// An event reached a subscriber.
    pub fn event_delivered(&self) {
        self.events_delivered.fetch_add(1, Ordering::Relaxed);
    }

    /// A read query was answered from the response cache (`hit`) or computed and cached.
    pub fn response_cache(&self, hit: bool) {
        let counter = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// A subscriber read missed events from the store.
    pub fn catch_up(&self) {
        self.catch_ups.fetch_add(1, Ordering::Relaxed);
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self, statements: &StatementCounter, pool: PoolUse) -> String {
        let mut text = String::new();
        header(
            &mut text,
            "territoires_requests_total",
            "counter",
            "HTTP requests by GraphQL operation type (or path kind) and outcome.",
        );
        for ((operation, outcome), count) in self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            let _ = writeln!(
                text,
                "territoires_requests_total{{operation=\"{operation}\",outcome=\"{outcome}\"}} {count}"
            );
        }
        header(
            &mut text,
            "territoires_request_duration_seconds",
            "histogram",
            "Time to answer an HTTP request.",
        );
        for (bucket, bound) in self.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            let count = bucket.load(Ordering::Relaxed);
            let _ = writeln!(
                text,
                "territoires_request_duration_seconds_bucket{{le=\"{bound}\"}} {count}"
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(
            text,
            "territoires_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(text, "territoires_request_duration_seconds_sum {sum}");
        let _ = writeln!(text, "territoires_request_duration_seconds_count {count}");
        let gauge = |value: &AtomicI64| value.load(Ordering::Relaxed).to_string();
        let counter = |value: &AtomicU64| value.load(Ordering::Relaxed).to_string();
        let series = [
            (
                "territoires_websocket_connections",
                "gauge",
                "Open WebSocket connections.",
                gauge(&self.websocket_connections),
            ),
            (
                "territoires_subscriptions",
                "gauge",
                "Active subscriptions.",
                gauge(&self.subscriptions),
            ),
            (
                "territoires_events_delivered_total",
                "counter",
                "Events delivered to subscribers.",
                counter(&self.events_delivered),
            ),
            (
                "territoires_catch_ups_total",
                "counter",
                "Times a subscriber read missed events from the store.",
                counter(&self.catch_ups),
            ),
            (
                "territoires_response_cache_hits_total",
                "counter",
                "Read queries answered from the response cache.",
                counter(&self.cache_hits),
            ),
            (
                "territoires_response_cache_misses_total",
                "counter",
                "Read queries computed, then kept in the response cache.",
                counter(&self.cache_misses),
            ),
            (
                "territoires_db_statements_total",
                "counter",
                "SQL statements sent to the database since start.",
                statements.total().to_string(),
            ),
            (
                "territoires_db_request_statements_total",
                "counter",
                "SQL statements sent while serving HTTP requests (not the broker's background reads).",
                statements.for_requests().to_string(),
            ),
            (
                "territoires_db_pool_connections",
                "gauge",
                "Connections the pool holds open.",
                pool.open.to_string(),
            ),
            (
                "territoires_db_pool_idle_connections",
                "gauge",
                "Open connections not in use.",
                pool.idle.to_string(),
            ),
            (
                "territoires_db_pool_max_connections",
                "gauge",
                "Most connections the pool may open.",
                pool.max.to_string(),
            ),
        ];
        for (name, kind, help, value) in series {
            header(&mut text, name, kind, help);
            let _ = writeln!(text, "{name} {value}");
        }
        text
    }
}

fn header(text: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

//! The server's counters, gauges and latency histogram, rendered at `/metrics` in the Prometheus
//! text format (version 0.0.4) by `prometheus-client`.
//!
//! The instruments live in one registry of typed families; the database's figures (statements
//! counted by `db`, the pool's use) are read from it at each scrape by a collector, so that
//! `db` knows nothing of metrics.

use std::fmt;
use std::time::Duration;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeLabelValue, EncodeMetric, LabelValueEncoder,
    prometheus_text,
};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;

use crate::db::{StatementCounter, pool_use};

/// Upper bounds of the request latency histogram, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0,
];

/// The `Content-Type` of what [`Metrics::render`] writes.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// What a request is counted by.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation: String,
    outcome: String,
}

/// Why a WebSocket connection was refused before its upgrade.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum WebSocketRefusal {
    /// The server held as many connections as it may (`--max-ws-connections`).
    ServerFull,
    /// The client's address held as many as one address may
    /// (`--max-ws-connections-per-address`).
    AddressFull,
}

impl WebSocketRefusal {
    const ALL: [Self; 2] = [Self::ServerFull, Self::AddressFull];

    /// The `reason` label.
    fn label(self) -> &'static str {
        match self {
            Self::ServerFull => "server_full",
            Self::AddressFull => "address_full",
        }
    }
}

impl EncodeLabelValue for WebSocketRefusal {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> fmt::Result {
        fmt::Write::write_str(encoder, self.label())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RefusalLabels {
    reason: WebSocketRefusal,
}

/// Every counter and gauge of the server. Counters are registered without their `_total`,
/// which the encoder appends.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Histogram,
    websocket_connections: Gauge,
    websocket_refused: Family<RefusalLabels, Counter>,
    subscriptions: Gauge,
    events_delivered: Counter,
    subscription_executions: Counter,
    catch_ups: Counter,
    cache_hits: Counter,
    cache_misses: Counter,
    cache_bytes: Gauge,
}

impl Metrics {
    /// The server's metrics, with the figures of `db` and its `statements` read at each scrape.
    pub fn new(db: DatabaseConnection, statements: StatementCounter) -> Self {
        let mut this = Self {
            registry: Registry::default(),
            requests: Family::default(),
            latency: Histogram::new(LATENCY_BUCKETS),
            websocket_connections: Gauge::default(),
            websocket_refused: Family::default(),
            subscriptions: Gauge::default(),
            events_delivered: Counter::default(),
            subscription_executions: Counter::default(),
            catch_ups: Counter::default(),
            cache_hits: Counter::default(),
            cache_misses: Counter::default(),
            cache_bytes: Gauge::default(),
        };
        // Both reasons show from the start, at 0, so that a rate over them has a beginning.
        for reason in WebSocketRefusal::ALL {
            this.websocket_refused
                .get_or_create_owned(&RefusalLabels { reason });
        }
        this.registry.register(
            "territoires_requests",
            "HTTP requests by GraphQL operation type (or path kind) and outcome",
            this.requests.clone(),
        );
        this.registry.register(
            "territoires_request_duration_seconds",
            "Time to answer an HTTP request",
            this.latency.clone(),
        );
        this.registry.register(
            "territoires_websocket_connections",
            "Open WebSocket connections",
            this.websocket_connections.clone(),
        );
        this.registry.register(
            "territoires_websocket_refused",
            "WebSocket connections refused before the upgrade, by reason: server_full \
             (--max-ws-connections) or address_full (--max-ws-connections-per-address)",
            this.websocket_refused.clone(),
        );
        this.registry.register(
            "territoires_subscriptions",
            "Active subscriptions",
            this.subscriptions.clone(),
        );
        this.registry.register(
            "territoires_events_delivered",
            "Events delivered to subscribers",
            this.events_delivered.clone(),
        );
        this.registry.register(
            "territoires_subscription_executions",
            "Executions of a subscription's selection for one event, each shared by every \
             subscriber of that subscription (same document, variables and credentials)",
            this.subscription_executions.clone(),
        );
        this.registry.register(
            "territoires_catch_ups",
            "Times a subscriber read missed events from the store",
            this.catch_ups.clone(),
        );
        this.registry.register(
            "territoires_response_cache_hits",
            "Read queries answered from the response cache",
            this.cache_hits.clone(),
        );
        this.registry.register(
            "territoires_response_cache_misses",
            "Read queries computed, then kept in the response cache",
            this.cache_misses.clone(),
        );
        this.registry.register(
            "territoires_response_cache_bytes",
            "Bytes of keys and answers the response cache holds (at most --response-cache-bytes)",
            this.cache_bytes.clone(),
        );
        this.registry
            .register_collector(Box::new(DatabaseCollector { db, statements }));
        this
    }

    /// Counts a finished HTTP request: `operation` is `query`, `mutation`, `subscription` or
    /// the kind of non-GraphQL request (`health`, `graphiql`…); `outcome` is `ok` or an error
    /// code.
    pub fn request(&self, operation: &str, outcome: &str, duration: Duration) {
        let labels = RequestLabels {
            operation: operation.to_owned(),
            outcome: outcome.to_owned(),
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.observe(duration.as_secs_f64());
    }

    /// A WebSocket connection opened (+1) or closed (-1).
    pub fn websocket(&self, change: i64) {
        self.websocket_connections.inc_by(change);
    }

    /// A WebSocket connection was refused before its upgrade.
    pub fn websocket_refused(&self, reason: WebSocketRefusal) {
        self.websocket_refused
            .get_or_create(&RefusalLabels { reason })
            .inc();
    }

    /// A subscription started (+1) or ended (-1).
    pub fn subscription(&self, change: i64) {
        self.subscriptions.inc_by(change);
    }

    /// An event reached a subscriber.
    pub fn event_delivered(&self) {
        self.events_delivered.inc();
    }

    /// A subscription's selection was executed for one event.
    pub fn subscription_executed(&self) {
        self.subscription_executions.inc();
    }

    /// A read query was answered from the response cache (`hit`) or computed and cached.
    pub fn response_cache(&self, hit: bool) {
        let counter = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        counter.inc();
    }

    /// What the response cache holds now, in bytes.
    pub fn response_cache_bytes(&self, bytes: u64) {
        self.cache_bytes
            .set(i64::try_from(bytes).unwrap_or(i64::MAX));
    }

    /// A subscriber read missed events from the store.
    pub fn catch_up(&self) {
        self.catch_ups.inc();
    }

    /// The metrics in the Prometheus text format (version 0.0.4).
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail, and every name and label here is valid.
        let _ = prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

/// The database's figures, read at each scrape: two atomics and the pool's counters, no query.
#[derive(Debug)]
struct DatabaseCollector {
    db: DatabaseConnection,
    statements: StatementCounter,
}

impl Collector for DatabaseCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> fmt::Result {
        let pool = pool_use(&self.db);
        let counters = [
            (
                "territoires_db_statements",
                "SQL statements sent to the database since start.",
                self.statements.total(),
            ),
            (
                "territoires_db_request_statements",
                "SQL statements sent while serving HTTP requests (not the broker's background reads).",
                self.statements.for_requests(),
            ),
        ];
        for (name, help, value) in counters {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(
                name,
                help,
                None,
                counter.metric_type(),
            )?)?;
        }
        let gauges = [
            (
                "territoires_db_pool_connections",
                "Connections the pool holds open.",
                u64::from(pool.open),
            ),
            (
                "territoires_db_pool_idle_connections",
                "Open connections not in use.",
                pool.idle as u64,
            ),
            (
                "territoires_db_pool_max_connections",
                "Most connections the pool may open.",
                u64::from(pool.max),
            ),
        ];
        for (name, help, value) in gauges {
            let gauge = ConstGauge::new(value);
            gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)?;
        }
        Ok(())
    }
}

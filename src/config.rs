//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;

/// Where the data lives and how to reach it; taken by every command.
#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Database to use: `sqlite://FILE?mode=rwc` (created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://territoires.db?mode=rwc",
        global = true
    )]
    pub database_url: String,

    /// Most connections the pool opens (per process).
    #[arg(
        long,
        env = "TERRITOIRES_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: u32,

    /// Seconds to wait for a new connection, or for a free one from the pool, before a
    /// request fails.
    #[arg(
        long,
        env = "TERRITOIRES_DB_CONNECT_TIMEOUT",
        default_value_t = 3,
        global = true
    )]
    pub db_connect_timeout: u64,

    /// Seconds a statement may run before PostgreSQL cancels it (PostgreSQL only).
    #[arg(
        long,
        env = "TERRITOIRES_DB_STATEMENT_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub db_statement_timeout: u64,

    /// On PostgreSQL, `LISTEN` for the commits of other replicas, so that their values reach
    /// this replica's subscribers at once. `false`: notice them by reading the store every
    /// second instead (for a connection pooler in transaction mode, which cannot `LISTEN`).
    #[arg(long, env = "TERRITOIRES_PG_LISTEN", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub pg_listen: bool,
}

impl DatabaseArgs {
    /// The defaults, on `database_url`.
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            db_max_connections: 10,
            db_connect_timeout: 3,
            db_statement_timeout: 10,
            pg_listen: true,
        }
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.db_connect_timeout)
    }

    pub fn statement_timeout(&self) -> Duration {
        Duration::from_secs(self.db_statement_timeout)
    }
}

/// How `serve` listens, and what it allows.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TERRITOIRES_ADDR", default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,

    #[command(flatten)]
    pub limits: Limits,

    #[command(flatten)]
    pub http: HttpOptions,
}

/// What one request may ask of the server; each limit is checked before execution.
#[derive(Args, Debug, Clone)]
pub struct Limits {
    /// Deepest selection nesting a query may have.
    #[arg(long, env = "TERRITOIRES_MAX_DEPTH", default_value_t = 12)]
    pub max_depth: usize,

    /// Highest complexity a query may have: each field counts 1, times the expected size of
    /// the lists it is in.
    #[arg(long, env = "TERRITOIRES_MAX_COMPLEXITY", default_value_t = 20_000)]
    pub max_complexity: usize,

    /// Most aliases one operation may use.
    #[arg(long, env = "TERRITOIRES_MAX_ALIASES", default_value_t = 30)]
    pub max_aliases: usize,

    /// Most operations one batched request may hold.
    #[arg(long, env = "TERRITOIRES_MAX_BATCH", default_value_t = 10)]
    pub max_batch: usize,

    /// Largest request body, in bytes.
    #[arg(long, env = "TERRITOIRES_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Longest query text, in bytes.
    #[arg(long, env = "TERRITOIRES_MAX_QUERY_BYTES", default_value_t = 32 * 1024)]
    pub max_query_bytes: usize,

    /// Seconds a request may run before it is answered with an error.
    #[arg(long, env = "TERRITOIRES_REQUEST_TIMEOUT", default_value_t = 10)]
    pub request_timeout: u64,

    /// Largest body of `POST /values.csv`, in bytes: room for 100,000 rows and more.
    #[arg(long, env = "TERRITOIRES_MAX_CSV_BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_csv_bytes: usize,

    /// Most errors a refused spreadsheet lists; the answer counts the rest.
    #[arg(long, env = "TERRITOIRES_MAX_CSV_ERRORS", default_value_t = 100)]
    pub max_csv_errors: usize,

    #[command(flatten)]
    pub websocket: WebSocketLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 12,
            max_complexity: 20_000,
            max_aliases: 30,
            max_batch: 10,
            max_body_bytes: 1024 * 1024,
            max_query_bytes: 32 * 1024,
            request_timeout: 10,
            max_csv_bytes: 32 * 1024 * 1024,
            max_csv_errors: 100,
            websocket: WebSocketLimits::default(),
        }
    }
}

impl Limits {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout)
    }
}

/// How the HTTP layer treats browsers and heavy clients.
#[derive(Args, Debug, Clone)]
pub struct HttpOptions {
    /// Origins allowed to call the API from a browser (CORS), e.g.
    /// `https://dashboard.example.org`; repeat the flag or separate with commas. None: only
    /// same-origin pages.
    #[arg(
        long = "cors-origin",
        env = "TERRITOIRES_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// Requests per minute allowed per token, or per client address without a token, on
    /// `/graphql`; beyond it, 429 with `Retry-After`. Off (0) by default: most deployments
    /// rate-limit at their proxy.
    #[arg(long, env = "TERRITOIRES_RATE_LIMIT", default_value_t = 0)]
    pub rate_limit: u32,

    /// Serve repeated read queries from memory until a value is recorded
    /// (`--response-cache false` to switch it off).
    #[arg(long, env = "TERRITOIRES_RESPONSE_CACHE", default_value_t = true, action = clap::ArgAction::Set)]
    pub response_cache: bool,

    /// Most bytes of answers (and their keys) the response cache keeps; the least used go
    /// first.
    #[arg(long, env = "TERRITOIRES_RESPONSE_CACHE_BYTES", default_value_t = DEFAULT_RESPONSE_CACHE_BYTES)]
    pub response_cache_bytes: u64,
}

/// The response cache's default budget: room for a hundred dashboards' answers, and a small
/// share of a small server's memory.
pub const DEFAULT_RESPONSE_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// How log lines are written (to stderr).
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// How many WebSocket connections may be open, and what one connection may do.
#[derive(Args, Debug, Clone)]
pub struct WebSocketLimits {
    /// Most WebSocket connections open at once, in all (beyond: 503 before the upgrade).
    #[arg(long, env = "TERRITOIRES_MAX_WS_CONNECTIONS", default_value_t = 10_000)]
    pub max_ws_connections: usize,

    /// Most WebSocket connections open at once from one client IP address (beyond: 429 before
    /// the upgrade), so that one client cannot take every slot. Behind a reverse proxy every
    /// client has the proxy's address: set it to `--max-ws-connections` there.
    #[arg(
        long,
        env = "TERRITOIRES_MAX_WS_CONNECTIONS_PER_ADDRESS",
        default_value_t = 1_000
    )]
    pub max_ws_connections_per_address: usize,

    /// Largest message a client may send, in bytes (beyond: close 1009).
    #[arg(long, env = "TERRITOIRES_MAX_WS_MESSAGE_BYTES", default_value_t = 64 * 1024)]
    pub max_ws_message_bytes: usize,

    /// Most operations one connection may run at once (beyond: an `error` for that one).
    #[arg(long, env = "TERRITOIRES_MAX_WS_OPERATIONS", default_value_t = 100)]
    pub max_ws_operations: usize,

    /// Seconds a client has to send `connection_init` (beyond: close 4408).
    #[arg(long, env = "TERRITOIRES_WS_INIT_TIMEOUT", default_value_t = 3)]
    pub ws_init_timeout: u64,
}

impl Default for WebSocketLimits {
    fn default() -> Self {
        Self {
            max_ws_connections: 10_000,
            max_ws_connections_per_address: 1_000,
            max_ws_message_bytes: 64 * 1024,
            max_ws_operations: 100,
            ws_init_timeout: 3,
        }
    }
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            cors_origins: Vec::new(),
            rate_limit: 0,
            response_cache: true,
            response_cache_bytes: DEFAULT_RESPONSE_CACHE_BYTES,
        }
    }
}

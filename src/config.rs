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
}

impl DatabaseArgs {
    /// The defaults, on `database_url`.
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            db_max_connections: 10,
            db_connect_timeout: 3,
            db_statement_timeout: 10,
        }
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.db_connect_timeout)
    }

    pub fn statement_timeout(&self) -> Duration {
        Duration::from_secs(self.db_statement_timeout)
    }
}

/// How `serve` listens.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TERRITOIRES_ADDR", default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,
}

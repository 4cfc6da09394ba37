//! Command-line and environment configuration.

use std::net::SocketAddr;

use clap::Args;

/// Where the data lives; taken by every command.
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
}

/// How `serve` listens.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "TERRITOIRES_ADDR", default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,
}

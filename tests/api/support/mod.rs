//! A server per test, on a fresh database and a random port, and a small GraphQL client.

#[macro_use]
mod backends;
pub mod browser;
mod client;
pub mod node;
pub mod process;
pub mod proxy;
pub mod sqlite;
pub mod writes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use poem::listener::{Acceptor, Listener, TcpListener};
use serde_json::{Value, json};
use territoires::config::{DatabaseArgs, HttpOptions, Limits};
use territoires::state::AppState;

pub use backends::{Backend, TestDatabase};
pub use client::{GraphqlSocket, LEGACY_WS, PATIENCE, Reply, TRANSPORT_WS};

/// A running server and the database it uses; the database goes away with the last server
/// on it.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub database: Arc<TestDatabase>,
}

impl TestServer {
    /// Starts a server on a fresh database of `backend`, migrated and holding the shipped
    /// plan; `None` when the backend is not configured.
    pub async fn start_with(backend: Backend) -> Option<Self> {
        let database = TestDatabase::create(backend).await?;
        Some(Self::serve(Arc::new(database)).await)
    }

    /// Starts a server on `database`, which may hold data already.
    pub async fn serve(database: Arc<TestDatabase>) -> Self {
        let url = database.url().to_owned();
        Self::serve_through(database, &url).await
    }

    /// Starts another server (a replica) on this server's database.
    pub async fn replica(&self) -> Self {
        Self::serve(Arc::clone(&self.database)).await
    }

    /// Starts a server on a fresh database of `backend`, like [`TestServer::start_with`], but
    /// within `limits` and with `options`; `None` when the backend is not configured.
    pub async fn start_configured(
        backend: Backend,
        limits: Limits,
        options: HttpOptions,
    ) -> Option<Self> {
        let database = Arc::new(TestDatabase::create(backend).await?);
        let url = database.url().to_owned();
        Some(Self::serve_configured(database, &url, &limits, &options).await)
    }

    /// Starts a server on `database` that reaches it at `url` (through a proxy, say).
    pub async fn serve_through(database: Arc<TestDatabase>, url: &str) -> Self {
        Self::serve_configured(database, url, &Limits::default(), &HttpOptions::default()).await
    }

    /// Starts a server on `database`, reached at `url`, within `limits` and with `options`.
    pub async fn serve_configured(
        database: Arc<TestDatabase>,
        url: &str,
        limits: &Limits,
        options: &HttpOptions,
    ) -> Self {
        Self::serve_with(database, &DatabaseArgs::new(url), limits, options).await
    }

    /// Starts a server on `database`, reached with `args`, within `limits` and with `options`.
    pub async fn serve_with(
        database: Arc<TestDatabase>,
        args: &DatabaseArgs,
        limits: &Limits,
        options: &HttpOptions,
    ) -> Self {
        let state = AppState::open(args).await.expect("database opens");
        let acceptor = TcpListener::bind("127.0.0.1:0")
            .into_acceptor()
            .await
            .expect("port");
        let addr: SocketAddr = *acceptor.local_addr()[0]
            .as_socket_addr()
            .expect("TCP address");
        let app = territoires::http::app(&state, limits, options);
        tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(app));
        Self {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            database,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET /health`.
    pub async fn health(&self) -> reqwest::Response {
        self.client
            .get(self.url("/health"))
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs a GraphQL request and returns the whole response body.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent");
        response.json().await.expect("JSON response")
    }

    /// Runs a query that must succeed, and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.post(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Runs a query that must fail, and returns its first error.
    pub async fn error(&self, query: &str, variables: Value) -> Value {
        let body = self.post(query, variables).await;
        body["errors"][0].clone()
    }

    /// SQL statements the server has sent for requests so far, read from `/metrics`.
    pub async fn statements(&self) -> u64 {
        let metrics = self
            .client
            .get(self.url("/metrics"))
            .send()
            .await
            .expect("metrics")
            .text()
            .await
            .expect("text");
        metrics
            .lines()
            .find_map(|line| line.strip_prefix("territoires_db_request_statements_total "))
            .expect("statement counter in /metrics")
            .parse()
            .expect("a number")
    }
}

/// Cargo's target directory, where tests keep what outlives them (installed tools,
/// screenshots): `CARGO_TARGET_DIR`, else `target/` of the package.
pub fn target_directory() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The strings of `field` in each element of the array `list`.
pub fn strings(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|item| item[field].as_str().expect("a string").to_owned())
        .collect()
}

/// The integers of `field` in each element of the array `list`.
pub fn numbers(list: &Value, field: &str) -> Vec<i64> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|item| item[field].as_i64().expect("an integer"))
        .collect()
}

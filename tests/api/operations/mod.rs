//! Operating the server: WebSocket limits, graceful shutdown, metrics, request ids and logs,
//! CORS, rate limits, and a fuzz of the WebSocket protocol.

mod cors;
mod metrics;
mod rate_limit;
mod request_ids;
mod shutdown;
mod websocket_fuzz;
mod websocket_limits;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::TestServer;

/// A subscription to every value recorded, answering little.
pub const EVERY_VALUE: &str = "subscription { indicatorValueRecorded { cursor value { value } } }";

/// POSTs `body` to `/graphql` with `headers` added, and returns the whole response.
pub async fn post_with_headers(
    server: &TestServer,
    headers: &[(&str, &str)],
    body: &Value,
) -> reqwest::Response {
    let mut request = server.client.post(server.url("/graphql")).json(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request sent")
}

/// The text of `/metrics`.
pub async fn metrics_text(server: &TestServer) -> String {
    let response = server
        .client
        .get(server.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(response.status(), 200);
    response.text().await.expect("text")
}

/// The value of the series `series` (its name and labels, exactly as printed) in the
/// Prometheus text `metrics`, if present.
pub fn series(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| {
        let value = line.strip_prefix(series)?.strip_prefix(' ')?;
        Some(value.parse().expect("a number"))
    })
}

/// Polls `condition` every 50 ms for up to `timeout`; whether it came true.
pub async fn eventually<F: AsyncFnMut() -> bool>(timeout: Duration, mut condition: F) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if condition().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    condition().await
}

/// `territoires serve` as a child process, on a SQLite file of its own; killed when dropped, so
/// that a failed assertion leaves no server behind.
pub struct ServerProcess {
    child: Child,
    pub base: String,
    /// Where its stderr (its log) goes.
    pub log: PathBuf,
    /// The database's directory, which holds the log too.
    directory: Option<tempfile::TempDir>,
}

impl ServerProcess {
    /// Starts the server with the extra arguments `args` (global flags such as
    /// `--log-format json` included) and `RUST_LOG=info`, and waits until `/health` answers
    /// 200.
    pub async fn start(args: &[&str]) -> Self {
        let directory = tempfile::tempdir().expect("temporary directory");
        let database_url = format!(
            "sqlite://{}?mode=rwc",
            directory.path().join("x.db").display()
        );
        let log = directory.path().join("stderr.log");
        let client = reqwest::Client::new();
        // A free port is found by binding and releasing it, so another process may take it
        // before the server binds: the server then exits, and another port is tried.
        let mut directory = Some(directory);
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(env!("CARGO_BIN_EXE_territoires"))
                .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
                .args(["--database-url", &database_url])
                .args(args)
                .env("RUST_LOG", "info")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(File::create(&log).expect("log file"))
                .spawn()
                .expect("the server starts");
            let mut server = Self {
                child,
                base: format!("http://127.0.0.1:{port}"),
                log: log.clone(),
                directory: directory.take(),
            };
            if server.healthy(&client).await {
                return server;
            }
            directory = server.directory.take();
        }
        panic!("the server does not start: {}", read(&log));
    }

    /// Waits until `/health` answers 200 (true) or the server exits (false).
    async fn healthy(&mut self, client: &reqwest::Client) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait().expect("child status").is_some() {
                return false;
            }
            let health = client.get(format!("{}/health", self.base)).send().await;
            if health.is_ok_and(|response| response.status() == 200) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "/health does not answer 200 after 30 s: {}",
            read(&self.log)
        );
    }

    /// Sends SIGTERM, as a service manager does to stop the server.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits up to `timeout` for the server to exit, and returns how it exited.
    pub async fn exit_status(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server has not exited after {timeout:?}: {}",
                read(&self.log)
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What the server has written to stderr so far.
    pub fn log_text(&self) -> String {
        read(&self.log)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn read(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

/// A GraphQL request body for `query`, with no variables.
pub fn query_body(query: &str) -> Value {
    json!({ "query": query })
}

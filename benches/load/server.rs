//! The server under test: the release binary run as a child process, and its CLI.
//!
//! The benchmark never links the server: it runs `env!("CARGO_BIN_EXE_territoires")`, the
//! binary Cargo builds in the same profile as the benchmark, exactly as it is deployed; or,
//! to measure another version on the same machine (before and after a change), the binary
//! that `TERRITOIRES_BENCH_SERVER` names.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::time::Instant;

/// The server binary built by Cargo in the benchmark's profile.
const BUILT: &str = env!("CARGO_BIN_EXE_territoires");
/// Names another server binary to measure instead.
const OTHER_BINARY: &str = "TERRITOIRES_BENCH_SERVER";

/// The server binary measured: the one [`OTHER_BINARY`] names, if it names one, else the one
/// Cargo built.
pub fn binary() -> PathBuf {
    std::env::var_os(OTHER_BINARY)
        .filter(|name| !name.is_empty())
        .map_or_else(|| PathBuf::from(BUILT), PathBuf::from)
}

/// How long a start may take before the benchmark gives up on it.
const START_PATIENCE: Duration = Duration::from_secs(60);

/// The fan-out opens all its subscribers (10,000 in full mode) from 127.0.0.1, ten times the
/// server's default cap per address and as many as its default cap in all: every server the
/// benchmark starts allows twice that many, in all and from one address.
const WEBSOCKET_CAPS: [&str; 4] = [
    "--max-ws-connections",
    "20000",
    "--max-ws-connections-per-address",
    "20000",
];

/// Runs `territoires ARGS --database-url URL` to its end and returns what it printed on stdout.
pub fn cli(args: &[&str], database_url: &str) -> anyhow::Result<String> {
    let binary = binary();
    let output = Command::new(&binary)
        .args(args)
        .args(["--database-url", database_url])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !output.status.success() {
        bail!(
            "territoires {args:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).context("the CLI printed something that is not UTF-8")
}

/// Whether `territoires serve --help` mentions `flag` (a flag added on another branch, say).
pub fn serve_accepts(flag: &str) -> anyhow::Result<bool> {
    let binary = binary();
    let output = Command::new(&binary)
        .args(["serve", "--help"])
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {} serve --help", binary.display()))?;
    Ok(String::from_utf8_lossy(&output.stdout).contains(flag))
}

/// `territoires serve` running as a child process; killed when dropped, so that no server
/// outlives the benchmark, whatever happens to it.
pub struct ServerProcess {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Where its stderr goes.
    log: PathBuf,
    /// From spawning the process to the first `200` of `/health`.
    pub startup: Duration,
    /// Its resident memory right after that first answer, in MiB.
    pub idle_rss_mb: f64,
}

impl ServerProcess {
    /// Starts `serve` on `database_url` with the WebSocket caps and `extra` flags on a free
    /// loopback port, and waits for `/health` to answer 200. Its log goes to `log`.
    pub async fn start(database_url: &str, extra: &[&str], log: &Path) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        // A free port is found by binding and releasing it, so another process may take it
        // first: the server then exits, and another port is tried.
        for _ in 0..3 {
            let port = free_port()?;
            let spawned_at = Instant::now();
            let child = Command::new(binary())
                .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
                .args(["--database-url", database_url])
                .args(WEBSOCKET_CAPS)
                .args(extra)
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(File::create(log).context("cannot create the server log")?)
                .spawn()
                .with_context(|| format!("cannot start {}", binary().display()))?;
            let mut server = Self {
                child,
                base: format!("http://127.0.0.1:{port}"),
                log: log.to_owned(),
                startup: Duration::ZERO,
                idle_rss_mb: 0.0,
            };
            if server.wait_healthy(&client).await? {
                server.startup = spawned_at.elapsed();
                server.idle_rss_mb = server.rss_mb()?;
                return Ok(server);
            }
        }
        bail!("the server does not start: {}", read(log));
    }

    /// Polls `/health` until it answers 200 (true) or the process exits (false).
    async fn wait_healthy(&mut self, client: &reqwest::Client) -> anyhow::Result<bool> {
        let deadline = Instant::now() + START_PATIENCE;
        let url = self.url("/health");
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(false);
            }
            let health = client.get(&url).send().await;
            if health.is_ok_and(|response| response.status() == 200) {
                return Ok(true);
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        bail!(
            "/health does not answer 200 after {START_PATIENCE:?}: {}",
            read(&self.log)
        );
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The process id, for `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Its resident memory now (`VmRSS` of `/proc/PID/status`), in MiB.
    pub fn rss_mb(&self) -> anyhow::Result<f64> {
        rss_mb(self.pid())
    }

    /// Fails with the server's log if the process has exited.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("the server exited ({status}): {}", read(&self.log));
        }
        Ok(())
    }

    /// Asks the server to stop (SIGTERM, through `kill`, since the workspace forbids
    /// `unsafe`), waits for it, and kills it if it is still there after 20 s.
    pub async fn stop(mut self) {
        let asked = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if asked {
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if matches!(self.child.try_wait(), Ok(Some(_)) | Err(_)) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The resident memory of process `pid` (`VmRSS`), in MiB.
pub fn rss_mb(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("cannot read /proc/{pid}/status"))?;
    let kilobytes: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .context("no VmRSS in /proc/PID/status")?;
    Ok(kilobytes / 1024.0)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

fn read(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

//! `territoires serve` as a child process: the real binary, for what only a process shows
//! (signals, SIGKILL, its log).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The server as a child process; killed when dropped, so that a failed assertion leaves no
/// server behind.
pub struct ServerProcess {
    child: Child,
    pub base: String,
    /// Where its stderr (its log) goes.
    pub log: PathBuf,
    /// The directory of its database and log, when it has one of its own.
    directory: Option<tempfile::TempDir>,
}

impl ServerProcess {
    /// Starts the server on a SQLite file of its own, in a temporary directory that also
    /// holds its log, with `RUST_LOG=info` and the extra arguments `args`.
    pub async fn in_temporary_directory(args: &[&str]) -> Self {
        let directory = tempfile::tempdir().expect("temporary directory");
        let database_url = format!(
            "sqlite://{}?mode=rwc",
            directory.path().join("x.db").display()
        );
        let log = directory.path().join("stderr.log");
        let client = reqwest::Client::new();
        let mut server = Self::start(&database_url, &log, args, "info", &client).await;
        server.directory = Some(directory);
        server
    }

    /// Starts the server on `database_url` with the extra arguments `args` (global flags such
    /// as `--log-format json` included) and `RUST_LOG=rust_log`, its log going to `log`, and
    /// waits until `/health` answers 200.
    pub async fn start(
        database_url: &str,
        log: &Path,
        args: &[&str],
        rust_log: &str,
        client: &reqwest::Client,
    ) -> Self {
        // A free port is found by binding and releasing it, so another process may take it
        // before the server binds: the server then exits, and another port is tried.
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(env!("CARGO_BIN_EXE_territoires"))
                .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
                .args(["--database-url", database_url])
                .args(args)
                .env("RUST_LOG", rust_log)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(File::create(log).expect("log file"))
                .spawn()
                .expect("the server starts");
            let mut server = Self {
                child,
                base: format!("http://127.0.0.1:{port}"),
                log: log.to_owned(),
                directory: None,
            };
            if server.healthy(client).await {
                return server;
            }
        }
        panic!("the server does not start: {}", read(log));
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

    /// SIGKILL: the process stops at once, wherever it is, as in a power cut of the process.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

    /// The server's resident memory (`VmRSS`), in bytes.
    pub fn resident_bytes(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's /proc status");
        let kilobytes: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc status");
        kilobytes * 1024
    }

    /// What the server has written to stderr so far.
    pub fn log_text(&self) -> String {
        read(&self.log)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Before the directory goes, with the fields.
        self.kill();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn read(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

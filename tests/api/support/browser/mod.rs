//! A real headless Chromium for tests that look at pages as a person does, driven over the
//! Chrome DevTools Protocol: open a page, wait for what it shows, click and type, evaluate
//! JavaScript, take screenshots, and check what it did (requests, console errors, CSP
//! violations, WebSocket frames).
//!
//! Debian's `chromium` must be on the PATH. Without it a test fails when `CI` is set, and
//! otherwise says it skipped.

mod cdp;
mod page;
mod recording;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;
use tempfile::TempDir;
use tokio::process::{Child, Command};

use super::target_directory;
use cdp::Connection;
pub use page::{Page, Viewport};
pub use recording::Recording;

/// The browser, launched headless on a fresh profile; killed when dropped, so that a failed
/// assertion leaves no browser behind.
pub struct Browser {
    child: Child,
    connection: Connection,
    /// `127.0.0.1:PORT`, where DevTools listens.
    devtools: String,
    /// Holds the profile and the browser's log.
    directory: TempDir,
    /// `target/browser/TEST/`.
    screenshots: PathBuf,
}

impl Browser {
    /// Launches Chromium for the test `test`, whose screenshots go to
    /// `target/browser/TEST/`; `None` (after saying so) when Chromium is not installed and `CI`
    /// is not set.
    pub async fn launch(test: &str) -> Option<Self> {
        let directory = tempfile::tempdir().expect("temporary directory");
        let profile = directory.path().join("profile");
        let log = directory.path().join("chromium.log");
        let spawned = Command::new("chromium")
            // As root, Chromium runs only without its sandbox. The rest keep it from reaching
            // Google's hosts (which a closed network refuses, slowly) and from asking a person.
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).expect("browser log"))
            .kill_on_drop(true)
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "Chromium is required in CI for the browser tests: `apt-get install chromium`"
                );
                eprintln!("skipped {test} in a browser: Chromium (`chromium`) is not installed");
                return None;
            }
            Err(error) => panic!("chromium did not start: {error}"),
        };
        let (devtools, browser_path) = devtools_address(&mut child, &profile, &log).await;
        let connection =
            Connection::open(&format!("ws://{devtools}{browser_path}"), |_, _| {}).await;
        // Screenshots of an earlier run would pass for this one's.
        let screenshots = target_directory().join("browser").join(test);
        let _ = std::fs::remove_dir_all(&screenshots);
        Some(Self {
            child,
            connection,
            devtools,
            directory,
            screenshots,
        })
    }

    /// Opens a new tab on `url` at `viewport`, and waits until it has loaded.
    pub async fn open(&self, url: &str, viewport: Viewport) -> Page {
        let target = self
            .connection
            .call("Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let id = target["targetId"].as_str().expect("a target id");
        let debugger_url = format!("ws://{}/devtools/page/{id}", self.devtools);
        Page::open(&debugger_url, url, viewport, self.screenshots.clone()).await
    }

    /// Closes the browser and waits for it to exit.
    pub async fn close(mut self) {
        self.connection.call("Browser.close", json!({})).await;
        if tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .is_err()
        {
            let log = self.directory.path().join("chromium.log");
            panic!("Chromium did not exit; its log: {}", log_tail(&log));
        }
    }
}

const BROWSER_PATH: &str = "/devtools/browser/";
const UUID_LENGTH: usize = 36;

/// Where DevTools listens (`127.0.0.1:PORT`) and the browser's own path on it, read from
/// the file Chromium writes in its profile once it listens.
async fn devtools_address(child: &mut Child, profile: &Path, log: &Path) -> (String, String) {
    let started = Instant::now();
    let file = profile.join("DevToolsActivePort");
    loop {
        // Two lines: the port, and the browser's path, which ends with a UUID; a file read
        // while Chromium writes it is shorter.
        if let Ok(contents) = std::fs::read_to_string(&file)
            && let Some((port, path)) = contents.split_once('\n')
            && path.len() == BROWSER_PATH.len() + UUID_LENGTH
        {
            return (format!("127.0.0.1:{port}"), path.to_owned());
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("Chromium exited ({status}): {}", log_tail(log));
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "Chromium did not open DevTools within 30 s: {}",
            log_tail(log)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The last lines of the browser's log, to say why it failed.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

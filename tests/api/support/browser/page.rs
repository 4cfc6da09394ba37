//! One browser tab, driven as a person would: real mouse clicks and typed text, waits for
//! what the page shows, screenshots; and the record of what it did (`Recording`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::cdp::Connection;
use super::recording::{CSP_BINDING, CSP_LISTENER, Recording};

/// How often a wait checks its condition.
const POLL: Duration = Duration::from_millis(20);

/// A window size: screenshots have exactly its width.
#[derive(Clone, Copy, Debug)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    /// A phone: the page's `<meta name="viewport">` applies and touch is emulated.
    pub mobile: bool,
}

impl Viewport {
    pub const DESKTOP: Self = Self {
        width: 1280,
        height: 800,
        mobile: false,
    };
    pub const PHONE: Self = Self {
        width: 375,
        height: 812,
        mobile: true,
    };
}

/// A tab, opened by `Browser::open`.
pub struct Page {
    connection: Connection,
    recording: Arc<Mutex<Recording>>,
    /// Where its screenshots go.
    screenshots: PathBuf,
    viewport: Viewport,
}

impl Page {
    /// Connects to the tab at `debugger_url`, turns on what it records, and loads `url` at
    /// `viewport`.
    pub(super) async fn open(
        debugger_url: &str,
        url: &str,
        viewport: Viewport,
        screenshots: PathBuf,
    ) -> Self {
        let recording = Arc::new(Mutex::new(Recording::default()));
        let events = Arc::clone(&recording);
        let connection = Connection::open(debugger_url, move |method, params| {
            events.lock().unwrap().observe(method, params);
        })
        .await;
        for domain in ["Page", "Runtime", "Network", "Log"] {
            connection
                .call(&format!("{domain}.enable"), json!({}))
                .await;
        }
        connection
            .call("Runtime.addBinding", json!({ "name": CSP_BINDING }))
            .await;
        connection
            .call(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": CSP_LISTENER }),
            )
            .await;
        let mut page = Self {
            connection,
            recording,
            screenshots,
            viewport,
        };
        page.set_viewport(viewport).await;
        page.goto(url).await;
        page
    }

    /// Loads `url` (following redirects) and waits until the new document and its resources
    /// have loaded.
    pub async fn goto(&self, url: &str) {
        // The document being left is marked: the new one is the document without the mark.
        self.evaluate("window.territoiresLeft = true").await;
        let answer = self
            .connection
            .call("Page.navigate", json!({ "url": url }))
            .await;
        if let Some(error) = answer["errorText"].as_str() {
            panic!("loading {url}: {error}");
        }
        let loaded = "!window.territoiresLeft && document.readyState === 'complete'";
        self.wait_until(loaded, Duration::from_secs(30), &format!("{url} to load"))
            .await;
    }

    /// Resizes the window; later screenshots have this width.
    pub async fn set_viewport(&mut self, viewport: Viewport) {
        self.connection
            .call(
                "Emulation.setDeviceMetricsOverride",
                json!({
                    "width": viewport.width,
                    "height": viewport.height,
                    "deviceScaleFactor": 1,
                    "mobile": viewport.mobile,
                }),
            )
            .await;
        self.connection
            .call(
                "Emulation.setTouchEmulationEnabled",
                json!({ "enabled": viewport.mobile }),
            )
            .await;
        self.viewport = viewport;
    }

    /// The value of the JavaScript `expression` (awaited when it is a promise); panics when
    /// it throws.
    pub async fn evaluate(&self, expression: &str) -> Value {
        let answer = self
            .connection
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        if let Some(details) = answer.get("exceptionDetails") {
            let text = details["exception"]["description"]
                .as_str()
                .or(details["text"].as_str())
                .unwrap_or("an exception");
            panic!("evaluating {expression}: {text}");
        }
        answer["result"]["value"].clone()
    }

    /// Waits until the JavaScript `condition` is truthy and returns how long that took; after
    /// `timeout`, saves a screenshot and panics, saying that `what` never happened.
    pub async fn wait_until(&self, condition: &str, timeout: Duration, what: &str) -> Duration {
        let started = Instant::now();
        loop {
            let value = self.evaluate(&format!("!!({condition})")).await;
            if value == Value::Bool(true) {
                return started.elapsed();
            }
            if started.elapsed() > timeout {
                let screenshot = self.screenshot("timeout").await;
                panic!(
                    "waited {timeout:?} for {what} ({condition}); the page is in {}",
                    screenshot.display()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until an element matching the CSS `selector` is visible.
    pub async fn wait_for_selector(&self, selector: &str, timeout: Duration) -> Duration {
        let condition = format!("{FIND}({}, null)", json!(selector));
        self.wait_until(&condition, timeout, &format!("{selector:?} to show"))
            .await
    }

    /// The text of the first visible element matching `selector`; empty when there is none.
    pub async fn text(&self, selector: &str) -> String {
        let expression = format!("{FIND}({}, null)?.innerText ?? ''", json!(selector));
        self.evaluate(&expression)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Clicks, with the mouse, the middle of the first visible element matching `selector`,
    /// once it shows (within 10 s).
    pub async fn click(&self, selector: &str) {
        self.click_element(selector, None).await;
    }

    /// Clicks the first visible element matching `selector` whose text is `text`, once it
    /// shows (within 10 s): a link or button as a person picks it, by its words.
    pub async fn click_text(&self, selector: &str, text: &str) {
        self.click_element(selector, Some(text)).await;
    }

    async fn click_element(&self, selector: &str, text: Option<&str>) {
        let find = format!("{FIND}({}, {})", json!(selector), json!(text));
        let what = format!("{selector:?} with text {text:?} to click");
        self.wait_until(&find, Duration::from_secs(10), &what).await;
        let middle = self
            .evaluate(&format!(
                "(() => {{ const element = {find};
                    element.scrollIntoView({{ block: 'nearest', inline: 'nearest' }});
                    const box = element.getBoundingClientRect();
                    return {{ x: box.x + box.width / 2, y: box.y + box.height / 2 }}; }})()"
            ))
            .await;
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.connection
                .call(
                    "Input.dispatchMouseEvent",
                    json!({ "type": kind, "x": middle["x"], "y": middle["y"],
                            "button": "left", "buttons": 1, "clickCount": 1 }),
                )
                .await;
        }
    }

    /// Types `text` where the focus is, as a keyboard's input method would enter it.
    pub async fn type_text(&self, text: &str) {
        self.connection
            .call("Input.insertText", json!({ "text": text }))
            .await;
    }

    /// Presses and releases `key` ("Tab", "Enter"), as a keyboard does, where the focus is.
    pub async fn press(&self, key: &str) {
        let (code, text) = match key {
            "Tab" => (9, ""),
            "Enter" => (13, "\r"),
            other => panic!("no key code for {other:?}"),
        };
        for kind in ["keyDown", "keyUp"] {
            self.connection
                .call(
                    "Input.dispatchKeyEvent",
                    json!({ "type": kind, "key": key, "code": key,
                            "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code,
                            "text": if kind == "keyDown" { text } else { "" } }),
                )
                .await;
        }
    }

    /// Saves what the window shows as `NAME-WIDTH.png` in this test's screenshot directory
    /// and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let answer = self
            .connection
            .call("Page.captureScreenshot", json!({ "format": "png" }))
            .await;
        let png = STANDARD
            .decode(answer["data"].as_str().expect("screenshot data"))
            .expect("base64 PNG");
        std::fs::create_dir_all(&self.screenshots).expect("screenshot directory");
        let path = self
            .screenshots
            .join(format!("{name}-{}.png", self.viewport.width));
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// What the page did so far.
    pub fn recording(&self) -> Recording {
        self.recording.lock().unwrap().clone()
    }

    /// Closes the tab.
    pub async fn close(self) {
        self.connection.call("Page.close", json!({})).await;
    }
}

/// `find(selector, text)`: the first element matching `selector` (with exactly `text` as its
/// trimmed text, unless `text` is null) that takes room on the screen, or null.
const FIND: &str = "((selector, text) => [...document.querySelectorAll(selector)].find((element) =>
    (text === null || element.textContent.trim() === text)
    && element.getClientRects().length > 0
    && getComputedStyle(element).visibility !== 'hidden') ?? null)";

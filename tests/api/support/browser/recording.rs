//! What a page did, as DevTools reported it: every request it made, the errors its console
//! showed, the Content-Security-Policy violations it met and the WebSocket frames it sent.

use serde_json::Value;

/// The name of the function through which the page reports CSP violations to the harness.
pub const CSP_BINDING: &str = "territoiresReportCspViolation";

/// Installed in every document before its own scripts: reports each `securitypolicyviolation`
/// event through the binding. DevTools runs it outside the page's policy, so a strict CSP
/// cannot silence it.
pub const CSP_LISTENER: &str = r#"document.addEventListener("securitypolicyviolation", (event) => {
  territoiresReportCspViolation(JSON.stringify({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
  }));
});"#;

/// How much of a `data:` URL is recorded.
const DATA_URL_SHOWN: usize = 40;

/// The page's record so far.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// The URL of every request, WebSocket handshakes included, in the order made.
    pub requests: Vec<String>,
    /// Console errors, uncaught exceptions and the browser's own error entries (a failed load…).
    pub console_errors: Vec<String>,
    /// Each violation as JSON: `directive`, `blocked`, `source`, `line`.
    pub csp_violations: Vec<String>,
    /// The payload of each WebSocket frame the page sent, in order.
    pub websocket_frames_sent: Vec<String>,
}

impl Recording {
    /// Notes what the event `method` with `params` tells; ignores the others.
    pub fn observe(&mut self, method: &str, params: &Value) {
        match method {
            "Network.requestWillBeSent" => self.note_request(&params["request"]["url"]),
            "Network.webSocketCreated" => self.note_request(&params["url"]),
            "Network.webSocketFrameSent" => {
                if let Some(payload) = params["response"]["payloadData"].as_str() {
                    self.websocket_frames_sent.push(payload.to_owned());
                }
            }
            "Runtime.consoleAPICalled"
                if matches!(params["type"].as_str(), Some("error" | "assert")) =>
            {
                let words: Vec<String> = params["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(remote_object_text)
                    .collect();
                self.console_errors
                    .push(format!("console: {}", words.join(" ")));
            }
            "Runtime.exceptionThrown" => {
                let details = &params["exceptionDetails"];
                let text = details["exception"]["description"]
                    .as_str()
                    .or(details["text"].as_str())
                    .unwrap_or("an exception");
                self.console_errors.push(format!("uncaught: {text}"));
            }
            "Log.entryAdded" if params["entry"]["level"] == "error" => {
                let entry = &params["entry"];
                self.console_errors.push(format!(
                    "{}: {} {}",
                    entry["source"].as_str().unwrap_or("browser"),
                    entry["text"].as_str().unwrap_or_default(),
                    entry["url"].as_str().unwrap_or_default(),
                ));
            }
            "Runtime.bindingCalled" if params["name"] == CSP_BINDING => {
                if let Some(payload) = params["payload"].as_str() {
                    self.csp_violations.push(payload.to_owned());
                }
            }
            _ => {}
        }
    }

    fn note_request(&mut self, url: &Value) {
        let Some(url) = url.as_str() else { return };
        // A `data:` URL (an inlined font…) holds its whole content: its start says enough.
        let url = match url.char_indices().nth(DATA_URL_SHOWN) {
            Some((end, _)) if url.starts_with("data:") => format!("{}…", &url[..end]),
            _ => url.to_owned(),
        };
        self.requests.push(url);
    }

    /// The requests that went to a host other than `origin`'s (`http://host:port`); the
    /// page's own WebSockets (`ws:`/`wss:` to the same host and port) and `data:` URLs are
    /// not other hosts.
    pub fn requests_to_other_hosts(&self, origin: &str) -> Vec<String> {
        let authority = origin
            .split_once("://")
            .map_or(origin, |(_, authority)| authority);
        self.requests
            .iter()
            .filter(|url| {
                let same_host = ["http", "https", "ws", "wss"].iter().any(|scheme| {
                    let start = format!("{scheme}://{authority}");
                    url.strip_prefix(&start)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
                });
                !same_host && !url.starts_with("data:")
            })
            .cloned()
            .collect()
    }
}

/// A console argument as the console shows it: the value of a primitive, the description of
/// an object (an `Error`'s message and stack).
fn remote_object_text(argument: &Value) -> String {
    match &argument["value"] {
        Value::String(text) => text.clone(),
        Value::Null => argument["description"]
            .as_str()
            .unwrap_or("undefined")
            .to_owned(),
        other => other.to_string(),
    }
}

//! One Chrome DevTools Protocol connection: JSON commands over a WebSocket, each answered by
//! the message with its id; every other message is an event, handed to a callback as plain
//! JSON, so that an event of a newer Chromium is never dropped for not fitting a type.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Answers = Arc<Mutex<HashMap<u64, oneshot::Sender<Value>>>>;

/// How long a command may take: a screenshot of a busy page on a loaded machine included.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// A connection to the browser or to one page (`ws://…/devtools/browser/…` or `…/page/…`).
pub struct Connection {
    sink: tokio::sync::Mutex<SplitSink<Socket, Message>>,
    answers: Answers,
    next_id: AtomicU64,
    reader: JoinHandle<()>,
}

impl Connection {
    /// Connects to `url`; `on_event(method, params)` sees every event, in order.
    pub async fn open(url: &str, on_event: impl FnMut(&str, &Value) + Send + 'static) -> Self {
        let (socket, _) = connect_async(url)
            .await
            .unwrap_or_else(|error| panic!("DevTools WebSocket {url}: {error}"));
        let (sink, stream) = socket.split();
        let answers = Answers::default();
        let reader = tokio::spawn(read(stream, Arc::clone(&answers), on_event));
        Self {
            sink: tokio::sync::Mutex::new(sink),
            answers,
            next_id: AtomicU64::new(1),
            reader,
        }
    }

    /// Sends the command `method` with `params` and returns its `result`; panics with
    /// DevTools' own message when it answers an error.
    pub async fn call(&self, method: &str, params: Value) -> Value {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (answer, answered) = oneshot::channel();
        self.answers.lock().unwrap().insert(id, answer);
        let command = json!({ "id": id, "method": method, "params": params });
        self.sink
            .lock()
            .await
            .send(Message::text(command.to_string()))
            .await
            .unwrap_or_else(|error| panic!("{method}: the browser is gone ({error})"));
        let message = tokio::time::timeout(COMMAND_TIMEOUT, answered)
            .await
            .unwrap_or_else(|_| panic!("{method}: no answer within {COMMAND_TIMEOUT:?}"))
            .unwrap_or_else(|_| panic!("{method}: the browser closed the connection"));
        if let Some(error) = message.get("error") {
            panic!("{method} failed: {error}");
        }
        message["result"].clone()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// Reads every message: answers go to their command, events to `on_event`.
async fn read(
    mut stream: futures_util::stream::SplitStream<Socket>,
    answers: Answers,
    mut on_event: impl FnMut(&str, &Value),
) {
    while let Some(Ok(frame)) = stream.next().await {
        let Message::Text(text) = frame else { continue };
        let Ok(message) = serde_json::from_str::<Value>(text.as_str()) else {
            continue;
        };
        if let Some(id) = message["id"].as_u64() {
            if let Some(answer) = answers.lock().unwrap().remove(&id) {
                let _ = answer.send(message);
            }
        } else if let Some(method) = message["method"].as_str() {
            on_event(method, &message["params"]);
        }
    }
    // The browser went away: commands still waiting fail at once instead of timing out.
    answers.lock().unwrap().clear();
}

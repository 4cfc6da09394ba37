//! Calling the API as an integrator does: tokens made with the CLI, authenticated POSTs, and a
//! small GraphQL-over-WebSocket client for subscriptions.

use std::collections::VecDeque;
use std::process::Command;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use super::TestServer;

/// The modern protocol, from the `graphql-ws` library: `subscribe` / `next` / `complete`.
pub const TRANSPORT_WS: &str = "graphql-transport-ws";
/// The legacy protocol, from Apollo's `subscriptions-transport-ws`: `start` / `data` / `stop`.
pub const LEGACY_WS: &str = "graphql-ws";
/// How long a test waits for a message the server owes it.
pub const PATIENCE: Duration = Duration::from_secs(10);

impl TestServer {
    /// Creates a token of `role` named `name` with the CLI, and returns its secret.
    pub async fn token(&self, role: &str, name: &str) -> String {
        let secret = self
            .cli(&["token", "create", "--role", role, "--name", name])
            .await;
        let secret = secret.trim().to_owned();
        assert!(secret.starts_with("terr_"), "not a secret: {secret:?}");
        secret
    }

    /// Revokes the token named `name` with the CLI.
    pub async fn revoke(&self, name: &str) {
        self.cli(&["token", "revoke", name]).await;
    }

    /// Runs the CLI on this server's database and returns what it printed on stdout.
    async fn cli(&self, args: &[&str]) -> String {
        let mut command = Command::new(env!("CARGO_BIN_EXE_territoires"));
        command
            .args(args)
            .args(["--database-url", self.database.url()])
            .env("RUST_LOG", "warn");
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .unwrap()
            .expect("the CLI runs");
        assert!(
            output.status.success(),
            "territoires {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// POSTs a GraphQL request with `Authorization: Bearer <token>`; returns the whole body.
    pub async fn post_as(&self, token: &str, query: &str, variables: Value) -> Value {
        self.post_with_authorization(&format!("Bearer {token}"), query, variables)
            .await
    }

    /// POSTs a GraphQL request with this `Authorization` header; returns the whole body.
    pub async fn post_with_authorization(
        &self,
        authorization: &str,
        query: &str,
        variables: Value,
    ) -> Value {
        self.client
            .post(self.url("/graphql"))
            .header("Authorization", authorization)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent")
            .json()
            .await
            .expect("JSON response")
    }

    /// The global id of the indicator of action `action_number`.
    pub async fn indicator_id(&self, action_number: i32) -> String {
        let data = self
            .data(
                "query($n: Int!) { action(number: $n) { indicator { id } } }",
                json!({ "n": action_number }),
            )
            .await;
        data["action"]["indicator"]["id"]
            .as_str()
            .expect("an indicator id")
            .to_owned()
    }

    /// Opens a `graphql-transport-ws` connection to `/graphql`, sending `payload` (if any) in
    /// `connection_init`, and waits for `connection_ack`.
    pub async fn websocket(&self, payload: Option<Value>) -> GraphqlSocket {
        GraphqlSocket::connect(&self.base, TRANSPORT_WS, payload).await
    }
}

/// One GraphQL WebSocket connection, speaking `graphql-transport-ws` or the legacy `graphql-ws`.
pub struct GraphqlSocket {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    protocol: &'static str,
    /// Messages read while waiting for another one, handed out first.
    pending: VecDeque<Value>,
}

impl GraphqlSocket {
    /// Connects to `/graphql` of the server at `base` with `protocol`, sends `connection_init`
    /// with `payload` (if any) and waits for `connection_ack`.
    pub async fn connect(base: &str, protocol: &'static str, payload: Option<Value>) -> Self {
        let url = format!("{}/graphql", base.replacen("http://", "ws://", 1));
        let mut request = url.into_client_request().expect("a WebSocket URL");
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(protocol));
        let (socket, response) = connect_async(request).await.expect("WebSocket handshake");
        assert_eq!(
            response.headers()["sec-websocket-protocol"],
            protocol,
            "the server chose another protocol"
        );
        let mut this = Self {
            socket,
            protocol,
            pending: VecDeque::new(),
        };
        let init = match payload {
            Some(payload) => json!({ "type": "connection_init", "payload": payload }),
            None => json!({ "type": "connection_init" }),
        };
        this.send(&init).await;
        let ack = this.receive(PATIENCE).await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        this
    }

    /// Sends one protocol message.
    pub async fn send(&mut self, message: &Value) {
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("message sent");
    }

    /// Starts operation `id` (`subscribe`, or `start` in the legacy protocol). With
    /// `graphql-transport-ws` it returns once the server has answered a ping sent after it:
    /// the server reads messages in order, so the subscription is taken before any write that
    /// follows.
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let kind = if self.protocol == TRANSPORT_WS {
            "subscribe"
        } else {
            "start"
        };
        let payload = json!({ "query": query, "variables": variables });
        self.send(&json!({ "type": kind, "id": id, "payload": payload }))
            .await;
        if self.protocol == TRANSPORT_WS {
            self.send(&json!({ "type": "ping" })).await;
            let mut others = VecDeque::new();
            loop {
                let message = self.receive(PATIENCE).await;
                if message["type"] == "pong" {
                    break;
                }
                others.push_back(message);
            }
            others.extend(self.pending.drain(..));
            self.pending = others;
        }
    }

    /// The next protocol message, answering the server's pings on the way; fails after
    /// `timeout`.
    pub async fn receive(&mut self, timeout: Duration) -> Value {
        match self.try_receive(timeout).await {
            Some(message) => message,
            None => panic!("no message from the server within {timeout:?}"),
        }
    }

    /// The next protocol message, or `None` when none arrives within `timeout`.
    async fn try_receive(&mut self, timeout: Duration) -> Option<Value> {
        if let Some(message) = self.pending.pop_front() {
            return Some(message);
        }
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .ok()?;
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(frame))) => panic!("the server closed: {frame:?}"),
                Some(Ok(_)) => continue,
                Some(Err(error)) => panic!("WebSocket error: {error}"),
                None => panic!("the server closed the WebSocket"),
            };
            let message: Value = serde_json::from_str(text.as_str()).expect("JSON message");
            match message["type"].as_str() {
                Some("ping") => self.send(&json!({ "type": "pong" })).await,
                Some("ka") => {}
                _ => return Some(message),
            }
        }
    }

    /// The payload (`data` and/or `errors`) of the next `next` (or legacy `data`) message;
    /// fails on `error`, `complete` or after `timeout`.
    pub async fn next_payload(&mut self, timeout: Duration) -> Value {
        let message = self.receive(timeout).await;
        match message["type"].as_str() {
            Some("next" | "data") => message["payload"].clone(),
            _ => panic!("expected a result, got {message}"),
        }
    }

    /// The `data` of the next result, which must carry no error.
    pub async fn next_event(&mut self, timeout: Duration) -> Value {
        let payload = self.next_payload(timeout).await;
        assert!(
            payload.get("errors").is_none(),
            "unexpected errors: {payload:#}"
        );
        payload["data"].clone()
    }

    /// Fails if any message arrives within `quiet`.
    pub async fn expect_silence(&mut self, quiet: Duration) {
        if let Some(message) = self.try_receive(quiet).await {
            panic!("expected nothing more, got {message}");
        }
    }

    /// Closes the connection.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

//! Calling the API as an integrator does: tokens made with the CLI, authenticated POSTs, and a
//! small GraphQL-over-WebSocket client for subscriptions.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::process::Command;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::{Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, client_async, connect_async};

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

/// What a server sent on a WebSocket, or what became of it.
#[derive(Debug)]
pub enum Reply {
    /// A text message: the protocols' messages are JSON text.
    Text(String),
    Binary(Vec<u8>),
    /// A close frame, with its code and reason when it has them.
    Close(Option<(u16, String)>),
    /// The connection ended without a close frame.
    Ended,
    /// The WebSocket failed: a violation of RFC 6455, a reset…
    Failed(String),
    /// Nothing came within the time allowed.
    Silent,
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
        Self::open(base, protocol).await.initialise(payload).await
    }

    /// Like [`GraphqlSocket::connect`] with no payload, from the local address `from`: on Linux
    /// every address of 127.0.0.0/8 reaches a server on 127.0.0.1, so that a test can be clients
    /// of several addresses.
    pub async fn connect_from(base: &str, protocol: &'static str, from: IpAddr) -> Self {
        let server: SocketAddr = base
            .trim_start_matches("http://")
            .parse()
            .expect("a base of the form http://IP:PORT");
        let socket = TcpSocket::new_v4().expect("a TCP socket");
        socket
            .bind(SocketAddr::new(from, 0))
            .expect("the local address bound");
        let stream = socket.connect(server).await.expect("a TCP connection");
        let (socket, response) =
            client_async(handshake(base, protocol), MaybeTlsStream::Plain(stream))
                .await
                .expect("WebSocket handshake");
        Self::opened(socket, &response, protocol)
            .initialise(None)
            .await
    }

    /// Connects to `/graphql` of the server at `base` with `protocol`, and sends nothing: the
    /// WebSocket handshake only.
    pub async fn open(base: &str, protocol: &'static str) -> Self {
        let (socket, response) = connect_async(handshake(base, protocol))
            .await
            .expect("WebSocket handshake");
        Self::opened(socket, &response, protocol)
    }

    fn opened(
        socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
        response: &Response,
        protocol: &'static str,
    ) -> Self {
        assert_eq!(
            response.headers()["sec-websocket-protocol"],
            protocol,
            "the server chose another protocol"
        );
        Self {
            socket,
            protocol,
            pending: VecDeque::new(),
        }
    }

    /// Sends `connection_init` with `payload` (if any) and waits for `connection_ack`.
    async fn initialise(mut self, payload: Option<Value>) -> Self {
        let init = match payload {
            Some(payload) => json!({ "type": "connection_init", "payload": payload }),
            None => json!({ "type": "connection_init" }),
        };
        self.send(&init).await;
        let ack = self.receive(PATIENCE).await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        self
    }

    /// Sends one protocol message.
    pub async fn send(&mut self, message: &Value) {
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("message sent");
    }

    /// Sends `messages` in one write, so that the server reads them together.
    pub async fn send_together(&mut self, messages: &[Value]) {
        for message in messages {
            self.socket
                .feed(Message::text(message.to_string()))
                .await
                .expect("message queued");
        }
        self.socket.flush().await.expect("messages sent");
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

    /// Sends one WebSocket frame as it is: text that need not be JSON, binary…
    pub async fn send_frame(&mut self, frame: Message) {
        self.try_send_frame(frame).await.expect("frame sent");
    }

    /// Sends one WebSocket frame as it is; fails when the connection is closed or broken.
    pub async fn try_send_frame(&mut self, frame: Message) -> Result<(), String> {
        self.socket
            .send(frame)
            .await
            .map_err(|error| error.to_string())
    }

    /// What the server sends next, as it comes: no protocol ping is answered, nothing is
    /// skipped but the WebSocket's own pings and pongs.
    pub async fn next_reply(&mut self, timeout: Duration) -> Reply {
        if let Some(message) = self.pending.pop_front() {
            return Reply::Text(message.to_string());
        }
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let Ok(frame) = tokio::time::timeout_at(deadline, self.socket.next()).await else {
                return Reply::Silent;
            };
            return match frame {
                Some(Ok(Message::Text(text))) => Reply::Text(text.as_str().to_owned()),
                Some(Ok(Message::Binary(bytes))) => Reply::Binary(bytes.to_vec()),
                Some(Ok(Message::Close(frame))) => Reply::Close(
                    frame.map(|frame| (u16::from(frame.code), frame.reason.as_str().to_owned())),
                ),
                Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => continue,
                Some(Err(error)) => Reply::Failed(error.to_string()),
                None => Reply::Ended,
            };
        }
    }

    /// Waits up to `timeout` for the server's close frame, which must be the next thing it
    /// sends, and returns its code and reason.
    pub async fn close_frame(&mut self, timeout: Duration) -> (u16, String) {
        assert!(
            self.pending.is_empty(),
            "unread messages before the close frame: {:?}",
            self.pending
        );
        match self.next_reply(timeout).await {
            Reply::Close(Some(frame)) => frame,
            other => panic!("expected a close frame with a code, got {other:?}"),
        }
    }

    /// Waits up to `timeout` for the server's close frame, which must be the next thing it
    /// sends, and returns its code.
    pub async fn close_code(&mut self, timeout: Duration) -> u16 {
        self.close_frame(timeout).await.0
    }

    /// Closes the connection.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

/// The WebSocket handshake for `/graphql` of the server at `base`, asking for `protocol`.
fn handshake(base: &str, protocol: &'static str) -> Request {
    let url = format!("{}/graphql", base.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().expect("a WebSocket URL");
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(protocol));
    request
}

//! How many WebSocket connections may be open: at most `--max-ws-connections` in all and
//! `--max-ws-connections-per-address` from one client address. Beyond, the handshake is refused
//! before the upgrade (503 when the server is full, 429 when the address is), with
//! `Retry-After` and a RATE_LIMITED error saying what is allowed, and counted in `/metrics`;
//! a closed connection frees its slot.
//!
//! Tests connect from 127.0.0.1 and 127.0.0.2, two clients on Linux's loopback.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use serde_json::{Value, json};
use territoires::config::{HttpOptions, Limits, WebSocketLimits};

use super::{eventually, metrics_text, series};
use crate::support::{GraphqlSocket, PATIENCE, TRANSPORT_WS, TestServer};

const ONE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
const TWO: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// Three connections in all, two per address.
fn small_caps() -> (Limits, HttpOptions) {
    let limits = Limits {
        websocket: WebSocketLimits {
            max_ws_connections: 3,
            max_ws_connections_per_address: 2,
            ..WebSocketLimits::default()
        },
        ..Limits::default()
    };
    (limits, HttpOptions::default())
}

/// An initialised `graphql-transport-ws` connection from `from`.
async fn connect_from(server: &TestServer, from: IpAddr) -> GraphqlSocket {
    GraphqlSocket::connect_from(&server.base, TRANSPORT_WS, from).await
}

/// What the server answers a WebSocket handshake from `from` that it refuses: the status,
/// `Retry-After` and the JSON body. The handshake is the one a browser sends, through an
/// HTTP client that reads the whole answer.
async fn refused_from(server: &TestServer, from: IpAddr) -> (u16, String, Value) {
    let client = reqwest::Client::builder()
        .local_address(from)
        .build()
        .expect("an HTTP client");
    let response = client
        .get(server.url("/graphql"))
        .header("connection", "Upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("sec-websocket-protocol", TRANSPORT_WS)
        .send()
        .await
        .expect("an answer");
    let status = response.status().as_u16();
    assert_ne!(status, 101, "the server upgraded the connection");
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let retry_after = response
        .headers()
        .get("retry-after")
        .expect("a Retry-After")
        .to_str()
        .unwrap()
        .to_owned();
    (
        status,
        retry_after,
        response.json().await.expect("a JSON body"),
    )
}

/// The RATE_LIMITED error of a refusal, with `message`.
fn refusal(message: &str) -> Value {
    json!({ "errors": [{ "message": message, "extensions": { "code": "RATE_LIMITED" } }] })
}

/// Refusals by reason, from `/metrics`: (server full, address full).
async fn refusals(server: &TestServer) -> (Option<f64>, Option<f64>) {
    let metrics = metrics_text(server).await;
    let refused = |reason: &str| {
        series(
            &metrics,
            &format!("territoires_websocket_refused_total{{reason=\"{reason}\"}}"),
        )
    };
    (refused("server_full"), refused("address_full"))
}

/// Waits until `/metrics` counts `open` WebSocket connections: a connection's slot is freed
/// before the gauge goes down.
async fn wait_for_open_connections(server: &TestServer, open: f64) {
    let counted = eventually(Duration::from_secs(10), async || {
        let metrics = metrics_text(server).await;
        series(&metrics, "territoires_websocket_connections") == Some(open)
    })
    .await;
    assert!(counted, "{open} WebSocket connections never counted");
}

/// With three connections open, a fourth is refused with 503 whatever its address; once one
/// closes, it may open.
async fn refuses_a_socket_beyond_the_cap_in_all_until_one_closes(server: TestServer) {
    assert_eq!(refusals(&server).await, (Some(0.0), Some(0.0)));
    let _first = connect_from(&server, ONE).await;
    let _second = connect_from(&server, ONE).await;
    let third = connect_from(&server, TWO).await;
    wait_for_open_connections(&server, 3.0).await;

    // 127.0.0.2 has one connection of the two it may have: the server is what is full.
    let (status, retry_after, body) = refused_from(&server, TWO).await;
    assert_eq!(status, 503);
    assert_eq!(retry_after, "10");
    assert_eq!(
        body,
        refusal(
            "too many WebSocket connections: the server holds at most 3 at once; retry in 10 s"
        )
    );
    assert_eq!(refusals(&server).await, (Some(1.0), Some(0.0)));

    third.close().await;
    wait_for_open_connections(&server, 2.0).await;
    let mut fourth = connect_from(&server, TWO).await;
    fourth.send(&json!({ "type": "ping" })).await;
    assert_eq!(fourth.receive(PATIENCE).await, json!({ "type": "pong" }));
    wait_for_open_connections(&server, 3.0).await;
    assert_eq!(refusals(&server).await, (Some(1.0), Some(0.0)));
}

/// A third connection from one address is refused with 429 while the server has room, which
/// another address may take; once one of the address's own closes, it may open.
async fn refuses_a_socket_beyond_the_cap_per_address(server: TestServer) {
    let first = connect_from(&server, ONE).await;
    let _second = connect_from(&server, ONE).await;

    let (status, retry_after, body) = refused_from(&server, ONE).await;
    assert_eq!(status, 429);
    assert_eq!(retry_after, "10");
    assert_eq!(
        body,
        refusal(
            "too many WebSocket connections from one address: at most 2 are allowed at once; \
             close one, or retry in 10 s"
        )
    );
    assert_eq!(refusals(&server).await, (Some(0.0), Some(1.0)));

    let _other = connect_from(&server, TWO).await;
    first.close().await;
    wait_for_open_connections(&server, 2.0).await;
    let _again = connect_from(&server, ONE).await;
    wait_for_open_connections(&server, 3.0).await;
    assert_eq!(refusals(&server).await, (Some(0.0), Some(1.0)));
}

on_both_backends!(
    with small_caps:
    refuses_a_socket_beyond_the_cap_in_all_until_one_closes,
    refuses_a_socket_beyond_the_cap_per_address,
);

//! What one `graphql-transport-ws` connection may do: initialise in time (else 4408), use each
//! id once at a time (else 4409), send messages under the size limit (else 1009), and run a
//! bounded number of operations (beyond: an `error` for the extra one, the others go on).

use std::time::Duration;

use serde_json::{Value, json};
use territoires::config::{HttpOptions, Limits, WebSocketLimits};
use tokio_tungstenite::tungstenite::Message;

use super::EVERY_VALUE;
use crate::support::{GraphqlSocket, PATIENCE, TRANSPORT_WS, TestServer};
use crate::values::{input, record};

/// Largest message a client may send in these tests.
const MAX_MESSAGE: usize = 4096;

/// Small limits, so that each is quick to reach: 1 s to initialise, 4 KiB messages, two
/// operations at once.
fn small_limits() -> (Limits, HttpOptions) {
    let limits = Limits {
        websocket: WebSocketLimits {
            max_ws_message_bytes: MAX_MESSAGE,
            max_ws_operations: 2,
            ws_init_timeout: 1,
            ..WebSocketLimits::default()
        },
        ..Limits::default()
    };
    (limits, HttpOptions::default())
}

/// A `subscribe` message for `EVERY_VALUE` with id `id`.
fn subscribe(id: &str) -> Value {
    json!({ "type": "subscribe", "id": id, "payload": { "query": EVERY_VALUE } })
}

/// The figures of the next `count` events `socket` receives, by operation id, sorted.
async fn figures_by_id(socket: &mut GraphqlSocket, count: usize) -> Vec<(String, String)> {
    let mut figures = Vec::with_capacity(count);
    for _ in 0..count {
        let message = socket.receive(PATIENCE).await;
        assert_eq!(message["type"], "next", "{message}");
        let figure = &message["payload"]["data"]["indicatorValueRecorded"]["value"]["value"];
        figures.push((
            message["id"].as_str().expect("an id").to_owned(),
            figure.as_str().expect("a figure").to_owned(),
        ));
    }
    figures.sort();
    figures
}

/// Pairs of (id, figure), for comparisons.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(id, figure)| ((*id).to_owned(), (*figure).to_owned()))
        .collect()
}

/// Without `connection_init` within the initialisation timeout, the server closes with 4408.
async fn closes_a_connection_that_does_not_initialise_in_time(server: TestServer) {
    let mut socket = GraphqlSocket::open(&server.base, TRANSPORT_WS).await;
    let (code, reason) = socket.close_frame(PATIENCE).await;
    assert_eq!(code, 4408, "{reason}");
    assert_eq!(reason, "Connection initialisation timeout");

    // A connection initialised in time stays open past the timeout.
    let mut socket = server.websocket(None).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    socket.send(&json!({ "type": "ping" })).await;
    assert_eq!(socket.receive(PATIENCE).await, json!({ "type": "pong" }));
}

/// A second `subscribe` with the id of a running operation closes the connection with 4409.
async fn closes_on_a_second_operation_with_an_active_id(server: TestServer) {
    let mut socket = server.websocket(None).await;
    socket.subscribe("same", EVERY_VALUE, json!({})).await;
    socket.send(&subscribe("same")).await;
    let (code, reason) = socket.close_frame(PATIENCE).await;
    assert_eq!(code, 4409, "{reason}");
    assert_eq!(reason, "Subscriber for same already exists");

    // However long the id, the close frame stays within what RFC 6455 allows a control frame
    // (125 bytes, 123 of them for the reason), or the client could not read it.
    let long_id = "x".repeat(200);
    let mut socket = server.websocket(None).await;
    socket.subscribe(&long_id, EVERY_VALUE, json!({})).await;
    socket.send(&subscribe(&long_id)).await;
    let (code, reason) = socket.close_frame(PATIENCE).await;
    assert_eq!(code, 4409);
    assert!(reason.len() <= 123, "{} bytes", reason.len());
    assert!(reason.starts_with("Subscriber for xxx"), "{reason}");
}

/// A message over the size limit closes the connection with 1009; one just under it is served.
async fn closes_on_a_message_over_the_size_limit(server: TestServer) {
    let mut socket = server.websocket(None).await;
    let fits = json!({ "type": "ping", "payload": { "pad": "" } }).to_string();
    let pad = "p".repeat(MAX_MESSAGE - fits.len());
    let ping = json!({ "type": "ping", "payload": { "pad": pad } });
    assert_eq!(ping.to_string().len(), MAX_MESSAGE);
    socket.send(&ping).await;
    assert_eq!(socket.receive(PATIENCE).await["type"], "pong");

    let too_big = json!({ "type": "ping", "payload": { "pad": format!("{pad}p") } });
    assert_eq!(too_big.to_string().len(), MAX_MESSAGE + 1);
    socket.send(&too_big).await;
    let (code, reason) = socket.close_frame(PATIENCE).await;
    assert_eq!(code, 1009, "{reason}");
    assert_eq!(
        reason,
        format!("Messages are limited to {MAX_MESSAGE} bytes")
    );

    // Binary messages are held to the same limit.
    let mut socket = server.websocket(None).await;
    socket
        .send_frame(Message::binary(vec![b' '; MAX_MESSAGE + 1]))
        .await;
    assert_eq!(socket.close_code(PATIENCE).await, 1009);
}

/// An empty message is malformed, not too big: it is closed like any other malformed
/// message, and not with 1009.
async fn closes_on_an_empty_message_as_malformed(server: TestServer) {
    let mut malformed = server.websocket(None).await;
    malformed.send_frame(Message::text("{")).await;
    let malformed_code = malformed.close_code(PATIENCE).await;

    let mut empty = server.websocket(None).await;
    empty.send_frame(Message::text("")).await;
    let (code, reason) = empty.close_frame(PATIENCE).await;
    assert_eq!(code, malformed_code, "{reason}");
    assert_ne!(code, 1009, "{reason}");
}

/// Beyond the most operations a connection may run, the extra one gets an `error` with code
/// QUERY_TOO_COMPLEX, and the running ones go on receiving events; once one completes, another
/// may start.
async fn refuses_operations_beyond_the_limit_and_keeps_the_others(server: TestServer) {
    let editor = server.token("editor", "operations").await;
    let indicator = server.indicator_id(3).await;
    let mut socket = server.websocket(None).await;
    socket.subscribe("a", EVERY_VALUE, json!({})).await;
    socket.subscribe("b", EVERY_VALUE, json!({})).await;
    socket.subscribe("c", EVERY_VALUE, json!({})).await;
    let refused = socket.receive(PATIENCE).await;
    assert_eq!(
        refused,
        json!({
            "id": "c",
            "type": "error",
            "payload": [{
                "message": "at most 2 operations may run at once on one connection",
                "extensions": { "code": "QUERY_TOO_COMPLEX" },
            }],
        })
    );

    record(&server, &editor, input(&indicator, "1", "2019-01-01")).await;
    assert_eq!(
        figures_by_id(&mut socket, 2).await,
        pairs(&[("a", "1"), ("b", "1")])
    );

    // Completing one makes room for another.
    socket.send(&json!({ "type": "complete", "id": "a" })).await;
    socket.subscribe("c", EVERY_VALUE, json!({})).await;
    assert_eq!(
        socket.receive(PATIENCE).await,
        json!({ "type": "complete", "id": "a" })
    );
    record(&server, &editor, input(&indicator, "2", "2019-01-02")).await;
    assert_eq!(
        figures_by_id(&mut socket, 2).await,
        pairs(&[("b", "2"), ("c", "2")])
    );
    socket.expect_silence(Duration::from_millis(300)).await;
}

/// Binary messages, which the server reads like text, are held to the same limits: the
/// operation limit and the duplicate id.
async fn holds_binary_messages_to_the_same_limits(server: TestServer) {
    let binary = |message: Value| Message::binary(message.to_string().into_bytes());
    let mut socket = server.websocket(None).await;
    for id in ["a", "b", "c"] {
        socket.send_frame(binary(subscribe(id))).await;
    }
    socket.send_frame(binary(json!({ "type": "ping" }))).await;
    let refused = socket.receive(PATIENCE).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["id"], "c", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX",
        "{refused}"
    );
    assert_eq!(socket.receive(PATIENCE).await, json!({ "type": "pong" }));

    socket.send_frame(binary(subscribe("a"))).await;
    assert_eq!(socket.close_code(PATIENCE).await, 4409);
}

/// After the client completes an operation, its id may be used again, and is then active
/// again: a third `subscribe` with it, while the second runs, closes with 4409.
async fn lets_a_completed_id_be_used_again(server: TestServer) {
    let editor = server.token("editor", "reuse").await;
    let indicator = server.indicator_id(3).await;
    let mut socket = server.websocket(None).await;
    socket.subscribe("again", EVERY_VALUE, json!({})).await;
    // The completion and the new subscription go out in one write, as a client that restarts
    // an operation sends them, and a ping after them.
    socket
        .send_together(&[
            json!({ "type": "complete", "id": "again" }),
            subscribe("again"),
            json!({ "type": "ping" }),
        ])
        .await;
    assert_eq!(
        socket.receive(PATIENCE).await,
        json!({ "type": "complete", "id": "again" })
    );
    assert_eq!(socket.receive(PATIENCE).await, json!({ "type": "pong" }));

    record(&server, &editor, input(&indicator, "7", "2019-01-07")).await;
    assert_eq!(
        figures_by_id(&mut socket, 1).await,
        pairs(&[("again", "7")]),
        "the new operation is served, once"
    );
    socket.expect_silence(Duration::from_millis(300)).await;

    socket.send(&subscribe("again")).await;
    assert_eq!(socket.close_code(PATIENCE).await, 4409);
}

on_both_backends!(
    with small_limits:
    closes_a_connection_that_does_not_initialise_in_time,
    closes_on_a_second_operation_with_an_active_id,
    closes_on_a_message_over_the_size_limit,
    closes_on_an_empty_message_as_malformed,
    refuses_operations_beyond_the_limit_and_keeps_the_others,
    holds_binary_messages_to_the_same_limits,
    lets_a_completed_id_be_used_again,
);

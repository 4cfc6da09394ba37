//! A bounded fuzz of `graphql-transport-ws`: after a valid `connection_init`, random protocol-like
//! messages, random JSON, random text and random bytes. Whatever comes, each reply is a valid
//! protocol message or a close frame with a known code, and the server stays healthy and lets
//! go of every connection.

use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::{EVERY_VALUE, eventually, metrics_text, series};
use crate::hostile::{CODES, arbitrary_json};
use crate::support::{Backend, GraphqlSocket, PATIENCE, Reply, TRANSPORT_WS, TestServer};

/// Close codes the server may use: its own limits (1000 shutdown, 1009 size, 4408
/// initialisation, 4409 duplicate id) and async-graphql's (1002 malformed message, 1011 no
/// handshake, 4429 second initialisation).
const CLOSE_CODES: [u16; 7] = [1000, 1002, 1009, 1011, 4408, 4409, 4429];

/// One frame a fuzzed client sends.
#[derive(Clone, Debug)]
enum Sent {
    Json(Value),
    Text(String),
    Binary(Vec<u8>),
}

impl Sent {
    fn frame(&self) -> Message {
        match self {
            Self::Json(value) => Message::text(value.to_string()),
            Self::Text(text) => Message::text(text.clone()),
            Self::Binary(bytes) => Message::binary(bytes.clone()),
        }
    }
}

/// Messages shaped like the protocol's, with known and unknown types, ids of any kind and
/// payloads that are GraphQL requests or anything.
fn protocol_like() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![
        4 => proptest::sample::select(vec![
            "connection_init",
            "subscribe",
            "complete",
            "ping",
            "pong",
            "start",
            "stop",
            "connection_terminate",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z_]{1,24}",
    ];
    let id = proptest::option::of(prop_oneof![
        3 => "[a-z0-9]{1,3}".prop_map(Value::from),
        1 => arbitrary_json(),
    ]);
    let query = prop_oneof![
        Just(EVERY_VALUE.to_owned()),
        Just("{ plans { slug } }".to_owned()),
        Just("query($n: Int) { region(number: $n) { name } }".to_owned()),
        Just(crate::values::RECORD.to_owned()),
        "\\PC{0,60}",
    ];
    let payload = proptest::option::of(prop_oneof![
        3 => (query, arbitrary_json()).prop_map(|(query, variables)| {
            json!({ "query": query, "variables": { "n": variables.clone(), "input": variables } })
        }),
        1 => arbitrary_json(),
    ]);
    (kind, id, payload).prop_map(|(kind, id, payload)| {
        let mut message = json!({ "type": kind });
        if let Some(id) = id {
            message["id"] = id;
        }
        if let Some(payload) = payload {
            message["payload"] = payload;
        }
        message
    })
}

/// Any frame a client might send.
fn sent() -> impl Strategy<Value = Sent> {
    prop_oneof![
        4 => protocol_like().prop_map(Sent::Json),
        1 => arbitrary_json().prop_map(Sent::Json),
        1 => "\\PC{0,80}".prop_map(Sent::Text),
        1 => proptest::collection::vec(any::<u8>(), 0..256).prop_map(Sent::Binary),
    ]
}

/// Checks that `text` is a message the server may send in `graphql-transport-ws`; returns its
/// type.
fn check_message(text: &str) -> String {
    let message: Value =
        serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON: {text:.300}"));
    let kind = message["type"]
        .as_str()
        .unwrap_or_else(|| panic!("no type: {message}"));
    let id = || {
        assert!(message["id"].is_string(), "no id: {message}");
    };
    let coded = |errors: &Value| {
        for error in errors.as_array().into_iter().flatten() {
            assert!(error["message"].is_string(), "{message}");
            let code = error["extensions"]["code"].as_str().unwrap_or_default();
            assert!(
                CODES.contains(&code),
                "undocumented code {code:?} in {message}"
            );
        }
    };
    match kind {
        "connection_ack" | "ping" | "pong" => {}
        "next" => {
            id();
            let payload = &message["payload"];
            assert!(
                payload.get("data").is_some() || payload.get("errors").is_some(),
                "{message}"
            );
            coded(&payload["errors"]);
        }
        "error" => {
            id();
            assert!(
                message["payload"]
                    .as_array()
                    .is_some_and(|errors| !errors.is_empty()),
                "{message}"
            );
            coded(&message["payload"]);
        }
        "complete" => id(),
        _ => panic!("not a graphql-transport-ws message: {message}"),
    }
    kind.to_owned()
}

/// Sends `messages` one at a time, each followed by a ping, and checks every reply until the
/// pong or a close frame, which ends the case.
async fn play(server: &TestServer, messages: &[Sent]) {
    let mut socket = GraphqlSocket::connect(&server.base, TRANSPORT_WS, None).await;
    for sent in messages {
        // A send may fail once the server has closed: its close frame is read below.
        let _ = socket.try_send_frame(sent.frame()).await;
        let _ = socket
            .try_send_frame(Message::text(json!({ "type": "ping" }).to_string()))
            .await;
        loop {
            match socket.next_reply(PATIENCE).await {
                Reply::Text(text) => {
                    if check_message(&text) == "pong" {
                        break;
                    }
                }
                Reply::Close(frame) => {
                    if let Some((code, reason)) = frame {
                        assert!(CLOSE_CODES.contains(&code), "close {code} {reason:?}");
                    }
                    return;
                }
                Reply::Binary(bytes) => panic!("after {sent:?}: {} binary bytes", bytes.len()),
                Reply::Failed(error) => panic!("after {sent:?}: the WebSocket failed: {error}"),
                Reply::Ended => panic!("after {sent:?}: the connection ended with no close frame"),
                Reply::Silent => panic!("after {sent:?}: no pong and no close within {PATIENCE:?}"),
            }
        }
    }
    socket.close().await;
}

/// What the fuzz found: errors the engine raises before execution (parse, validation, variable
/// coercion) reach a WebSocket client with a code too, as they do over HTTP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_operations_over_the_websocket_have_codes() {
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    let mut socket = server.websocket(None).await;
    for (id, query, variables) in [
        ("parse", "{ plans { slug ", json!({})),
        ("unknown-field", "{ plans { population } }", json!({})),
        (
            "coercion",
            "query($n: Int) { region(number: $n) { name } }",
            json!({ "n": false }),
        ),
        (
            "missing-input",
            crate::values::RECORD,
            json!({ "input": {} }),
        ),
    ] {
        socket.subscribe(id, query, variables).await;
        let payload = socket.next_payload(PATIENCE).await;
        let error = &payload["errors"][0];
        assert_eq!(
            error["extensions"]["code"], "BAD_USER_INPUT",
            "{id}: {payload}"
        );
        assert_eq!(
            socket.receive(PATIENCE).await,
            json!({ "type": "complete", "id": id })
        );
    }
}

#[test]
fn fuzzes_the_websocket_protocol() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime
        .block_on(TestServer::start_with(Backend::Sqlite))
        .unwrap();
    let config = ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(messages in proptest::collection::vec(sent(), 1..5))| {
        runtime.block_on(play(&server, &messages));
    });

    runtime.block_on(async {
        let health = server.health().await;
        assert_eq!(health.status(), 200);
        // Every connection was let go: none is left open, nor any subscription.
        let released = eventually(Duration::from_secs(10), async || {
            let metrics = metrics_text(&server).await;
            series(&metrics, "territoires_websocket_connections") == Some(0.0)
                && series(&metrics, "territoires_subscriptions") == Some(0.0)
        })
        .await;
        assert!(released, "{}", metrics_text(&server).await);
    });
}

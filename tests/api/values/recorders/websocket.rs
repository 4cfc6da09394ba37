//! Over WebSocket: each connection is judged by the token of its own `connection_init`, at
//! each event. Subscribers share an event; only an admin's connection reads its recorder.

use serde_json::{Value, json};

use super::RECORDINGS;
use crate::support::{GraphqlSocket, PATIENCE, TestServer};
use crate::values::{assert_error, input, record};

/// Recorded values, with who recorded them.
const RECORDED_WITH_RECORDER: &str = "subscription {
    indicatorValueRecorded { value { value recordedBy { name role } } } }";

/// A connection whose `connection_init` carries `secret` as a bearer token, or nothing.
async fn connection(server: &TestServer, secret: Option<&str>) -> GraphqlSocket {
    let payload = secret.map(|secret| json!({ "Authorization": format!("Bearer {secret}") }));
    server.websocket(payload).await
}

/// The `value` of the next event `socket` receives.
async fn next_value(socket: &mut GraphqlSocket) -> Value {
    socket.next_event(PATIENCE).await["indicatorValueRecorded"]["value"].clone()
}

/// An admin's connection reads the recorder of each event; an editor's, a reader's and an
/// anonymous one read null from the same events; a revoked admin's reads null from the next
/// event on.
async fn only_an_admins_connection_reads_recorders_of_events(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let reader = server.token("reader", "dashboard").await;
    let mut sockets = [
        ("admin", connection(&server, Some(&admin)).await),
        ("editor", connection(&server, Some(&editor)).await),
        ("reader", connection(&server, Some(&reader)).await),
        ("anonymous", connection(&server, None).await),
    ];
    for (_, socket) in &mut sockets {
        socket
            .subscribe("recorded", RECORDED_WITH_RECORDER, json!({}))
            .await;
    }

    record(&server, &editor, input(&indicator, "600", "2018-09-30")).await;
    for (role, socket) in &mut sockets {
        let recorder = match *role {
            "admin" => json!({ "name": "integrator", "role": "EDITOR" }),
            _ => Value::Null,
        };
        assert_eq!(
            next_value(socket).await,
            json!({ "value": "600", "recordedBy": recorder }),
            "{role}'s connection"
        );
    }

    // The admin's token is looked up at each event: revoked, it reads no more names.
    server.revoke("operations").await;
    record(&server, &editor, input(&indicator, "700", "2018-10-31")).await;
    for (role, socket) in &mut sockets {
        assert_eq!(
            next_value(socket).await,
            json!({ "value": "700", "recordedBy": null }),
            "{role}'s connection"
        );
    }
    for (_, socket) in sockets {
        socket.close().await;
    }
}

/// The result of `query` run over `socket` as operation `id`: the payload of its `next`.
async fn query_over(socket: &mut GraphqlSocket, id: &str, query: &str) -> Value {
    socket.subscribe(id, query, json!({})).await;
    let payload = socket.next_payload(PATIENCE).await;
    let complete = socket.receive(PATIENCE).await;
    assert_eq!(complete["type"], "complete", "{complete}");
    payload
}

/// Queries over WebSocket follow the same rules: `recordings` and `recordedBy` for an admin's
/// connection; FORBIDDEN, UNAUTHENTICATED or null for the others.
async fn queries_over_a_websocket_are_judged_by_its_token(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let reader = server.token("reader", "dashboard").await;
    record(&server, &editor, input(&indicator, "600", "2018-09-30")).await;
    let latest = "{ indicators { latest { recordedBy { name } } } }";

    let mut by_admin = connection(&server, Some(&admin)).await;
    let history = query_over(&mut by_admin, "history", RECORDINGS).await;
    assert!(history.get("errors").is_none(), "{history:#}");
    assert_eq!(history["data"]["recordings"]["totalCount"], 1);
    assert_eq!(
        history["data"]["recordings"]["edges"][0]["node"]["recordedBy"],
        json!({ "name": "integrator", "role": "EDITOR" })
    );
    let named = query_over(&mut by_admin, "latest", latest).await;
    assert_eq!(
        named["data"]["indicators"][0]["latest"],
        json!({ "recordedBy": { "name": "integrator" } })
    );
    by_admin.close().await;

    let others = [
        ("reader", Some(reader.as_str()), "FORBIDDEN"),
        ("editor", Some(editor.as_str()), "FORBIDDEN"),
        ("anonymous", None, "UNAUTHENTICATED"),
    ];
    for (role, secret, code) in others {
        let mut socket = connection(&server, secret).await;
        let refused = query_over(&mut socket, "history", RECORDINGS).await;
        assert_eq!(
            refused["data"]["recordings"],
            Value::Null,
            "{role}: {refused:#}"
        );
        assert_error(&refused["errors"][0], code, &["admin"]);
        let unnamed = query_over(&mut socket, "latest", latest).await;
        assert_eq!(
            unnamed["data"]["indicators"][0]["latest"],
            json!({ "recordedBy": null }),
            "{role}"
        );
        socket.close().await;
    }
}

on_both_backends!(
    only_an_admins_connection_reads_recorders_of_events,
    queries_over_a_websocket_are_judged_by_its_token,
);

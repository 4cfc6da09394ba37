//! `indicatorValueRecorded` over WebSocket: live delivery, filters, replay after a cursor,
//! refused arguments, writes over the socket, and the legacy `graphql-ws` protocol.

use std::time::Duration;

use serde_json::{Value, json};

use super::{EVENTS, RECORD, assert_error, event_cursor, event_number, in_region, input, record};
use crate::support::{GraphqlSocket, LEGACY_WS, PATIENCE, TestServer};

/// How long a subscriber listens to be sure that nothing more comes.
const QUIET: Duration = Duration::from_millis(300);

/// The figures of `events`, in order.
fn figures(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|event| {
            event["indicatorValueRecorded"]["value"]["value"]
                .as_str()
                .expect("a figure")
        })
        .collect()
}

/// The next `count` events `socket` receives.
async fn events(socket: &mut GraphqlSocket, count: usize) -> Vec<Value> {
    let mut received = Vec::with_capacity(count);
    for _ in 0..count {
        received.push(socket.next_event(PATIENCE).await);
    }
    received
}

/// A subscriber receives each value as it is recorded, with its cursor and progress.
async fn delivers_a_recorded_value_live(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let mut socket = server.websocket(None).await;
    socket.subscribe("live", EVENTS, json!({})).await;

    record(&server, &editor, input(&indicator, "600", "2018-09-30")).await;
    let event = socket.next_event(PATIENCE).await;
    let event = &event["indicatorValueRecorded"];
    assert_eq!(
        event["value"],
        json!({
            "id": event["value"]["id"],
            "value": "600",
            "asOf": "2018-09-30",
            "region": null,
            "indicator": { "id": indicator },
        })
    );
    // Judged today: 600 of 1 182 M$, due 2019-03-31.
    assert_eq!(event["progress"]["status"], "MISSED");
    assert_eq!(event_number(&event["cursor"]), 1);

    let recorded = record(
        &server,
        &editor,
        in_region(input(&indicator, "1200", "2019-01-31"), 7),
    )
    .await;
    let event = socket.next_event(PATIENCE).await;
    let event = &event["indicatorValueRecorded"];
    assert_eq!(event["value"]["id"], recorded["value"]["id"]);
    assert_eq!(event["value"]["region"], json!({ "number": 7 }));
    assert_eq!(event["progress"]["status"], "ACHIEVED");
    assert_eq!(event_number(&event["cursor"]), 2);
    socket.expect_silence(QUIET).await;
    socket.close().await;
}

/// Indicator and region filters let through exactly the matching values.
async fn delivers_only_what_the_filters_match(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let (amount, percent, count) = (
        server.indicator_id(1).await,
        server.indicator_id(2).await,
        server.indicator_id(3).await,
    );
    let mut by_indicator = server.websocket(None).await;
    by_indicator
        .subscribe("percent", EVENTS, json!({ "indicators": [percent] }))
        .await;
    let mut by_region = server.websocket(None).await;
    by_region
        .subscribe("region-5", EVENTS, json!({ "regions": [5] }))
        .await;

    for sent in [
        input(&amount, "10", "2019-01-31"),
        in_region(input(&count, "11", "2019-01-31"), 4),
        input(&percent, "12", "2019-01-31"),
        in_region(input(&count, "13", "2019-01-31"), 5),
        in_region(input(&percent, "14", "2019-01-31"), 5),
        in_region(input(&amount, "15", "2019-01-31"), 6),
    ] {
        record(&server, &editor, sent).await;
    }
    let percent_events = events(&mut by_indicator, 2).await;
    assert_eq!(figures(&percent_events), ["12", "14"]);
    for event in &percent_events {
        assert_eq!(
            event["indicatorValueRecorded"]["value"]["indicator"]["id"],
            percent
        );
    }
    let region_events = events(&mut by_region, 2).await;
    assert_eq!(figures(&region_events), ["13", "14"]);
    for event in &region_events {
        assert_eq!(
            event["indicatorValueRecorded"]["value"]["region"]["number"],
            5
        );
    }
    by_indicator.expect_silence(QUIET).await;
    by_region.expect_silence(QUIET).await;
}

/// Reconnecting `after` a cursor replays exactly the missed events, then live ones.
async fn replays_what_was_missed_after_a_cursor_then_goes_live(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(3).await;
    let value = |n: u32| input(&indicator, &n.to_string(), &format!("2019-01-{n:02}"));

    let mut first = server.websocket(None).await;
    first.subscribe("a", EVENTS, json!({})).await;
    for n in 1..=2 {
        record(&server, &editor, value(n)).await;
    }
    let seen = events(&mut first, 2).await;
    assert_eq!(figures(&seen), ["1", "2"]);
    let resume_at = seen[1]["indicatorValueRecorded"]["cursor"].clone();
    first.close().await;

    for n in 3..=5 {
        record(&server, &editor, value(n)).await;
    }
    let mut second = server.websocket(None).await;
    second
        .subscribe("b", EVENTS, json!({ "after": resume_at }))
        .await;
    let missed = events(&mut second, 3).await;
    assert_eq!(figures(&missed), ["3", "4", "5"]);
    let numbers: Vec<i64> = missed
        .iter()
        .map(|event| event_number(&event["indicatorValueRecorded"]["cursor"]))
        .collect();
    assert_eq!(numbers, [3, 4, 5]);

    record(&server, &editor, value(6)).await;
    let live = events(&mut second, 1).await;
    assert_eq!(figures(&live), ["6"]);
    second.expect_silence(QUIET).await;
}

/// Malformed cursors, unknown regions and ids end the subscription with BAD_USER_INPUT.
async fn refuses_malformed_subscription_arguments(server: TestServer) {
    let mut socket = server.websocket(None).await;
    for (id, variables, words) in [
        (
            "cursor",
            json!({ "after": "not a cursor" }),
            vec!["\"not a cursor\"", "is not an event cursor"],
        ),
        (
            "negative-cursor",
            json!({ "after": event_cursor(-1) }),
            vec!["is not an event cursor"],
        ),
        (
            "region",
            json!({ "regions": [19] }),
            vec!["regionNumbers: 19 is not a region"],
        ),
        (
            "indicator",
            json!({ "indicators": ["not an id"] }),
            vec!["\"not an id\""],
        ),
    ] {
        socket.subscribe(id, EVENTS, variables).await;
        let payload = socket.next_payload(PATIENCE).await;
        assert_eq!(payload["data"], Value::Null, "{payload}");
        assert_error(&payload["errors"][0], "BAD_USER_INPUT", &words);
        let complete = socket.receive(PATIENCE).await;
        assert_eq!(complete, json!({ "type": "complete", "id": id }));
    }
}

/// A mutation over the WebSocket uses the `connection_init` token, checked on each write.
async fn records_over_the_websocket_with_the_init_token(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(2).await;
    let mut watcher = server.websocket(None).await;
    watcher.subscribe("watch", EVENTS, json!({})).await;

    let mut writer = server
        .websocket(Some(json!({ "Authorization": format!("Bearer {editor}") })))
        .await;
    writer
        .subscribe(
            "write",
            RECORD,
            json!({ "input": input(&indicator, "42", "2019-01-31") }),
        )
        .await;
    let data = writer.next_event(PATIENCE).await;
    let recorded = &data["recordIndicatorValue"]["value"];
    assert_eq!(recorded["value"], "42");
    let complete = writer.receive(PATIENCE).await;
    assert_eq!(complete["type"], "complete");

    let event = watcher.next_event(PATIENCE).await;
    assert_eq!(
        event["indicatorValueRecorded"]["value"]["id"],
        recorded["id"]
    );

    // The token is checked on every write: revoked, it is refused on the open connection.
    server.revoke("integrator").await;
    writer
        .subscribe(
            "write-again",
            RECORD,
            json!({ "input": input(&indicator, "44", "2019-03-31") }),
        )
        .await;
    let payload = writer.next_payload(PATIENCE).await;
    assert_error(&payload["errors"][0], "UNAUTHENTICATED", &["revoked"]);

    // Without a token in connection_init, the same write is refused.
    let mut anonymous = server.websocket(None).await;
    anonymous
        .subscribe(
            "write",
            RECORD,
            json!({ "input": input(&indicator, "43", "2019-02-28") }),
        )
        .await;
    let payload = anonymous.next_payload(PATIENCE).await;
    assert_error(&payload["errors"][0], "UNAUTHENTICATED", &["needs a token"]);
    watcher.expect_silence(QUIET).await;
    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator { latest { value } } } }",
            json!({ "id": indicator }),
        )
        .await;
    assert_eq!(data["node"]["latest"]["value"], "42");
}

/// The legacy protocol: `start`, `data` messages, `stop` and `complete`.
async fn speaks_the_legacy_graphql_ws_protocol(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    record(&server, &editor, input(&indicator, "100", "2018-12-31")).await;

    let mut socket = GraphqlSocket::connect(&server.base, LEGACY_WS, None).await;
    // `after` the very start replays the value recorded before, so no write can race the
    // subscription; the value recorded next arrives live.
    socket
        .subscribe("1", EVENTS, json!({ "after": event_cursor(0) }))
        .await;
    let replayed = socket.receive(PATIENCE).await;
    assert_eq!(replayed["type"], "data", "{replayed}");
    assert_eq!(replayed["id"], "1");
    assert_eq!(
        replayed["payload"]["data"]["indicatorValueRecorded"]["value"]["value"],
        "100"
    );

    record(&server, &editor, input(&indicator, "200", "2019-01-31")).await;
    let live = socket.receive(PATIENCE).await;
    assert_eq!(live["type"], "data", "{live}");
    assert_eq!(
        live["payload"]["data"]["indicatorValueRecorded"]["value"]["value"],
        "200"
    );

    socket.send(&json!({ "type": "stop", "id": "1" })).await;
    let complete = socket.receive(PATIENCE).await;
    assert_eq!(complete, json!({ "type": "complete", "id": "1" }));
    socket.close().await;
}

on_both_backends!(
    delivers_a_recorded_value_live,
    delivers_only_what_the_filters_match,
    replays_what_was_missed_after_a_cursor_then_goes_live,
    refuses_malformed_subscription_arguments,
    records_over_the_websocket_with_the_init_token,
    speaks_the_legacy_graphql_ws_protocol,
);

//! Reads as the database knew them at an earlier moment (`knownAt`): later corrections are
//! ignored.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::{input, record};
use crate::support::TestServer;

/// Everything `knownAt` applies to, on the indicator `$id`.
const AS_KNOWN: &str = "query($id: ID!, $at: DateTime) { node(id: $id) { ... on Indicator {
    latest(knownAt: $at) { value revision }
    values(knownAt: $at) { totalCount edges { node { value revision } } }
    all: values(knownAt: $at, includeSuperseded: true) { totalCount }
    series(bucket: MONTH, knownAt: $at) { value }
    progress(knownAt: $at) { status latest { value } } } } }";

/// The instant of a `DateTime` the API returned.
fn instant(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect("a DateTime"))
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// `instant` as a `DateTime` argument.
fn argument(instant: DateTime<Utc>) -> Value {
    json!(instant.to_rfc3339_opts(SecondsFormat::Micros, true))
}

/// `knownAt` between a value and its correction reads the value; later, the correction.
async fn reads_history_as_it_was_known(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let first = record(&server, &editor, input(&indicator, "500", "2019-01-31")).await;
    let first_at = instant(&first["value"]["recordedAt"]);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let second = record(&server, &editor, input(&indicator, "600", "2019-01-31")).await;
    let second_at = instant(&second["value"]["recordedAt"]);
    assert!(second_at > first_at, "{first_at} then {second_at}");
    let between = first_at + (second_at - first_at) / 2;

    let read = |at: Value| {
        let (server, indicator) = (&server, &indicator);
        async move {
            server
                .data(AS_KNOWN, json!({ "id": indicator, "at": at }))
                .await["node"]
                .clone()
        }
    };
    for at in [argument(between), first["value"]["recordedAt"].clone()] {
        let then = read(at.clone()).await;
        assert_eq!(
            then["latest"],
            json!({ "value": "500", "revision": 1 }),
            "{at}"
        );
        assert_eq!(then["values"]["totalCount"], 1, "{at}");
        assert_eq!(
            then["values"]["edges"],
            json!([{ "node": { "value": "500", "revision": 1 } }])
        );
        assert_eq!(
            then["all"]["totalCount"], 1,
            "the correction was not known yet"
        );
        assert_eq!(then["series"], json!([{ "value": "500" }]));
        // Judged on the day of knownAt, long after the target's due date.
        assert_eq!(
            then["progress"],
            json!({ "status": "MISSED", "latest": { "value": "500" } })
        );
    }

    let now = read(Value::Null).await;
    assert_eq!(now["latest"], json!({ "value": "600", "revision": 2 }));
    assert_eq!(now["all"]["totalCount"], 2);
    assert_eq!(now["series"], json!([{ "value": "600" }]));
    let at_second = read(second["value"]["recordedAt"].clone()).await;
    assert_eq!(at_second["latest"], now["latest"]);

    // Both moments in one request: each read keeps its own moment.
    let data = server
        .data(
            "query($id: ID!, $at: DateTime) { node(id: $id) { ... on Indicator {
                then: latest(knownAt: $at) { value } now: latest { value } } } }",
            json!({ "id": indicator, "at": argument(between) }),
        )
        .await;
    assert_eq!(
        data["node"],
        json!({ "then": { "value": "500" }, "now": { "value": "600" } })
    );

    let before = read(argument(first_at - chrono::Duration::seconds(1))).await;
    assert_eq!(before["latest"], Value::Null);
    assert_eq!(before["values"]["totalCount"], 0);
    assert_eq!(before["series"], json!([]));
    assert_eq!(before["progress"]["status"], "NO_DATA");
}

on_both_backends!(reads_history_as_it_was_known);

//! Retries with an idempotency key: answered from the first call, recording nothing new, even
//! when they race.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{RECORD, assert_error, count, input, record, refused};
use crate::support::TestServer;

/// `input` with an idempotency key.
fn keyed(mut input: Value, key: &str) -> Value {
    input["idempotencyKey"] = json!(key);
    input
}

/// A retry with the same key and input is answered from the first call.
async fn replays_a_retry_with_the_same_key(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let sent = keyed(input(&indicator, "640", "2018-12-31"), "dec-2018");
    let first = record(&server, &editor, sent.clone()).await;
    let retry = record(&server, &editor, sent).await;
    assert_eq!(first["replayed"], false);
    assert_eq!(retry["replayed"], true);
    assert_eq!(retry["value"], first["value"], "the same value, unchanged");
    assert_eq!(retry["value"]["revision"], 1);
    // The same figure written another way is the same input.
    let rewritten = keyed(input(&indicator, "640.00", "2018-12-31"), "dec-2018");
    let again = record(&server, &editor, rewritten).await;
    assert_eq!(again["replayed"], true);
    assert_eq!(again["value"]["id"], first["value"]["id"]);
    assert_eq!(count(&server, &indicator).await, 1);
}

/// A key reused for any other input is refused, and nothing is recorded.
async fn refuses_a_key_reused_for_another_input(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    record(
        &server,
        &editor,
        keyed(input(&indicator, "640", "2018-12-31"), "dec-2018"),
    )
    .await;
    for other in [
        input(&indicator, "641", "2018-12-31"),
        input(&indicator, "640", "2018-11-30"),
        json!({ "indicatorId": indicator, "value": "640", "asOf": "2018-12-31", "note": "hi" }),
    ] {
        let error = refused(&server, &editor, keyed(other, "dec-2018")).await;
        assert_error(
            &error,
            "BAD_USER_INPUT",
            &["input:", "\"dec-2018\"", "different input"],
        );
    }
    assert_eq!(count(&server, &indicator).await, 1);
}

/// The same key sent with another token is another call.
async fn keeps_keys_per_token(server: TestServer) {
    let first_token = server.token("editor", "first").await;
    let second_token = server.token("editor", "second").await;
    let indicator = server.indicator_id(1).await;
    let sent = keyed(input(&indicator, "640", "2018-12-31"), "dec-2018");
    let first = record(&server, &first_token, sent.clone()).await;
    let second = record(&server, &second_token, sent).await;
    assert_eq!(second["replayed"], false);
    assert_ne!(second["value"]["id"], first["value"]["id"]);
    assert_eq!(second["value"]["revision"], 2);
    assert_eq!(count(&server, &indicator).await, 2);
}

/// Twenty simultaneous calls with one key record one value; nineteen are replays of it.
async fn records_once_when_twenty_retries_race(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let server = Arc::new(server);
    let sent = keyed(input(&indicator, "777", "2019-01-31"), "race");
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let (server, editor, sent) = (Arc::clone(&server), editor.clone(), sent.clone());
            tokio::spawn(async move {
                server
                    .post_as(&editor, RECORD, json!({ "input": sent }))
                    .await
            })
        })
        .collect();
    let mut replayed = Vec::new();
    let mut ids = HashSet::new();
    for call in futures_util::future::join_all(calls).await {
        let body = call.unwrap();
        let payload = &body["data"]["recordIndicatorValue"];
        assert_eq!(payload["value"]["value"], "777", "{body:#}");
        replayed.push(payload["replayed"].as_bool().unwrap());
        ids.insert(payload["value"]["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(replayed.iter().filter(|replayed| !**replayed).count(), 1);
    assert_eq!(replayed.iter().filter(|replayed| **replayed).count(), 19);
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(count(&server, &indicator).await, 1);
}

on_both_backends!(
    replays_a_retry_with_the_same_key,
    refuses_a_key_reused_for_another_input,
    keeps_keys_per_token,
    records_once_when_twenty_retries_race,
);

//! Subscribers of one subscription (same document, variables and token) share one execution
//! per event; each other selection or token gets its own, and its own answer.

use serde_json::{Value, json};

use super::{input, record};
use crate::operations::{metrics_text, series};
use crate::support::{GraphqlSocket, PATIENCE, TestServer};

/// Values with their recorder, which only an admin's connection reads.
const WITH_RECORDER: &str = "subscription {
    indicatorValueRecorded { value { value recordedBy { name } } } }";
/// The same events, another selection.
const WITH_DATE: &str = "subscription { indicatorValueRecorded { value { value asOf } } }";

/// Executions of subscriptions so far, from `/metrics`.
async fn executions(server: &TestServer) -> f64 {
    series(
        &metrics_text(server).await,
        "territoires_subscription_executions_total",
    )
    .expect("the executions counter in /metrics")
}

/// A subscriber of `query` over a connection initialised with `secret`, or anonymous.
async fn subscriber(server: &TestServer, secret: Option<&str>, query: &str) -> GraphqlSocket {
    let payload = secret.map(|secret| json!({ "Authorization": format!("Bearer {secret}") }));
    let mut socket = server.websocket(payload).await;
    socket.subscribe("shared", query, json!({})).await;
    socket
}

/// The `value` of the next event `socket` receives.
async fn next_value(socket: &mut GraphqlSocket) -> Value {
    socket.next_event(PATIENCE).await["indicatorValueRecorded"]["value"].clone()
}

/// Three anonymous subscribers of one document, one of another selection and an admin's of the
/// first document: each event is executed three times, not five, and each subscriber reads
/// its selection as its token may.
async fn subscribers_of_one_subscription_share_its_executions(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let mut same = [
        subscriber(&server, None, WITH_RECORDER).await,
        subscriber(&server, None, WITH_RECORDER).await,
        subscriber(&server, None, WITH_RECORDER).await,
    ];
    let mut dated = subscriber(&server, None, WITH_DATE).await;
    let mut audited = subscriber(&server, Some(&admin), WITH_RECORDER).await;

    for (round, (figure, as_of)) in [("600", "2018-09-30"), ("700", "2018-10-31")]
        .into_iter()
        .enumerate()
    {
        let before = executions(&server).await;
        record(&server, &editor, input(&indicator, figure, as_of)).await;
        for socket in &mut same {
            assert_eq!(
                next_value(socket).await,
                json!({ "value": figure, "recordedBy": null }),
                "round {round}"
            );
        }
        assert_eq!(
            next_value(&mut dated).await,
            json!({ "value": figure, "asOf": as_of })
        );
        assert_eq!(
            next_value(&mut audited).await,
            json!({ "value": figure, "recordedBy": { "name": "integrator" } })
        );
        // Every subscriber has its answer, so every execution for this event has run.
        assert_eq!(executions(&server).await - before, 3.0, "round {round}");
    }
    for socket in same.into_iter().chain([dated, audited]) {
        socket.close().await;
    }
}

on_both_backends!(subscribers_of_one_subscription_share_its_executions);

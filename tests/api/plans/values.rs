//! Values of the second plan's indicators: recorded, judged and delivered to subscribers
//! exactly as the first plan's.

use serde_json::json;

use super::{FICTIONAL_SLUG, import_fictional_plan};
use crate::support::{PATIENCE, TestServer};
use crate::values::{EVENTS, input, record};

/// The id of the indicator of the fictional plan's action 1 (12 essais by 2025-03-31).
async fn fictional_indicator(server: &TestServer) -> String {
    let data = server
        .data(
            "query($slug: String) { plan(slug: $slug) { actions { number indicator { id } } } }",
            json!({ "slug": FICTIONAL_SLUG }),
        )
        .await;
    data["plan"]["actions"][0]["indicator"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A subscriber to the second plan's indicator receives its value; its progress is judged
/// against its own target.
async fn the_second_plans_indicators_take_values(server: TestServer) {
    import_fictional_plan(&server).await;
    let editor = server.token("editor", "fictif").await;
    let indicator = fictional_indicator(&server).await;
    let mut socket = server.websocket(None).await;
    socket
        .subscribe("fictif", EVENTS, json!({ "indicators": [indicator] }))
        .await;

    let recorded = record(&server, &editor, input(&indicator, "9", "2024-10-01")).await;
    assert_eq!(recorded["value"]["value"], "9");
    assert_eq!(recorded["value"]["fiscalYear"], "2024-2025");

    let event = socket.next_event(PATIENCE).await;
    let event = &event["indicatorValueRecorded"];
    assert_eq!(event["value"]["value"], "9");
    assert_eq!(event["value"]["indicator"]["id"], indicator);

    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator {
                action { plan { slug } }
                progress(on: \"2024-10-01\") { status ratio latest { value asOf } } } } }",
            json!({ "id": indicator }),
        )
        .await;
    let node = &data["node"];
    assert_eq!(node["action"]["plan"]["slug"], FICTIONAL_SLUG);
    assert_eq!(
        node["progress"]["latest"],
        json!({ "value": "9", "asOf": "2024-10-01" })
    );
    // 9 of 12 on 2024-10-01: half of the year from 2024-04-01 had passed, 6 was due by then.
    assert_eq!(node["progress"]["status"], "ON_TRACK");
    assert_eq!(node["progress"]["ratio"], 0.75);

    let achieved = record(&server, &editor, input(&indicator, "12", "2024-11-01")).await;
    assert_eq!(achieved["value"]["revision"], 1);
    let event = socket.next_event(PATIENCE).await;
    assert_eq!(event["indicatorValueRecorded"]["value"]["value"], "12");
    assert_eq!(
        event["indicatorValueRecorded"]["progress"]["status"],
        "ACHIEVED"
    );
}

/// A subscription taken before a plan is imported (by another process) receives the new
/// plan's values with their indicator and progress: each event is resolved against a
/// catalogue that holds it, not the one of the moment the subscription began.
async fn a_subscription_older_than_an_import_receives_the_new_plans_values(server: TestServer) {
    let mut socket = server.websocket(None).await;
    socket.subscribe("all", EVENTS, json!({})).await;

    import_fictional_plan(&server).await;
    let editor = server.token("editor", "fictif").await;
    let indicator = fictional_indicator(&server).await;
    record(&server, &editor, input(&indicator, "9", "2024-10-01")).await;

    let event = socket.next_event(PATIENCE).await;
    let event = &event["indicatorValueRecorded"];
    assert_eq!(event["value"]["value"], "9", "{event:#}");
    assert_eq!(event["value"]["indicator"]["id"], indicator);
    assert!(event["progress"]["status"].is_string(), "{event:#}");
}

on_both_backends!(
    the_second_plans_indicators_take_values,
    a_subscription_older_than_an_import_receives_the_new_plans_values,
);

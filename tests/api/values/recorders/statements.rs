//! `recordedBy` on a page of a hundred values costs statements per level, not per value: one
//! to look up the caller's token (none without a token) and one for the recorders.

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use super::{bearer, post_as_caller};
use crate::support::TestServer;
use crate::values::RECORD_BATCH;

/// A hundred values of the indicator `$id`, with `fields` selected on each.
fn hundred_values(fields: &str) -> String {
    format!(
        "query($id: ID!) {{ node(id: $id) {{ ... on Indicator {{
            values(first: 100) {{ edges {{ node {{ value {fields} }} }} }} }} }} }}"
    )
}

/// The statements `query` costs as `authorization` asks it (the first time: not cached). Every
/// request also reads the data version (for the response cache and the catalogue snapshot);
/// that statement is not counted.
async fn statements_for(
    server: &TestServer,
    authorization: Option<&str>,
    query: &str,
    id: &str,
) -> u64 {
    let freshness_check = 1;
    let before = server.statements().await;
    let body = post_as_caller(server, authorization, query, json!({ "id": id })).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(
        body["data"]["node"]["values"]["edges"]
            .as_array()
            .map(Vec::len),
        Some(100)
    );
    server.statements().await - before - freshness_check
}

async fn recorders_of_a_page_cost_two_statements_not_a_hundred(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let tokens = [
        server.token("admin", "operations").await,
        server.token("editor", "integrator-a").await,
        server.token("editor", "integrator-b").await,
    ];
    let reader = server.token("reader", "dashboard").await;
    let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();
    // A hundred days, each recorded by one of three tokens in turn.
    for (turn, token) in tokens.iter().enumerate() {
        let inputs: Vec<Value> = (0..100_u64)
            .filter(|day| day % 3 == turn as u64)
            .map(|day| {
                let as_of = (start + Days::new(day)).to_string();
                json!({ "indicatorId": indicator, "value": "10", "asOf": as_of })
            })
            .collect();
        let body = server
            .post_as(token, RECORD_BATCH, json!({ "inputs": inputs }))
            .await;
        assert!(body.get("errors").is_none(), "{body:#}");
    }
    let plain = hundred_values("");
    let with_recorders = hundred_values("recordedBy { name }");

    let admin = bearer(&tokens[0]);
    let base = statements_for(&server, Some(&admin), &plain, &indicator).await;
    let named = statements_for(&server, Some(&admin), &with_recorders, &indicator).await;
    assert_eq!(
        named,
        base + 2,
        "the caller's token, then the three recorders"
    );

    let reader = bearer(&reader);
    let base = statements_for(&server, Some(&reader), &plain, &indicator).await;
    let unnamed = statements_for(&server, Some(&reader), &with_recorders, &indicator).await;
    assert_eq!(unnamed, base + 1, "the caller's token only");

    let base = statements_for(&server, None, &plain, &indicator).await;
    let anonymous = statements_for(&server, None, &with_recorders, &indicator).await;
    assert_eq!(anonymous, base, "no token, nothing to look up");
}

/// A page of a hundred recordings with their recorders and what they correct.
async fn a_page_of_recordings_costs_a_statement_per_level(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let admin = server.token("admin", "operations").await;
    let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();
    let inputs: Vec<Value> = (0..120_u64)
        .map(|day| {
            let as_of = (start + Days::new(day % 60)).to_string();
            json!({ "indicatorId": indicator, "value": "10", "asOf": as_of })
        })
        .collect();
    let body = server
        .post_as(&admin, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let before = server.statements().await;
    let page = server
        .post_as(
            &admin,
            "{ recordings(first: 100) { totalCount edges { node { recordedBy { name } supersedes { revision } } } } }",
            json!({}),
        )
        .await;
    let spent = server.statements().await - before;
    assert!(page.get("errors").is_none(), "{page:#}");
    assert_eq!(page["data"]["recordings"]["totalCount"], 120);
    // The data version (which every request reads, for the catalogue it is answered from),
    // the admin check, the page, its count, the caller's token for `recordedBy`, the
    // recorders, the corrected values.
    assert_eq!(spent, 7, "statements for a page of 100 recordings");
}

on_both_backends!(
    recorders_of_a_page_cost_two_statements_not_a_hundred,
    a_page_of_recordings_costs_a_statement_per_level,
);

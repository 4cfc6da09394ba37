//! `recordings`: every value recorded and every correction, newest first, with its recorder,
//! paged with cursors to the end, filtered by indicator or recorder, bad arguments refused.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use super::RECORDINGS;
use crate::support::TestServer;
use crate::values::{RECORD_BATCH, assert_error, input, record};

/// `recordings` with `variables`, as `admin`; must succeed.
async fn recordings(server: &TestServer, admin: &str, variables: Value) -> Value {
    let body = server.post_as(admin, RECORDINGS, variables).await;
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    body["data"]["recordings"].clone()
}

/// The ids of a page's nodes, in order.
fn ids(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// A correction is listed after the value it corrects was, each revision with its recorder.
async fn a_correction_shows_both_revisions_with_their_recorders(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let first = record(&server, &editor, input(&indicator, "500", "2018-09-30")).await;
    let correction = record(&server, &admin, input(&indicator, "600", "2018-09-30")).await;

    let page = recordings(&server, &admin, json!({})).await;
    assert_eq!(page["totalCount"], 2);
    let nodes: Vec<&Value> = page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| &edge["node"])
        .collect();
    assert_eq!(
        nodes,
        [
            &json!({
                "id": correction["value"]["id"], "value": "600", "asOf": "2018-09-30", "revision": 2,
                "recordedAt": correction["value"]["recordedAt"],
                "recordedBy": { "name": "operations", "role": "ADMIN" },
                "supersedes": { "id": first["value"]["id"], "revision": 1, "recordedBy": { "name": "integrator" } },
            }),
            &json!({
                "id": first["value"]["id"], "value": "500", "asOf": "2018-09-30", "revision": 1,
                "recordedAt": first["value"]["recordedAt"],
                "recordedBy": { "name": "integrator", "role": "EDITOR" },
                "supersedes": null,
            }),
        ]
    );
    let when = |node: &Value| {
        chrono::DateTime::parse_from_rfc3339(node["recordedAt"].as_str().expect("recordedAt"))
            .expect("RFC 3339")
    };
    assert!(when(nodes[0]) >= when(nodes[1]), "newest first");
}

/// Records `count` values of `indicator`, one a day from 2018-04-01, in one batch by `token`;
/// returns their ids in the order recorded.
async fn record_days(
    server: &TestServer,
    token: &str,
    indicator: &str,
    count: u64,
    figure: &str,
) -> Vec<String> {
    let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();
    let inputs: Vec<Value> = (0..count)
        .map(|day| input(indicator, figure, &(start + Days::new(day)).to_string()))
        .collect();
    let body = server
        .post_as(token, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["recordIndicatorValues"]
        .as_array()
        .expect("payloads")
        .iter()
        .map(|payload| payload["value"]["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// Following `endCursor` walks every recording once, newest first, and ends.
async fn recordings_are_paged_newest_first_to_the_end(server: TestServer) {
    let amounts = server.indicator_id(1).await;
    let counts = server.indicator_id(3).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let mut recorded = record_days(&server, &editor, &amounts, 12, "10").await;
    recorded.extend(record_days(&server, &admin, &counts, 9, "4").await);
    // Corrections of the first five days.
    recorded.extend(record_days(&server, &admin, &amounts, 5, "11").await);
    recorded.reverse();

    let mut walked = Vec::new();
    let mut after = Value::Null;
    // 26 recordings, 7 a page: 4 pages; more would mean the walk does not end.
    for round in 0.. {
        assert!(round < 6, "the walk did not end after {round} pages");
        let page = recordings(&server, &admin, json!({ "first": 7, "after": after })).await;
        assert_eq!(page["totalCount"], 26);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], round > 0);
        let page_ids = ids(&page);
        assert!(page_ids.len() <= 7);
        assert_eq!(page["pageInfo"]["startCursor"], page["edges"][0]["cursor"]);
        walked.extend(page_ids);
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(walked, recorded, "every recording once, newest first");
    assert_eq!(walked.iter().collect::<HashSet<_>>().len(), 26);

    // A value recorded during a walk comes before its first page, never in its middle.
    let page = recordings(&server, &admin, json!({ "first": 10 })).await;
    let newer = record(&server, &editor, input(&counts, "5", "2019-03-31")).await;
    let next = recordings(
        &server,
        &admin,
        json!({ "first": 10, "after": page["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(ids(&next), recorded[10..20]);
    let head = recordings(&server, &admin, json!({ "first": 1 })).await;
    assert_eq!(ids(&head), [newer["value"]["id"].as_str().unwrap()]);
    assert_eq!(head["totalCount"], 27);
}

/// `indicatorId` and `recorderName` keep one indicator's values, or one token's.
async fn recordings_filter_by_indicator_and_recorder(server: TestServer) {
    let amounts = server.indicator_id(1).await;
    let counts = server.indicator_id(3).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let by_editor = record_days(&server, &editor, &amounts, 3, "10").await;
    let by_admin = record_days(&server, &admin, &counts, 2, "4").await;

    let amounts_only = recordings(&server, &admin, json!({ "indicator": amounts })).await;
    assert_eq!(amounts_only["totalCount"], 3);
    assert_eq!(
        ids(&amounts_only),
        by_editor.iter().rev().cloned().collect::<Vec<_>>()
    );
    let admins_only = recordings(&server, &admin, json!({ "recorder": "operations" })).await;
    assert_eq!(admins_only["totalCount"], 2);
    assert_eq!(
        ids(&admins_only),
        by_admin.iter().rev().cloned().collect::<Vec<_>>()
    );
    let both = recordings(
        &server,
        &admin,
        json!({ "indicator": counts, "recorder": "integrator" }),
    )
    .await;
    assert_eq!(both["totalCount"], 0);
    assert_eq!(both["edges"], json!([]));
    assert_eq!(both["pageInfo"]["endCursor"], Value::Null);
}

/// An unknown recorder, a cursor of another list, a page too large and an id of another kind
/// are refused with BAD_USER_INPUT saying what is allowed.
async fn refuses_bad_arguments(server: TestServer) {
    let admin = server.token("admin", "operations").await;
    let indicator = server.indicator_id(1).await;
    record(&server, &admin, input(&indicator, "10", "2018-12-31")).await;
    let history = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator { values { pageInfo { endCursor } } } } }",
            json!({ "id": indicator }),
        )
        .await;
    let value_cursor = &history["node"]["values"]["pageInfo"]["endCursor"];
    let region =
        server.data("{ region(number: 1) { id } }", json!({})).await["region"]["id"].clone();
    let cases: [(Value, &[&str]); 4] = [
        (
            json!({ "recorder": "nobody" }),
            &["\"nobody\"", "token list"],
        ),
        (
            json!({ "after": value_cursor }),
            &["not a cursor of recordings"],
        ),
        (json!({ "first": 101 }), &["first is 101", "0 to 100"]),
        (
            json!({ "indicator": region }),
            &["id of a Region", "Indicator"],
        ),
    ];
    for (variables, words) in cases {
        let body = server.post_as(&admin, RECORDINGS, variables.clone()).await;
        assert_eq!(
            body["data"]["recordings"],
            Value::Null,
            "{variables}: {body:#}"
        );
        assert_error(&body["errors"][0], "BAD_USER_INPUT", words);
    }
}

on_both_backends!(
    a_correction_shows_both_revisions_with_their_recorders,
    recordings_are_paged_newest_first_to_the_end,
    recordings_filter_by_indicator_and_recorder,
    refuses_bad_arguments,
);

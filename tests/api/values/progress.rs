//! Progress against the target, judged on crafted dates with `on`.

use serde_json::{Value, json};

use super::{in_region, input, record};
use crate::support::TestServer;

/// `progress(on: $on)` of the indicator `$id` (in `$region`, if any).
const PROGRESS: &str =
    "query($id: ID!, $on: Date, $region: Int) { node(id: $id) { ... on Indicator {
    progress(on: $on, regionNumber: $region) { status ratio latest { value asOf } } } } }";

/// The progress of `indicator` for all of Québec, judged on `on`.
async fn progress(server: &TestServer, indicator: &str, on: &str) -> Value {
    let data = server
        .data(PROGRESS, json!({ "id": indicator, "on": on }))
        .await;
    data["node"]["progress"].clone()
}

/// Checks that `ratio` is `expected`, give or take rounding.
fn assert_ratio(progress: &Value, expected: f64) {
    let ratio = progress["ratio"].as_f64().expect("a ratio");
    assert!((ratio - expected).abs() < 1e-9, "{ratio} is not {expected}");
}

/// Action 1 (1 182 M$ by 2019-03-31): no data, at risk, on track, missed, achieved.
async fn judges_a_one_time_amount_against_its_prorated_target(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    // Action 1: 1 182 M$ from 2018-04-01 to 2019-03-31; 2018-09-30 is day 183 of 365, so the
    // prorated target that day is about 592.6.
    let indicator = server.indicator_id(1).await;
    let none = progress(&server, &indicator, "2018-09-30").await;
    assert_eq!(
        none,
        json!({ "status": "NO_DATA", "ratio": null, "latest": null })
    );

    record(&server, &editor, input(&indicator, "500", "2018-09-30")).await;
    let behind = progress(&server, &indicator, "2018-09-30").await;
    assert_eq!(behind["status"], "AT_RISK");
    assert_ratio(&behind, 500.0 / 1182.0);

    record(&server, &editor, input(&indicator, "600", "2018-09-30")).await;
    let ahead = progress(&server, &indicator, "2018-09-30").await;
    assert_eq!(ahead["status"], "ON_TRACK");
    assert_eq!(
        ahead["latest"],
        json!({ "value": "600", "asOf": "2018-09-30" })
    );
    assert_ratio(&ahead, 600.0 / 1182.0);
    assert!((ahead["ratio"].as_f64().unwrap() - 0.5076).abs() < 0.0001);

    let late = progress(&server, &indicator, "2019-04-01").await;
    assert_eq!(late["status"], "MISSED");
    assert_ratio(&late, 600.0 / 1182.0);

    record(&server, &editor, input(&indicator, "1182", "2019-03-31")).await;
    let reached = progress(&server, &indicator, "2019-04-01").await;
    assert_eq!(reached["status"], "ACHIEVED");
    assert_ratio(&reached, 1.0);
}

/// Action 2 (85 %): 84 is at risk from the first day.
async fn does_not_prorate_a_percentage(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    // Action 2: at least 85 %, due 2019-03-31.
    let indicator = server.indicator_id(2).await;
    record(&server, &editor, input(&indicator, "84", "2018-05-01")).await;
    let early = progress(&server, &indicator, "2018-05-01").await;
    assert_eq!(early["status"], "AT_RISK");
    assert_ratio(&early, 84.0 / 85.0);

    record(&server, &editor, input(&indicator, "85.5", "2018-06-01")).await;
    let reached = progress(&server, &indicator, "2018-06-01").await;
    assert_eq!(reached["status"], "ACHIEVED");
    assert_eq!(reached["latest"]["value"], "85.5");
}

/// Action 5 (50 a year): prorated over the value's fiscal year, missed after it.
async fn judges_an_annual_count_within_the_fiscal_year_of_the_value(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    // Action 5: 50 a year, no due date; 2019-10-01 is day 184 of fiscal 2019-2020 (366 days),
    // so the prorated target that day is about 25.1.
    let indicator = server.indicator_id(5).await;
    record(&server, &editor, input(&indicator, "26", "2019-10-01")).await;
    let ahead = progress(&server, &indicator, "2019-10-01").await;
    assert_eq!(ahead["status"], "ON_TRACK");
    assert_ratio(&ahead, 26.0 / 50.0);

    record(&server, &editor, input(&indicator, "20", "2019-10-01")).await;
    assert_eq!(
        progress(&server, &indicator, "2019-10-01").await["status"],
        "AT_RISK"
    );
    assert_eq!(
        progress(&server, &indicator, "2020-04-01").await["status"],
        "MISSED"
    );
}

/// A region's progress is judged on its own values only.
async fn judges_a_region_on_its_own_values(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    record(&server, &editor, input(&indicator, "1200", "2019-01-31")).await;
    record(
        &server,
        &editor,
        in_region(input(&indicator, "100", "2019-01-31"), 3),
    )
    .await;
    let scope = |region: i32| json!({ "id": indicator, "on": "2019-01-31", "region": region });
    let capitale = server.data(PROGRESS, scope(3)).await;
    assert_eq!(capitale["node"]["progress"]["status"], "AT_RISK");
    assert_eq!(capitale["node"]["progress"]["latest"]["value"], "100");
    let elsewhere = server.data(PROGRESS, scope(4)).await;
    assert_eq!(elsewhere["node"]["progress"]["status"], "NO_DATA");
    let quebec = progress(&server, &indicator, "2019-01-31").await;
    assert_eq!(quebec["status"], "ACHIEVED");
}

on_both_backends!(
    judges_a_one_time_amount_against_its_prorated_target,
    does_not_prorate_a_percentage,
    judges_an_annual_count_within_the_fiscal_year_of_the_value,
    judges_a_region_on_its_own_values,
);

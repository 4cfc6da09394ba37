//! What a value must be to be recorded; a refused input stores nothing, and a batch is all or
//! nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Days, NaiveDate, Utc};
use serde_json::{Value, json};

use super::{RECORD_BATCH, assert_error, count, in_region, input, record, refused, rows};
use crate::support::TestServer;

/// Sends each input, which must be refused with `BAD_USER_INPUT` and a message holding the
/// words given; then checks that nothing was stored.
async fn assert_each_refused(server: &TestServer, token: &str, cases: &[(Value, &[&str])]) {
    for (input, words) in cases {
        let error = refused(server, token, input.clone()).await;
        assert_error(&error, "BAD_USER_INPUT", words);
    }
    assert_eq!(rows(server, "indicator_value").await, 0);
    assert_eq!(rows(server, "indicator_event").await, 0);
}

/// Ids that name no indicator and region numbers outside 1 to 18 are refused.
async fn refuses_unknown_indicators_and_regions(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let region = server.data("{ region(number: 3) { id } }", json!({})).await["region"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let no_such_indicator = URL_SAFE_NO_PAD.encode("Indicator:999");
    assert_each_refused(
        &server,
        &editor,
        &[
            (
                input("not an id", "1", "2019-01-31"),
                &["\"not an id\"", "is not an indicator's id"],
            ),
            (
                input(&region, "1", "2019-01-31"),
                &["is not an indicator's id"],
            ),
            (
                input(&no_such_indicator, "1", "2019-01-31"),
                &["indicatorId does not name an indicator"],
            ),
            (
                in_region(input(&indicator, "1", "2019-01-31"), 19),
                &["regionNumber 19 is not a region", "1 to 18"],
            ),
            (
                in_region(input(&indicator, "1", "2019-01-31"), 0),
                &["regionNumber 0 is not a region"],
            ),
        ],
    )
    .await;
    assert_eq!(count(&server, &indicator).await, 0);
}

/// Each unit's range: percentages 0 to 100, amounts 0 or more, whole counts.
async fn refuses_values_outside_the_unit(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let amount = server.indicator_id(1).await;
    let percent = server.indicator_id(2).await;
    let count_indicator = server.indicator_id(3).await;
    assert_each_refused(
        &server,
        &editor,
        &[
            (
                input(&percent, "101", "2019-01-31"),
                &["101 is not a percentage", "from 0 to 100"],
            ),
            (
                input(&percent, "-1", "2019-01-31"),
                &["-1 is not a percentage"],
            ),
            (
                input(&amount, "-0.5", "2019-01-31"),
                &["-0.5 is negative", "0 or more"],
            ),
            (
                input(&count_indicator, "2.5", "2019-01-31"),
                &["2.5 is not a count", "whole number"],
            ),
            (
                input(&count_indicator, "-1", "2019-01-31"),
                &["-1 is not a count"],
            ),
            (
                input(&amount, "lots", "2019-01-31"),
                &["\"lots\" is not a decimal number"],
            ),
        ],
    )
    .await;
    // The bounds themselves are values.
    for (indicator, value) in [(&percent, "100"), (&percent, "0"), (&amount, "0")] {
        let recorded = record(&server, &editor, input(indicator, value, "2019-01-31")).await;
        assert_eq!(recorded["value"]["value"], value);
    }
    assert_eq!(count(&server, &percent).await, 2);
}

/// `asOf` may be tomorrow at most (UTC), and must be a real date.
async fn refuses_a_date_more_than_a_day_ahead(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let today = Utc::now().date_naive();
    let in_three_days = today.checked_add_days(Days::new(3)).unwrap().to_string();
    assert_each_refused(
        &server,
        &editor,
        &[
            (
                input(&indicator, "1", &in_three_days),
                &[
                    &format!("asOf {in_three_days}"),
                    "more than one day in the future",
                ],
            ),
            (
                input(&indicator, "1", "2019-02-30"),
                &["\"2019-02-30\" is not a date"],
            ),
        ],
    )
    .await;
    // Tomorrow is allowed: a value may describe the day ahead (another time zone's today).
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap().to_string();
    let recorded = record(&server, &editor, input(&indicator, "1", &tomorrow)).await;
    assert_eq!(recorded["value"]["asOf"], tomorrow);
}

/// Idempotency keys, sources and notes are bounded, in characters.
async fn refuses_texts_too_long(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let with = |field: &str, text: String| {
        let mut sent = input(&indicator, "1", "2019-01-31");
        sent[field] = json!(text);
        sent
    };
    assert_each_refused(
        &server,
        &editor,
        &[
            (
                with("idempotencyKey", "k".repeat(256)),
                &["idempotencyKey has 256 characters", "1 to 255"],
            ),
            (
                with("idempotencyKey", String::new()),
                &["idempotencyKey has 0 characters"],
            ),
            (
                with("source", "s".repeat(501)),
                &["source has 501 characters", "0 to 500"],
            ),
            (
                with("note", "n".repeat(2001)),
                &["note has 2001 characters", "0 to 2000"],
            ),
        ],
    )
    .await;
    // The longest of each is recorded; lengths count characters, not bytes.
    let mut longest = with("idempotencyKey", "é".repeat(255));
    longest["source"] = json!("é".repeat(500));
    longest["note"] = json!("é".repeat(2000));
    let recorded = record(&server, &editor, longest).await;
    assert_eq!(recorded["replayed"], false);
    assert_eq!(count(&server, &indicator).await, 1);
}

/// A batch with one bad input stores none of the good ones, and names the bad one's index.
async fn records_a_batch_all_or_nothing(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let amount = server.indicator_id(1).await;
    let percent = server.indicator_id(2).await;
    let good = |value: &str, as_of: &str| input(&amount, value, as_of);
    let inputs = json!([
        good("100", "2018-10-31"),
        good("200", "2018-11-30"),
        input(&percent, "101", "2018-11-30"),
        good("300", "2018-12-31"),
    ]);
    let body = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    let error = &body["errors"][0];
    assert_error(error, "BAD_USER_INPUT", &["101 is not a percentage"]);
    assert!(
        error["message"].as_str().unwrap().starts_with("inputs[2]:"),
        "{error}"
    );
    assert_eq!(count(&server, &amount).await, 0);
    assert_eq!(count(&server, &percent).await, 0);
    assert_eq!(rows(&server, "indicator_value").await, 0);

    // An id that is not an indicator's is named by its index too.
    let inputs = json!([good("100", "2018-10-31"), input("nope", "1", "2018-10-31")]);
    let body = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    let error = &body["errors"][0];
    assert_error(
        error,
        "BAD_USER_INPUT",
        &["\"nope\"", "not an indicator's id"],
    );
    assert!(
        error["message"].as_str().unwrap().starts_with("inputs[1]:"),
        "{error}"
    );
    assert_eq!(rows(&server, "indicator_value").await, 0);

    // Without the bad input, the same batch is recorded whole, in order.
    let inputs = json!([
        good("100", "2018-10-31"),
        good("200", "2018-11-30"),
        good("300", "2018-12-31")
    ]);
    let data = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    let values: Vec<&Value> = data["data"]["recordIndicatorValues"]
        .as_array()
        .unwrap_or_else(|| panic!("{data:#}"))
        .iter()
        .map(|payload| &payload["value"]["value"])
        .collect();
    assert_eq!(values, ["100", "200", "300"]);
    assert_eq!(count(&server, &amount).await, 3);
}

/// A batch refused midway through its transaction leaves nothing behind.
async fn rolls_back_a_batch_refused_while_writing(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let mut first = input(&indicator, "100", "2018-10-31");
    first["idempotencyKey"] = json!("october");
    record(&server, &editor, first).await;

    // Input 2 reuses the key for another figure: found only inside the write transaction,
    // after inputs 0 and 1 were written.
    let mut reused = input(&indicator, "999", "2018-10-31");
    reused["idempotencyKey"] = json!("october");
    let inputs = json!([
        input(&indicator, "200", "2018-11-30"),
        input(&indicator, "300", "2018-12-31"),
        reused,
    ]);
    let body = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    let error = &body["errors"][0];
    assert_error(error, "BAD_USER_INPUT", &["\"october\"", "different input"]);
    assert!(
        error["message"].as_str().unwrap().starts_with("inputs[2]:"),
        "{error}"
    );
    assert_eq!(count(&server, &indicator).await, 1);
    assert_eq!(rows(&server, "indicator_event").await, 1);
}

/// 1,001 inputs are refused; 1,000 are recorded.
async fn bounds_a_batch_at_1000_inputs(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(3).await;
    let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();
    let inputs = |n: u64| -> Value {
        (0..n)
            .map(|day| {
                let as_of = start.checked_add_days(Days::new(day)).unwrap();
                input(&indicator, &day.to_string(), &as_of.to_string())
            })
            .collect()
    };
    let body = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs(1001) }))
        .await;
    assert_error(
        &body["errors"][0],
        "BAD_USER_INPUT",
        &["1001 inputs were sent", "at most 1000"],
    );
    assert_eq!(count(&server, &indicator).await, 0);

    let body = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs(1000) }))
        .await;
    let recorded = body["data"]["recordIndicatorValues"]
        .as_array()
        .unwrap_or_else(|| panic!("{body:#}"));
    assert_eq!(recorded.len(), 1000);
    assert_eq!(recorded[999]["value"]["value"], "999");
    assert_eq!(count(&server, &indicator).await, 1000);
}

on_both_backends!(
    refuses_unknown_indicators_and_regions,
    refuses_values_outside_the_unit,
    refuses_a_date_more_than_a_day_ahead,
    refuses_texts_too_long,
    records_a_batch_all_or_nothing,
    rolls_back_a_batch_refused_while_writing,
    bounds_a_batch_at_1000_inputs,
);

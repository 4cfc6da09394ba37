//! Live indicator values: who may record them, what is valid, idempotent retries, corrections
//! and history, progress, reads as of an earlier moment, the append-only store,
//! subscriptions over WebSocket, and who recorded what.

mod append_only;
mod csv_import;
mod history;
mod idempotency;
mod imported_events;
mod known_at;
mod load;
mod progress;
mod recorders;
mod roles;
mod subscriptions;
mod subscriptions_shared;
mod validation;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::support::TestServer;

/// `recordIndicatorValue`, answering the fields tests check.
pub const RECORD: &str = "mutation($input: RecordIndicatorValueInput!) {
    recordIndicatorValue(input: $input) { replayed value {
        id value asOf fiscalYear recordedAt revision region { number } supersedes { id value } } } }";

/// `recordIndicatorValues`, answering each value's id and figure.
pub const RECORD_BATCH: &str = "mutation($inputs: [RecordIndicatorValueInput!]!) {
    recordIndicatorValues(inputs: $inputs) { replayed value { id value asOf revision } } }";

/// An input for the value `value` of `indicator` for all of Québec on `as_of`.
pub fn input(indicator: &str, value: &str, as_of: &str) -> Value {
    json!({ "indicatorId": indicator, "value": value, "asOf": as_of })
}

/// `input` for region `region_number`.
pub fn in_region(mut input: Value, region_number: i32) -> Value {
    input["regionNumber"] = json!(region_number);
    input
}

/// Records `input` with `token`, which must succeed; returns the payload (`replayed`, `value`).
pub async fn record(server: &TestServer, token: &str, input: Value) -> Value {
    let body = server
        .post_as(token, RECORD, json!({ "input": input }))
        .await;
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    body["data"]["recordIndicatorValue"].clone()
}

/// Records `input` with `token`, which must be refused; returns the first error.
pub async fn refused(server: &TestServer, token: &str, input: Value) -> Value {
    let body = server
        .post_as(token, RECORD, json!({ "input": input }))
        .await;
    assert_eq!(body["data"], Value::Null, "{body:#}");
    body["errors"][0].clone()
}

/// Checks that `error` has `extensions.code` `code` and a message holding each of `words`.
pub fn assert_error(error: &Value, code: &str, words: &[&str]) {
    assert_eq!(error["extensions"]["code"], code, "{error:#}");
    let message = error["message"].as_str().expect("a message");
    for word in words {
        assert!(message.contains(word), "{word:?} is not in {message:?}");
    }
}

/// How many values of `indicator` for all of Québec the API lists, corrected ones included.
pub async fn count(server: &TestServer, indicator: &str) -> i64 {
    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator {
                values(includeSuperseded: true) { totalCount } } } }",
            json!({ "id": indicator }),
        )
        .await;
    data["node"]["values"]["totalCount"]
        .as_i64()
        .expect("a count")
}

/// The rows of `table`, counted in the database itself.
pub async fn rows(server: &TestServer, table: &str) -> i64 {
    let db = sea_orm::Database::connect(server.database.url())
        .await
        .expect("the test database opens");
    let statement = Statement::from_string(
        db.get_database_backend(),
        format!("SELECT COUNT(*) AS n FROM {table}"),
    );
    let row = db
        .query_one_raw(statement)
        .await
        .expect("count")
        .expect("a row");
    let count = row.try_get::<i64>("", "n").expect("an integer");
    let _ = db.close().await;
    count
}

/// The subscription to recorded values, with its three filters as variables.
pub const EVENTS: &str = "subscription($indicators: [ID!], $regions: [Int!], $after: String) {
    indicatorValueRecorded(indicatorIds: $indicators, regionNumbers: $regions, after: $after) {
        cursor value { id value asOf region { number } indicator { id } } progress { status } } }";

/// The number of the event an event cursor names: the cursor is the URL-safe base64, without
/// padding, of "event:<n>".
pub fn event_number(cursor: &Value) -> i64 {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor.as_str().expect("a cursor"))
        .expect("base64");
    let text = String::from_utf8(bytes).expect("UTF-8");
    text.strip_prefix("event:")
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("{text:?} is not an event cursor"))
}

/// The cursor of event `number`, as the API writes it.
pub fn event_cursor(number: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("event:{number}"))
}

//! Entity tags across a restart of the real binary: a tag names one state of the data, so a
//! tag a client holds from before a write is never answered `304` after the server restarts,
//! and a tag of unchanged data still is.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::ServerProcess;
use crate::support::writes::{Outcome, editor_token, post_graphql, record_value};

/// The repro: action 3's latest value, over GET.
const LATEST: &str = "{action(number:3){indicator{latest{value}}}}";

/// `GET /graphql?query=LATEST`, with `If-None-Match: tag` when given: status, ETag, body.
async fn get_latest(
    client: &reqwest::Client,
    base: &str,
    tag: Option<&str>,
) -> (StatusCode, Option<String>, Option<Value>) {
    let mut request = client
        .get(format!("{base}/graphql"))
        .query(&[("query", LATEST)]);
    if let Some(tag) = tag {
        request = request.header("if-none-match", tag);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let etag = response
        .headers()
        .get("etag")
        .map(|value| value.to_str().unwrap().to_owned());
    let body = match status {
        StatusCode::NOT_MODIFIED => None,
        _ => Some(response.json().await.unwrap()),
    };
    (status, etag, body)
}

fn latest_value(body: &Option<Value>) -> Value {
    body.as_ref().expect("a body")["data"]["action"]["indicator"]["latest"]["value"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tag_from_before_a_write_is_not_fresh_after_a_restart() {
    let directory = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        directory.path().join("t.db").display()
    );
    let log = directory.path().join("server.log");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let server = ServerProcess::start(&url, &log, &[], "warn", &client).await;

    let (status, before_tag, body) = get_latest(&client, &server.base, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(latest_value(&body), Value::Null, "no value yet");
    let before_tag = before_tag.expect("a read has an ETag");

    let token = editor_token(&url, "restart");
    let indicator = post_graphql(
        &client,
        &server.base,
        None,
        "{ action(number: 3) { indicator { id } } }",
        json!({}),
    )
    .await
    .unwrap()["data"]["action"]["indicator"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let input = json!({ "indicatorId": indicator, "value": "1200", "asOf": "2018-12-31" });
    assert!(matches!(
        record_value(&client, &server.base, &token, input).await,
        Outcome::Recorded(_)
    ));
    let (_, after_tag, body) = get_latest(&client, &server.base, None).await;
    assert_eq!(latest_value(&body), "1200");
    let after_tag = after_tag.expect("a read has an ETag");
    assert_ne!(after_tag, before_tag);

    drop(server);
    let server = ServerProcess::start(&url, &log, &[], "warn", &client).await;

    let (status, tag, body) = get_latest(&client, &server.base, Some(&before_tag)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the tag from before the write names data that has changed"
    );
    assert_eq!(
        latest_value(&body),
        "1200",
        "the new value, not the old answer"
    );
    assert_eq!(
        tag.as_deref(),
        Some(after_tag.as_str()),
        "the same data has the same tag, across a restart"
    );
    let (status, _, _) = get_latest(&client, &server.base, Some(&after_tag)).await;
    assert_eq!(
        status,
        StatusCode::NOT_MODIFIED,
        "a tag of unchanged data is still fresh after the restart"
    );
}

//! The response cache: repeated reads are answered from memory, and never after a write that
//! changes them, on one server or across replicas.

mod memory;
mod restart;

use std::sync::Arc;

use serde_json::{Value, json};

use crate::support::{Backend, TestDatabase, TestServer};
use crate::values::{input, record};

const LATEST: &str = "query($id: ID!) { node(id: $id) { ... on Indicator { latest { value } } } }";

/// Reads the latest value of `indicator` on `server`, returning it and the response's ETag.
async fn latest(server: &TestServer, indicator: &str) -> (Value, Option<String>) {
    let response = server
        .client
        .post(server.url("/graphql"))
        .json(&json!({ "query": LATEST, "variables": { "id": indicator } }))
        .send()
        .await
        .unwrap();
    let etag = response
        .headers()
        .get("etag")
        .map(|value| value.to_str().unwrap().to_owned());
    let body: Value = response.json().await.unwrap();
    (body["data"]["node"]["latest"]["value"].clone(), etag)
}

/// The `/metrics` counter `name`.
pub async fn counter(server: &TestServer, name: &str) -> u64 {
    let metrics = server
        .client
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name} in /metrics"))
        .parse()
        .unwrap()
}

async fn a_read_after_a_write_is_never_stale(server: TestServer) {
    let editor = server.token("editor", "cache").await;
    let indicator = server.indicator_id(3).await;
    record(&server, &editor, input(&indicator, "10", "2018-06-30")).await;
    let (first, first_tag) = latest(&server, &indicator).await;
    let statements = server.statements().await;
    let (again, again_tag) = latest(&server, &indicator).await;
    assert_eq!((first.clone(), again), (json!("10"), json!("10")));
    assert_eq!(first_tag, again_tag, "the same answer has the same tag");
    // On either backend another process may have written (an import, say): the server reads
    // the data version, in one statement, and nothing else.
    let spent = server.statements().await - statements;
    assert_eq!(spent, 1, "statements for a cached answer");
    assert!(counter(&server, "territoires_response_cache_hits_total").await >= 1);

    for (index, figure) in ["11", "12", "13"].into_iter().enumerate() {
        record(
            &server,
            &editor,
            input(&indicator, figure, &format!("2018-07-0{}", index + 1)),
        )
        .await;
        let (after, tag) = latest(&server, &indicator).await;
        assert_eq!(
            after,
            json!(figure),
            "the read right after the write sees it"
        );
        assert_ne!(tag, first_tag);
    }
}

async fn revalidates_with_etags(server: TestServer) {
    let indicator = server.indicator_id(2).await;
    let (_, tag) = latest(&server, &indicator).await;
    let tag = tag.expect("a read query's answer has an ETag");
    let unchanged = server
        .client
        .post(server.url("/graphql"))
        .header("if-none-match", &tag)
        .json(&json!({ "query": LATEST, "variables": { "id": indicator } }))
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), 304);
    assert_eq!(unchanged.headers()["cache-control"], "no-cache");
    let editor = server.token("editor", "etag").await;
    record(&server, &editor, input(&indicator, "50", "2018-06-30")).await;
    let changed = server
        .client
        .post(server.url("/graphql"))
        .header("if-none-match", &tag)
        .json(&json!({ "query": LATEST, "variables": { "id": indicator } }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        changed.status(),
        200,
        "after a write the old tag no longer matches"
    );
    let mutation = server
        .post_as(
            &editor,
            crate::values::RECORD,
            json!({ "input": input(&indicator, "51", "2018-07-01") }),
        )
        .await;
    assert!(mutation.get("errors").is_none());
}

on_both_backends!(a_read_after_a_write_is_never_stale, revalidates_with_etags);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_on_another_replica_after_a_write_is_never_stale() {
    let Some(database) = TestDatabase::create(Backend::Postgres).await.map(Arc::new) else {
        return;
    };
    let writer = TestServer::serve(Arc::clone(&database)).await;
    let reader = writer.replica().await;
    let editor = writer.token("editor", "replicated-cache").await;
    let indicator = writer.indicator_id(3).await;
    assert_eq!(latest(&reader, &indicator).await.0, Value::Null);
    for index in 1..=20_u32 {
        let figure = index.to_string();
        record(
            &writer,
            &editor,
            input(&indicator, &figure, &format!("2019-01-{index:02}")),
        )
        .await;
        // At once, with no wait for the other replica to hear of it.
        assert_eq!(
            latest(&reader, &indicator).await.0,
            json!(figure),
            "write {index}"
        );
        assert_eq!(
            latest(&reader, &indicator).await.0,
            json!(figure),
            "cached read {index}"
        );
    }
}

/// `POST` of [`LATEST`] for `indicator` with `If-None-Match: tag`: the status and the value.
async fn revalidate(server: &TestServer, indicator: &str, tag: &str) -> (u16, Value) {
    let response = server
        .client
        .post(server.url("/graphql"))
        .header("if-none-match", tag)
        .json(&json!({ "query": LATEST, "variables": { "id": indicator } }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let value = match status {
        304 => Value::Null,
        _ => response.json::<Value>().await.unwrap()["data"]["node"]["latest"]["value"].clone(),
    };
    (status, value)
}

/// Replicas agree on tags, since a tag names a state of the shared data: a tag from one is
/// fresh on the other while nothing changes, and on neither once a value is recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_agree_across_replicas_and_change_with_a_write() {
    let Some(database) = TestDatabase::create(Backend::Postgres).await.map(Arc::new) else {
        return;
    };
    let first = TestServer::serve(Arc::clone(&database)).await;
    let second = first.replica().await;
    let indicator = first.indicator_id(3).await;
    let (_, first_tag) = latest(&first, &indicator).await;
    let (_, second_tag) = latest(&second, &indicator).await;
    assert_eq!(first_tag, second_tag, "the same data, the same tag");
    let tag = first_tag.expect("a read has an ETag");
    assert_eq!(revalidate(&second, &indicator, &tag).await.0, 304);

    let editor = first.token("editor", "replica-tags").await;
    record(&first, &editor, input(&indicator, "7", "2018-09-30")).await;
    assert_eq!(
        revalidate(&second, &indicator, &tag).await,
        (200, json!("7")),
        "a write on one replica makes the other's old tag stale at once"
    );
    assert_eq!(
        revalidate(&first, &indicator, &tag).await,
        (200, json!("7"))
    );
}

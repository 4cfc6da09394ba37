//! Request ids: every response carries one (the client's when it is sane), the request's log
//! line quotes it with the operation and outcome, and INTERNAL errors quote it to the client.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::{eventually, post_with_headers, query_body};
use crate::support::process::ServerProcess;
use crate::support::proxy::Proxy;
use crate::support::{Backend, TestDatabase, TestServer};

/// The `x-request-id` of `response`.
fn request_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .expect("an x-request-id header")
        .to_str()
        .expect("ASCII")
        .to_owned()
}

/// Whether `id` is one the server made: 16 lower-case hexadecimal digits.
fn is_server_made(id: &str) -> bool {
    id.len() == 16
        && id
            .bytes()
            .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_request_id_the_clients_when_sane() {
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    let body = query_body("{ plans { slug } }");

    let first = post_with_headers(&server, &[], &body).await;
    let second = post_with_headers(&server, &[], &body).await;
    let (first, second) = (request_id(&first), request_id(&second));
    assert!(is_server_made(&first), "{first:?}");
    assert!(is_server_made(&second), "{second:?}");
    assert_ne!(first, second, "each request has its own id");

    let health = server.health().await;
    assert!(is_server_made(&request_id(&health)));

    for sane in ["abc-123", "A_b-9", &"z".repeat(64)] {
        let response = post_with_headers(&server, &[("x-request-id", sane)], &body).await;
        assert_eq!(response.status(), 200);
        assert_eq!(request_id(&response), sane);
    }
    let long = "a".repeat(200);
    for insane in [
        "has spaces",
        long.as_str(),
        "semi;colon",
        "new\tline",
        "é",
        "",
    ] {
        let response = post_with_headers(&server, &[("x-request-id", insane)], &body).await;
        assert_eq!(response.status(), 200, "{insane:?}");
        let replaced = request_id(&response);
        assert!(is_server_made(&replaced), "{insane:?} became {replaced:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_log_line_of_a_request_quotes_its_id_operation_and_outcome() {
    let mut server = ServerProcess::in_temporary_directory(&["--log-format", "json"]).await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/graphql", server.base))
        .header("x-request-id", "test-log-1")
        .json(&json!({
            "query": "query RegionNames { regions { name } } query Other { plans { slug } }",
            "operationName": "RegionNames",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(request_id(&response), "test-log-1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["regions"].as_array().unwrap().len(), 18);
    drop(client);

    server.terminate();
    let status = server.exit_status(Duration::from_secs(20)).await;
    assert!(status.success(), "{status}");
    let log = server.log_text();
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    // tracing's JSON layout prints the event's fields at the top level (`flatten_event`), and
    // the fields of its span, the request's, under `span`.
    let ours: Vec<&Value> = lines
        .iter()
        .filter(|line| line["span"]["request_id"] == "test-log-1")
        .collect();
    assert_eq!(ours.len(), 1, "one line for the request: {log}");
    let line = ours[0];
    assert_eq!(line["message"], "request", "{line}");
    assert_eq!(line["level"], "INFO", "{line}");
    assert_eq!(line["method"], "POST", "{line}");
    assert_eq!(line["path"], "/graphql", "{line}");
    assert_eq!(line["status"], 200, "{line}");
    assert_eq!(line["operation"], "query", "{line}");
    assert_eq!(line["operation_name"], "RegionNames", "{line}");
    assert_eq!(line["outcome"], "ok", "{line}");
    let duration = line["duration_ms"]
        .as_f64()
        .expect("duration_ms is a number");
    assert!(duration > 0.0, "{line}");
    assert_eq!(
        line["span"],
        json!({ "name": "request", "request_id": "test-log-1" }),
        "{line}"
    );
    assert_eq!(line["target"], "territoires::http::request_log", "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn internal_errors_quote_the_request_id_and_nothing_else() {
    let Some(database) = TestDatabase::create(Backend::Postgres).await.map(Arc::new) else {
        return;
    };
    let proxy = Proxy::start(Proxy::target_of(database.url())).await;
    let server =
        TestServer::serve_through(Arc::clone(&database), &proxy.url_for(database.url())).await;
    server.data("{ plans { slug } }", json!({})).await;

    proxy.cut();
    let unhealthy = eventually(Duration::from_secs(10), async || {
        let health = server.health().await;
        health.status() == 503
    })
    .await;
    assert!(
        unhealthy,
        "/health must answer 503 while the database is unreachable"
    );
    let response = post_with_headers(
        &server,
        &[("x-request-id", "internal-1")],
        &query_body("{ regions { name } }"),
    )
    .await;
    assert_eq!(request_id(&response), "internal-1");
    let body: Value = response.json().await.unwrap();
    let errors = body["errors"].as_array().expect("errors");
    assert!(!errors.is_empty(), "{body}");
    for error in errors {
        assert_eq!(
            error["extensions"],
            json!({ "code": "INTERNAL", "requestId": "internal-1" }),
            "{error}"
        );
        assert_eq!(
            error["message"],
            "Internal error: the request could not be completed (request id internal-1)"
        );
    }
    proxy.restore();
}

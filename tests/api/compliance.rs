//! GraphQL over HTTP: the graphql-http audit suite, and the status codes of refusals.

use serde_json::{Value, json};

use crate::support::{Backend, TestServer, node};

/// The audit suite's version, pinned so that a new audit cannot break the build unannounced.
const GRAPHQL_HTTP: &str = "graphql-http@1.23.1";
const GRAPHQL: &str = "graphql@16.15.0";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passes_the_graphql_http_audit() {
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    let installed = tokio::task::spawn_blocking(|| {
        node::install("graphql-http-audit", &[GRAPHQL_HTTP, GRAPHQL], "audit.mjs")
    });
    let Some(script) = installed.await.unwrap() else {
        return;
    };
    let url = server.url("/graphql");
    let output = tokio::process::Command::new("node")
        .arg(script)
        .arg(url)
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    eprintln!("graphql-http audit: {}", report["counts"]);
    assert_eq!(report["failures"], json!([]), "{report:#}");
    for level in ["MUST", "SHOULD", "MAY"] {
        let passed = report["counts"][level]["ok"].as_u64().unwrap_or(0);
        assert!(passed > 0, "no {level} audit ran: {report}");
    }
}

async fn status_codes_say_what_was_refused(server: TestServer) {
    let client = &server.client;
    let graphql = server.url("/graphql");

    let form = client
        .post(&graphql)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("query=%7Bplans%7Bslug%7D%7D")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415, "a browser form must not reach the API");

    let mutation = client
        .get(&graphql)
        .query(&[("query", "mutation { recordIndicatorValue(input: {indicatorId: \"x\", value: \"1\", asOf: \"2019-01-01\"}) { replayed } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), 405);
    assert_eq!(mutation.headers()["allow"], "POST");

    let xml = client
        .post(&graphql)
        .header("accept", "application/xml")
        .json(&json!({ "query": "{ plans { slug } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 406);

    let invalid = client
        .post(&graphql)
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": "{ plans { population } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 400);
    assert!(
        invalid.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/graphql-response+json")
    );
    let body: Value = invalid.json().await.unwrap();
    assert!(
        body.get("data").is_none(),
        "a request error has no data: {body}"
    );

    let legacy = client
        .post(&graphql)
        .header("accept", "application/json")
        .json(&json!({ "query": "{ plans { population } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        legacy.status(),
        200,
        "application/json clients get 200 for validation errors"
    );
}

async fn refuses_a_body_over_one_mebibyte_even_chunked(server: TestServer) {
    let big = format!(
        "{{\"query\": \"{{ plans {{ slug }} }}\", \"extensions\": {{\"padding\": \"{}\"}}}}",
        "x".repeat(1024 * 1024)
    );
    let sized = server
        .client
        .post(server.url("/graphql"))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(sized.status(), 413);
    let chunks = futures_util::stream::iter(
        big.into_bytes()
            .chunks(64 * 1024)
            .map(|chunk| Ok::<_, std::io::Error>(chunk.to_vec()))
            .collect::<Vec<_>>(),
    );
    let chunked = server
        .client
        .post(server.url("/graphql"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(
        chunked.status(),
        413,
        "a chunked body has no Content-Length, and is still limited"
    );
    let health = server.health().await;
    assert_eq!(health.status(), 200);
}

on_both_backends!(
    status_codes_say_what_was_refused,
    refuses_a_body_over_one_mebibyte_even_chunked
);

//! Rate limits on `/graphql`: per client address for anonymous requests and per token
//! otherwise; 429 with `Retry-After` and a RATE_LIMITED error beyond; off by default.

use serde_json::{Value, json};
use territoires::config::{HttpOptions, Limits};

use super::query_body;
use crate::support::{Backend, TestServer};

/// Sends a query to `server` on a new connection, as separate `curl` runs do, with
/// `authorization` if given; returns the response.
async fn query_once(server: &TestServer, authorization: Option<&str>) -> reqwest::Response {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut request = client
        .post(server.url("/graphql"))
        .json(&query_body("{ plans { slug } }"));
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    request.send().await.unwrap()
}

/// Checks that `response` answered the query.
async fn assert_answered(response: reqwest::Response) {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["data"]["plans"][0]["slug"], "iq-ovt-2018-2020",
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sixth_request_in_a_minute_is_refused_with_retry_after() {
    let options = HttpOptions {
        rate_limit: 5,
        ..HttpOptions::default()
    };
    let server = TestServer::start_configured(Backend::Sqlite, Limits::default(), options)
        .await
        .unwrap();
    let reader = server.token("reader", "rate-limited").await;
    for _ in 0..5 {
        assert_answered(query_once(&server, None).await).await;
    }
    let refused = query_once(&server, None).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After is a number of seconds");
    // Five a minute: a request comes back every 12 s.
    assert!((1..=12).contains(&retry_after), "{retry_after}");
    assert!(
        refused.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "errors": [{
            "message": format!("too many requests: at most 5 per minute are allowed; retry in {retry_after} s"),
            "extensions": { "code": "RATE_LIMITED" },
        }] })
    );

    // Another client, a token, has requests of its own.
    assert_answered(query_once(&server, Some(&format!("Bearer {reader}"))).await).await;
    // Only /graphql is limited.
    let health = server.health().await;
    assert_eq!(health.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_rate_limit_quick_requests_all_pass() {
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    for _ in 0..20 {
        assert_answered(query_once(&server, None).await).await;
    }
}

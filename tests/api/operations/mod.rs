//! Operating the server: WebSocket limits and connection caps, graceful shutdown, metrics, request ids and logs,
//! CORS, rate limits, and a fuzz of the WebSocket protocol.

mod cors;
mod metrics;
mod rate_limit;
mod request_ids;
mod shutdown;
mod websocket_caps;
mod websocket_fuzz;
mod websocket_limits;

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::TestServer;

/// A subscription to every value recorded, answering little.
pub const EVERY_VALUE: &str = "subscription { indicatorValueRecorded { cursor value { value } } }";

/// POSTs `body` to `/graphql` with `headers` added, and returns the whole response.
pub async fn post_with_headers(
    server: &TestServer,
    headers: &[(&str, &str)],
    body: &Value,
) -> reqwest::Response {
    let mut request = server.client.post(server.url("/graphql")).json(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request sent")
}

/// The text of `/metrics`.
pub async fn metrics_text(server: &TestServer) -> String {
    let response = server
        .client
        .get(server.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(response.status(), 200);
    response.text().await.expect("text")
}

/// The value of the series `series` (its name and labels, exactly as printed) in the
/// Prometheus text `metrics`, if present.
pub fn series(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|line| {
        let value = line.strip_prefix(series)?.strip_prefix(' ')?;
        Some(value.parse().expect("a number"))
    })
}

/// Polls `condition` every 50 ms for up to `timeout`; whether it came true.
pub async fn eventually<F: AsyncFnMut() -> bool>(timeout: Duration, mut condition: F) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if condition().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    condition().await
}

/// A GraphQL request body for `query`, with no variables.
pub fn query_body(query: &str) -> Value {
    json!({ "query": query })
}

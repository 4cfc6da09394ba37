//! `/metrics`: requests by operation and outcome, the latency histogram, WebSocket and
//! subscription gauges, delivered events and the database pool.

use std::time::Duration;

use serde_json::json;

use super::{EVERY_VALUE, eventually, metrics_text, series};
use crate::support::{PATIENCE, TestServer};
use crate::values::{RECORD, input, record};

/// The sum of every `territoires_requests_total` series.
fn requests_total(metrics: &str) -> f64 {
    metrics
        .lines()
        .filter(|line| line.starts_with("territoires_requests_total{"))
        .map(|line| {
            line.rsplit(' ')
                .next()
                .and_then(|value| value.parse::<f64>().ok())
                .expect("a count")
        })
        .sum()
}

/// The latency histogram's buckets, in the order printed.
fn latency_buckets(metrics: &str) -> Vec<(String, f64)> {
    metrics
        .lines()
        .filter_map(|line| line.strip_prefix("territoires_request_duration_seconds_bucket{le=\""))
        .map(|rest| {
            let (bound, count) = rest.split_once("\"} ").expect("a bucket line");
            (bound.to_owned(), count.parse().expect("a count"))
        })
        .collect()
}

async fn counts_requests_sockets_subscriptions_and_events(server: TestServer) {
    let editor = server.token("editor", "metrics").await;
    let indicator = server.indicator_id(2).await;
    for _ in 0..3 {
        server.data("{ plans { slug } }", json!({})).await;
    }
    let refused = server
        .error(
            RECORD,
            json!({ "input": input(&indicator, "5", "2019-01-31") }),
        )
        .await;
    assert_eq!(refused["extensions"]["code"], "UNAUTHENTICATED");
    let mut socket = server.websocket(None).await;
    socket.subscribe("watch", EVERY_VALUE, json!({})).await;
    record(&server, &editor, input(&indicator, "6", "2019-02-28")).await;
    let event = socket.next_event(PATIENCE).await;
    assert_eq!(event["indicatorValueRecorded"]["value"]["value"], "6");

    let metrics = metrics_text(&server).await;
    let value =
        |name: &str| series(&metrics, name).unwrap_or_else(|| panic!("no {name}: {metrics}"));
    // `indicator_id` and the three `data` calls are the queries made.
    assert!(value("territoires_requests_total{operation=\"query\",outcome=\"ok\"}") >= 4.0);
    assert_eq!(
        value("territoires_requests_total{operation=\"mutation\",outcome=\"UNAUTHENTICATED\"}"),
        1.0
    );
    assert_eq!(
        value("territoires_requests_total{operation=\"mutation\",outcome=\"ok\"}"),
        1.0
    );
    // The WebSocket's upgrade is a request to /graphql too, answered 101.
    assert_eq!(
        value("territoires_requests_total{operation=\"graphql\",outcome=\"ok\"}"),
        1.0
    );

    // Every request answered is in the histogram, once, in each bucket its duration fits.
    let count = value("territoires_request_duration_seconds_count");
    assert!(count >= 7.0, "{count} requests in the histogram");
    assert_eq!(count, requests_total(&metrics));
    let buckets = latency_buckets(&metrics);
    assert_eq!(buckets.len(), 13, "{buckets:?}");
    assert_eq!(buckets.last(), Some(&("+Inf".to_owned(), count)));
    assert!(
        buckets.windows(2).all(|pair| pair[0].1 <= pair[1].1),
        "buckets are cumulative: {buckets:?}"
    );
    assert!(value("territoires_request_duration_seconds_sum") > 0.0);

    assert_eq!(value("territoires_websocket_connections"), 1.0);
    assert_eq!(value("territoires_subscriptions"), 1.0);
    assert_eq!(value("territoires_events_delivered_total"), 1.0);
    assert_eq!(value("territoires_db_pool_max_connections"), 10.0);
    let open = value("territoires_db_pool_connections");
    let idle = value("territoires_db_pool_idle_connections");
    assert!(
        (1.0..=10.0).contains(&open) && idle <= open,
        "{open} open, {idle} idle"
    );
    for help in [
        "# TYPE territoires_requests_total counter",
        "# TYPE territoires_request_duration_seconds histogram",
        "# TYPE territoires_websocket_connections gauge",
        "# TYPE territoires_subscriptions gauge",
        "# TYPE territoires_events_delivered_total counter",
        "# TYPE territoires_db_pool_connections gauge",
    ] {
        assert!(metrics.contains(help), "no {help:?}");
    }

    socket.close().await;
    let gauges = async || {
        let metrics = metrics_text(&server).await;
        (
            series(&metrics, "territoires_websocket_connections"),
            series(&metrics, "territoires_subscriptions"),
        )
    };
    let settled = eventually(Duration::from_secs(10), async || {
        gauges().await == (Some(0.0), Some(0.0))
    })
    .await;
    assert!(
        settled,
        "gauges after the socket closed: {:?}",
        gauges().await
    );
}

on_both_backends!(counts_requests_sockets_subscriptions_and_events);

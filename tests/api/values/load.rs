//! Many writers and many subscribers at once: every subscriber receives every event exactly
//! once, in the same order. Also prints (never asserts) how long a value takes to reach them.
//! And a subscriber too slow for its queue is caught up from the store, losing nothing.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::{event_number, in_region, input, record};
use crate::support::{PATIENCE, TestDatabase, TestServer};

const WRITERS: u64 = 8;
const VALUES_PER_WRITER: u64 = 10;
const EVENTS: usize = 80;
const SUBSCRIBERS: usize = 50;
/// The whole test, connections included, must end within this.
const BOUND: Duration = Duration::from_secs(30);

/// A light subscription: what a dashboard needs to tell events apart.
const LIGHT: &str = "subscription { indicatorValueRecorded { cursor value { id value } } }";

/// What a subscriber saw: the load's events, then the extra value and when it arrived.
struct Seen {
    extra: Value,
    extra_at: Instant,
}

/// The event number and value id of each event, in order.
fn numbered(events: &[Value]) -> Vec<(i64, String)> {
    events
        .iter()
        .map(|event| {
            let event = &event["indicatorValueRecorded"];
            let id = event["value"]["id"]
                .as_str()
                .expect("a value id")
                .to_owned();
            (event_number(&event["cursor"]), id)
        })
        .collect()
}

/// Milliseconds from `start` to `end`, negative when `end` came first.
fn millis_between(start: Instant, end: Instant) -> f64 {
    match end.checked_duration_since(start) {
        Some(after) => after.as_secs_f64() * 1000.0,
        None => -(start.duration_since(end).as_secs_f64() * 1000.0),
    }
}

/// The median and the largest of `samples`.
fn median_and_worst(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let middle = samples.len() / 2;
    let median = if samples.len().is_multiple_of(2) {
        (samples[middle - 1] + samples[middle]) / 2.0
    } else {
        samples[middle]
    };
    (median, samples[samples.len() - 1])
}

/// 8 writers, 50 subscribers: all 80 events reach each subscriber once, in one order.
async fn fans_out_concurrent_writes_to_fifty_subscribers(server: TestServer) {
    tokio::time::timeout(BOUND, fan_out(server))
        .await
        .expect("the load is served within 30 s");
}

/// The load test proper, bounded by [`BOUND`].
async fn fan_out(server: TestServer) {
    let editor = server.token("editor", "load").await;
    let indicator = server.indicator_id(3).await;

    // Every subscriber is connected, and its subscription taken, before the first write.
    let sockets = futures_util::future::join_all((0..SUBSCRIBERS).map(|_| async {
        let mut socket = server.websocket(None).await;
        socket.subscribe("load", LIGHT, json!({})).await;
        socket
    }))
    .await;
    let mut loads = Vec::new();
    let mut subscribers = Vec::new();
    for mut socket in sockets {
        let (load_sender, load) = oneshot::channel();
        loads.push(load);
        subscribers.push(tokio::spawn(async move {
            let mut events = Vec::with_capacity(EVENTS);
            for _ in 0..EVENTS {
                events.push(socket.next_event(PATIENCE).await);
            }
            let _ = load_sender.send(events);
            let extra = socket.next_event(PATIENCE).await;
            let extra_at = Instant::now();
            socket.expect_silence(Duration::from_millis(300)).await;
            socket.close().await;
            Seen { extra, extra_at }
        }));
    }

    let server = Arc::new(server);
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (server, editor, indicator) =
                (Arc::clone(&server), editor.clone(), indicator.clone());
            tokio::spawn(async move {
                let mut ids = Vec::new();
                let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
                for n in 0..VALUES_PER_WRITER {
                    let as_of = start.checked_add_days(Days::new(n)).unwrap().to_string();
                    let figure = (writer * 100 + n).to_string();
                    let region = i32::try_from(writer).unwrap() + 1;
                    let sent = in_region(input(&indicator, &figure, &as_of), region);
                    let recorded = record(&server, &editor, sent).await;
                    ids.push(recorded["value"]["id"].as_str().unwrap().to_owned());
                }
                ids
            })
        })
        .collect();
    let mut recorded = HashSet::new();
    for writer in futures_util::future::join_all(writers).await {
        recorded.extend(writer.unwrap());
    }
    assert_eq!(recorded.len(), EVENTS);

    let mut first_order: Option<Vec<(i64, String)>> = None;
    for (index, load) in loads.into_iter().enumerate() {
        let Ok(events) = load.await else {
            let failure = subscribers.remove(index).await.err();
            panic!("subscriber {index} stopped: {failure:?}");
        };
        let order = numbered(&events);
        assert!(
            order.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "subscriber {index}: event numbers not strictly increasing: {order:?}"
        );
        let ids: HashSet<String> = order.iter().map(|(_, id)| id.clone()).collect();
        assert_eq!(ids, recorded, "subscriber {index}: each event exactly once");
        match &first_order {
            None => first_order = Some(order),
            Some(first) => assert_eq!(&order, first, "subscriber {index}: another order"),
        }
    }

    // One more value, once every subscriber has the load: how long until each receives it?
    let sent_at = Instant::now();
    let extra = record(
        &server,
        &editor,
        in_region(input(&indicator, "9999", "2019-03-31"), 9),
    )
    .await;
    let responded_at = Instant::now();
    let mut from_response = Vec::new();
    let mut from_request = Vec::new();
    for subscriber in subscribers {
        let seen = subscriber.await.unwrap();
        assert_eq!(
            seen.extra["indicatorValueRecorded"]["value"]["id"],
            extra["value"]["id"]
        );
        from_response.push(millis_between(responded_at, seen.extra_at));
        from_request.push(millis_between(sent_at, seen.extra_at));
    }
    let (median, worst) = median_and_worst(from_response);
    let (median_sent, worst_sent) = median_and_worst(from_request);
    let backend = match *server.database {
        TestDatabase::Sqlite { .. } => "SQLite",
        TestDatabase::Postgres { .. } => "PostgreSQL",
    };
    eprintln!(
        "{backend}: latency to {SUBSCRIBERS} subscribers, from the mutation's HTTP response: \
         median {median:.2} ms, worst {worst:.2} ms (negative: received before the response); \
         from the request: median {median_sent:.2} ms, worst {worst_sent:.2} ms"
    );
}

/// A subscriber that stops reading over 3,000 events still gets each once, in order.
async fn catches_up_a_subscriber_that_fell_behind(server: TestServer) {
    let editor = server.token("editor", "bulk").await;
    let indicator = server.indicator_id(3).await;
    // Each event repeats a 1,500-character note twenty times: a subscriber that does not read
    // fills its TCP buffers within some hundreds of events, then its queue of 1,024 events
    // overflows (twice, over 3,000 events), and it must be caught up from the store. Batches
    // of 500 keep each request under the 1 MiB body limit.
    let notes: String = (0..20).map(|n| format!("n{n}: note ")).collect();
    let heavy = format!(
        "subscription {{ indicatorValueRecorded {{ cursor value {{ id value {notes} }} }} }}"
    );
    let mut socket = server.websocket(None).await;
    socket.subscribe("slow", &heavy, json!({})).await;

    let note = "x".repeat(1500);
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let mut recorded = Vec::new();
    for batch in 0..6_u64 {
        let inputs: Value = (0..500_u64)
            .map(|n| {
                let day = batch * 500 + n;
                let as_of = start.checked_add_days(Days::new(day)).unwrap().to_string();
                let mut sent = input(&indicator, &day.to_string(), &as_of);
                sent["note"] = json!(note);
                sent
            })
            .collect();
        let body = server
            .post_as(&editor, super::RECORD_BATCH, json!({ "inputs": inputs }))
            .await;
        let values = body["data"]["recordIndicatorValues"]
            .as_array()
            .unwrap_or_else(|| panic!("{body:#}"));
        recorded.extend(values.iter().map(|payload| payload["value"]["id"].clone()));
    }
    let mut numbers = Vec::new();
    let mut ids = Vec::new();
    for _ in 0..recorded.len() {
        let event = socket.next_event(PATIENCE).await;
        numbers.push(event_number(&event["indicatorValueRecorded"]["cursor"]));
        ids.push(event["indicatorValueRecorded"]["value"]["id"].clone());
    }
    assert!(
        numbers.windows(2).all(|pair| pair[0] < pair[1]),
        "{numbers:?}"
    );
    assert_eq!(ids, recorded, "every event once, in commit order");
    socket.expect_silence(Duration::from_millis(300)).await;
}

on_both_backends!(
    fans_out_concurrent_writes_to_fifty_subscribers,
    catches_up_a_subscriber_that_fell_behind,
);

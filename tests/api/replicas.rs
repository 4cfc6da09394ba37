//! PostgreSQL with several replicas: one-time set-up, outages, reconnection.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::support::proxy::Proxy;
use crate::support::{Backend, PATIENCE, TestDatabase, TestServer};

/// A fresh PostgreSQL database, or `None` (the test then says it skipped).
async fn postgres() -> Option<Arc<TestDatabase>> {
    TestDatabase::create(Backend::Postgres).await.map(Arc::new)
}

/// The first column of the first row of `sql`, run directly on the database.
async fn scalar(database: &TestDatabase, sql: &str) -> i64 {
    let db = sea_orm::Database::connect(database.url()).await.unwrap();
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    let value = row.try_get_by_index::<i64>(0).unwrap();
    db.close().await.unwrap();
    value
}

/// Polls `condition` every 100 ms for up to `seconds`.
async fn eventually<F: AsyncFnMut() -> bool>(seconds: u64, mut condition: F) -> bool {
    for _ in 0..seconds * 10 {
        if condition().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_together_migrate_and_seed_once() {
    let Some(database) = postgres().await else {
        return;
    };
    let starts = (0..3).map(|_| TestServer::serve(Arc::clone(&database)));
    let replicas = futures_util::future::join_all(starts).await;
    for replica in &replicas {
        let data = replica
            .data(
                "{ plans { slug } regions { number } priorities { number } actions { number } }",
                json!({}),
            )
            .await;
        assert_eq!(data["plans"].as_array().unwrap().len(), 1);
        assert_eq!(data["regions"].as_array().unwrap().len(), 18);
        assert_eq!(data["priorities"].as_array().unwrap().len(), 37);
        assert_eq!(data["actions"].as_array().unwrap().len(), 6);
    }
    assert_eq!(scalar(&database, "SELECT COUNT(*) FROM plan").await, 1);
    assert_eq!(scalar(&database, "SELECT COUNT(*) FROM region").await, 18);
    let migrations = scalar(&database, "SELECT COUNT(*) FROM seaql_migrations").await;
    let distinct = scalar(
        &database,
        "SELECT COUNT(DISTINCT version) FROM seaql_migrations",
    )
    .await;
    assert_eq!(migrations, distinct);
    assert!(migrations >= 13, "{migrations} migrations recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_is_reported_and_service_resumes() {
    let Some(database) = postgres().await else {
        return;
    };
    let proxy = Proxy::start(Proxy::target_of(database.url())).await;
    let server =
        TestServer::serve_through(Arc::clone(&database), &proxy.url_for(database.url())).await;
    let health = || async { server.health().await.status().as_u16() };
    assert_eq!(health().await, 200);

    proxy.cut();
    assert!(
        eventually(10, async || health().await == 503).await,
        "/health must answer 503 while the database is unreachable"
    );
    let body = server.post("{ regions { name } }", json!({})).await;
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "INTERNAL", "{body}");
    let message = error["message"].as_str().unwrap().to_lowercase();
    for detail in [
        "sql",
        "postgres",
        "127.0.0.1",
        "connection",
        "pool",
        "tcp",
        "select",
    ] {
        assert!(
            !message.contains(detail),
            "the message leaks {detail:?}: {message}"
        );
    }

    proxy.restore();
    assert!(
        eventually(15, async || health().await == 200).await,
        "/health must recover without a restart"
    );
    let data = server
        .data("{ region(number: 1) { name } }", json!({}))
        .await;
    assert_eq!(data["region"]["name"], "Abitibi-Témiscamingue");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_after_its_connections_are_terminated() {
    let Some(database) = postgres().await else {
        return;
    };
    let server = TestServer::serve(Arc::clone(&database)).await;
    assert_eq!(
        server
            .data("{ region(number: 2) { name } }", json!({}))
            .await["region"]["name"],
        "Bas-Saint-Laurent"
    );
    let terminated = scalar(
        &database,
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .await;
    assert!(terminated >= 1, "the server's connections were terminated");
    let answered = eventually(10, async || {
        let body: Value = server
            .post("{ region(number: 2) { name } }", json!({}))
            .await;
        body["data"]["region"]["name"] == "Bas-Saint-Laurent"
    })
    .await;
    assert!(answered, "the server must reconnect by itself");
}

/// A light subscription to every value recorded.
const EVERY_VALUE: &str = "subscription { indicatorValueRecorded { cursor value { id value } } }";

/// The event number and figure of `event`.
fn numbered(event: &Value) -> (i64, String) {
    let event = &event["indicatorValueRecorded"];
    (
        crate::values::event_number(&event["cursor"]),
        event["value"]["value"].as_str().unwrap().to_owned(),
    )
}

/// A day of 2018 for the `index`-th value of a test, so that every value has its own date.
fn day(index: u64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2018, 4, 1).unwrap() + chrono::Days::new(index)).to_string()
}

/// Milliseconds between two instants.
fn millis(from: tokio::time::Instant, to: tokio::time::Instant) -> f64 {
    to.saturating_duration_since(from).as_secs_f64() * 1000.0
}

/// A delivery bound that only `NOTIFY` meets: without it, another replica's values reach
/// subscribers with the broker's poll, once a second, so a value recorded right after the
/// previous one was delivered waits most of a second.
const NOTIFIED_MEDIAN_MS: f64 = 300.0;

/// Records `count` values through `writer`, each once the previous one has reached a
/// subscriber of `reader`, and returns the delays, in milliseconds, from each mutation's
/// response to the event's arrival; the events must arrive in order, none lost.
async fn delivery_delays(writer: &TestServer, reader: &TestServer, count: u64) -> Vec<f64> {
    let editor = writer.token("editor", "replicas").await;
    let indicator = writer.indicator_id(3).await;
    let mut socket = reader.websocket(None).await;
    socket.subscribe("all", EVERY_VALUE, json!({})).await;
    let mut delays = Vec::new();
    for index in 0..count {
        let figure = (100 + index).to_string();
        crate::values::record(
            writer,
            &editor,
            crate::values::input(&indicator, &figure, &day(index)),
        )
        .await;
        let answered = tokio::time::Instant::now();
        let event = socket.next_event(PATIENCE).await;
        delays.push(millis(answered, tokio::time::Instant::now()));
        assert_eq!(
            numbered(&event).1,
            figure,
            "events arrive in the order they were recorded, none lost"
        );
    }
    socket.expect_silence(Duration::from_millis(200)).await;
    delays.sort_by(f64::total_cmp);
    delays
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_recorded_through_one_replica_reaches_subscribers_of_the_other() {
    let Some(database) = postgres().await else {
        return;
    };
    let writer = TestServer::serve(Arc::clone(&database)).await;
    let reader = writer.replica().await;
    let delays = delivery_delays(&writer, &reader, 20).await;
    let (median, worst) = (delays[delays.len() / 2], delays[delays.len() - 1]);
    eprintln!(
        "cross-replica delivery, from the mutation's response on A to the subscriber on B: median {median:.2} ms, worst {worst:.2} ms"
    );
    assert!(
        median < NOTIFIED_MEDIAN_MS,
        "NOTIFY must bring another replica's values at once (median {median:.0} ms; the one-second poll alone gives ~1,000)"
    );
}

/// The bound above discriminates: on a replica that does not `LISTEN`, values still arrive,
/// by the poll, in order and none lost, but slower than the bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_notifications_values_arrive_by_the_poll_slower_than_notify() {
    let Some(database) = postgres().await else {
        return;
    };
    let writer = TestServer::serve(Arc::clone(&database)).await;
    let mut args = territoires::config::DatabaseArgs::new(database.url());
    args.pg_listen = false;
    let reader = TestServer::serve_with(
        Arc::clone(&database),
        &args,
        &territoires::config::Limits::default(),
        &territoires::config::HttpOptions::default(),
    )
    .await;
    let delays = delivery_delays(&writer, &reader, 6).await;
    let median = delays[delays.len() / 2];
    eprintln!("cross-replica delivery without LISTEN (the poll only): median {median:.2} ms");
    assert!(
        median > NOTIFIED_MEDIAN_MS,
        "without NOTIFY, delivery waits for the poll (median {median:.0} ms)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_order_holds_with_writers_on_two_replicas() {
    let Some(database) = postgres().await else {
        return;
    };
    let first = TestServer::serve(Arc::clone(&database)).await;
    let second = first.replica().await;
    let editor = first.token("editor", "two-sides").await;
    let indicator = first.indicator_id(3).await;
    let mut sockets = Vec::new();
    for replica in [&first, &second, &first, &second] {
        let mut socket = replica.websocket(None).await;
        socket.subscribe("all", EVERY_VALUE, json!({})).await;
        sockets.push(socket);
    }
    const WRITERS: u64 = 6;
    const EACH: u64 = 8;
    let writes = (0..WRITERS).map(|writer| {
        let (server, editor, indicator) = (
            if writer % 2 == 0 { &first } else { &second },
            editor.clone(),
            indicator.clone(),
        );
        async move {
            for index in 0..EACH {
                let number = writer * EACH + index;
                crate::values::record(
                    server,
                    &editor,
                    crate::values::input(&indicator, &number.to_string(), &day(number)),
                )
                .await;
            }
        }
    });
    futures_util::future::join_all(writes).await;
    let mut orders = Vec::new();
    for socket in &mut sockets {
        let mut seen = Vec::new();
        for _ in 0..WRITERS * EACH {
            seen.push(numbered(&socket.next_event(PATIENCE).await));
        }
        assert!(
            seen.windows(2).all(|pair| pair[0].0 < pair[1].0),
            "event numbers must only grow: {seen:?}"
        );
        orders.push(seen);
    }
    assert!(
        orders.windows(2).all(|pair| pair[0] == pair[1]),
        "every subscriber sees the same events in the same order"
    );
    let figures: std::collections::HashSet<&String> =
        orders[0].iter().map(|(_, figure)| figure).collect();
    assert_eq!(figures.len() as u64, WRITERS * EACH, "each event once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_get_what_was_recorded_while_connections_were_terminated() {
    let Some(database) = postgres().await else {
        return;
    };
    let subscribed = TestServer::serve(Arc::clone(&database)).await;
    let other = subscribed.replica().await;
    let editor = other.token("editor", "fault").await;
    let indicator = other.indicator_id(3).await;
    let mut socket = subscribed.websocket(None).await;
    socket.subscribe("all", EVERY_VALUE, json!({})).await;
    crate::values::record(
        &other,
        &editor,
        crate::values::input(&indicator, "1", &day(0)),
    )
    .await;
    assert_eq!(numbered(&socket.next_event(PATIENCE).await).1, "1");

    scalar(
        &database,
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .await;
    let mut recorded = Vec::new();
    for index in 1..=5_u64 {
        let figure = (index + 1).to_string();
        // The writer's own pool may need a moment to replace its terminated connections.
        let stored = eventually(10, async || {
            let body = other
                .post_as(
                    &editor,
                    crate::values::RECORD,
                    json!({ "input": crate::values::input(&indicator, &figure, &day(index)) }),
                )
                .await;
            body.get("errors").is_none()
        })
        .await;
        assert!(stored, "the writer must recover by itself");
        recorded.push(figure);
    }
    let mut received = Vec::new();
    for _ in 0..recorded.len() {
        received.push(numbered(&socket.next_event(PATIENCE).await).1);
    }
    assert_eq!(
        received, recorded,
        "every value recorded meanwhile arrives, once, in order"
    );
    socket.expect_silence(Duration::from_millis(500)).await;
}

//! PostgreSQL with several replicas: one-time set-up, outages, reconnection.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::support::proxy::Proxy;
use crate::support::{Backend, TestDatabase, TestServer};

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
    let health = || async {
        server
            .client
            .get(server.url("/health"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
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

//! The store itself refuses to change or delete a value or an event, whoever asks.

use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::json;

use super::{input, record, rows};
use crate::support::TestServer;

/// UPDATE, DELETE (and TRUNCATE on PostgreSQL) sent to the database itself fail on both
/// tables; the value stays.
async fn the_database_refuses_updates_and_deletes(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    record(&server, &editor, input(&indicator, "500", "2019-01-31")).await;

    let db = sea_orm::Database::connect(server.database.url())
        .await
        .expect("the test database opens");
    let mut statements = vec![
        "UPDATE indicator_value SET value = '1'",
        "DELETE FROM indicator_value",
        "UPDATE indicator_event SET value_id = value_id",
        "DELETE FROM indicator_event",
    ];
    if db.get_database_backend() == DatabaseBackend::Postgres {
        statements.extend([
            "TRUNCATE indicator_event",
            "TRUNCATE indicator_value CASCADE",
        ]);
    }
    for statement in statements {
        let error = db
            .execute_unprepared(statement)
            .await
            .expect_err(statement)
            .to_string();
        assert!(error.contains("append-only"), "{statement}: {error}");
    }
    let _ = db.close().await;

    assert_eq!(rows(&server, "indicator_value").await, 1);
    assert_eq!(rows(&server, "indicator_event").await, 1);
    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator {
                latest { value revision } values { totalCount } } } }",
            json!({ "id": indicator }),
        )
        .await;
    assert_eq!(
        data["node"],
        json!({ "latest": { "value": "500", "revision": 1 }, "values": { "totalCount": 1 } })
    );
}

on_both_backends!(the_database_refuses_updates_and_deletes);

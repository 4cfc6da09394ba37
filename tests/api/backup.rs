//! `territoires backup`: a consistent copy of a live SQLite database, served as it was.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::support::sqlite::SqliteFile;
use crate::support::writes::{Outcome, count_indicator, editor_token, record_value, territoires};
use crate::support::{Backend, TestDatabase, TestServer};

/// What a server says of an indicator's values.
const SNAPSHOT: &str = "query($id: ID!) { node(id: $id) { ... on Indicator { \
    latest { id value asOf revision } \
    values(includeSuperseded: true) { totalCount } } } }";

/// Records `value` on `asOf` for all of Québec, and panics unless it is recorded.
async fn record(server: &TestServer, token: &str, indicator: &str, value: u32, as_of: &str) {
    let input = json!({ "indicatorId": indicator, "value": value.to_string(), "asOf": as_of });
    match record_value(&server.client, &server.base, token, input).await {
        Outcome::Recorded(recorded) => assert_eq!(recorded["value"], value.to_string()),
        Outcome::Refused(body) => panic!("the write was refused: {body}"),
        Outcome::Lost(error) => panic!("the write got no answer: {error}"),
    }
}

async fn snapshot(server: &TestServer, indicator: &str) -> Value {
    server.data(SNAPSHOT, json!({ "id": indicator })).await["node"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_a_live_database_and_never_overwrites() {
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    let token = editor_token(server.database.url(), "backup-test");
    let indicator = count_indicator(&server.client, &server.base).await;
    // Two dates, three revisions each.
    for value in 0..6 {
        let as_of = if value < 3 {
            "2018-06-30"
        } else {
            "2018-09-30"
        };
        record(&server, &token, &indicator, value, as_of).await;
    }
    let before = snapshot(&server, &indicator).await;
    assert_eq!(before["values"]["totalCount"], 6);
    assert_eq!(before["latest"]["value"], "5");

    // A quote in the name: the path must reach SQLite quoted, not as SQL.
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("copie d'avant.db");
    let path = file.to_str().unwrap();
    let output = territoires(&["backup", path, "--database-url", server.database.url()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "backup failed: {stderr}");
    assert!(stderr.contains("backed up"), "{stderr}");

    // Written after the backup: the copy must not have it.
    record(&server, &token, &indicator, 99, "2018-12-31").await;

    let copy_url = format!("sqlite://{path}?mode=rwc");
    let copy = TestServer::serve(Arc::new(TestDatabase::Sqlite {
        url: copy_url,
        _directory: directory,
    }))
    .await;
    assert_eq!(snapshot(&copy, &indicator).await, before);
    let sqlite = SqliteFile::open(&file).await;
    assert_eq!(sqlite.check_event_log().await, 6, "six values and events");
    assert_eq!(sqlite.integrity().await, "ok");
    sqlite.close().await;

    let again = territoires(&["backup", path, "--database-url", server.database.url()]);
    assert!(
        !again.status.success(),
        "a second backup onto the copy must fail"
    );
    let message = String::from_utf8_lossy(&again.stderr);
    assert!(message.contains("exists already"), "{message}");
    assert!(
        message.contains(path),
        "the message names the file: {message}"
    );
    assert_eq!(
        snapshot(&copy, &indicator).await,
        before,
        "the copy is untouched"
    );
}

#[test]
fn backup_refuses_postgresql_and_points_at_pg_dump() {
    // Refused before connecting: no server needs to listen there.
    let output = territoires(&[
        "backup",
        "territoires.dump",
        "--database-url",
        "postgres://nobody@127.0.0.1:1/territoires",
    ]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("pg_dump --format=custom"), "{message}");
}

#[test]
fn backup_refuses_a_missing_database() {
    let directory = tempfile::tempdir().unwrap();
    let missing = directory.path().join("missing.db");
    let url = format!("sqlite://{}?mode=rwc", missing.display());
    let target = directory.path().join("copy.db");
    let output = territoires(&["backup", target.to_str().unwrap(), "--database-url", &url]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("no database at"), "{message}");
    assert!(!missing.exists(), "the missing database is not created");
    assert!(!target.exists(), "no backup is written");
}

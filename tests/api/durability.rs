//! Crash safety on SQLite: the real binary is killed with SIGKILL while clients write, again
//! and again on one database file. After every restart each write the server acknowledged is
//! there, the event log has no hole and the file passes `PRAGMA integrity_check`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use serde_json::json;

use crate::support::process::ServerProcess;
use crate::support::sqlite::SqliteFile;
use crate::support::writes::{Outcome, count_indicator, editor_token, post_graphql, record_value};

/// How many times the server is killed.
const CYCLES: u64 = 20;
/// How many clients write at once.
const CLIENTS: u32 = 4;

/// A write the server acknowledged: the value it returned.
#[derive(Clone, Debug, PartialEq)]
struct Ack {
    id: String,
    value: String,
    note: String,
}

/// A client that gives up on a request after 10 s, so that a stuck server fails the test
/// instead of hanging it. A new one per server, so no connection to a dead one is reused.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Writes one value per request until a request gets no answer because the server was
/// killed (`killed` is set just before), and returns the acknowledged writes and the number
/// of requests sent. Writer `writer`'s `i`-th write records `writer * 100000 + i`, so each is
/// identifiable.
async fn write_until_killed(
    killed: Arc<AtomicBool>,
    base: String,
    token: String,
    indicator: String,
    as_of: NaiveDate,
    writer: u32,
    first: u32,
) -> (Vec<Ack>, u32) {
    let client = client();
    let mut acks = Vec::new();
    for i in first.. {
        let value = (writer * 100_000 + i).to_string();
        let note = format!("writer {writer} write {i}");
        let input = json!({
            "indicatorId": indicator,
            "value": value,
            "asOf": as_of.to_string(),
            "note": note,
        });
        match record_value(&client, &base, &token, input).await {
            Outcome::Recorded(recorded) => {
                assert_eq!(recorded["value"], value.as_str());
                assert_eq!(recorded["note"], note.as_str());
                acks.push(Ack {
                    id: recorded["id"].as_str().unwrap().to_owned(),
                    value,
                    note,
                });
            }
            Outcome::Refused(body) => panic!("the server refused a write: {body}"),
            Outcome::Lost(error) => {
                assert!(
                    killed.load(Ordering::SeqCst),
                    "a write got no answer from a live server: {error}"
                );
                return (acks, i + 1 - first);
            }
        }
    }
    unreachable!("a writer stops when the server is killed")
}

/// Every value of `indicator` the server holds, superseded ones included: id → (value, note).
async fn stored_values(
    client: &reqwest::Client,
    base: &str,
    indicator: &str,
) -> HashMap<String, (String, String)> {
    const PAGE: &str = "query($id: ID!, $after: String) { node(id: $id) { ... on Indicator { \
        values(includeSuperseded: true, first: 100, after: $after) { totalCount \
        pageInfo { hasNextPage endCursor } edges { node { id value note } } } } } }";
    let mut stored = HashMap::new();
    let mut after = None;
    loop {
        let variables = json!({ "id": indicator, "after": after });
        let body = post_graphql(client, base, None, PAGE, variables)
            .await
            .unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        let values = &body["data"]["node"]["values"];
        for edge in values["edges"].as_array().unwrap() {
            let node = &edge["node"];
            let entry = (
                node["value"].as_str().unwrap().to_owned(),
                node["note"].as_str().unwrap_or_default().to_owned(),
            );
            stored.insert(node["id"].as_str().unwrap().to_owned(), entry);
        }
        if values["pageInfo"]["hasNextPage"] != true {
            assert_eq!(values["totalCount"], stored.len(), "every page was read");
            return stored;
        }
        after = Some(values["pageInfo"]["endCursor"].as_str().unwrap().to_owned());
    }
}

/// Checks a restarted server: every acknowledged write is there as acknowledged, the event
/// log matches the values without a hole, and the file is sound. Returns the number of
/// acknowledged writes found and the number of values stored.
async fn check_restarted(
    server: &ServerProcess,
    client: &reqwest::Client,
    indicator: &str,
    acks: &[Ack],
    file: &Path,
) -> (usize, usize) {
    let stored = stored_values(client, &server.base, indicator).await;
    let missing: Vec<&Ack> = acks
        .iter()
        .filter(|ack| stored.get(&ack.id) != Some(&(ack.value.clone(), ack.note.clone())))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged writes are missing or changed after the restart, such as {:?}",
        missing.len(),
        acks.len(),
        &missing[..missing.len().min(5)]
    );
    // Read-only, beside the running server: a writer would recover the file in its place.
    let sqlite = SqliteFile::open(file).await;
    let values = sqlite.check_event_log().await;
    assert_eq!(
        values,
        i64::try_from(stored.len()).unwrap(),
        "API and file agree"
    );
    assert_eq!(sqlite.integrity().await, "ok");
    sqlite.close().await;
    (acks.len() - missing.len(), stored.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let started = Instant::now();
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("crash.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let token = editor_token(&url, "crash-test");
    let first_day = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();

    let mut acks: Vec<Ack> = Vec::new();
    let mut next = [0_u32; CLIENTS as usize];
    let mut indicator = String::new();
    for cycle in 0..CYCLES {
        let client = client();
        let log = directory.path().join(format!("serve-{cycle}.log"));
        let mut server = ServerProcess::start(&url, &log, &[], "warn", &client).await;
        if indicator.is_empty() {
            indicator = count_indicator(&client, &server.base).await;
        }
        check_restarted(&server, &client, &indicator, &acks, &file).await;

        // One date per cycle: every write of a cycle corrects the previous one, so writers
        // also contend for the next revision number.
        let as_of = first_day.checked_add_days(Days::new(cycle)).unwrap();
        let killed = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..CLIENTS)
            .map(|writer| {
                tokio::spawn(write_until_killed(
                    Arc::clone(&killed),
                    server.base.clone(),
                    token.clone(),
                    indicator.clone(),
                    as_of,
                    writer,
                    next[writer as usize],
                ))
            })
            .collect();
        // 150 to 400 ms, different each cycle, so the kill lands at many points of a write.
        let delay = 150 + (cycle * 89 + 37) % 251;
        tokio::time::sleep(Duration::from_millis(delay)).await;
        killed.store(true, Ordering::SeqCst);
        server.kill();
        for (writer, handle) in writers.into_iter().enumerate() {
            let (written, attempted) = handle.await.unwrap();
            next[writer] += attempted;
            acks.extend(written);
        }
    }

    let client = client();
    let log = directory.path().join("serve-last.log");
    let server = ServerProcess::start(&url, &log, &[], "warn", &client).await;
    let (found, stored) = check_restarted(&server, &client, &indicator, &acks, &file).await;
    drop(server);
    eprintln!(
        "crash test: {CYCLES} cycles, {} acknowledged writes, {found} found after restart \
         ({stored} values stored: {} committed but unanswered), {:.1} s",
        acks.len(),
        stored - found,
        started.elapsed().as_secs_f64()
    );
    assert!(
        acks.len() >= CYCLES as usize,
        "too few writes were acknowledged to test anything"
    );
}

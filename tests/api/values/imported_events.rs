//! Values from a spreadsheet reach an integrator's subscriber, written with the graphql-ws
//! client as integrators write theirs: every imported value, once, in file order.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{ChildStdout, Command};

use super::csv_import::{distinct_rows, post_csv};
use super::{in_region, input, record};
use crate::support::{PATIENCE, TestServer, node};

/// The client's version, pinned: the one GraphiQL's subscriptions speak to as well.
const GRAPHQL_WS: &str = "graphql-ws@6.4.2";
/// Its WebSocket for Node.js.
const WS: &str = "ws@8.23.1";
const GRAPHQL: &str = "graphql@16.15.0";
/// Rows in the file: enough for the import to outlast any delivery batch.
const ROWS: u64 = 2_000;

/// The subscriber sees every value of a 2,000-row file, in file order, none twice.
async fn a_graphql_ws_subscriber_receives_every_imported_value_in_order(server: TestServer) {
    let installed = tokio::task::spawn_blocking(|| {
        node::install(
            "graphql-ws-client",
            &[GRAPHQL_WS, WS, GRAPHQL],
            "values/subscriber.mjs",
        )
    });
    let Some(script) = installed.await.unwrap() else {
        return;
    };
    let mut subscriber = Command::new("node")
        .arg(script)
        .arg(server.url("/graphql").replacen("http", "ws", 1))
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts");
    let mut events = BufReader::new(subscriber.stdout.take().expect("stdout")).lines();
    let editor = server.token("editor", "spreadsheet").await;
    let probe_indicator = server.indicator_id(2).await;
    let imported_indicator = server.indicator_id(1).await;
    subscribed(&server, &editor, &probe_indicator, &mut events).await;

    let (status, body) = post_csv(
        &server,
        Some(&editor),
        distinct_rows(ROWS).into_bytes(),
        false,
    )
    .await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["recorded"], ROWS);

    let mut figures = Vec::new();
    let mut cursors = Vec::new();
    while figures.len() < ROWS as usize {
        let event = next(&mut events).await;
        if event["value"]["indicator"]["id"] == imported_indicator.as_str() {
            figures.push(
                event["value"]["value"]
                    .as_str()
                    .expect("a figure")
                    .to_owned(),
            );
            cursors.push(super::event_number(&event["cursor"]));
        }
    }
    let expected: Vec<String> = (0..ROWS).map(|row| format!("{row}.5")).collect();
    assert_eq!(figures, expected, "every row once, in file order");
    assert!(
        cursors.windows(2).all(|pair| pair[0] < pair[1]),
        "{cursors:?}"
    );
    // Probes recorded before the first one showed may still come; no imported value may.
    while let Ok(line) = tokio::time::timeout(Duration::from_millis(300), events.next_line()).await
    {
        let event: Value =
            serde_json::from_str(&line.expect("stdout").expect("running")).expect("a JSON event");
        assert_eq!(
            event["value"]["indicator"]["id"],
            probe_indicator.as_str(),
            "{event}"
        );
    }
}

/// Records probe values (another indicator) until the subscriber shows one: from then on its
/// subscription is live, whatever the client's own timing.
async fn subscribed(
    server: &TestServer,
    editor: &str,
    probe_indicator: &str,
    events: &mut Lines<BufReader<ChildStdout>>,
) {
    for attempt in 1..=50 {
        let probe = in_region(
            input(probe_indicator, &attempt.to_string(), "2018-06-30"),
            1,
        );
        record(server, editor, probe).await;
        if let Ok(line) = tokio::time::timeout(Duration::from_millis(200), events.next_line()).await
        {
            let line = line.expect("stdout").expect("the subscriber runs");
            let event: Value = serde_json::from_str(&line).expect("a JSON event");
            assert_eq!(event["value"]["indicator"]["id"], probe_indicator);
            return;
        }
    }
    panic!("the graphql-ws subscriber never received a value");
}

/// The subscriber's next event.
async fn next(events: &mut Lines<BufReader<ChildStdout>>) -> Value {
    let line = tokio::time::timeout(PATIENCE, events.next_line())
        .await
        .expect("an event within the patience of the tests")
        .expect("stdout")
        .expect("the subscriber runs");
    serde_json::from_str(&line).expect("a JSON event")
}

on_both_backends!(a_graphql_ws_subscriber_receives_every_imported_value_in_order);

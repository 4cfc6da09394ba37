//! Live values: a value recorded over HTTP shows on every open page, and a page whose
//! connection was cut catches up once it is back.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{LIVE_DELAY, LOADING};
use crate::support::browser::Page;
use crate::support::proxy::Proxy;
use crate::support::{PATIENCE, TestServer};
use crate::values::{in_region, input, record};

/// Saguenay–Lac-Saint-Jean's block on an indicator page.
const SLSJ_BLOCK: &str = "[...document.querySelectorAll('section.scope')]
    .find((scope) => scope.querySelector('h2').textContent === 'Saguenay–Lac-Saint-Jean')";
/// How long a page may take to notice its connection is gone, and to come back.
const RECONNECTING: Duration = Duration::from_secs(20);

/// A value recorded over HTTP for the region shows on the open page within `LIVE_DELAY`;
/// returns the cursor of its event, as the page's subscription will have seen it.
pub(super) async fn shows_a_recorded_value(
    page: &Page,
    other: &Page,
    server: &TestServer,
    integrator: &str,
    indicator: &str,
) -> String {
    // The test's own subscriber learns the event's cursor, which the page will resume from.
    let mut watcher = server.websocket(None).await;
    watcher
        .subscribe(
            "watch",
            "subscription { indicatorValueRecorded { cursor } }",
            json!({}),
        )
        .await;
    record(
        server,
        integrator,
        in_region(input(indicator, "271.8", "2018-09-30"), 18),
    )
    .await;
    let answered = Instant::now();
    page.wait_until(
        "document.querySelector('#action-1 .scope').innerText.includes('271,8 M$')",
        LOADING,
        "the recorded value on the region page",
    )
    .await;
    let delay = answered.elapsed();
    println!(
        "the region page showed the value recorded over HTTP {delay:?} after the mutation's answer"
    );
    assert!(delay <= LIVE_DELAY, "{delay:?} is over {LIVE_DELAY:?}");
    // Every open page that shows it: the indicator's page, in another tab, too.
    other
        .wait_until(
            &format!("{SLSJ_BLOCK}?.innerText.includes('271,8 M$')"),
            LOADING,
            "the recorded value on the indicator page in the other tab",
        )
        .await;
    let delay = answered.elapsed();
    println!("the indicator page in another tab showed it {delay:?} after the mutation's answer");
    assert!(delay <= LIVE_DELAY, "{delay:?} is over {LIVE_DELAY:?}");
    assert_eq!(
        page.evaluate("document.querySelectorAll('#action-1 canvas').length")
            .await,
        json!(1),
        "the region's chart is drawn, Québec's still empty"
    );
    // A value for all of Québec shows in the page's Québec block.
    record(server, integrator, input(indicator, "640", "2018-09-30")).await;
    let answered = Instant::now();
    page.wait_until(
        "document.querySelectorAll('#action-1 .scope')[1].innerText.includes('640 M$')",
        LOADING,
        "the value for all of Québec on the region page",
    )
    .await;
    let delay = answered.elapsed();
    println!(
        "the region page showed the value for all of Québec {delay:?} after the mutation's answer"
    );
    assert!(delay <= LIVE_DELAY, "{delay:?} is over {LIVE_DELAY:?}");
    // Without reload: the document is the one the click opened.
    assert_eq!(
        page.evaluate("performance.getEntriesByType('navigation').length")
            .await,
        json!(1)
    );
    // The page resumes from the newest event it saw, the Québec value's.
    watcher.next_event(PATIENCE).await;
    let event = watcher.next_event(PATIENCE).await;
    watcher.close().await;
    event["indicatorValueRecorded"]["cursor"]
        .as_str()
        .expect("a cursor")
        .to_owned()
}

/// With the connection cut, the page says so; a value recorded meanwhile shows once it is
/// back, read from the store after the last cursor the page had.
pub(super) async fn reconnects_and_catches_up(
    page: &Page,
    server: &TestServer,
    proxy: &Proxy,
    integrator: &str,
    indicator: &str,
    first_cursor: &str,
) {
    proxy.cut();
    page.wait_until(
        "document.documentElement?.dataset.live === 'false'",
        RECONNECTING,
        "the page to notice its connection is gone",
    )
    .await;
    assert_eq!(
        page.text("#direct").await,
        "Connexion perdue : reconnexion…"
    );
    record(
        server,
        integrator,
        in_region(input(indicator, "333.3", "2018-12-31"), 18),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    proxy.restore();
    let took = page
        .wait_until(
            "document.querySelector('#action-1 .scope').innerText.includes('333,3 M$')",
            RECONNECTING,
            "the value recorded while the page was cut off",
        )
        .await;
    println!("the page caught up {took:?} after its connection was restored");
    page.wait_until(
        "document.documentElement?.dataset.live === 'true'",
        RECONNECTING,
        "the page to be live again",
    )
    .await;
    let resumed = page
        .recording()
        .websocket_frames_sent
        .iter()
        .rev()
        .filter_map(|frame| serde_json::from_str::<Value>(frame).ok())
        .find(|message| message["type"] == "subscribe")
        .expect("a subscribe message");
    assert_eq!(
        resumed["payload"]["variables"]["after"], first_cursor,
        "{resumed}"
    );
}

//! The plan's public pages as a person uses them: the home page lists the regions; a click
//! opens Saguenay–Lac-Saint-Jean's page, its four priorities and its actions; a value recorded
//! over HTTP shows on the open page within 2 s, without reload; with its connection cut, the
//! page reconnects and shows what was recorded meanwhile; the indicator's page has a chart
//! for every region. Throughout: no other host, no console error, no CSP violation, no
//! serious accessibility violation (axe-core), and a light first load.

mod checks;
mod indicator;
mod live;
mod region;

use std::time::Duration;

use crate::support::browser::{Browser, Viewport};
use crate::support::proxy::Proxy;
use crate::support::{Backend, TestServer};

use checks::no_serious_accessibility_violation;
use indicator::{groups_by_fiscal_year, shows_the_indicator_for_every_region};
use live::{reconnects_and_catches_up, shows_a_recorded_value};
use region::{
    lists_the_regions, measures_the_first_load, shows_the_priorities_and_actions,
    works_with_the_keyboard,
};

/// How long a page may take to load and draw on a loaded machine.
const LOADING: Duration = Duration::from_secs(30);
/// The criterion: a value recorded shows on every open page within 2 s.
const LIVE_DELAY: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_follows_a_region_live_from_the_home_page() {
    let Some(browser) = Browser::launch("pages").await else {
        return;
    };
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    // The browser reaches the server through a proxy the test can cut.
    let proxy = Proxy::start(
        server
            .base
            .trim_start_matches("http://")
            .parse()
            .expect("the server's address"),
    )
    .await;
    let origin = format!("http://{}", proxy.addr);
    let mut page = browser.open(&format!("{origin}/"), Viewport::DESKTOP).await;

    lists_the_regions(&page, &server).await;
    page.click_text("ol.regions a", "Saguenay–Lac-Saint-Jean")
        .await;
    page.wait_until(
        "location.pathname === '/regions/saguenay-lac-saint-jean' \
         && document.documentElement?.dataset.loaded === 'true' \
         && document.documentElement?.dataset.live === 'true'",
        LOADING,
        "Saguenay–Lac-Saint-Jean's page, live",
    )
    .await;
    shows_the_priorities_and_actions(&page, &server).await;
    works_with_the_keyboard(&page).await;
    measures_the_first_load(&page, &origin).await;
    page.screenshot("region-empty").await;

    let integrator = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let other = browser
        .open(&format!("{origin}/indicators/1"), Viewport::DESKTOP)
        .await;
    other
        .wait_until(
            "document.documentElement?.dataset.loaded === 'true' \
             && document.documentElement?.dataset.live === 'true'",
            LOADING,
            "the indicator page in another tab, live",
        )
        .await;
    let first = shows_a_recorded_value(&page, &other, &server, &integrator, &indicator).await;
    let recording = other.recording();
    assert_eq!(recording.console_errors, Vec::<String>::new());
    assert_eq!(recording.csp_violations, Vec::<String>::new());
    assert_eq!(
        recording.requests_to_other_hosts(&origin),
        Vec::<String>::new()
    );
    other.close().await;
    assert_eq!(page.recording().console_errors, Vec::<String>::new());
    reconnects_and_catches_up(&page, &server, &proxy, &integrator, &indicator, &first).await;

    page.evaluate(
        "document.querySelector('#action-1 details').open = true;
         document.querySelector('#action-1').scrollIntoView()",
    )
    .await;
    page.screenshot("region").await;
    page.set_viewport(Viewport::PHONE).await;
    page.screenshot("region").await;
    no_serious_accessibility_violation(&page, "the region page").await;
    page.set_viewport(Viewport::DESKTOP).await;
    groups_by_fiscal_year(&page).await;

    shows_the_indicator_for_every_region(&page, &server, &integrator, &indicator).await;
    no_serious_accessibility_violation(&page, "the indicator page").await;

    let recording = page.recording();
    assert_eq!(
        recording.requests_to_other_hosts(&origin),
        Vec::<String>::new(),
        "the pages must work offline"
    );
    assert_eq!(recording.csp_violations, Vec::<String>::new());
    // While the proxy refused connections, the browser logged each failed WebSocket attempt:
    // those are the test's doing; nothing else may be an error.
    let others: Vec<&String> = recording
        .console_errors
        .iter()
        .filter(|error| !error.contains("WebSocket connection to"))
        .collect();
    assert_eq!(others, Vec::<&String>::new(), "{recording:#?}");
    page.close().await;
    browser.close().await;
}

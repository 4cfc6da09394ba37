//! An indicator's series: by fiscal year on the region page, and for every region on the
//! indicator's own page, live and with its CSV.

use std::time::Instant;

use super::{LIVE_DELAY, LOADING};
use crate::support::TestServer;
use crate::support::browser::Page;
use crate::values::{in_region, input, record};

/// Picking another grouping reads the series again by fiscal year, in chart and table.
pub(super) async fn groups_by_fiscal_year(page: &Page) {
    page.evaluate(
        "(() => { const picker = document.getElementById('regroupement');
                  picker.focus();
                  picker.value = 'FISCAL_YEAR';
                  picker.dispatchEvent(new Event('change')); })()",
    )
    .await;
    page.wait_until(
        "[...document.querySelectorAll('#action-1 details tbody th')].map((cell) => cell.textContent).join() === '2018-2019,2018-2019'",
        LOADING,
        "the values of action 1 by fiscal year, for the region and Québec",
    )
    .await;
    assert_eq!(
        page.evaluate("document.activeElement.id").await,
        "regroupement",
        "the redrawn figures leave the focus on the picker"
    );
}

/// The indicator's page: its chart for all of Québec and every region (a chart where there
/// are values, the empty state elsewhere), and the link to the CSV of its values.
pub(super) async fn shows_the_indicator_for_every_region(
    page: &Page,
    server: &TestServer,
    integrator: &str,
    indicator: &str,
) {
    page.click_text(
        "#action-1 .links a",
        "Cet indicateur dans toutes les régions",
    )
    .await;
    page.wait_until(
        "location.pathname === '/indicators/1' && document.documentElement?.dataset.loaded === 'true' \
         && document.documentElement?.dataset.live === 'true'",
        LOADING,
        "the indicator's page",
    )
    .await;
    let scopes = page
        .evaluate(
            "[...document.querySelectorAll('section.scope')].map((scope) => ({
                title: scope.querySelector('h2').textContent,
                charts: scope.querySelectorAll('canvas').length,
                empty: scope.querySelector('.empty') !== null }))",
        )
        .await;
    let scopes = scopes.as_array().unwrap();
    assert_eq!(scopes.len(), 19, "all of Québec and 18 regions");
    assert_eq!(scopes[0]["title"], "Ensemble du Québec");
    for scope in scopes {
        let has_values = ["Ensemble du Québec", "Saguenay–Lac-Saint-Jean"]
            .contains(&scope["title"].as_str().unwrap());
        assert_eq!(scope["empty"], !has_values, "{scope}");
        assert_eq!(scope["charts"], u8::from(has_values), "{scope}");
    }
    let csv = page
        .evaluate("[...document.querySelectorAll('a')].find((link) => link.textContent === 'Toutes ses valeurs en CSV').getAttribute('href')")
        .await;
    let csv = csv.as_str().unwrap();
    assert_eq!(csv, format!("/values.csv?indicator={indicator}"));
    let body = server
        .client
        .get(server.url(csv))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("271.8") && body.contains("333.3"), "{body}");

    // Live here too: a value for Chaudière-Appalaches (region 5) shows in its block.
    record(
        server,
        integrator,
        in_region(input(indicator, "12.5", "2019-01-31"), 5),
    )
    .await;
    let answered = Instant::now();
    page.wait_until(
        "[...document.querySelectorAll('section.scope')]
            .find((scope) => scope.querySelector('h2').textContent === 'Chaudière-Appalaches')
            .innerText.includes('12,5 M$')",
        LOADING,
        "the value recorded for Chaudière-Appalaches on the indicator page",
    )
    .await;
    let delay = answered.elapsed();
    println!("the indicator page showed a value {delay:?} after the mutation's answer");
    assert!(delay <= LIVE_DELAY, "{delay:?} is over {LIVE_DELAY:?}");
    page.screenshot("indicator").await;
}

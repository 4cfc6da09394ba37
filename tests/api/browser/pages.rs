//! The plan's public pages as a person uses them: the home page lists the regions; a click
//! opens Saguenay–Lac-Saint-Jean's page, its four priorities and its actions; a value recorded
//! over HTTP shows on the open page within 2 s, without reload; with its connection cut, the
//! page reconnects and shows what was recorded meanwhile; the indicator's page has a chart
//! for every region. Throughout: no other host, no console error, no CSP violation, no
//! serious accessibility violation (axe-core), and a light first load.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::browser::{Browser, Page, Viewport};
use crate::support::proxy::Proxy;
use crate::support::{Backend, PATIENCE, TestServer};
use crate::values::{in_region, input, record};

/// How long a page may take to load and draw on a loaded machine.
const LOADING: Duration = Duration::from_secs(30);
/// The criterion: a value recorded shows on every open page within 2 s.
const LIVE_DELAY: Duration = Duration::from_secs(2);
/// Saguenay–Lac-Saint-Jean's block on an indicator page.
const SLSJ_BLOCK: &str = "[...document.querySelectorAll('section.scope')]
    .find((scope) => scope.querySelector('h2').textContent === 'Saguenay–Lac-Saint-Jean')";
/// How long a page may take to notice its connection is gone, and to come back.
const RECONNECTING: Duration = Duration::from_secs(20);
/// The budget for a region page's first load.
const MOST_BYTES: f64 = 300.0 * 1024.0;
const MOST_REQUESTS: usize = 10;

/// axe-core's browser build, vendored under tests/ (never served by the product).
const AXE: &str = include_str!("../../fixtures/axe/axe.min.js");

/// Saguenay–Lac-Saint-Jean's priorities in the plan (`PRIORITÉ 3`, 4, 6 and 10), by the
/// words their titles open with.
const SLSJ_PRIORITIES: [(&str, &str); 4] = [
    ("Priorité 3", "Aluminium – "),
    ("Priorité 4", "Mines et métaux – "),
    ("Priorité 6", "Entrepreneuriat – "),
    ("Priorité 10", "Numérique – "),
];

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

/// The home page names the plan and lists its four themes and its 18 regions, as the API does.
async fn lists_the_regions(page: &Page, server: &TestServer) {
    page.wait_for_selector("ol.regions a", LOADING).await;
    let data = server
        .data(
            "{ plan { title } regions { name } themes { name } }",
            json!({}),
        )
        .await;
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|item| item["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let shown_regions = page
        .evaluate("[...document.querySelectorAll('ol.regions a')].map((link) => link.textContent)")
        .await;
    assert_eq!(
        names(&shown_regions_as_names(&shown_regions)),
        names(&data["regions"])
    );
    assert_eq!(shown_regions.as_array().unwrap().len(), 18);
    let themes = page
        .evaluate(
            "[...document.querySelectorAll('ul.themes strong')].map((name) => name.textContent)",
        )
        .await;
    assert_eq!(
        names(&shown_regions_as_names(&themes)),
        names(&data["themes"])
    );
    assert_eq!(
        page.text("h1").await,
        data["plan"]["title"].as_str().unwrap()
    );
    assert!(page.text("main").await.contains("Investissement Québec"));
    let graphiql = page
        .evaluate("[...document.querySelectorAll('a')].some((link) => link.getAttribute('href') === '/graphiql')")
        .await;
    assert_eq!(graphiql, Value::Bool(true), "the home page links GraphiQL");
    page.screenshot("home").await;
    no_serious_accessibility_violation(page, "the home page").await;
}

/// `["a", "b"]` as `[{"name": "a"}, {"name": "b"}]`.
fn shown_regions_as_names(shown: &Value) -> Value {
    Value::Array(
        shown
            .as_array()
            .unwrap()
            .iter()
            .map(|name| json!({ "name": name }))
            .collect(),
    )
}

/// The region's four priorities, with their themes and excerpts, and the actions listed for
/// it, each with its indicator and target, and as yet no value.
async fn shows_the_priorities_and_actions(page: &Page, server: &TestServer) {
    assert_eq!(page.text("h1").await, "Saguenay–Lac-Saint-Jean");
    let priorities = page
        .evaluate(
            "[...document.querySelectorAll('article.priority')].map((item) => ({
                heading: item.querySelector('h3').textContent,
                title: item.querySelector('.title').textContent,
                excerpt: item.querySelector('blockquote').textContent,
                themes: [...item.querySelectorAll('.tag')].map((tag) => tag.textContent) }))",
        )
        .await;
    let priorities = priorities.as_array().unwrap();
    assert_eq!(priorities.len(), 4, "{priorities:?}");
    let served = server
        .data(
            "{ region(slug: \"saguenay-lac-saint-jean\") {
                priorities { number title excerpt themes { name } }
                actions { number title indicator { name target { label } } } } }",
            json!({}),
        )
        .await;
    for ((shown, (heading, opening)), expected) in priorities
        .iter()
        .zip(SLSJ_PRIORITIES)
        .zip(served["region"]["priorities"].as_array().unwrap())
    {
        assert_eq!(shown["heading"], heading);
        let title = shown["title"].as_str().unwrap();
        assert!(title.starts_with(opening), "{title}");
        assert_eq!(shown["title"], expected["title"]);
        assert_eq!(
            shown["excerpt"],
            format!("« {} »", expected["excerpt"].as_str().unwrap())
        );
        let themes: Vec<&Value> = expected["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|theme| &theme["name"])
            .collect();
        assert_eq!(
            shown["themes"]
                .as_array()
                .unwrap()
                .iter()
                .collect::<Vec<_>>(),
            themes
        );
    }
    let actions = page
        .evaluate(
            "[...document.querySelectorAll('article.action h3')].map((title) => title.textContent)",
        )
        .await;
    let expected: Vec<String> = served["region"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| {
            format!(
                "Action {} : {}",
                action["number"],
                action["title"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(actions, json!(expected));
    let text = page.text("main").await;
    for action in served["region"]["actions"].as_array().unwrap() {
        assert!(
            text.contains(action["indicator"]["target"]["label"].as_str().unwrap()),
            "{text}"
        );
    }
    // No value yet: a sentence says so, and no chart is drawn.
    let empty = page
        .evaluate("document.querySelectorAll('#action-1 .empty').length")
        .await;
    assert_eq!(
        empty,
        json!(2),
        "the region and Québec say they have no value"
    );
    assert!(text.contains("Aucune valeur enregistrée."), "{text}");
    assert_eq!(
        page.evaluate("document.querySelectorAll('canvas').length")
            .await,
        json!(0)
    );
}

/// From the top of the page, the keyboard reaches the skip link, the content and then the
/// grouping picker, each with a visible focus.
async fn works_with_the_keyboard(page: &Page) {
    let focused = "(() => { const element = document.activeElement;
        return { tag: element.tagName, id: element.id, text: element.textContent.trim().slice(0, 40),
                 outline: getComputedStyle(element).outlineStyle }; })()";
    page.press("Tab").await;
    let skip = page.evaluate(focused).await;
    assert_eq!(skip["text"], "Aller au contenu", "{skip}");
    page.press("Enter").await;
    page.wait_until(
        "document.activeElement.id === 'contenu'",
        LOADING,
        "the skip link to move the focus to the content",
    )
    .await;
    let mut reached = Vec::new();
    for _ in 0..3 {
        page.press("Tab").await;
        let now = page.evaluate(focused).await;
        assert_ne!(now["outline"], "none", "a visible focus: {now}");
        reached.push(now["id"].as_str().unwrap_or_default().to_owned());
    }
    assert!(reached.contains(&"regroupement".to_owned()), "{reached:?}");
}

/// The region page's first load: bytes, requests, and when it was drawn (printed only).
async fn measures_the_first_load(page: &Page, origin: &str) {
    let load = page
        .evaluate(
            "(() => {
                const [navigation] = performance.getEntriesByType('navigation');
                const resources = performance.getEntriesByType('resource');
                const [drawn] = performance.getEntriesByName('territoires:drawn');
                return {
                    bytes: navigation.transferSize + resources.reduce((sum, entry) => sum + entry.transferSize, 0),
                    resources: resources.map((entry) => entry.name),
                    domContentLoaded: navigation.domContentLoadedEventEnd,
                    drawn: drawn ? drawn.startTime : null,
                };
            })()",
        )
        .await;
    let requests = page.recording().requests;
    let page_url = format!("{origin}/regions/saguenay-lac-saint-jean");
    let since = requests
        .iter()
        .rposition(|url| *url == page_url)
        .expect("the region page was requested");
    let made = &requests[since..];
    println!(
        "region page, first load: {} bytes transferred, {} requests ({made:?}), \
         DOMContentLoaded at {} ms, drawn at {} ms after navigation",
        load["bytes"],
        made.len(),
        load["domContentLoaded"],
        load["drawn"]
    );
    assert!(load["bytes"].as_f64().unwrap() <= MOST_BYTES, "{load}");
    assert!(made.len() <= MOST_REQUESTS, "{made:?}");
    assert!(load["drawn"].is_number(), "{load}");
}

/// A value recorded over HTTP for the region shows on the open page within `LIVE_DELAY`;
/// returns the cursor of its event, as the page's subscription will have seen it.
async fn shows_a_recorded_value(
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
async fn reconnects_and_catches_up(
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

/// Picking another grouping reads the series again by fiscal year, in chart and table.
async fn groups_by_fiscal_year(page: &Page) {
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
async fn shows_the_indicator_for_every_region(
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

/// axe-core, injected into the page, finds no serious or critical violation.
async fn no_serious_accessibility_violation(page: &Page, what: &str) {
    page.evaluate(AXE).await;
    let violations = page
        .evaluate(
            "axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations
                .filter((violation) => ['serious', 'critical'].includes(violation.impact))
                .map((violation) => ({ id: violation.id, impact: violation.impact,
                    nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')) })))",
        )
        .await;
    println!("axe-core on {what}: {violations}");
    assert_eq!(violations, json!([]), "{what}");
}

/// The README lists the queries the pages send, word for word, and each is valid.
#[tokio::test]
async fn the_readme_lists_the_queries_the_pages_send() {
    let readme = include_str!("../../../README.md");
    let scripts = [
        include_str!("../../../src/http/pages/assets/home.js"),
        include_str!("../../../src/http/pages/assets/region.js"),
        include_str!("../../../src/http/pages/assets/api.js"),
    ];
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    for (operation, script) in [
        "query HomePage",
        "query RegionPage",
        "subscription PageValues",
    ]
    .into_iter()
    .zip(scripts)
    {
        let sent = operation_in(script, operation);
        let listed = operation_in(readme, operation);
        assert_eq!(words(&sent), words(&listed), "{operation}");
        if operation.starts_with("query") {
            let variables =
                json!({ "slug": "saguenay-lac-saint-jean", "region": 18, "bucket": "QUARTER" });
            let answer = server.post(&sent, variables).await;
            assert!(answer.get("errors").is_none(), "{operation}: {answer}");
        }
    }
}

/// The operation that opens with `opening` in `text`, up to its closing brace at the start of
/// a line.
fn operation_in(text: &str, opening: &str) -> String {
    let start = text.find(opening).unwrap_or_else(|| panic!("{opening}"));
    let length = text[start..].find("\n}").expect("the operation's end") + 2;
    text[start..start + length].to_owned()
}

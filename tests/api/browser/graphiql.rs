//! GraphiQL as an analyst uses it: the documentation explorer, the README's query run with
//! the run button, and a subscription started in GraphiQL with a token typed in its Headers
//! tab, showing a value an integrator records meanwhile over HTTP.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::operations::{eventually, metrics_text, series};
use crate::support::browser::{Browser, Page, Viewport};
use crate::support::{Backend, TestServer};
use crate::values::{in_region, input, record};

/// How long the page may take to load and draw GraphiQL on a loaded machine.
const LOADING: Duration = Duration::from_secs(30);
/// How long a query may take to show its answer.
const ANSWERING: Duration = Duration::from_secs(15);
/// The issue's acceptance criterion: a value recorded over HTTP shows in GraphiQL's result
/// pane within 2 s of the mutation's answer.
const LIVE_DELAY: Duration = Duration::from_secs(2);

/// The text of an editor, all of it (CodeMirror draws only the lines in view).
fn editor_text(selector: &str) -> String {
    format!(
        "document.querySelector({}).CodeMirror.getValue()",
        json!(selector)
    )
}

/// The query editor of the open tab.
const QUERY_EDITOR: &str = ".graphiql-query-editor .CodeMirror";
/// The result pane.
const RESULT_PANE: &str = ".result-window .CodeMirror";
/// The Headers editor, once its tab is open (the Variables editor is then hidden).
const HEADERS_EDITOR: &str = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_reads_the_docs_runs_the_readme_query_and_subscribes() {
    let started = Instant::now();
    let Some(browser) = Browser::launch("graphiql").await else {
        return;
    };
    let server = TestServer::start_with(Backend::Sqlite).await.unwrap();
    let mut page = browser
        .open(&server.url("/graphiql"), Viewport::DESKTOP)
        .await;
    page.wait_for_selector(QUERY_EDITOR, LOADING).await;

    opens_on_the_readme_query(&page).await;
    documents_query_regions(&page, &server).await;
    runs_the_readme_query(&page).await;
    shows_live_values(&mut page, &server).await;

    let recording = page.recording();
    assert_eq!(
        recording.requests_to_other_hosts(&server.base),
        Vec::<String>::new(),
        "GraphiQL must work offline"
    );
    assert_eq!(recording.console_errors, Vec::<String>::new());
    // `/graphiql` is served with the pages' Content-Security-Policy (http_surface checks the
    // header): GraphiQL runs under it without a violation.
    assert_eq!(recording.csp_violations, Vec::<String>::new());
    page.close().await;
    browser.close().await;
    println!("the GraphiQL browser test took {:?}", started.elapsed());
}

/// The first tab holds the README's first example query, the comments that introduce it
/// aside.
async fn opens_on_the_readme_query(page: &Page) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let example = readme
        .split("```graphql\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("an example query in the README");
    let shown = page.evaluate(&editor_text(QUERY_EDITOR)).await;
    let shown: String = shown
        .as_str()
        .expect("the query")
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect();
    let words = |text: &str| text.split_whitespace().collect::<String>();
    assert_eq!(words(&shown), words(example));
}

/// The documentation explorer lists `Query.regions` with its description, and opens it.
async fn documents_query_regions(page: &Page, server: &TestServer) {
    let types = server
        .data(
            "{ __type(name: \"Query\") { fields { name description } } }",
            json!({}),
        )
        .await;
    let description = types["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|field| field["name"] == "regions")
        .and_then(|field| field["description"].as_str())
        .expect("Query.regions has a description")
        .to_owned();

    page.click("button[aria-label='Show Documentation Explorer']")
        .await;
    // GraphiQL reads the schema with its introspection query: a refusal shows as an error in
    // the explorer, and the server's reason in the result pane.
    page.wait_until(
        "document.querySelector('.graphiql-doc-explorer-root-type, .graphiql-doc-explorer-error')",
        LOADING,
        "the documentation explorer to read the schema",
    )
    .await;
    let error = page.text(".graphiql-doc-explorer-error").await;
    if !error.is_empty() {
        let reason = page.evaluate(&editor_text(RESULT_PANE)).await;
        panic!("GraphiQL could not read the schema: {error}; the server said {reason}");
    }
    page.click_text("a.graphiql-doc-explorer-type-name", "Query")
        .await;
    let listed = format!(
        "[...document.querySelectorAll('.graphiql-doc-explorer-item')].some((item) =>
            item.querySelector('.graphiql-doc-explorer-field-name')?.textContent === 'regions'
            && item.innerText.includes({}))",
        json!(description)
    );
    page.wait_until(
        &listed,
        ANSWERING,
        "Query's fields to list regions with its description",
    )
    .await;
    page.click_text("a.graphiql-doc-explorer-field-name", "regions")
        .await;
    page.wait_until(
        "document.querySelector('.graphiql-doc-explorer-title')?.textContent === 'regions'",
        ANSWERING,
        "the documentation of Query.regions",
    )
    .await;
    let shown = page.text(".graphiql-doc-explorer-content").await;
    assert!(shown.contains(&description), "{shown:?}");
    page.screenshot("docs-query-regions").await;
}

/// The run button runs the README's query, whose answer shows every region.
async fn runs_the_readme_query(page: &Page) {
    page.click("button.graphiql-execute-button").await;
    let answered = format!(
        "(() => {{ try {{ return JSON.parse({}).data.regions.length === 18; }}
                   catch {{ return false; }} }})()",
        editor_text(RESULT_PANE)
    );
    page.wait_until(&answered, ANSWERING, "the README query's 18 regions")
        .await;
    // Region 1 is on the first lines of the answer: it is drawn, not only held.
    let drawn = page.text(".result-window").await;
    assert!(drawn.contains("Abitibi-Témiscamingue"), "{drawn:?}");
    page.screenshot("readme-query").await;
}

/// The second tab's subscription, started with the run button and a token typed in the
/// Headers tab, shows a value recorded meanwhile over HTTP within `LIVE_DELAY`.
async fn shows_live_values(page: &mut Page, server: &TestServer) {
    let analyst = server.token("reader", "analyst").await;
    let integrator = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;

    page.click_text(".graphiql-tab-button", "LiveValues").await;
    // GraphiQL reads an editor's operations 100 ms after its text changes, and picks the
    // transport from what it read: run sooner, and it would still see the first tab's query.
    page.wait_until(
        &format!(
            "document.querySelector({}).CodeMirror.operationName === 'LiveValues'",
            json!(QUERY_EDITOR)
        ),
        ANSWERING,
        "GraphiQL to read the subscription tab",
    )
    .await;
    page.click("button[data-name='headers']").await;
    page.click(&format!("{HEADERS_EDITOR} .CodeMirror-lines"))
        .await;
    let headers = format!("{{\"Authorization\": \"Bearer {analyst}\"}}");
    page.type_text(&headers).await;
    let typed = format!("{} === {}", editor_text(HEADERS_EDITOR), json!(headers));
    page.wait_until(&typed, ANSWERING, "the typed headers")
        .await;
    page.click("button.graphiql-execute-button").await;

    // A value recorded before the server fixed the subscription's starting point would not
    // be delivered: wait for it.
    let subscribed = eventually(ANSWERING, async || {
        series(&metrics_text(server).await, "territoires_subscriptions") >= Some(1.0)
    })
    .await;
    if !subscribed {
        let screenshot = page.screenshot("not-subscribed").await;
        panic!(
            "the subscription never started on the server; the page is in {}, and did {:#?}",
            screenshot.display(),
            page.recording()
        );
    }
    let recorded = record(
        server,
        &integrator,
        in_region(input(&indicator, "271.8", "2018-09-30"), 1),
    )
    .await;
    let answered = Instant::now();
    let value = recorded["value"]["value"].as_str().unwrap().to_owned();
    let shown = format!(
        "(() => {{ try {{ const event = JSON.parse({}).data.indicatorValueRecorded;
                        return event.value.value === {} && event.value.region.number === 1; }}
                   catch {{ return false; }} }})()",
        editor_text(RESULT_PANE),
        json!(value)
    );
    page.wait_until(&shown, ANSWERING, "the recorded value in the result pane")
        .await;
    let delay = answered.elapsed();
    println!("GraphiQL showed the value recorded over HTTP {delay:?} after the mutation's answer");
    assert!(delay <= LIVE_DELAY, "{delay:?} is over {LIVE_DELAY:?}");
    let drawn = page.text(".result-window").await;
    assert!(drawn.contains("Abitibi-Témiscamingue"), "{drawn:?}");
    page.screenshot("subscription").await;
    // On a phone, the documentation explorer would take the whole width.
    page.click("button[aria-label='Hide Documentation Explorer']")
        .await;
    page.set_viewport(Viewport::PHONE).await;
    page.screenshot("subscription").await;

    let init = page
        .recording()
        .websocket_frames_sent
        .iter()
        .filter_map(|frame| serde_json::from_str::<Value>(frame).ok())
        .find(|message| message["type"] == "connection_init")
        .expect("GraphiQL sent connection_init");
    assert_eq!(
        init["payload"]["Authorization"],
        format!("Bearer {analyst}"),
        "{init}"
    );
    let socket = server.url("/graphql").replacen("http://", "ws://", 1);
    assert!(
        page.recording().requests.contains(&socket),
        "{:?}",
        page.recording().requests
    );
}

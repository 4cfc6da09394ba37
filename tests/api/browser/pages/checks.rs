//! Checks across the pages: no serious accessibility violation (axe-core), and the README
//! listing the queries the pages send.

use serde_json::json;

use crate::support::browser::Page;
use crate::support::{Backend, TestServer};

/// axe-core's browser build, vendored under tests/ (never served by the product).
const AXE: &str = include_str!("../../../fixtures/axe/axe.min.js");

/// axe-core, injected into the page, finds no serious or critical violation.
pub(super) async fn no_serious_accessibility_violation(page: &Page, what: &str) {
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
    let readme = include_str!("../../../../README.md");
    let scripts = [
        include_str!("../../../../src/http/pages/assets/home.js"),
        include_str!("../../../../src/http/pages/assets/region.js"),
        include_str!("../../../../src/http/pages/assets/api.js"),
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

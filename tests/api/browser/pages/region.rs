//! The home page's list of regions, and Saguenay–Lac-Saint-Jean's page as it first loads:
//! its priorities and actions, its keyboard path, and the weight of its first load.

use serde_json::{Value, json};

use super::LOADING;
use super::checks::no_serious_accessibility_violation;
use crate::support::TestServer;
use crate::support::browser::Page;

/// The budget for a region page's first load.
const MOST_BYTES: f64 = 300.0 * 1024.0;
const MOST_REQUESTS: usize = 10;

/// Saguenay–Lac-Saint-Jean's priorities in the plan (`PRIORITÉ 3`, 4, 6 and 10), by the
/// words their titles open with.
const SLSJ_PRIORITIES: [(&str, &str); 4] = [
    ("Priorité 3", "Aluminium – "),
    ("Priorité 4", "Mines et métaux – "),
    ("Priorité 6", "Entrepreneuriat – "),
    ("Priorité 10", "Numérique – "),
];

/// The home page names the plan and lists its four themes and its 18 regions, as the API does.
pub(super) async fn lists_the_regions(page: &Page, server: &TestServer) {
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
pub(super) async fn shows_the_priorities_and_actions(page: &Page, server: &TestServer) {
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
pub(super) async fn works_with_the_keyboard(page: &Page) {
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
pub(super) async fn measures_the_first_load(page: &Page, origin: &str) {
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

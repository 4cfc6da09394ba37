//! `priorities(filter:)`: text, region and theme filters.

use serde_json::{Value, json};

use crate::support::TestServer;

const QUERY: &str = "query($filter: PriorityFilter) { priorities(filter: $filter) { number title region { number } } }";

/// (region number, priority number) of each priority found.
async fn find(server: &TestServer, filter: Value) -> Vec<(i64, i64)> {
    let data = server.data(QUERY, json!({ "filter": filter })).await;
    data["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|priority| {
            (
                priority["region"]["number"].as_i64().unwrap(),
                priority["number"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn text_search_ignores_accents(server: TestServer) {
    // Bas-Saint-Laurent's priority 6 quotes "la forêt" too; Chaudière-Appalaches 3 and Outaouais 10
    // are the ones the plan's readers expect.
    assert_eq!(
        find(&server, json!({ "text": "foret" })).await,
        [(2, 6), (5, 3), (17, 10)]
    );
    let data = server
        .data(
            QUERY,
            json!({ "filter": { "text": "foret", "regionNumbers": [5] } }),
        )
        .await;
    assert_eq!(
        data["priorities"][0]["title"],
        "Maximiser les retombées de la forêt dans les communautés avec une perspective de développement durable."
    );
}

async fn text_search_ignores_case(server: TestServer) {
    assert_eq!(
        find(&server, json!({ "text": "ALUMINIUM" })).await,
        [(18, 3)]
    );
    assert_eq!(
        find(&server, json!({ "text": "Économie Sociale" })).await,
        find(&server, json!({ "text": "economie sociale" })).await
    );
}

async fn text_search_treats_wildcards_as_text(server: TestServer) {
    // "80 %" is quoted twice (Gaspésie 5, Outaouais 10); a bare "%" must not match everything.
    assert_eq!(
        find(&server, json!({ "text": "80 %" })).await,
        [(8, 5), (17, 10)]
    );
    assert_eq!(find(&server, json!({ "text": "_" })).await, []);
}

async fn filters_combine_region_theme_and_text(server: TestServer) {
    assert_eq!(
        find(&server, json!({ "regionNumbers": [13] })).await,
        [(13, 6), (13, 7), (13, 8), (13, 9), (13, 10)]
    );
    let social = find(&server, json!({ "themeKeys": ["SOCIAL_ECONOMY"] })).await;
    assert!(
        social.contains(&(12, 7)),
        "Laval's social innovation lab: {social:?}"
    );
    assert!(
        social
            .iter()
            .all(|(region, _)| [4, 5, 7, 8, 12, 13, 14, 15].contains(region)),
        "{social:?}"
    );
    assert_eq!(
        find(
            &server,
            json!({ "themeKeys": ["SOCIAL_ECONOMY"], "regionNumbers": [12], "text": "sociale" })
        )
        .await,
        [(12, 7)]
    );
    assert_eq!(find(&server, json!({ "regionNumbers": [] })).await, []);
}

async fn refuses_an_unknown_theme_key(server: TestServer) {
    let error = server
        .error(QUERY, json!({ "filter": { "themeKeys": ["TOURISM"] } }))
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        error["message"].as_str().unwrap().contains("TOURISM"),
        "{error}"
    );
}

on_both_backends!(
    text_search_ignores_accents,
    text_search_ignores_case,
    text_search_treats_wildcards_as_text,
    filters_combine_region_theme_and_text,
    refuses_an_unknown_theme_key
);

//! Theme links that agree with the plan's summary table, and say what makes each of them.

use serde_json::{Value, json};

use super::fixture::{listed_for, summary_table};
use crate::support::TestServer;

const REGIONS: &str = "{ regions { number name priorities { number
    themes { key } themeLinks { theme { key } basis quote } } } }";

/// The theme keys of `links` (a `themeLinks` list).
fn keys(links: &Value) -> Vec<String> {
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|link| link["theme"]["key"].as_str().unwrap().to_owned())
        .collect()
}

/// The numbers of `region`'s priorities linked to `theme`.
fn priorities_in(region: &Value, theme: &str) -> Vec<i64> {
    region["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|priority| keys(&priority["themeLinks"]).iter().any(|key| key == theme))
        .map(|priority| priority["number"].as_i64().unwrap())
        .collect()
}

async fn every_region_has_the_themes_the_summary_table_gives_it(server: TestServer) {
    let table = summary_table();
    let innovation = listed_for(&table, 4);
    assert_eq!(
        innovation,
        listed_for(&table, 6),
        "actions 4 and 6 list the same regions"
    );
    let social_economy = listed_for(&table, 5);
    let data = server.data(REGIONS, json!({})).await;
    let regions = data["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 18);
    println!(
        "| region | relève | innovation | croissance | économie sociale | listed for actions 4 and 6 | listed for action 5 |"
    );
    println!("|---|---|---|---|---|---|---|");
    for region in regions {
        let number = region["number"].as_i64().unwrap();
        let [succession, innovative, growth, social] = [
            "SUCCESSION",
            "INNOVATION",
            "BUSINESS_GROWTH",
            "SOCIAL_ECONOMY",
        ]
        .map(|theme| priorities_in(region, theme));
        let cell = |priorities: &[i64]| match priorities {
            [] => "—".to_owned(),
            _ => priorities
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        };
        let yes_no = |listed: bool| if listed { "yes" } else { "no" };
        println!(
            "| {number} {} | {} | {} | {} | {} | {} | {} |",
            region["name"].as_str().unwrap(),
            cell(&succession),
            cell(&innovative),
            cell(&growth),
            cell(&social),
            yes_no(innovation.contains(&number)),
            yes_no(social_economy.contains(&number)),
        );
        assert_eq!(
            !innovative.is_empty(),
            innovation.contains(&number),
            "region {number}: an innovation priority exactly when listed for actions 4 and 6"
        );
        assert_eq!(
            !social.is_empty(),
            social_economy.contains(&number),
            "region {number}: a social-economy priority exactly when listed for action 5"
        );
        // Action 1, tied to relève and croissance, is listed for "1 à 18".
        assert!(
            !succession.is_empty() || !growth.is_empty(),
            "region {number}"
        );
    }
}

async fn each_priority_link_says_its_basis(server: TestServer) {
    let data = server.data(REGIONS, json!({})).await;
    let mut links = Vec::new();
    for region in data["regions"].as_array().unwrap() {
        for priority in region["priorities"].as_array().unwrap() {
            let at = format!(
                "region {} priority {}",
                region["number"], priority["number"]
            );
            let themes: Vec<String> = priority["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|theme| theme["key"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(keys(&priority["themeLinks"]), themes, "{at}");
            for link in priority["themeLinks"].as_array().unwrap() {
                let key = link["theme"]["key"].as_str().unwrap();
                let expected = match key {
                    "INNOVATION" | "SOCIAL_ECONOMY" => "SUMMARY_TABLE",
                    _ => "PRIORITY_WORDS",
                };
                assert_eq!(link["basis"], expected, "{at} {key}");
                if expected == "PRIORITY_WORDS" {
                    assert!(link["quote"].is_string(), "{at} {key}: words quoted");
                }
                links.push((
                    region["number"].as_i64().unwrap(),
                    priority["number"].as_i64().unwrap(),
                    key.to_owned(),
                    link["quote"].as_str().map(str::to_owned),
                ));
            }
        }
    }
    // Chaudière-Appalaches 10 reads "Placer l'innovation", but the table leaves region 5 out.
    assert!(
        !links
            .iter()
            .any(|(region, _, key, _)| *region == 5 && key == "INNOVATION")
    );
    // The table lists Montérégie for action 5; priority 4 carries it, with no words to quote.
    assert!(links.contains(&(14, 4, "SOCIAL_ECONOMY".to_owned(), None)));
}

async fn each_action_link_says_whether_it_is_the_plans(server: TestServer) {
    let data = server
        .data(
            "{ themes { key response } actions { number themeLinks { theme { key } basis quote } } }",
            json!({}),
        )
        .await;
    let response = |key: &str| {
        data["themes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|theme| theme["key"] == key)
            .unwrap()["response"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let links: Vec<(i64, Vec<(String, String)>)> = data["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| {
            let links = action["themeLinks"].as_array().unwrap();
            for link in links {
                let key = link["theme"]["key"].as_str().unwrap();
                match link["basis"].as_str().unwrap() {
                    "PLAN_RESPONSE" => assert!(
                        response(key).contains(link["quote"].as_str().unwrap()),
                        "action {}: quoted from the response to {key}",
                        action["number"]
                    ),
                    _ => assert_eq!(link["quote"], Value::Null),
                }
            }
            let links = links
                .iter()
                .map(|link| {
                    (
                        link["theme"]["key"].as_str().unwrap().to_owned(),
                        link["basis"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (action["number"].as_i64().unwrap(), links)
        })
        .collect();
    let link = |key: &str, basis: &str| (key.to_owned(), basis.to_owned());
    assert_eq!(
        links,
        [
            (
                1,
                vec![
                    link("SUCCESSION", "PLAN_RESPONSE"),
                    link("BUSINESS_GROWTH", "PLAN_RESPONSE")
                ]
            ),
            (2, vec![link("BUSINESS_GROWTH", "PROJECT_READING")]),
            (3, vec![link("BUSINESS_GROWTH", "PROJECT_READING")]),
            (4, vec![link("INNOVATION", "PLAN_RESPONSE")]),
            (5, vec![link("SOCIAL_ECONOMY", "PLAN_RESPONSE")]),
            (6, vec![link("INNOVATION", "PLAN_RESPONSE")]),
        ]
    );
}

on_both_backends!(
    every_region_has_the_themes_the_summary_table_gives_it,
    each_priority_link_says_its_basis,
    each_action_link_says_whether_it_is_the_plans
);

//! Reads across plans: a region lists each priority once whichever plans target it, a
//! priority reaches the actions of every plan that answers it, an action says its plan, and
//! the root fields that mean the default plan keep meaning it.

use serde_json::{Value, json};

use super::{FICTIONAL_SLUG, import_fictional_plan};
use crate::support::{TestServer, numbers, strings};

const REGION_ONE: &str = "{ region(number: 1) { priorities { number title plans { slug }
    actions { number plan { slug } } } } }";

/// The (plan slug, number) of each action in `actions`.
fn actions_by_plan(actions: &Value) -> Vec<(String, i64)> {
    actions
        .as_array()
        .expect("actions")
        .iter()
        .map(|action| {
            (
                action["plan"]["slug"].as_str().unwrap().to_owned(),
                action["number"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Region 1's priority 5, which both plans target, is listed once, names both plans and
/// reaches the actions of both.
async fn a_shared_priority_is_listed_once_and_reaches_both_plans(server: TestServer) {
    let before = server.data(REGION_ONE, json!({})).await;
    import_fictional_plan(&server).await;
    let after = server.data(REGION_ONE, json!({})).await;
    let priorities = &after["region"]["priorities"];
    assert_eq!(
        numbers(priorities, "number"),
        numbers(&before["region"]["priorities"], "number"),
        "each priority once"
    );
    let shared = &priorities[0];
    assert_eq!(shared["number"], 5);
    assert_eq!(
        strings(&shared["plans"], "slug"),
        ["iq-ovt-2018-2020", FICTIONAL_SLUG]
    );
    let shipped_actions = actions_by_plan(&before["region"]["priorities"][0]["actions"]);
    let mut expected = shipped_actions.clone();
    expected.extend([
        (FICTIONAL_SLUG.to_owned(), 1),
        (FICTIONAL_SLUG.to_owned(), 3),
    ]);
    assert_eq!(actions_by_plan(&shared["actions"]), expected);
    assert!(
        shipped_actions
            .iter()
            .all(|(slug, _)| slug == "iq-ovt-2018-2020")
            && !shipped_actions.is_empty(),
        "{shipped_actions:?}"
    );
}

/// `plan(slug:)` reaches the second plan's themes, actions and indicators; its new priorities
/// are listed under their regions; the default plan's root fields are unchanged.
async fn each_plan_reaches_its_own_themes_actions_and_indicators(server: TestServer) {
    import_fictional_plan(&server).await;
    let data = server
        .data(
            "query($slug: String) {
                plan(slug: $slug) { title themes { key name } actions { number plan { slug } }
                    indicators { name } }
                default: plan { slug actions { number } }
                plans { slug }
                actions { number plan { slug } }
                themes { key }
                indicators { name }
                region(number: 3) { priorities { number plans { slug } } } }",
            json!({ "slug": FICTIONAL_SLUG }),
        )
        .await;
    let plan = &data["plan"];
    assert_eq!(
        plan["title"],
        "Plan fictif de l'Organisme d'essai 2024-2025"
    );
    assert_eq!(
        strings(&plan["themes"], "key"),
        ["SUCCESSION", "INNOVATION"]
    );
    assert_eq!(plan["themes"][0]["name"], "La relève imaginaire");
    assert_eq!(
        actions_by_plan(&plan["actions"]),
        [1, 2, 3].map(|number| (FICTIONAL_SLUG.to_owned(), number))
    );
    assert_eq!(
        strings(&plan["indicators"], "name"),
        [
            "Nombre fictif d'essais financés",
            "Nombre fictif d'ateliers de relève",
            "Nombre fictif de visites d'essai"
        ]
    );
    assert_eq!(data["default"]["slug"], "iq-ovt-2018-2020");
    assert_eq!(
        numbers(&data["default"]["actions"], "number"),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(
        actions_by_plan(&data["actions"]),
        (1..=6)
            .map(|number| ("iq-ovt-2018-2020".to_owned(), number))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        strings(&data["themes"], "key"),
        [
            "SUCCESSION",
            "INNOVATION",
            "BUSINESS_GROWTH",
            "SOCIAL_ECONOMY"
        ]
    );
    assert_eq!(data["indicators"].as_array().unwrap().len(), 6);
    let capitale = data["region"]["priorities"].as_array().unwrap();
    let fictional = capitale.last().unwrap();
    assert_eq!(fictional["number"], 92);
    assert_eq!(strings(&fictional["plans"], "slug"), [FICTIONAL_SLUG]);
    assert!(
        capitale[..capitale.len() - 1]
            .iter()
            .all(|priority| strings(&priority["plans"], "slug") == ["iq-ovt-2018-2020"])
    );
}

on_both_backends!(
    a_shared_priority_is_listed_once_and_reaches_both_plans,
    each_plan_reaches_its_own_themes_actions_and_indicators,
);

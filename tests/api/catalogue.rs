//! The plan's facts, served exactly as published.

use serde_json::{Value, json};

use crate::support::{TestServer, numbers, strings};

/// (number, name, slug, admin region code), in the strategy's order.
const REGIONS: [(i64, &str, &str, &str); 18] = [
    (1, "Abitibi-Témiscamingue", "abitibi-temiscamingue", "08"),
    (2, "Bas-Saint-Laurent", "bas-saint-laurent", "01"),
    (3, "Capitale-Nationale", "capitale-nationale", "03"),
    (4, "Centre-du-Québec", "centre-du-quebec", "17"),
    (5, "Chaudière-Appalaches", "chaudiere-appalaches", "12"),
    (6, "Côte-Nord", "cote-nord", "09"),
    (7, "Estrie", "estrie", "05"),
    (8, "Gaspésie", "gaspesie", "11"),
    (9, "Îles-de-la-Madeleine", "iles-de-la-madeleine", "11"),
    (10, "Lanaudière", "lanaudiere", "14"),
    (11, "Laurentides", "laurentides", "15"),
    (12, "Laval", "laval", "13"),
    (13, "Mauricie", "mauricie", "04"),
    (14, "Montérégie", "monteregie", "16"),
    (15, "Montréal", "montreal", "06"),
    (16, "Nord-du-Québec", "nord-du-quebec", "10"),
    (17, "Outaouais", "outaouais", "07"),
    (
        18,
        "Saguenay–Lac-Saint-Jean",
        "saguenay-lac-saint-jean",
        "02",
    ),
];

/// The numbers of each region's priorities that the plan targets, region by region.
const PRIORITY_NUMBERS: [&[i64]; 18] = [
    &[5],
    &[4, 6],
    &[2],
    &[1, 3],
    &[2, 3, 10],
    &[3],
    &[2, 11],
    &[5, 7],
    &[3],
    &[1, 3],
    &[1],
    &[6, 7],
    &[6, 7, 8, 9, 10],
    &[3, 4],
    &[3],
    &[4, 5],
    &[6, 7, 10],
    &[3, 4, 6, 10],
];

async fn serves_the_eighteen_regions_in_the_strategys_order(server: TestServer) {
    let data = server
        .data(
            "{ regions { number name slug adminRegionCode } }",
            json!({}),
        )
        .await;
    let served: Vec<(i64, String, String, String)> = data["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|region| {
            (
                region["number"].as_i64().unwrap(),
                region["name"].as_str().unwrap().to_owned(),
                region["slug"].as_str().unwrap().to_owned(),
                region["adminRegionCode"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(i64, String, String, String)> = REGIONS
        .iter()
        .map(|(number, name, slug, code)| {
            (
                *number,
                (*name).to_owned(),
                (*slug).to_owned(),
                (*code).to_owned(),
            )
        })
        .collect();
    assert_eq!(served, expected);
}

async fn serves_each_regions_priorities_by_number(server: TestServer) {
    let data = server
        .data("{ regions { number priorities { number } } }", json!({}))
        .await;
    let regions = data["regions"].as_array().unwrap();
    for (region, expected) in regions.iter().zip(PRIORITY_NUMBERS) {
        assert_eq!(
            numbers(&region["priorities"], "number"),
            expected,
            "region {}",
            region["number"]
        );
    }
    let total: usize = PRIORITY_NUMBERS.iter().map(|numbers| numbers.len()).sum();
    let all = server.data("{ priorities { number } }", json!({})).await;
    assert_eq!(all["priorities"].as_array().unwrap().len(), total);
    assert_eq!(total, 37);
}

async fn serves_priority_text_exactly_as_published(server: TestServer) {
    let data = server
        .data(
            "query($slug: String) { region(slug: $slug) { name priorities { number title excerpt } } }",
            json!({ "slug": "saguenay-lac-saint-jean" }),
        )
        .await;
    let priority = &data["region"]["priorities"][0];
    assert_eq!(priority["number"], 3);
    assert!(
        priority["title"]
            .as_str()
            .unwrap()
            .starts_with("Aluminium – Assurer la pérennité")
    );
    assert_eq!(
        priority["excerpt"],
        "La capacité d'innovation des entreprises de la région est importante dans un contexte de \
         compétitivité mondiale. L'aluminium de la région peut être qualifié de « vert » et cela \
         constitue un trait distinctif important et de plus en plus recherché. La création de \
         nouvelles entreprises de transformation est un enjeu de premier ordre."
    );
    let lanaudiere = server
        .data("{ region(number: 10) { priorities { title } } }", json!({}))
        .await;
    assert!(
        lanaudiere["region"]["priorities"][0]["title"]
            .as_str()
            .unwrap()
            .ends_with("afin de qualifier les entreprises pour la 4e révolution industrielle.")
    );
}

async fn serves_each_actions_indicator_target_and_region_list(server: TestServer) {
    let data = server
        .data(
            "{ actions { number title regionList regions { number } themes { key }
                 indicator { name unit target { value comparator dueOn recurrence label } } } }",
            json!({}),
        )
        .await;
    let actions = data["actions"].as_array().unwrap();
    assert_eq!(numbers(&data["actions"], "number"), [1, 2, 3, 4, 5, 6]);

    for (action, expected) in actions.iter().zip(expected_actions()) {
        let number = &action["number"];
        assert_eq!(
            action["regionList"], expected.region_list,
            "action {number}"
        );
        assert_eq!(
            numbers(&action["regions"], "number"),
            expected.regions,
            "action {number}"
        );
        assert_eq!(
            strings(&action["themes"], "key"),
            expected.themes,
            "action {number}"
        );
        let indicator = &action["indicator"];
        let target = &indicator["target"];
        assert_eq!(indicator["unit"], expected.unit, "action {number}");
        assert_eq!(target["value"], expected.value, "action {number}");
        assert_eq!(target["comparator"], "AT_LEAST", "action {number}");
        assert_eq!(target["dueOn"], json!(expected.due_on), "action {number}");
        assert_eq!(target["recurrence"], expected.recurrence, "action {number}");
        assert_eq!(target["label"], expected.label, "action {number}");
    }
    assert_eq!(
        actions[0]["title"],
        "Offrir aux entreprises de toutes les régions du Québec du financement qui répond à leurs besoins"
    );
    assert_eq!(
        actions[5]["indicator"]["name"],
        "Nombre de régions administratives visitées par la tournée"
    );
}

async fn links_action_4s_indicator_to_action_1s_total(server: TestServer) {
    let data = server
        .data(
            "{ four: action(number: 4) { indicator { footnote partOf { action { number } } } }
               one: action(number: 1) { indicator { partOf { name } parts { action { number } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["four"]["indicator"]["partOf"]["action"]["number"], 1);
    assert_eq!(
        data["four"]["indicator"]["footnote"],
        "Ce montant est inclus dans la valeur totale des interventions financières autorisées (action 1)."
    );
    assert_eq!(data["one"]["indicator"]["partOf"], Value::Null);
    assert_eq!(
        data["one"]["indicator"]["parts"].as_array().unwrap().len(),
        1
    );
    assert_eq!(data["one"]["indicator"]["parts"][0]["action"]["number"], 4);
}

async fn serves_the_four_themes_in_the_plans_order(server: TestServer) {
    let data = server
        .data(
            "{ themes { key name response actions { number } } theme(key: INNOVATION) { name } }",
            json!({}),
        )
        .await;
    assert_eq!(
        strings(&data["themes"], "key"),
        [
            "SUCCESSION",
            "INNOVATION",
            "BUSINESS_GROWTH",
            "SOCIAL_ECONOMY"
        ]
    );
    assert_eq!(
        strings(&data["themes"], "name"),
        [
            "La relève",
            "L'innovation",
            "La croissance des entreprises et la diversification des secteurs porteurs",
            "Les entreprises d'économie sociale"
        ]
    );
    let actions: Vec<Vec<i64>> = data["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|theme| numbers(&theme["actions"], "number"))
        .collect();
    assert_eq!(actions, [vec![1], vec![4, 6], vec![1, 2, 3], vec![5]]);
    assert!(
        data["themes"][0]["response"]
            .as_str()
            .unwrap()
            .starts_with("Plus de la moitié des régions ont déterminé que la relève")
    );
    assert!(
        data["themes"][1]["response"]
            .as_str()
            .unwrap()
            .ends_with("des financiers et des leaders politiques.")
    );
    assert_eq!(data["theme"]["name"], "L'innovation");
}

async fn classifies_every_priority_in_at_least_one_theme(server: TestServer) {
    let data = server
        .data(
            "{ priorities { themes { key } } regions { number themes { key } } }",
            json!({}),
        )
        .await;
    for priority in data["priorities"].as_array().unwrap() {
        assert!(!priority["themes"].as_array().unwrap().is_empty());
    }
    // "Plus de la moitié des régions ont déterminé que la relève était une priorité".
    let succession = data["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|region| strings(&region["themes"], "key").contains(&"SUCCESSION".to_owned()))
        .count();
    assert!(
        succession > 9,
        "{succession} regions with succession priorities"
    );
}

async fn serves_the_plans_metadata(server: TestServer) {
    let data = server
        .data(
            "{ plan { slug title organization startYear endYear publishedOn signatoryName signatoryTitle themes { key } actions { number } }
               plans { slug } }",
            json!({}),
        )
        .await;
    let plan = &data["plan"];
    assert_eq!(plan["slug"], "iq-ovt-2018-2020");
    assert_eq!(
        plan["title"],
        "Plan d'action pour l'occupation et la vitalité des territoires 2018-2020"
    );
    assert_eq!(plan["organization"], "Investissement Québec");
    assert_eq!(
        (plan["startYear"].as_i64(), plan["endYear"].as_i64()),
        (Some(2018), Some(2020))
    );
    assert_eq!(plan["publishedOn"], "2018-02-28");
    assert_eq!(plan["signatoryName"], "Pierre Gabriel Côté");
    assert_eq!(plan["signatoryTitle"], "Le président-directeur général");
    assert_eq!(plan["themes"].as_array().unwrap().len(), 4);
    assert_eq!(plan["actions"].as_array().unwrap().len(), 6);
    assert_eq!(strings(&data["plans"], "slug"), ["iq-ovt-2018-2020"]);
}

async fn finds_a_region_by_number_or_slug_but_not_both(server: TestServer) {
    let data = server
        .data(r#"{ a: region(number: 12) { name } b: region(slug: "laval") { number } c: region(number: 19) { name } }"#, json!({}))
        .await;
    assert_eq!(data["a"]["name"], "Laval");
    assert_eq!(data["b"]["number"], 12);
    assert_eq!(data["c"], Value::Null);
    let error = server
        .error(
            r#"{ region(number: 12, slug: "laval") { name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("exactly one of `number`")
    );
    let error = server.error("{ region { name } }", json!({})).await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
}

/// What the plan's summary table publishes for one action.
struct ExpectedAction {
    region_list: &'static str,
    regions: Vec<i64>,
    themes: &'static [&'static str],
    unit: &'static str,
    value: &'static str,
    due_on: Option<&'static str>,
    recurrence: &'static str,
    label: &'static str,
}

fn expected_actions() -> [ExpectedAction; 6] {
    let everywhere: Vec<i64> = (1..=18).collect();
    let innovation = vec![1, 2, 4, 6, 7, 10, 11, 12, 13, 14, 15, 17, 18];
    let by_march_2019 = Some("2019-03-31");
    [
        ExpectedAction {
            region_list: "1 à 18",
            regions: everywhere.clone(),
            themes: &["SUCCESSION", "BUSINESS_GROWTH"],
            unit: "MILLION_CAD",
            value: "1182",
            due_on: by_march_2019,
            recurrence: "NONE",
            label: "1 182 M$ au 31 mars 2019",
        },
        ExpectedAction {
            region_list: "1 à 18",
            regions: everywhere.clone(),
            themes: &["BUSINESS_GROWTH"],
            unit: "PERCENT",
            value: "85",
            due_on: by_march_2019,
            recurrence: "NONE",
            label: "≥ 85 % au 31 mars 2019",
        },
        ExpectedAction {
            region_list: "1 à 18",
            regions: everywhere,
            themes: &["BUSINESS_GROWTH"],
            unit: "COUNT",
            value: "1500",
            due_on: by_march_2019,
            recurrence: "NONE",
            label: "1 500 au 31 mars 2019",
        },
        ExpectedAction {
            region_list: "1, 2, 4, 6, 7, 10 à 15, 17 et 18",
            regions: innovation.clone(),
            themes: &["INNOVATION"],
            unit: "MILLION_CAD",
            value: "129",
            due_on: by_march_2019,
            recurrence: "NONE",
            label: "129 M$ au 31 mars 2019",
        },
        ExpectedAction {
            region_list: "4, 5, 7, 8, 12, 13, 14 et 15",
            regions: vec![4, 5, 7, 8, 12, 13, 14, 15],
            themes: &["SOCIAL_ECONOMY"],
            unit: "COUNT",
            value: "50",
            due_on: None,
            recurrence: "ANNUAL",
            label: "50 interventions financières par année",
        },
        ExpectedAction {
            region_list: "1, 2, 4, 6, 7, 10 à 15, 17 et 18",
            regions: innovation,
            themes: &["INNOVATION"],
            unit: "COUNT",
            value: "17",
            due_on: by_march_2019,
            recurrence: "NONE",
            label: "17 régions administratives d'ici le 31 mars 2019",
        },
    ]
}

on_both_backends!(
    serves_the_eighteen_regions_in_the_strategys_order,
    serves_each_regions_priorities_by_number,
    serves_priority_text_exactly_as_published,
    serves_each_actions_indicator_target_and_region_list,
    links_action_4s_indicator_to_action_1s_total,
    serves_the_four_themes_in_the_plans_order,
    classifies_every_priority_in_at_least_one_theme,
    serves_the_plans_metadata,
    finds_a_region_by_number_or_slug_but_not_both
);

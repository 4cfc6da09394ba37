//! The catalogue files: `/plan/regions.csv`, `/plan/priorities.csv`, `/plan/actions.csv` and
//! `/plan.csv` hold what GraphQL answers for the stored plan, cell for cell.

use serde_json::{Value, json};

use crate::support::TestServer;

/// Everything the catalogue files list, as GraphQL answers it.
const CATALOGUE: &str = "{
    regions { number slug name adminRegionCode }
    priorities { number title excerpt region { number } themes { key } }
    actions { number title plan { slug } regions { number }
        indicator { id name unit target { value comparator dueOn recurrence label } } } }";

/// The rows of the CSV file at `path` (downloaded as `filename`), after its header `header`.
async fn rows(server: &TestServer, path: &str, filename: &str, header: &str) -> Vec<Vec<String>> {
    let response = server
        .client
        .get(server.url(path))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8; header=present"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"{filename}\"").as_str()
    );
    let body = response.text().await.expect("a body");
    assert!(body.starts_with(&format!("{header}\r\n")), "{path}: {body}");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.expect("an RFC 4180 row");
            record.iter().map(str::to_owned).collect()
        })
        .collect()
}

/// `value` as a cell: a string as it is, a number as JSON writes it, null as nothing.
fn cell(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Each file's rows are GraphQL's: 18 regions, 37 priorities, 6 actions, and a few exact cells.
async fn lists_what_graphql_answers(server: TestServer) {
    let data = server.data(CATALOGUE, json!({})).await;
    let array = |name: &str| data[name].as_array().expect(name).clone();

    let regions = rows(
        &server,
        "/plan/regions.csv",
        "regions.csv",
        "numéro,slug,nom,code_région_administrative",
    )
    .await;
    assert_eq!(regions.len(), 18);
    let mut expected: Vec<Vec<String>> = array("regions")
        .iter()
        .map(|region| {
            ["number", "slug", "name", "adminRegionCode"]
                .map(|field| cell(&region[field]))
                .to_vec()
        })
        .collect();
    expected.sort_by_key(|row| row[0].parse::<i32>().expect("a number"));
    assert_eq!(regions, expected);
    assert_eq!(
        regions[0],
        ["1", "abitibi-temiscamingue", "Abitibi-Témiscamingue", "08"]
    );

    let priorities = rows(
        &server,
        "/plan/priorities.csv",
        "priorities.csv",
        "région,numéro,titre,extrait,thèmes",
    )
    .await;
    assert_eq!(priorities.len(), 37);
    let mut expected: Vec<Vec<String>> = array("priorities")
        .iter()
        .map(|priority| {
            let themes: Vec<String> = priority["themes"]
                .as_array()
                .expect("themes")
                .iter()
                .map(|theme| cell(&theme["key"]))
                .collect();
            vec![
                cell(&priority["region"]["number"]),
                cell(&priority["number"]),
                cell(&priority["title"]),
                cell(&priority["excerpt"]),
                themes.join(" | "),
            ]
        })
        .collect();
    expected.sort_by_key(|row| (row[0].parse::<i32>().ok(), row[1].parse::<i32>().ok()));
    assert_eq!(priorities, expected);
    assert_eq!(priorities[0][..2], ["1", "5"]);
    assert_eq!(
        priorities[0][4],
        "SUCCESSION | INNOVATION | BUSINESS_GROWTH"
    );

    let header = "plan,action,titre,indicateur,nom_indicateur,unité,cible_valeur,comparateur,\
        échéance,récurrence,libellé,régions";
    let actions = rows(&server, "/plan/actions.csv", "actions.csv", header).await;
    assert_eq!(actions.len(), 6);
    let expected: Vec<Vec<String>> = array("actions")
        .iter()
        .map(|action| {
            let indicator = &action["indicator"];
            let target = &indicator["target"];
            let regions: Vec<String> = action["regions"]
                .as_array()
                .expect("regions")
                .iter()
                .map(|region| cell(&region["number"]))
                .collect();
            vec![
                cell(&action["plan"]["slug"]),
                cell(&action["number"]),
                cell(&action["title"]),
                cell(&indicator["id"]),
                cell(&indicator["name"]),
                cell(&indicator["unit"]),
                cell(&target["value"]),
                cell(&target["comparator"]),
                cell(&target["dueOn"]),
                cell(&target["recurrence"]),
                cell(&target["label"]),
                regions.join(" | "),
            ]
        })
        .collect();
    assert_eq!(actions, expected);
    assert_eq!(
        actions[0][..4],
        [
            "iq-ovt-2018-2020",
            "1",
            "Offrir aux entreprises de toutes les régions du Québec du financement qui répond à leurs besoins",
            "SW5kaWNhdG9yOjE",
        ]
    );
    assert_eq!(
        actions[0][6..11],
        [
            "1182",
            "AT_LEAST",
            "2019-03-31",
            "NONE",
            "1 182 M$ au 31 mars 2019"
        ]
    );
    assert_eq!(
        actions[3][11],
        "1 | 2 | 4 | 6 | 7 | 10 | 11 | 12 | 13 | 14 | 15 | 17 | 18"
    );

    // The contract's /plan.csv is the actions table, under its own name.
    assert_eq!(
        rows(&server, "/plan.csv", "plan.csv", header).await,
        actions
    );
}

on_both_backends!(lists_what_graphql_answers);

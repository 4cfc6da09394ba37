//! `GET /values.csv`: its rows are `Indicator.values`' for the same filters (one indicator or
//! all, a region, dates, `knownAt`, `includeSuperseded`), and a bad parameter is refused.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::TestServer;
use crate::values::{in_region, input, record};

/// The columns of values.csv, in order, as the README documents them.
const HEADER: &str =
    "indicateur,région,date,valeur,source,note,clé,plan,action,id,révision,enregistré_le";

/// `Indicator.values` with every filter, answering what a CSV row holds.
const VALUES: &str = "query($id: ID!, $region: Int, $from: Date, $to: Date, $at: DateTime,
    $all: Boolean!) { node(id: $id) { ... on Indicator {
    values(first: 100, regionNumber: $region, from: $from, to: $to, knownAt: $at,
        includeSuperseded: $all) {
        edges { node { id value asOf revision recordedAt region { number } } } } } } }";

/// The body of `GET path`, after checking it is a CSV download.
async fn csv(server: &TestServer, path: &str) -> String {
    let response = server
        .client
        .get(server.url(path))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers();
    assert_eq!(
        headers["content-type"],
        "text/csv; charset=utf-8; header=present"
    );
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"values.csv\""
    );
    response.text().await.expect("a body")
}

/// The rows of a values.csv body (header checked), each as (id, value, date, revision,
/// recorded at, region).
fn rows(body: &str) -> Vec<[String; 6]> {
    assert!(body.starts_with(&format!("{HEADER}\r\n")), "{body}");
    assert!(body.ends_with("\r\n") && !body.replace("\r\n", "").contains('\n'));
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.expect("an RFC 4180 row");
            assert_eq!(record.len(), 12);
            assert_eq!(&record[7], "iq-ovt-2018-2020", "the plan's slug");
            [9, 3, 2, 10, 11, 1].map(|column| record[column].to_owned())
        })
        .collect()
}

/// The same rows from GraphQL for `variables`.
async fn graphql_rows(server: &TestServer, variables: Value) -> Vec<[String; 6]> {
    let data = server.data(VALUES, variables).await;
    let text = |value: &Value| {
        value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned)
    };
    data["node"]["values"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| {
            let node = &edge["node"];
            let region = node["region"]["number"]
                .as_i64()
                .map_or(String::new(), |n| n.to_string());
            [
                text(&node["id"]),
                text(&node["value"]),
                text(&node["asOf"]),
                text(&node["revision"]),
                text(&node["recordedAt"]),
                region,
            ]
        })
        .collect()
}

/// Every filter gives the rows GraphQL gives, and no indicator lists every indicator's.
async fn answers_what_graphql_answers(server: TestServer) {
    let editor = server.token("editor", "open data").await;
    let one = server.indicator_id(1).await;
    let two = server.indicator_id(2).await;
    let first = record(&server, &editor, input(&one, "500", "2019-01-31")).await;
    let first_at = first["value"]["recordedAt"].clone();
    tokio::time::sleep(Duration::from_millis(20)).await;
    record(&server, &editor, input(&one, "600.50", "2019-01-31")).await;
    record(&server, &editor, input(&one, "700", "2019-06-30")).await;
    record(
        &server,
        &editor,
        in_region(input(&one, "12", "2019-06-30"), 3),
    )
    .await;
    record(&server, &editor, input(&two, "85.5", "2020-03-31")).await;

    // `region=` (empty) is all of Québec alone, as `Indicator.values` without a region.
    let cases = [
        (
            format!("indicator={one}&region="),
            json!({ "id": one, "all": false }),
        ),
        (
            format!("indicator={one}&region=&includeSuperseded=true"),
            json!({ "id": one, "all": true }),
        ),
        (
            format!(
                "indicator={one}&region=&includeSuperseded=true&knownAt={}",
                first_at.as_str().unwrap().replace('+', "%2B")
            ),
            json!({ "id": one, "all": true, "at": first_at }),
        ),
        (
            format!("indicator={one}&region=3"),
            json!({ "id": one, "region": 3, "all": false }),
        ),
        (
            format!("indicator={one}&region=&from=2019-02-01&to=2019-12-31"),
            json!({ "id": one, "from": "2019-02-01", "to": "2019-12-31", "all": false }),
        ),
    ];
    for (query, variables) in cases {
        let exported = rows(&csv(&server, &format!("/values.csv?{query}")).await);
        let answered = graphql_rows(&server, variables).await;
        assert!(!answered.is_empty(), "{query}");
        assert_eq!(exported, answered, "{query}");
    }
    // Without a region: all of Québec, then each region in number order.
    let mut scopes = graphql_rows(&server, json!({ "id": one, "all": false })).await;
    scopes.extend(graphql_rows(&server, json!({ "id": one, "region": 3, "all": false })).await);
    let exported = csv(&server, &format!("/values.csv?indicator={one}")).await;
    assert_eq!(rows(&exported), scopes);
    // Without an indicator: every indicator's, in id order (action 1's indicator first).
    let mut every = scopes;
    every.extend(graphql_rows(&server, json!({ "id": two, "all": false })).await);
    let exported = csv(&server, "/values.csv").await;
    assert_eq!(rows(&exported), every);
    let line = exported.lines().nth(1).expect("a first row");
    assert!(
        line.starts_with(&format!("{one},,2019-06-30,700,,,,")),
        "{line}"
    );
    assert!(
        exported.contains(&format!("{one},3,2019-06-30,12,")),
        "a region's value, with its number"
    );
    assert!(
        exported.contains(",85.5,"),
        "decimals as GraphQL writes them"
    );
}

/// Each bad parameter is a 400 with the GraphQL refusal body, saying what is allowed.
async fn refuses_bad_parameters(server: TestServer) {
    for (query, words) in [
        ("region=99", "use 1 to 18"),
        ("region=north", "use 1 to 18"),
        ("from=2019-13-01", "YYYY-MM-DD"),
        ("to=yesterday", "YYYY-MM-DD"),
        ("knownAt=2019-06-01", "RFC 3339"),
        ("includeSuperseded=yes", "true or false"),
        ("indicator=nonsense", "exactly as the API returned it"),
        (
            "indicatr=1",
            "indicator, region, from, to, knownAt, includeSuperseded",
        ),
    ] {
        let response = server
            .client
            .get(server.url(&format!("/values.csv?{query}")))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{body}"
        );
        let message = body["errors"][0]["message"].as_str().expect("a message");
        assert!(message.contains(words), "{query}: {message}");
    }
}

on_both_backends!(answers_what_graphql_answers, refuses_bad_parameters);

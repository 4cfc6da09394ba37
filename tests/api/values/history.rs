//! Reading values back: corrections as revisions, history pages, fiscal years, chart series,
//! and regional values apart from Québec-wide ones.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use super::{RECORD_BATCH, assert_error, in_region, input, record};
use crate::support::TestServer;

/// A query on the indicator `$id`: `fields` are selected on it.
fn on_indicator(fields: &str) -> String {
    format!("query($id: ID!) {{ node(id: $id) {{ ... on Indicator {{ {fields} }} }} }}")
}

/// A query of a page of history of the indicator `$id`: `fields` are selected on the page.
fn page_query(fields: &str) -> String {
    format!(
        "query($id: ID!, $first: Int, $after: String) {{ node(id: $id) {{ ... on Indicator {{
            values(first: $first, after: $after) {{ {fields} }} }} }} }}"
    )
}

/// The figures of a connection's nodes, in order.
fn figures(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["value"].as_str().expect("a figure").to_owned())
        .collect()
}

/// A second value for the same date is revision 2, superseding the first; only it is current.
async fn records_a_correction_as_a_new_revision(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    let first = record(&server, &editor, input(&indicator, "500", "2018-09-30")).await;
    let second = record(&server, &editor, input(&indicator, "600", "2018-09-30")).await;
    assert_eq!(first["value"]["revision"], 1);
    assert_eq!(first["value"]["supersedes"], Value::Null);
    assert_eq!(second["value"]["revision"], 2);
    assert_eq!(
        second["value"]["supersedes"],
        json!({ "id": first["value"]["id"], "value": "500" })
    );

    let query = on_indicator(
        "latest { value revision }
         current: values { totalCount edges { node { value revision } } }
         all: values(includeSuperseded: true) { totalCount edges { node { value revision } } }",
    );
    let data = server.data(&query, json!({ "id": indicator })).await;
    let node = &data["node"];
    assert_eq!(node["latest"], json!({ "value": "600", "revision": 2 }));
    assert_eq!(node["current"]["totalCount"], 1);
    assert_eq!(figures(&node["current"]), ["600"]);
    assert_eq!(node["all"]["totalCount"], 2);
    assert_eq!(figures(&node["all"]), ["600", "500"]);
    assert_eq!(node["all"]["edges"][1]["node"]["revision"], 1);
}

/// 25 values walked 10 at a time: every value once, newest first, with a consistent `pageInfo`.
async fn pages_through_history_newest_first(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(3).await;
    let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();
    let inputs: Value = (0..25_u64)
        .map(|day| {
            let as_of = start.checked_add_days(Days::new(day * 7)).unwrap();
            input(&indicator, &(100 + day).to_string(), &as_of.to_string())
        })
        .collect();
    let body = server
        .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");

    let query = page_query(
        "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
         edges { cursor node { value asOf } }",
    );
    let mut after = Value::Null;
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    // Three pages are expected; a server that never ends the walk fails instead of hanging.
    for _ in 0..10 {
        let data = server
            .data(
                &query,
                json!({ "id": indicator, "first": 10, "after": after }),
            )
            .await;
        let page = data["node"]["values"].clone();
        assert_eq!(page["totalCount"], 25);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], !after.is_null());
        let edges = page["edges"].as_array().unwrap();
        assert_eq!(page["pageInfo"]["startCursor"], edges[0]["cursor"]);
        assert_eq!(
            page["pageInfo"]["endCursor"],
            edges[edges.len() - 1]["cursor"]
        );
        seen.extend(figures(&page));
        pages.push(edges.len());
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(pages, [10, 10, 5]);
    let expected: Vec<String> = (100..125).rev().map(|n: i32| n.to_string()).collect();
    assert_eq!(seen, expected, "25 distinct values, newest first");

    // `from` and `to` bound the dates, both included: 2018-06-03 (value 109) to 2018-07-29 (117).
    let data = server
        .data(
            &on_indicator(
                r#"values(from: "2018-06-03", to: "2018-07-29") {
                    totalCount edges { node { value } } }"#,
            ),
            json!({ "id": indicator }),
        )
        .await;
    let within = &data["node"]["values"];
    assert_eq!(within["totalCount"], 9);
    let expected: Vec<String> = (109..=117).rev().map(|n: i32| n.to_string()).collect();
    assert_eq!(figures(within), expected);
}

/// Walks `values(…)` of the indicator `$id` two at a time with `arguments`; returns every
/// `(asOf, value)` seen, in order.
async fn walk(server: &TestServer, indicator: &str, arguments: &str) -> Vec<(String, String)> {
    let query = format!(
        "query($id: ID!, $after: String) {{ node(id: $id) {{ ... on Indicator {{
            values(first: 2, after: $after, {arguments}) {{
              pageInfo {{ hasNextPage endCursor }} edges {{ node {{ asOf value }} }} }} }} }} }}"
    );
    let mut after = Value::Null;
    let mut seen = Vec::new();
    // The histories walked here have a few dozen values: far fewer pages than this.
    for _ in 0..MAX_PAGES {
        let data = server
            .data(&query, json!({ "id": indicator, "after": after }))
            .await;
        let page = &data["node"]["values"];
        for edge in page["edges"].as_array().expect("edges") {
            let node = &edge["node"];
            seen.push((
                node["asOf"].as_str().unwrap().to_owned(),
                node["value"].as_str().unwrap().to_owned(),
            ));
        }
        if page["pageInfo"]["hasNextPage"] == false {
            return seen;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    panic!("the walk did not end after {MAX_PAGES} pages; seen: {seen:?}");
}

/// The most pages [`walk`] reads before it concludes that the server never ends a walk.
const MAX_PAGES: usize = 100;

/// Pages of a history whose dates were corrected once or twice list each date once, with its
/// current revision (or the revision current at `knownAt`), within `from` and `to`; so does
/// its series.
async fn pages_through_corrected_history(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(3).await;
    let start = NaiveDate::from_ymd_opt(2018, 4, 1).unwrap();
    let day = |week: u64| {
        start
            .checked_add_days(Days::new(week * 7))
            .unwrap()
            .to_string()
    };
    // Week w has value 10w + 1, corrected to 10w + 2 when w is even, then to 10w + 3 when w
    // is a multiple of 4.
    let mut first_recorded_at = Value::Null;
    for revision in 1..=3_u64 {
        let inputs: Value = (0..7_u64)
            .filter(|week| revision == 1 || week % (2 * (revision - 1)) == 0)
            .map(|week| input(&indicator, &(10 * week + revision).to_string(), &day(week)))
            .collect();
        let body = server
            .post_as(&editor, RECORD_BATCH, json!({ "inputs": inputs }))
            .await;
        assert!(body.get("errors").is_none(), "{body:#}");
        if revision == 1 {
            let data = server
                .data(
                    &on_indicator("latest { recordedAt }"),
                    json!({ "id": indicator }),
                )
                .await;
            first_recorded_at = data["node"]["latest"]["recordedAt"].clone();
        }
    }
    let expected = |weeks: &[(u64, u64)]| -> Vec<(String, String)> {
        weeks
            .iter()
            .map(|(week, revision)| (day(*week), (10 * week + revision).to_string()))
            .collect()
    };

    let current = walk(&server, &indicator, "").await;
    assert_eq!(
        current,
        expected(&[(6, 2), (5, 1), (4, 3), (3, 1), (2, 2), (1, 1), (0, 3)])
    );
    let within = walk(
        &server,
        &indicator,
        &format!(r#"from: "{}", to: "{}""#, day(1), day(4)),
    )
    .await;
    assert_eq!(within, expected(&[(4, 3), (3, 1), (2, 2), (1, 1)]));
    let every = walk(&server, &indicator, "includeSuperseded: true").await;
    assert_eq!(every.len(), 7 + 4 + 2, "every revision: {every:?}");
    assert!(first_recorded_at.is_string(), "{first_recorded_at}");
    let then = walk(
        &server,
        &indicator,
        &format!("knownAt: {first_recorded_at}"),
    )
    .await;
    assert_eq!(
        then,
        expected(&[(6, 1), (5, 1), (4, 1), (3, 1), (2, 1), (1, 1), (0, 1)])
    );

    // A month's point is the current revision of its newest date: weeks 4 (April 29) and 6
    // (May 13).
    let series = |known_at: Value| {
        let server = &server;
        let indicator = &indicator;
        async move {
            let data = server
                .data(
                    "query($id: ID!, $at: DateTime) { node(id: $id) { ... on Indicator {
                        series(bucket: MONTH, knownAt: $at) { bucketStart value asOf } } } }",
                    json!({ "id": indicator, "at": known_at }),
                )
                .await;
            data["node"]["series"].clone()
        }
    };
    assert_eq!(
        series(Value::Null).await,
        json!([
            { "bucketStart": "2018-04-01", "value": "43", "asOf": day(4) },
            { "bucketStart": "2018-05-01", "value": "62", "asOf": day(6) },
        ])
    );
    assert_eq!(
        series(first_recorded_at.clone()).await,
        json!([
            { "bucketStart": "2018-04-01", "value": "41", "asOf": day(4) },
            { "bucketStart": "2018-05-01", "value": "61", "asOf": day(6) },
        ])
    );
}

/// `first` outside 0 to 100 and cursors that are not this list's are refused.
async fn refuses_pages_too_large_and_malformed_cursors(server: TestServer) {
    let indicator = server.indicator_id(3).await;
    let query = page_query("totalCount");
    let error = server
        .error(&query, json!({ "id": indicator, "first": 101 }))
        .await;
    assert_error(&error, "BAD_USER_INPUT", &["first is 101", "0 to 100"]);
    let error = server
        .error(&query, json!({ "id": indicator, "first": -1 }))
        .await;
    assert_error(&error, "BAD_USER_INPUT", &["first is -1"]);
    // Not base64, a value cursor with no date, and an event cursor (of subscriptions).
    let malformed = [
        "not a cursor".to_owned(),
        URL_SAFE_NO_PAD.encode("value:yesterday:1"),
        URL_SAFE_NO_PAD.encode("event:3"),
    ];
    for malformed in malformed {
        let error = server
            .error(&query, json!({ "id": indicator, "after": malformed }))
            .await;
        assert_error(
            &error,
            "BAD_USER_INPUT",
            &[&format!("{malformed:?}"), "is not a cursor of this list"],
        );
    }
    let data = server
        .data(&query, json!({ "id": indicator, "first": 100 }))
        .await;
    assert_eq!(data["node"]["values"]["totalCount"], 0);
}

/// `fiscalYear` turns on April 1.
async fn labels_fiscal_years_from_april_to_march(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    for (as_of, fiscal_year) in [
        ("2019-03-31", "2018-2019"),
        ("2019-04-01", "2019-2020"),
        ("2018-04-01", "2018-2019"),
        ("2020-01-15", "2019-2020"),
    ] {
        let recorded = record(&server, &editor, input(&indicator, "1", as_of)).await;
        assert_eq!(recorded["value"]["fiscalYear"], fiscal_year, "{as_of}");
    }
}

/// A monthly series has a point per month, null where empty, else the month's last current value.
async fn charts_the_last_value_of_each_month(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    for (value, as_of) in [
        ("10", "2019-01-05"),
        ("12", "2019-01-20"),
        ("30", "2019-03-10"),
        ("31", "2019-03-10"), // a correction: the current revision is charted
        ("5", "2019-03-02"),  // older within its month: not charted
    ] {
        record(&server, &editor, input(&indicator, value, as_of)).await;
    }
    let query = "query($id: ID!, $from: Date, $to: Date) { node(id: $id) { ... on Indicator {
        series(bucket: MONTH, from: $from, to: $to) { bucketStart bucketEnd value asOf } } } }";
    let data = server
        .data(
            query,
            json!({ "id": indicator, "from": "2018-12-15", "to": "2019-04-02" }),
        )
        .await;
    let point = |start: &str, end: &str, value: Option<(&str, &str)>| match value {
        Some((value, as_of)) => {
            json!({ "bucketStart": start, "bucketEnd": end, "value": value, "asOf": as_of })
        }
        None => json!({ "bucketStart": start, "bucketEnd": end, "value": null, "asOf": null }),
    };
    assert_eq!(
        data["node"]["series"],
        json!([
            point("2018-12-01", "2018-12-31", None),
            point("2019-01-01", "2019-01-31", Some(("12", "2019-01-20"))),
            point("2019-02-01", "2019-02-28", None),
            point("2019-03-01", "2019-03-31", Some(("31", "2019-03-10"))),
            point("2019-04-01", "2019-04-30", None),
        ])
    );

    // Without bounds, the series runs from the first value's month to the last one's.
    let data = server.data(query, json!({ "id": indicator })).await;
    let starts: Vec<&Value> = data["node"]["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|point| &point["bucketStart"])
        .collect();
    assert_eq!(starts, ["2019-01-01", "2019-02-01", "2019-03-01"]);

    let error = server
        .error(
            query,
            json!({ "id": indicator, "from": "2019-05-01", "to": "2019-04-01" }),
        )
        .await;
    assert_error(
        &error,
        "BAD_USER_INPUT",
        &["from (2019-05-01) is after to (2019-04-01)"],
    );
}

/// Quarters and fiscal years bucket the same values at their own boundaries.
async fn charts_quarters_and_fiscal_years(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(1).await;
    for (value, as_of) in [
        ("100", "2019-03-31"),
        ("200", "2019-04-01"),
        ("250", "2019-06-30"),
    ] {
        record(&server, &editor, input(&indicator, value, as_of)).await;
    }
    let query = "query($id: ID!) { node(id: $id) { ... on Indicator {
        quarters: series(bucket: QUARTER) { bucketStart bucketEnd value }
        years: series(bucket: FISCAL_YEAR) { bucketStart bucketEnd value } } } }";
    let data = server.data(query, json!({ "id": indicator })).await;
    assert_eq!(
        data["node"]["quarters"],
        json!([
            { "bucketStart": "2019-01-01", "bucketEnd": "2019-03-31", "value": "100" },
            { "bucketStart": "2019-04-01", "bucketEnd": "2019-06-30", "value": "250" },
        ])
    );
    assert_eq!(
        data["node"]["years"],
        json!([
            { "bucketStart": "2018-04-01", "bucketEnd": "2019-03-31", "value": "100" },
            { "bucketStart": "2019-04-01", "bucketEnd": "2020-03-31", "value": "250" },
        ])
    );
}

/// Figures come back exactly as sent (canonical), from every read, on both backends.
async fn keeps_figures_exact(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let amount = server.indicator_id(1).await;
    let percent = server.indicator_id(2).await;
    // Read back as written, canonical: no float on the way, trailing zeros dropped.
    for (indicator, sent, read, as_of) in [
        (&amount, "0.1", "0.1", "2019-01-01"),
        (&amount, "1182.000000001", "1182.000000001", "2019-01-02"),
        (
            &amount,
            "123456789012345.678901",
            "123456789012345.678901",
            "2019-01-03",
        ),
        (&percent, "85.50", "85.5", "2019-01-01"),
        (&percent, "99.999999", "99.999999", "2019-01-02"),
    ] {
        let recorded = record(&server, &editor, input(indicator, sent, as_of)).await;
        assert_eq!(recorded["value"]["value"], read, "{sent}");
        let data = server
            .data(
                &on_indicator(
                    "latest { value } series(bucket: MONTH) { value }
                     values(first: 1) { edges { node { value } } }",
                ),
                json!({ "id": indicator }),
            )
            .await;
        assert_eq!(data["node"]["latest"]["value"], read, "{sent}");
        assert_eq!(data["node"]["series"], json!([{ "value": read }]), "{sent}");
        assert_eq!(figures(&data["node"]["values"]), [read], "{sent}");
    }
}

/// A region's values are a history of their own, apart from those for all of Québec.
async fn keeps_regional_values_apart_from_quebec_wide_ones(server: TestServer) {
    let editor = server.token("editor", "integrator").await;
    let indicator = server.indicator_id(3).await;
    let quebec = record(&server, &editor, input(&indicator, "900", "2019-01-31")).await;
    let regional = record(
        &server,
        &editor,
        in_region(input(&indicator, "40", "2019-01-31"), 3),
    )
    .await;
    assert_eq!(quebec["value"]["region"], Value::Null);
    assert_eq!(regional["value"]["region"], json!({ "number": 3 }));
    assert_eq!(
        regional["value"]["revision"], 1,
        "not a correction of the Québec-wide value"
    );
    let query = on_indicator(
        "quebec: latest { value } capitale: latest(regionNumber: 3) { value region { number } }
         other: latest(regionNumber: 4) { value }
         quebecValues: values { totalCount edges { node { value } } }
         regionValues: values(regionNumber: 3) { totalCount edges { node { value } } }",
    );
    let data = server.data(&query, json!({ "id": indicator })).await;
    let node = &data["node"];
    assert_eq!(node["quebec"], json!({ "value": "900" }));
    assert_eq!(
        node["capitale"],
        json!({ "value": "40", "region": { "number": 3 } })
    );
    assert_eq!(node["other"], Value::Null);
    assert_eq!(figures(&node["quebecValues"]), ["900"]);
    assert_eq!(figures(&node["regionValues"]), ["40"]);
    assert_eq!(node["regionValues"]["totalCount"], 1);

    let error = server
        .error(
            &on_indicator("latest(regionNumber: 19) { value }"),
            json!({ "id": indicator }),
        )
        .await;
    assert_error(
        &error,
        "BAD_USER_INPUT",
        &["regionNumber 19 is not a region"],
    );
}

on_both_backends!(
    records_a_correction_as_a_new_revision,
    pages_through_history_newest_first,
    pages_through_corrected_history,
    refuses_pages_too_large_and_malformed_cursors,
    labels_fiscal_years_from_april_to_march,
    charts_the_last_value_of_each_month,
    charts_quarters_and_fiscal_years,
    keeps_figures_exact,
    keeps_regional_values_apart_from_quebec_wide_ones,
);

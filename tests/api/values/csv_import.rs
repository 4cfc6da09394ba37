//! `POST /values.csv` and `territoires values import`: values from a spreadsheet, checked
//! whole and recorded all or nothing.

use serde_json::{Value, json};

use super::{count, rows};
use crate::support::TestServer;
use crate::support::writes::territoires;

/// The file the way French Excel saves « CSV UTF-8 »: BOM, `;`, decimal comma, CRLF.
const FRENCH_EXCEL: &[u8] = include_bytes!("../../fixtures/csv/french-excel.csv");

/// Posts `body` as a CSV file with `token` (if any) and returns the status and JSON answer.
pub(super) async fn post_csv(
    server: &TestServer,
    token: Option<&str>,
    body: Vec<u8>,
    dry_run: bool,
) -> (u16, Value) {
    let mut request = server
        .client
        .post(server.url(if dry_run {
            "/values.csv?dryRun=true"
        } else {
            "/values.csv"
        }))
        .header("content-type", "text/csv")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

/// What French Excel writes is read; a second post with the same keys replays them, and the
/// keyless row is recorded again as a correction.
async fn a_french_excel_file_is_recorded_then_replayed(server: TestServer) {
    let editor = server.token("editor", "spreadsheet").await;
    let indicator = server.indicator_id(1).await;
    let (status, body) = post_csv(&server, Some(&editor), FRENCH_EXCEL.to_vec(), false).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body,
        json!({ "dryRun": false, "rows": 3, "recorded": 3, "replayed": 0, "corrected": 0, "ignoredColumns": [] })
    );
    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator {
                values { edges { node { value asOf source } } } } } }",
            json!({ "id": indicator }),
        )
        .await;
    let values = data["node"]["values"]["edges"].to_string();
    assert!(values.contains(r#""value":"1182.5""#), "{values}");
    assert!(values.contains("Rapport annuel"), "{values}");
    assert_eq!(count(&server, &indicator).await, 2);

    let (status, body) = post_csv(&server, Some(&editor), FRENCH_EXCEL.to_vec(), false).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body,
        json!({ "dryRun": false, "rows": 3, "recorded": 1, "replayed": 2, "corrected": 1, "ignoredColumns": [] })
    );
    assert_eq!(rows(&server, "indicator_value").await, 4);
}

/// A `,` file with headers in another case and order, and a column of its own; a dry run
/// answers the same counts and records nothing.
async fn a_comma_file_in_a_dry_run_records_nothing(server: TestServer) {
    let editor = server.token("editor", "spreadsheet").await;
    let indicator = server.indicator_id(1).await;
    let file =
        format!("VALEUR,date,REGION,Indicateur,Commentaire\n1182.5,2018-09-30,,{indicator},x\n");
    let (status, body) = post_csv(&server, Some(&editor), file.clone().into_bytes(), true).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body,
        json!({ "dryRun": true, "rows": 1, "recorded": 0, "replayed": 0, "corrected": 0, "ignoredColumns": ["Commentaire"] })
    );
    assert_eq!(rows(&server, "indicator_value").await, 0);
    let (status, body) = post_csv(&server, Some(&editor), file.into_bytes(), false).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["recorded"], 1);
    assert_eq!(count(&server, &indicator).await, 1);
}

/// Every error is listed with its line and column, and nothing is stored.
async fn every_error_is_listed_and_nothing_is_stored(server: TestServer) {
    let editor = server.token("editor", "spreadsheet").await;
    let file = "indicateur;région;date;valeur\n\
                1;;2018-09-30;100\n\
                999;;2018-09-30;100\n\
                1;42;2018-09-30;100\n\
                1;;hier;cent\n\
                1;;2018-09-30;-5\n";
    let (status, body) = post_csv(&server, Some(&editor), file.as_bytes().to_vec(), false).await;
    assert_eq!(status, 400, "{body:#}");
    let found: Vec<(i64, String)> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| {
            assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
            (
                error["extensions"]["line"].as_i64().expect("a line"),
                error["extensions"]["column"]
                    .as_str()
                    .expect("a column")
                    .to_owned(),
            )
        })
        .collect();
    let expected: Vec<(i64, String)> = [
        (3, "indicateur"),
        (4, "région"),
        (5, "date"),
        (5, "valeur"),
        (6, "valeur"),
    ]
    .into_iter()
    .map(|(line, column)| (line, column.to_owned()))
    .collect();
    assert_eq!(found, expected, "{body:#}");
    assert_eq!(rows(&server, "indicator_value").await, 0);
}

/// A Windows-1252 file is refused naming its line; a missing column is named with the
/// allowed ones.
async fn a_file_not_in_utf8_or_without_a_column_is_refused(server: TestServer) {
    let editor = server.token("editor", "spreadsheet").await;
    let latin1 =
        b"indicateur;region;date;valeur;note\n1;;2018-09-30;100;ok\n1;;2018-10-31;100;\xe9t\xe9\n";
    let (status, body) = post_csv(&server, Some(&editor), latin1.to_vec(), false).await;
    assert_eq!(status, 400, "{body:#}");
    let message = body["errors"][0]["message"].as_str().expect("a message");
    assert!(message.contains("not UTF-8 (line 3)"), "{message}");
    assert!(message.contains("CSV UTF-8"), "{message}");

    let file = b"indicateur;date;valeur\n1;2018-09-30;100\n";
    let (status, body) = post_csv(&server, Some(&editor), file.to_vec(), false).await;
    assert_eq!(status, 400, "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["column"], "region");
    let message = body["errors"][0]["message"].as_str().expect("a message");
    assert!(
        message.contains("indicateur, région, date, valeur"),
        "{message}"
    );
    assert_eq!(rows(&server, "indicator_value").await, 0);
}

/// No token: 401; a reader's: 403; another content type: 415.
async fn only_editors_may_send_a_file(server: TestServer) {
    let reader = server.token("reader", "looker").await;
    let (status, body) = post_csv(&server, None, FRENCH_EXCEL.to_vec(), false).await;
    assert_eq!(
        (status, &body["errors"][0]["extensions"]["code"]),
        (401, &json!("UNAUTHENTICATED"))
    );
    let (status, body) = post_csv(&server, Some(&reader), FRENCH_EXCEL.to_vec(), false).await;
    assert_eq!(
        (status, &body["errors"][0]["extensions"]["code"]),
        (403, &json!("FORBIDDEN"))
    );
    let response = server
        .client
        .post(server.url("/values.csv"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 415);
    assert_eq!(rows(&server, "indicator_value").await, 0);
}

/// 100,000 rows in one request are recorded.
async fn a_hundred_thousand_rows_are_recorded(server: TestServer) {
    let editor = server.token("editor", "spreadsheet").await;
    let file = hundred_thousand_rows();
    let (status, body) = post_csv(&server, Some(&editor), file.into_bytes(), false).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["recorded"], 100_000);
    assert_eq!(rows(&server, "indicator_event").await, 100_000);
}

/// 100,000 distinct values of action 1's indicator.
pub fn hundred_thousand_rows() -> String {
    distinct_rows(100_000)
}

/// `count` distinct values of action 1's indicator, row `n` worth `n,5`: 18 regions and all
/// of Québec over consecutive days.
pub fn distinct_rows(count: u64) -> String {
    let mut file = String::from("indicateur;région;date;valeur\n");
    let start = chrono::NaiveDate::from_ymd_opt(1800, 1, 1).expect("a date");
    for row in 0..count {
        let region = row % 19;
        let day = start + chrono::Days::new(row / 19);
        let region = if region == 0 {
            String::new()
        } else {
            region.to_string()
        };
        file.push_str(&format!("1;{region};{day};{row},5\n"));
    }
    file
}

/// A file that corrects one value twice and repeats a key records what sending its rows one
/// by one would: revisions 1, 2 and 3 in file order, each correcting the one before, and the
/// repeated row replayed; a key repeated for another value refuses the file whole.
async fn rows_of_one_file_follow_one_another(server: TestServer) {
    let editor = server.token("editor", "spreadsheet").await;
    let indicator = server.indicator_id(1).await;
    let file = "indicateur;région;date;valeur;clé\n\
                1;3;2018-09-30;10;\n\
                1;3;2018-09-30;20;k-20\n\
                1;;2018-09-30;5;\n\
                1;3;2018-09-30;20;k-20\n\
                1;3;2018-09-30;30;\n";
    let (status, body) = post_csv(&server, Some(&editor), file.into(), false).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body,
        json!({ "dryRun": false, "rows": 5, "recorded": 4, "replayed": 1, "corrected": 2, "ignoredColumns": [] })
    );
    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator {
                values(regionNumber: 3, includeSuperseded: true) { edges { node {
                    value revision supersedes { value revision } } } } } } }",
            json!({ "id": indicator }),
        )
        .await;
    let mut revisions: Vec<Value> = data["node"]["values"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"].clone())
        .collect();
    revisions.sort_by_key(|node| node["revision"].as_i64());
    assert_eq!(
        revisions,
        [
            json!({ "value": "10", "revision": 1, "supersedes": null }),
            json!({ "value": "20", "revision": 2, "supersedes": { "value": "10", "revision": 1 } }),
            json!({ "value": "30", "revision": 3, "supersedes": { "value": "20", "revision": 2 } }),
        ]
    );

    let reused = "indicateur;région;date;valeur;clé\n1;4;2018-09-30;1;k-1\n1;5;2018-09-30;2;k-1\n";
    let (status, body) = post_csv(&server, Some(&editor), reused.into(), false).await;
    assert_eq!(status, 400, "{body:#}");
    let refusal = body.to_string();
    assert!(
        refusal.contains("line 3") || refusal.contains(r#""line":3"#),
        "{refusal}"
    );
    assert!(
        refusal.contains("was used for a different input"),
        "{refusal}"
    );
    assert_eq!(rows(&server, "indicator_value").await, 4);
}

/// The command line imports the same file, and refuses a bad one with a non-zero exit.
async fn the_command_line_imports_a_file(server: TestServer) {
    let url = server.database.url().to_owned();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let good = dir.path().join("values.csv");
    std::fs::write(&good, FRENCH_EXCEL).expect("written");
    let path = good.to_str().expect("UTF-8 path");
    let output = territoires(&[
        "values",
        "import",
        path,
        "--dry-run",
        "--database-url",
        &url,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(rows(&server, "indicator_value").await, 0);
    let output = territoires(&["values", "import", path, "--database-url", &url]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON counts");
    assert_eq!(answer["recorded"], 3);
    assert_eq!(rows(&server, "indicator_value").await, 3);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "indicateur;région;date;valeur\n1;;demain;1\n").expect("written");
    let output = territoires(&[
        "values",
        "import",
        bad.to_str().expect("UTF-8"),
        "--database-url",
        &url,
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    assert_eq!(rows(&server, "indicator_value").await, 3);
}

on_both_backends!(
    a_french_excel_file_is_recorded_then_replayed,
    a_comma_file_in_a_dry_run_records_nothing,
    every_error_is_listed_and_nothing_is_stored,
    a_file_not_in_utf8_or_without_a_column_is_refused,
    only_editors_may_send_a_file,
    a_hundred_thousand_rows_are_recorded,
    rows_of_one_file_follow_one_another,
    the_command_line_imports_a_file,
);

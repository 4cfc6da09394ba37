//! `GET /datapackage.json`: a Frictionless Data Package whose files pass `frictionless
//! validate` (pinned in tests/requirements.txt), values.csv with recorded values included.

use std::process::Command;

use serde_json::{Value, json};

use crate::support::TestServer;
use crate::values::{in_region, input, record};

/// The version tests/requirements.txt pins, which the test checks it runs.
const FRICTIONLESS: &str = "5.21.0";

/// `frictionless --version`, or `None` (after saying so) when it is missing and `CI` is not
/// set: in CI a missing validator fails the test.
fn frictionless_version() -> Option<String> {
    match Command::new("frictionless").arg("--version").output() {
        Ok(output) if output.status.success() => {
            Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        }
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "frictionless is required in CI: `pip install -r tests/requirements.txt`"
            );
            eprintln!("skipped frictionless validate: frictionless is not installed");
            None
        }
    }
}

/// The package names the plan and its files, claims no license, and validates.
async fn describes_valid_files(server: TestServer) {
    let editor = server.token("editor", "open data").await;
    let one = server.indicator_id(1).await;
    let two = server.indicator_id(2).await;
    record(&server, &editor, input(&one, "600.50", "2019-01-31")).await;
    record(
        &server,
        &editor,
        in_region(input(&one, "12", "2019-06-30"), 3),
    )
    .await;
    record(&server, &editor, input(&two, "85.5", "2020-03-31")).await;

    let url = server.url("/datapackage.json");
    let response = server.client.get(&url).send().await.expect("GET");
    assert_eq!(response.status(), 200);
    let package: Value = response.json().await.expect("JSON");
    let plan = server.data("{ plan { slug title } }", json!({})).await;
    assert_eq!(package["name"], plan["plan"]["slug"]);
    assert_eq!(package["title"], plan["plan"]["title"]);
    assert!(
        package.get("licenses").is_none(),
        "the plan states no license"
    );
    assert!(
        package["description"]
            .as_str()
            .expect("a description")
            .contains("aucune licence")
    );
    let resources = package["resources"].as_array().expect("resources");
    let paths: Vec<&str> = resources
        .iter()
        .map(|resource| resource["path"].as_str().expect("a path"))
        .collect();
    assert_eq!(
        paths,
        [
            "values.csv",
            "plan/regions.csv",
            "plan/priorities.csv",
            "plan/actions.csv"
        ]
    );
    for resource in resources {
        assert_eq!(resource["format"], "csv");
        assert_eq!(resource["mediatype"], "text/csv");
        assert_eq!(resource["encoding"], "utf-8");
    }
    assert_eq!(
        resources[0]["schema"]["fields"][3],
        json!({ "name": "valeur", "type": "number",
            "description": "Valeur, dans l'unité de l'indicateur" })
    );
    assert_eq!(
        resources[2]["schema"]["primaryKey"],
        json!(["région", "numéro"])
    );

    let Some(version) = tokio::task::spawn_blocking(frictionless_version)
        .await
        .expect("a version")
    else {
        return;
    };
    assert!(version.contains(FRICTIONLESS), "frictionless {version}");
    let output = tokio::process::Command::new("frictionless")
        .args(["validate", "--json"])
        .arg(&url)
        .output()
        .await
        .expect("frictionless runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "a JSON report: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(report["valid"], true, "{report:#}");
    let tasks = report["tasks"].as_array().expect("tasks");
    let validated: Vec<(&str, bool, u64)> = tasks
        .iter()
        .map(|task| {
            (
                task["place"].as_str().expect("a place"),
                task["valid"].as_bool().expect("valid"),
                task["stats"]["rows"].as_u64().expect("rows"),
            )
        })
        .collect();
    // Every scope's values (two for all of Québec, one for region 3), then the catalogue.
    let counts = [3, 18, 37, 6];
    assert_eq!(
        validated,
        paths
            .iter()
            .zip(counts)
            .map(|(path, rows)| (*path, true, rows))
            .collect::<Vec<_>>()
    );
    eprintln!("frictionless validate: {}", report["stats"]);
}

on_both_backends!(describes_valid_files);

//! The HTTP paths of the contract: GET queries, GraphiQL offline, the public pages and their headers, health, schema.

use std::process::Command;

use reqwest::redirect::Policy;
use serde_json::{Value, json};

use crate::support::TestServer;

async fn answers_queries_over_get(server: TestServer) {
    let response = server
        .client
        .get(server.url("/graphql"))
        .query(&[
            ("query", "query($n: Int!) { region(number: $n) { name } }"),
            ("variables", r#"{"n": 15}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["region"]["name"], "Montréal");
}

async fn reports_an_unknown_field_as_a_clean_error(server: TestServer) {
    let body = server
        .post("{ regions { number population } }", json!({}))
        .await;
    assert_eq!(body["data"], Value::Null);
    let error = &body["errors"][0];
    assert_eq!(
        error["message"],
        "Unknown field \"population\" on type \"Region\"."
    );
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(error["locations"][0]["line"], 1);
}

async fn serves_graphiql_without_any_other_host(server: TestServer) {
    let response = server
        .client
        .get(server.url("/graphiql"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    let references: Vec<&str> = page
        .split(['"', '\''])
        .filter(|part| part.starts_with("http") || part.starts_with("//") || part.starts_with('/'))
        .collect();
    assert!(references.len() >= 4, "{references:?}");
    for reference in &references {
        assert!(
            reference.starts_with('/') && !reference.starts_with("//"),
            "external reference {reference:?}"
        );
    }
    for asset in references
        .iter()
        .filter(|reference| reference.starts_with("/graphiql/"))
    {
        let response = server.client.get(server.url(asset)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{asset}");
        // Each asset is served whole, exactly as the file of the repository: the vendored
        // bundles as their packages ship them, and the page's own script and styles.
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/http")
            .join(asset.trim_start_matches('/'));
        let expected = std::fs::read(&file).unwrap();
        assert_eq!(response.bytes().await.unwrap(), expected, "{asset}");
    }
    // The page links every open-data file, and each answers.
    for file in [
        "/values.csv",
        "/plan.csv",
        "/plan/regions.csv",
        "/plan/priorities.csv",
        "/plan/actions.csv",
        "/datapackage.json",
    ] {
        assert!(references.contains(&file), "no link to {file}");
        let response = server.client.get(server.url(file)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{file}");
    }
}

/// `/` is the plan's public page, with the security headers every HTML answer carries; an
/// unknown region or indicator is a real 404.
async fn serves_the_plans_page_at_the_root(server: TestServer) {
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();
    for path in [
        "/",
        "/graphiql",
        "/regions/saguenay-lac-saint-jean",
        "/indicators/1",
    ] {
        let response = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        let policy = headers["content-security-policy"].to_str().unwrap();
        for directive in [
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(
            !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"),
            "{policy}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
        let page = response.text().await.unwrap();
        assert!(
            !page.contains("<script>") && !page.contains("style="),
            "{path}: inline code"
        );
        if path == "/" {
            assert!(page.contains("lang=\"fr\""), "{page}");
            assert!(page.contains("href=\"/graphiql\""), "{page}");
        }
    }
    for path in [
        "/regions/atlantide",
        "/indicators/7",
        "/indicators/01",
        "/indicators/un",
    ] {
        let response = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(
            response.headers().contains_key("content-security-policy"),
            "{path}"
        );
        assert!(
            response.text().await.unwrap().contains("Page introuvable"),
            "{path}"
        );
    }
    let script = client
        .get(server.url("/pages/region.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.headers()["x-content-type-options"], "nosniff");
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
}

async fn reports_health(server: TestServer) {
    let response = server.health().await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({ "status": "ok" })
    );
}

async fn documents_every_type_and_field(server: TestServer) {
    let data = server
        .data(
            "{ __schema { types { name kind description fields { name description } enumValues { name description } } } }",
            json!({}),
        )
        .await;
    for kind in data["__schema"]["types"].as_array().unwrap() {
        let name = kind["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        assert!(
            kind["description"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "type {name}"
        );
        for field in kind["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(kind["enumValues"].as_array().into_iter().flatten())
        {
            assert!(
                field["description"]
                    .as_str()
                    .is_some_and(|text| !text.is_empty()),
                "{name}.{}",
                field["name"]
            );
        }
    }
}

#[test]
fn checked_in_schema_is_the_output_of_territoires_schema() {
    let output = Command::new(env!("CARGO_BIN_EXE_territoires"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert!(
        printed == checked_in,
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql`"
    );
}

async fn migrating_again_changes_nothing(server: TestServer) {
    // The server migrated and loaded the plan at start; the command line does it twice more.
    for _ in 0..2 {
        let status = Command::new(env!("CARGO_BIN_EXE_territoires"))
            .args(["migrate", "--database-url", server.database.url()])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let data = server.data("{ plans { slug } regions { number } priorities { themes { key } } actions { number } }", json!({})).await;
    assert_eq!(data["plans"].as_array().unwrap().len(), 1);
    assert_eq!(data["regions"].as_array().unwrap().len(), 18);
    assert_eq!(data["priorities"].as_array().unwrap().len(), 37);
    assert_eq!(data["actions"].as_array().unwrap().len(), 6);
    assert_eq!(
        data["priorities"][0]["themes"].as_array().unwrap().len(),
        3,
        "Abitibi-Témiscamingue 5 keeps its three themes"
    );
}

on_both_backends!(
    answers_queries_over_get,
    reports_an_unknown_field_as_a_clean_error,
    serves_graphiql_without_any_other_host,
    serves_the_plans_page_at_the_root,
    reports_health,
    documents_every_type_and_field,
    migrating_again_changes_nothing
);

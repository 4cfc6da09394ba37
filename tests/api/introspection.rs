//! Introspection as clients send it: each standard introspection query (the fixtures of
//! `tests/fixtures/introspection`, written from the packages that send them) is answered
//! within the default limits, and hostile introspection is refused before execution.

use serde_json::{Value, json};

use crate::support::TestServer;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/introspection");

/// The fixtures there must be at least these (a fixture lost by mistake fails the test).
const EXPECTED: [&str; 4] = [
    "apollo-cli-2.34.0.graphql",
    "graphiql-3.9.0.graphql",
    "graphql-js-16.15.0-all-options.graphql",
    "graphql-js-16.15.0.graphql",
];

/// The description `Query.regions` has in the schema.
const REGIONS: &str =
    "The 18 regions of the government strategy, in the strategy's order (number 1 to 18).";

/// Each fixture's name and query: the file less its header, the leading `#` lines.
fn fixtures() -> Vec<(String, String)> {
    let mut fixtures: Vec<(String, String)> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".graphql"))
        .map(|name| {
            let text = std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
            let header: usize = text
                .split_inclusive('\n')
                .take_while(|line| line.starts_with('#'))
                .map(str::len)
                .sum();
            (name, text[header..].to_owned())
        })
        .collect();
    fixtures.sort();
    let names: Vec<&str> = fixtures.iter().map(|(name, _)| name.as_str()).collect();
    for expected in EXPECTED {
        assert!(
            names.contains(&expected),
            "{expected} is missing: {names:?}"
        );
    }
    fixtures
}

/// POSTs `query` as a GraphQL-over-HTTP client does; returns the status and the body.
async fn post(server: &TestServer, query: &str) -> (u16, Value) {
    let response = server
        .client
        .post(server.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query, "operationName": "IntrospectionQuery" }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn answers_every_standard_introspection_query(server: TestServer) {
    for (name, query) in fixtures() {
        let (status, body) = post(&server, &query).await;
        assert_eq!(status, 200, "{name}: {body:.500}");
        assert!(body.get("errors").is_none(), "{name}: {body:.500}");
        let schema = &body["data"]["__schema"];
        assert_eq!(schema["queryType"]["name"], "Query", "{name}");
        let query_type = schema["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|kind| kind["name"] == "Query")
            .unwrap_or_else(|| panic!("{name}: no Query type"));
        let regions = query_type["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|field| field["name"] == "regions")
            .unwrap_or_else(|| panic!("{name}: no Query.regions"));
        assert_eq!(regions["description"], REGIONS, "{name}");
        // [Region!]!, read through the TypeRef fragment's ofType chain.
        let reference = &regions["type"];
        assert_eq!(
            [
                &reference["kind"],
                &reference["ofType"]["kind"],
                &reference["ofType"]["ofType"]["kind"],
                &reference["ofType"]["ofType"]["ofType"]["name"],
            ],
            ["NON_NULL", "LIST", "NON_NULL", "Region"],
            "{name}"
        );
    }
}

/// `ofType { … }` `levels` deep around `kind name`.
fn of_type(levels: usize) -> String {
    format!(
        "{}kind name{}",
        "ofType { ".repeat(levels),
        " }".repeat(levels)
    )
}

async fn refuses_hostile_introspection_before_execution(server: TestServer) {
    let aliases: String = (0..1500)
        .map(|index| format!("a{index}:types{{name}} "))
        .collect();
    let mut explosion = "query IntrospectionQuery { __schema { types { ...F0 } } }".to_owned();
    for level in 0..20 {
        let next = level + 1;
        explosion.push_str(&format!(
            " fragment F{level} on __Type {{ ...F{next} ...F{next} }}"
        ));
    }
    explosion.push_str(" fragment F20 on __Type { name }");
    // action, then indicator and action by turns: 12 fields, and `id` the 13th.
    let data = format!(
        "query IntrospectionQuery {{ __schema {{ types {{ name }} }} action(number: 1) {}{{ id }}{} }}",
        "{ indicator { action ".repeat(5) + "{ indicator ",
        " }".repeat(11)
    );
    let hostile = [
        (
            "types listed again through fields",
            "query IntrospectionQuery { __schema { types { fields { type { fields { type { fields { name } } } } } } } }".to_owned(),
            "QUERY_TOO_DEEP",
            "only once",
        ),
        (
            "members listed again through fragments",
            "query IntrospectionQuery { __schema { types { ...A } } }
             fragment A on __Type { possibleTypes { ...B } }
             fragment B on __Type { ofType { interfaces { name } } }"
                .to_owned(),
            "QUERY_TOO_DEEP",
            "only once",
        ),
        (
            "an ofType chain past 32 levels, through a fragment",
            format!(
                "query IntrospectionQuery {{ __schema {{ types {{ fields {{ type {{ ...T }} }} }} }} }} fragment T on __Type {{ {} }}",
                of_type(40)
            ),
            "QUERY_TOO_DEEP",
            "deeper than 32 levels",
        ),
        (
            "thousands of aliases",
            format!("query IntrospectionQuery {{ __schema {{ {aliases} }} }}"),
            "QUERY_TOO_COMPLEX",
            "at most 30 are allowed",
        ),
        (
            "fragments spread a million times",
            explosion,
            "QUERY_TOO_COMPLEX",
            "more than 20000 fields once its fragments are expanded",
        ),
        (
            "a fragment that spreads itself",
            "query IntrospectionQuery { __schema { types { ...T } } } fragment T on __Type { ofType { ...T } }".to_owned(),
            "BAD_USER_INPUT",
            "T → T",
        ),
        (
            "13 levels of data beside introspection",
            data,
            "QUERY_TOO_DEEP",
            "deeper than 12 levels",
        ),
    ];
    for (what, query, code, message) in hostile {
        let (status, body) = post(&server, &query).await;
        assert_eq!(status, 400, "{what}: {body:.500}");
        assert!(body.get("data").is_none(), "{what}: executed: {body:.500}");
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], code, "{what}: {error}");
        let text = error["message"].as_str().unwrap();
        assert!(text.contains(message), "{what}: {text}");
    }
    assert_eq!(server.health().await.status(), 200);
}

on_both_backends!(
    answers_every_standard_introspection_query,
    refuses_hostile_introspection_before_execution
);

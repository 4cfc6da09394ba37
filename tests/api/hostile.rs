//! Hostile and malformed requests: refused with documented codes, nothing internal leaks, and
//! the server stays healthy.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::TestServer;

/// Codes an error may carry, as the contract lists them.
pub const CODES: [&str; 8] = [
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "QUERY_TOO_DEEP",
    "QUERY_TOO_COMPLEX",
    "RATE_LIMITED",
    "INTERNAL",
];

/// Words that would betray internals: SQL, drivers, paths, panics.
const LEAKS: [&str; 10] = [
    "sqlx",
    "select ",
    "sqlite",
    "postgres",
    "/work/",
    "src/",
    "panicked",
    "thread '",
    "backtrace",
    ".rs:",
];

/// Sends `body` as a JSON POST and checks the answer: a documented status, JSON, coded errors,
/// no internal detail. Returns the status and body.
async fn check(server: &TestServer, body: Vec<u8>) -> (u16, Value) {
    let response = server
        .client
        .post(server.url("/graphql"))
        .header("content-type", "application/json")
        .header("accept", "application/graphql-response+json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert!(
        [200, 400, 413].contains(&status),
        "undocumented status {status}"
    );
    let text = response.text().await.unwrap();
    let body: Value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:.200}"));
    for error in body["errors"].as_array().into_iter().flatten() {
        let code = error["extensions"]["code"].as_str().unwrap_or_default();
        assert!(
            CODES.contains(&code),
            "undocumented code {code:?} in {error}"
        );
        let message = error["message"].as_str().unwrap_or_default().to_lowercase();
        for leak in LEAKS {
            assert!(!message.contains(leak), "{leak:?} leaks in {message:.300}");
        }
    }
    (status, body)
}

fn json_body(value: Value) -> Vec<u8> {
    value.to_string().into_bytes()
}

/// A query `depth` levels deep that stays cheap: it follows single objects, not lists.
fn nested(depth: usize) -> String {
    let mut query = "{ action(number: 1)".to_owned();
    for level in 1..depth {
        query.push_str(if level % 2 == 1 {
            " { indicator"
        } else {
            " { action"
        });
    }
    query.push_str(" { id }");
    query.push_str(&" }".repeat(depth));
    query
}

async fn survives_a_corpus_of_hostile_requests(server: TestServer) {
    let aliases: String = (0..1000)
        .map(|index| format!("a{index}: plans {{ slug }} "))
        .collect();
    let directives = "@include(if: true) ".repeat(1000);
    let variables: serde_json::Map<String, Value> = (0..100_000)
        .map(|index| (format!("v{index}"), json!(index)))
        .collect();
    let deep_json = "[".repeat(10_000) + &"]".repeat(10_000);
    let corpus: Vec<(&str, Vec<u8>)> = vec![
        ("truncated JSON", b"{\"query\": \"{ plans".to_vec()),
        ("not an object", b"[1, 2, 3]".to_vec()),
        ("null", b"null".to_vec()),
        ("query is a number", json_body(json!({ "query": 5 }))),
        ("invalid UTF-8", vec![b'{', b'"', b'q', 0xff, 0xfe, b'"', b'}']),
        ("wrong variable type", json_body(json!({ "query": "query($n: Int!) { region(number: $n) { name } }", "variables": { "n": "three" } }))),
        ("huge number", br#"{"query": "query($n: Int!) { region(number: $n) { name } }", "variables": {"n": 1e400}}"#.to_vec()),
        ("integer overflow", br#"{"query": "query($n: Int!) { region(number: $n) { name } }", "variables": {"n": 99999999999999999999}}"#.to_vec()),
        ("deep nesting", json_body(json!({ "query": nested(60) }))),
        ("alias flood", json_body(json!({ "query": format!("{{ {aliases} }}") }))),
        ("directive flood", json_body(json!({ "query": format!("{{ plans {directives} {{ slug }} }}") }))),
        ("fragment cycle", json_body(json!({ "query": "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }" }))),
        ("oversized variables", json_body(json!({ "query": "{ plans { slug } }", "variables": variables }))),
        ("deeply nested variables", format!("{{\"query\": \"{{ plans {{ slug }} }}\", \"variables\": {{\"v\": {deep_json}}}}}").into_bytes()),
        ("unknown operation", json_body(json!({ "query": "query A { plans { slug } }", "operationName": "B" }))),
        ("batch flood", json_body(Value::Array(vec![json!({ "query": "{ plans { slug } }" }); 50]))),
        ("bad id", json_body(json!({ "query": "{ node(id: \"\\u0000\\u00ff\") { id } }" }))),
        ("huge first", json_body(json!({ "query": "{ indicators { values(first: 2147483647) { totalCount } } }" }))),
    ];
    for (name, body) in corpus {
        let (status, answer) = check(&server, body).await;
        assert!(
            status >= 400 || answer["errors"].is_array(),
            "{name}: accepted without error: {answer:.300}"
        );
    }
    let (status, answer) = check(&server, json_body(json!({ "query": nested(60) }))).await;
    assert_eq!(
        (status, answer["errors"][0]["extensions"]["code"].as_str()),
        (400, Some("QUERY_TOO_DEEP"))
    );
    let (_, answer) = check(
        &server,
        json_body(json!({ "query": format!("{{ {aliases} }}") })),
    )
    .await;
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "QUERY_TOO_COMPLEX"
    );
    let health = server.health().await;
    assert_eq!(health.status(), 200, "the server must stay healthy");
}

on_both_backends!(survives_a_corpus_of_hostile_requests);

/// Random request bodies and variables, a bounded number of cases per run.
#[test]
fn fuzzes_the_request_path() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime
        .block_on(TestServer::start_with(crate::support::Backend::Sqlite))
        .unwrap();
    let queries = prop_oneof![
        Just("{ plans { slug } }".to_owned()),
        Just("query($n: Int) { region(number: $n) { name } }".to_owned()),
        Just("query($f: PriorityFilter) { priorities(filter: $f) { number } }".to_owned()),
        Just("query($id: ID!) { node(id: $id) { id } }".to_owned()),
        "\\PC{0,200}",
    ];
    let config = ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(query in queries, variables in arbitrary_json(), raw in proptest::collection::vec(any::<u8>(), 0..256))| {
        runtime.block_on(async {
            check(&server, json_body(json!({ "query": query, "variables": { "n": variables.clone(), "f": variables.clone(), "id": variables } }))).await;
            check(&server, raw).await;
        });
    });
    let healthy = runtime.block_on(async { server.health().await.status() });
    assert_eq!(healthy, 200);
}

/// Any JSON value, a few levels deep.
pub fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |number| number.is_finite())
            .prop_map(Value::from),
        "\\PC{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::hash_map("[a-zA-Z]{1,8}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

//! Recording values as an integrator does: an editor token made with the command line, then
//! `recordIndicatorValue` over HTTP, against any server (in-process or a child process).

use std::process::{Command, Output};

use serde_json::{Value, json};

/// What a write request came to, as the client saw it.
#[derive(Debug)]
pub enum Outcome {
    /// The server answered with the value as recorded: `{ id value note }`.
    Recorded(Value),
    /// The server answered, with errors: the whole body.
    Refused(Value),
    /// No complete answer: the connection was refused or broke.
    Lost(String),
}

/// Runs the `territoires` binary with `args` and returns what it printed.
pub fn territoires(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_territoires"))
        .args(args)
        .output()
        .expect("territoires runs")
}

/// Creates a token of role editor named `name` on `database_url` with the command line, and
/// returns its secret.
pub fn editor_token(database_url: &str, name: &str) -> String {
    let output = territoires(&[
        "token",
        "create",
        "--role",
        "editor",
        "--name",
        name,
        "--database-url",
        database_url,
    ]);
    assert!(
        output.status.success(),
        "token create failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 secret")
        .trim()
        .to_owned()
}

/// POSTs a GraphQL request to the server at `base`, with `token` as bearer if given.
pub async fn post_graphql(
    client: &reqwest::Client,
    base: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> reqwest::Result<Value> {
    let mut request = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await?.json().await
}

/// The id of an indicator that counts things (its values are whole numbers).
pub async fn count_indicator(client: &reqwest::Client, base: &str) -> String {
    let body = post_graphql(client, base, None, "{ indicators { id unit } }", json!({}))
        .await
        .expect("indicators answered");
    body["data"]["indicators"]
        .as_array()
        .expect("a list of indicators")
        .iter()
        .find(|indicator| indicator["unit"] == "COUNT")
        .and_then(|indicator| indicator["id"].as_str())
        .expect("an indicator of unit COUNT")
        .to_owned()
}

/// Records `input` (a `RecordIndicatorValueInput`) with `token`.
pub async fn record_value(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    input: Value,
) -> Outcome {
    const RECORD: &str = "mutation($input: RecordIndicatorValueInput!) { \
        recordIndicatorValue(input: $input) { value { id value note } } }";
    match post_graphql(client, base, Some(token), RECORD, json!({ "input": input })).await {
        Err(error) => Outcome::Lost(error.to_string()),
        Ok(body) if body.get("errors").is_some() => Outcome::Refused(body),
        Ok(body) => Outcome::Recorded(body["data"]["recordIndicatorValue"]["value"].clone()),
    }
}

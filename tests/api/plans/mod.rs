//! Another plan: `territoires import FILE` of the fictional test plan while a server runs, on
//! SQLite and PostgreSQL; refusals of bad files, naming the line and field; reads across plans;
//! values, progress and subscriptions for the second plan's indicators.

mod import;
mod reads;
mod refusals;
mod values;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::support::TestServer;

/// The fictional second plan, written for the tests; never loaded by default.
pub const FICTIONAL_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/plans/plan-fictif-essai.toml"
);

/// Its slug.
pub const FICTIONAL_SLUG: &str = "plan-fictif-essai-2024";

/// Runs `territoires import FILE` on the server's database with the real binary.
pub async fn import(server: &TestServer, file: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_territoires"));
    command
        .args(["import"])
        .arg(file)
        .args(["--database-url", server.database.url()])
        .env("RUST_LOG", "warn")
        .env("RUST_BACKTRACE", "0");
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("the CLI runs")
}

/// Imports the fictional plan, which must succeed.
pub async fn import_fictional_plan(server: &TestServer) {
    let output = import(server, Path::new(FICTIONAL_PLAN)).await;
    assert!(
        output.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// POSTs `query` and returns the body and the ETag of the answer.
pub async fn read_tagged(server: &TestServer, query: &str) -> (Value, String) {
    let response = server
        .client
        .post(server.url("/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let etag = response
        .headers()
        .get("etag")
        .expect("a read query's answer has an ETag")
        .to_str()
        .unwrap()
        .to_owned();
    (response.json().await.unwrap(), etag)
}

/// The slugs of the loaded plans, in order.
pub const PLANS: &str = "{ plans { slug title } }";

/// The slugs `body` (an answer to [`PLANS`]) lists.
pub fn slugs(body: &Value) -> Vec<&str> {
    body["data"]["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|plan| plan["slug"].as_str().expect("a slug"))
        .collect()
}

//! Who recorded what: `IndicatorValue.recordedBy` and `Query.recordings` answer names to admin
//! tokens only, over HTTP and WebSocket, and never through the response cache to anyone else.

mod cache;
mod history;
mod roles;
mod statements;
mod websocket;

use serde_json::{Value, json};

use crate::support::TestServer;

/// An indicator's values, corrections included, newest first, with their recorders.
pub const VALUES_WITH_RECORDERS: &str = "query($id: ID!) { node(id: $id) { ... on Indicator {
    values(includeSuperseded: true) { edges { node { value recordedBy { name role revokedAt } } } } } } }";

/// A page of `recordings`, with every argument a variable.
pub const RECORDINGS: &str =
    "query($first: Int, $after: String, $indicator: ID, $recorder: String) {
    recordings(first: $first, after: $after, indicatorId: $indicator, recorderName: $recorder) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node {
            id value asOf revision recordedAt recordedBy { name role }
            supersedes { id revision recordedBy { name } } } } } }";

/// POSTs `query` with `authorization` as the `Authorization` header, or none; returns the body.
pub async fn post_as_caller(
    server: &TestServer,
    authorization: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    match authorization {
        Some(authorization) => {
            server
                .post_with_authorization(authorization, query, variables)
                .await
        }
        None => server.post(query, variables).await,
    }
}

/// The `recordedBy` of each value of `indicator`, newest first, as `authorization` reads it.
pub async fn recorders_seen(
    server: &TestServer,
    authorization: Option<&str>,
    indicator: &str,
) -> Value {
    let body = post_as_caller(
        server,
        authorization,
        VALUES_WITH_RECORDERS,
        json!({ "id": indicator }),
    )
    .await;
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    let edges = body["data"]["node"]["values"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"].clone())
        .collect();
    Value::Array(edges)
}

/// `Bearer <secret>`.
pub fn bearer(secret: &str) -> String {
    format!("Bearer {secret}")
}

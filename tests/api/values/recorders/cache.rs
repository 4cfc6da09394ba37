//! The response cache keys answers by request, not by caller: an answer to a request with a
//! token is never kept, so an admin's names never reach anyone else, and an anonymous answer
//! never hides them from an admin.

use serde_json::{Value, json};

use super::{VALUES_WITH_RECORDERS, bearer};
use crate::cache::counter;
use crate::support::TestServer;
use crate::values::{input, record};

/// The `/metrics` counter of answers served from the response cache.
const HITS: &str = "territoires_response_cache_hits_total";

/// Sends the query of values with recorders, with `authorization` (if any); returns the
/// recorder of the one value, the `Cache-Control` and whether an `ETag` came.
async fn ask(
    server: &TestServer,
    authorization: Option<&str>,
    indicator: &str,
) -> (Value, String, bool) {
    let mut request = server
        .client
        .post(server.url("/graphql"))
        .json(&json!({ "query": VALUES_WITH_RECORDERS, "variables": { "id": indicator } }));
    if let Some(authorization) = authorization {
        request = request.header("Authorization", authorization);
    }
    let response = request.send().await.unwrap();
    let cache_control = response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    let tagged = response.headers().contains_key("etag");
    let body: Value = response.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    let recorder = body["data"]["node"]["values"]["edges"][0]["node"]["recordedBy"].clone();
    (recorder, cache_control, tagged)
}

/// The same query, admin first, then anonymous, then both again: each gets its own answer.
async fn an_admins_answer_is_never_served_to_anyone_else(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let admin = server.token("admin", "operations").await;
    let reader = server.token("reader", "dashboard").await;
    record(&server, &admin, input(&indicator, "600", "2018-09-30")).await;
    let admin = bearer(&admin);
    let name = json!({ "name": "operations", "role": "ADMIN", "revokedAt": null });

    let hits = counter(&server, HITS).await;
    let (seen, admin_cache_control, admin_tagged) = ask(&server, Some(&admin), &indicator).await;
    assert_eq!(seen, name);
    let (seen, cache_control, tagged) = ask(&server, None, &indicator).await;
    assert_eq!(
        seen,
        Value::Null,
        "the anonymous caller read the admin's answer"
    );
    // The admin's answer is not kept here, and no proxy or browser may keep it either.
    assert_eq!(
        (admin_cache_control.as_str(), admin_tagged),
        ("no-store", false)
    );
    assert_eq!((cache_control.as_str(), tagged), ("no-cache", true));
    assert_eq!(
        counter(&server, HITS).await,
        hits,
        "computed, not served from the cache"
    );

    // The anonymous answer is kept, and served again to anonymous callers only.
    let (seen, _, _) = ask(&server, None, &indicator).await;
    assert_eq!(seen, Value::Null);
    assert_eq!(
        counter(&server, HITS).await,
        hits + 1,
        "the second anonymous read is a hit"
    );
    let (seen, _, _) = ask(&server, Some(&admin), &indicator).await;
    assert_eq!(seen, name, "the admin read the anonymous answer");
    let (seen, cache_control, _) = ask(&server, Some(&bearer(&reader)), &indicator).await;
    assert_eq!(seen, Value::Null);
    assert_eq!(cache_control, "no-store");
    assert_eq!(
        counter(&server, HITS).await,
        hits + 1,
        "no request with a token is a hit"
    );
}

on_both_backends!(an_admins_answer_is_never_served_to_anyone_else);

//! Who may record values: a live token of role editor or admin; reads need no token.

use serde_json::json;

use super::{RECORD, assert_error, count, input, record, refused, rows};
use crate::support::TestServer;

/// No token: UNAUTHENTICATED, and nothing is stored.
async fn refuses_a_write_without_a_token(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let error = server
        .error(
            RECORD,
            json!({ "input": input(&indicator, "10", "2019-01-31") }),
        )
        .await;
    assert_error(&error, "UNAUTHENTICATED", &["needs a token", "Bearer"]);
    assert_eq!(count(&server, &indicator).await, 0);
    assert_eq!(rows(&server, "indicator_event").await, 0);
}

/// An unknown secret, or a real one not sent as `Bearer`: UNAUTHENTICATED.
async fn refuses_an_unknown_token_or_another_scheme(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let unknown = format!("terr_{}", "0".repeat(64));
    let error = refused(&server, &unknown, input(&indicator, "10", "2019-01-31")).await;
    assert_error(&error, "UNAUTHENTICATED", &["unknown or has been revoked"]);

    // A real secret sent with another scheme is not a bearer token.
    let secret = server.token("editor", "integrator").await;
    let body = server
        .post_with_authorization(
            &format!("Basic {secret}"),
            RECORD,
            json!({ "input": input(&indicator, "10", "2019-01-31") }),
        )
        .await;
    assert_error(&body["errors"][0], "UNAUTHENTICATED", &["Bearer <token>"]);
    assert_eq!(count(&server, &indicator).await, 0);
}

/// A reader's token: FORBIDDEN, naming the token and its role.
async fn forbids_a_reader(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let reader = server.token("reader", "dashboard").await;
    let error = refused(&server, &reader, input(&indicator, "10", "2019-01-31")).await;
    assert_error(
        &error,
        "FORBIDDEN",
        &["\"dashboard\"", "role reader", "editor or admin"],
    );
    assert_eq!(count(&server, &indicator).await, 0);
}

/// Editors and admins record values.
async fn lets_an_editor_and_an_admin_record(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let by_editor = record(&server, &editor, input(&indicator, "250.5", "2018-12-31")).await;
    let by_admin = record(&server, &admin, input(&indicator, "400", "2019-01-31")).await;
    assert_eq!(by_editor["replayed"], false);
    assert_eq!(by_editor["value"]["value"], "250.5");
    assert_eq!(by_editor["value"]["asOf"], "2018-12-31");
    assert_eq!(by_editor["value"]["revision"], 1);
    assert_eq!(by_admin["value"]["value"], "400");
    assert_ne!(by_editor["value"]["id"], by_admin["value"]["id"]);
    assert_eq!(count(&server, &indicator).await, 2);
}

/// A token revoked with the CLI is refused from the very next write.
async fn refuses_a_revoked_token_from_the_next_request_on(server: TestServer) {
    let indicator = server.indicator_id(3).await;
    let editor = server.token("editor", "leaving").await;
    let first = record(&server, &editor, input(&indicator, "10", "2019-01-31")).await;
    assert_eq!(first["value"]["value"], "10");

    server.revoke("leaving").await;
    let error = refused(&server, &editor, input(&indicator, "11", "2019-02-28")).await;
    assert_error(&error, "UNAUTHENTICATED", &["revoked"]);
    assert_eq!(count(&server, &indicator).await, 1);
}

/// Anyone reads what an editor recorded.
async fn reads_need_no_token(server: TestServer) {
    let indicator = server.indicator_id(2).await;
    let editor = server.token("editor", "integrator").await;
    record(&server, &editor, input(&indicator, "72.5", "2019-01-31")).await;
    let data = server
        .data(
            "query($id: ID!) { node(id: $id) { ... on Indicator {
                latest { value asOf } values { totalCount edges { node { value } } } } } }",
            json!({ "id": indicator }),
        )
        .await;
    assert_eq!(
        data["node"],
        json!({
            "latest": { "value": "72.5", "asOf": "2019-01-31" },
            "values": { "totalCount": 1, "edges": [{ "node": { "value": "72.5" } }] },
        })
    );
}

on_both_backends!(
    refuses_a_write_without_a_token,
    refuses_an_unknown_token_or_another_scheme,
    forbids_a_reader,
    lets_an_editor_and_an_admin_record,
    refuses_a_revoked_token_from_the_next_request_on,
    reads_need_no_token,
);

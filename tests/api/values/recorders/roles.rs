//! Over HTTP: an admin token reads who recorded each value and the history of recordings; an
//! editor, a reader, an anonymous caller, a revoked or malformed token read null, or are
//! refused the history, and never see a name.

use serde_json::{Value, json};

use super::{RECORDINGS, bearer, post_as_caller, recorders_seen};
use crate::support::TestServer;
use crate::values::{assert_error, input, record};

/// Every caller that is not a live admin token, as `(what it is, Authorization header)`.
async fn non_admins(server: &TestServer, editor: &str) -> Vec<(&'static str, Option<String>)> {
    let reader = server.token("reader", "dashboard").await;
    let retired = server.token("admin", "retired").await;
    server.revoke("retired").await;
    vec![
        ("an editor", Some(bearer(editor))),
        ("a reader", Some(bearer(&reader))),
        ("an anonymous caller", None),
        ("a revoked admin", Some(bearer(&retired))),
        (
            "an unknown token",
            Some(bearer(&format!("terr_{}", "0".repeat(64)))),
        ),
        ("another scheme", Some(format!("Basic {editor}"))),
    ]
}

/// `recordedBy` names the token and its role to an admin, and is null for everyone else.
async fn only_an_admin_reads_who_recorded_a_value(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    record(&server, &editor, input(&indicator, "250", "2018-12-31")).await;
    record(&server, &admin, input(&indicator, "400", "2019-01-31")).await;

    assert_eq!(
        recorders_seen(&server, Some(&bearer(&admin)), &indicator).await,
        json!([
            { "value": "400", "recordedBy": { "name": "operations", "role": "ADMIN", "revokedAt": null } },
            { "value": "250", "recordedBy": { "name": "integrator", "role": "EDITOR", "revokedAt": null } },
        ])
    );
    for (caller, authorization) in non_admins(&server, &editor).await {
        let seen = recorders_seen(&server, authorization.as_deref(), &indicator).await;
        assert_eq!(
            seen,
            json!([
                { "value": "400", "recordedBy": null },
                { "value": "250", "recordedBy": null },
            ]),
            "{caller}"
        );
    }
}

/// The payload of a write names its recorder to an admin only, like any read.
async fn a_write_answers_its_recorder_to_an_admin_only(server: TestServer) {
    let indicator = server.indicator_id(2).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    let write = "mutation($input: RecordIndicatorValueInput!) {
        recordIndicatorValue(input: $input) { value { value recordedBy { name role } } } }";
    let by_editor = server
        .post_as(
            &editor,
            write,
            json!({ "input": input(&indicator, "70", "2019-01-31") }),
        )
        .await;
    assert_eq!(
        by_editor,
        json!({ "data": { "recordIndicatorValue": { "value": { "value": "70", "recordedBy": null } } } })
    );
    let by_admin = server
        .post_as(
            &admin,
            write,
            json!({ "input": input(&indicator, "71", "2019-02-28") }),
        )
        .await;
    assert_eq!(
        by_admin,
        json!({ "data": { "recordIndicatorValue": { "value": {
            "value": "71", "recordedBy": { "name": "operations", "role": "ADMIN" } } } } })
    );
}

/// `recordings` answers an admin; others get null and FORBIDDEN (a reader's or an editor's
/// token) or UNAUTHENTICATED (no token, an unknown, revoked or malformed one), and no name.
async fn only_an_admin_reads_the_history_of_recordings(server: TestServer) {
    let indicator = server.indicator_id(1).await;
    let editor = server.token("editor", "integrator").await;
    let admin = server.token("admin", "operations").await;
    record(&server, &editor, input(&indicator, "250", "2018-12-31")).await;

    let answer = server.post_as(&admin, RECORDINGS, json!({})).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let recordings = &answer["data"]["recordings"];
    assert_eq!(recordings["totalCount"], 1);
    assert_eq!(
        recordings["edges"][0]["node"]["recordedBy"],
        json!({ "name": "integrator", "role": "EDITOR" })
    );

    let expected: [(&str, &str, &[&str]); 6] = [
        (
            "an editor",
            "FORBIDDEN",
            &["\"integrator\"", "role editor", "needs role admin"],
        ),
        (
            "a reader",
            "FORBIDDEN",
            &["\"dashboard\"", "role reader", "needs role admin"],
        ),
        (
            "an anonymous caller",
            "UNAUTHENTICATED",
            &["needs a token", "Bearer", "role admin"],
        ),
        (
            "a revoked admin",
            "UNAUTHENTICATED",
            &["unknown or has been revoked"],
        ),
        (
            "an unknown token",
            "UNAUTHENTICATED",
            &["unknown or has been revoked"],
        ),
        ("another scheme", "UNAUTHENTICATED", &["Bearer <token>"]),
    ];
    let callers = non_admins(&server, &editor).await;
    for ((caller, authorization), (described, code, words)) in callers.into_iter().zip(expected) {
        assert_eq!(caller, described);
        // A filter naming a token must not tell anyone else whether it exists.
        for variables in [json!({}), json!({ "recorder": "nobody" })] {
            let body =
                post_as_caller(&server, authorization.as_deref(), RECORDINGS, variables).await;
            assert_eq!(
                body["data"]["recordings"],
                Value::Null,
                "{caller}: {body:#}"
            );
            let errors = body["errors"].as_array().expect("errors");
            assert_eq!(errors.len(), 1, "{caller}: {body:#}");
            assert_error(&errors[0], code, words);
            assert_eq!(errors[0]["path"], json!(["recordings"]));
            // The editor's refusal names its own token, as a refused write does; no one
            // learns the name of another.
            if caller != "an editor" {
                assert!(
                    !body.to_string().contains("integrator"),
                    "{caller}: {body:#}"
                );
            }
        }
    }
}

/// A revoked token still names the values it recorded, with the moment of its revocation.
async fn a_revoked_token_still_names_what_it_recorded(server: TestServer) {
    let indicator = server.indicator_id(3).await;
    let leaving = server.token("editor", "leaving").await;
    let admin = server.token("admin", "operations").await;
    let recorded = record(&server, &leaving, input(&indicator, "12", "2019-01-31")).await;
    server.revoke("leaving").await;

    let seen = recorders_seen(&server, Some(&bearer(&admin)), &indicator).await;
    let recorder = &seen[0]["recordedBy"];
    assert_eq!(recorder["name"], "leaving");
    assert_eq!(recorder["role"], "EDITOR");
    let revoked_at = recorder["revokedAt"].as_str().expect("a revocation time");
    let revoked_at = chrono::DateTime::parse_from_rfc3339(revoked_at).expect("RFC 3339");
    let recorded_at = recorded["value"]["recordedAt"]
        .as_str()
        .expect("recordedAt");
    let recorded_at = chrono::DateTime::parse_from_rfc3339(recorded_at).expect("RFC 3339");
    assert!(revoked_at >= recorded_at, "{revoked_at} < {recorded_at}");

    let only_theirs = server
        .post_as(&admin, RECORDINGS, json!({ "recorder": "leaving" }))
        .await;
    let edges = &only_theirs["data"]["recordings"]["edges"];
    assert_eq!(edges.as_array().map(Vec::len), Some(1), "{only_theirs:#}");
    assert_eq!(edges[0]["node"]["id"], recorded["value"]["id"]);
    assert_eq!(
        edges[0]["node"]["recordedBy"]["name"],
        Value::from("leaving")
    );
}

/// A refused `recordings` leaves the rest of a query answered.
async fn the_rest_of_a_query_still_answers(server: TestServer) {
    let reader = server.token("reader", "dashboard").await;
    let body = server
        .post_as(
            &reader,
            "{ recordings { totalCount } plans { slug } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["plans"],
        json!([{ "slug": "iq-ovt-2018-2020" }]),
        "{body:#}"
    );
    assert_eq!(body["data"]["recordings"], Value::Null);
    assert_error(&body["errors"][0], "FORBIDDEN", &["needs role admin"]);
}

on_both_backends!(
    only_an_admin_reads_who_recorded_a_value,
    a_write_answers_its_recorder_to_an_admin_only,
    only_an_admin_reads_the_history_of_recordings,
    a_revoked_token_still_names_what_it_recorded,
    the_rest_of_a_query_still_answers,
);

//! Files refused whole: another file under a loaded slug, a TOML syntax error, a field the
//! checks refuse, a region that differs from the stored one. The error names the file, the
//! line and the field, and nothing is stored.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::{FICTIONAL_PLAN, PLANS, import, import_fictional_plan, read_tagged};
use crate::support::TestServer;
use crate::values::rows;

/// The fictional plan with `from` replaced by `to` (which must occur), written to a file.
fn altered(directory: &TempDir, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(FICTIONAL_PLAN).unwrap();
    assert!(text.contains(from), "{from:?} is not in the fixture");
    let path = directory.path().join("plan.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// Imports `file`, which must be refused; returns what was printed on stderr.
async fn refused(server: &TestServer, file: &Path) -> String {
    let output = import(server, file).await;
    assert!(!output.status.success(), "the import must fail");
    String::from_utf8(output.stderr).unwrap()
}

/// What stored data the tests compare before and after a refusal.
async fn stored(server: &TestServer) -> (i64, i64, i64, i64, i64) {
    (
        rows(server, "plan").await,
        rows(server, "region").await,
        rows(server, "priority").await,
        rows(server, "action").await,
        rows(server, "plan_priority").await,
    )
}

/// Another file under a loaded slug is refused: a published plan does not change.
async fn other_content_under_a_loaded_slug_is_refused(server: TestServer) {
    import_fictional_plan(&server).await;
    let before = stored(&server).await;
    let (answer, tag) = read_tagged(&server, PLANS).await;
    let directory = tempfile::tempdir().unwrap();
    let file = altered(
        &directory,
        "title = \"Plan fictif de l'Organisme d'essai 2024-2025\"",
        "title = \"Plan fictif de l'Organisme d'essai, version révisée\"",
    );
    let error = refused(&server, &file).await;
    assert_eq!(
        error.trim_end(),
        format!(
            "Error: {}:9: field `plan.slug`: a plan \"plan-fictif-essai-2024\" is loaded with \
             other content, and a loaded plan is a published document that does not change; \
             allowed: a slug no plan has, for a new version",
            file.display()
        )
    );
    assert_eq!(stored(&server).await, before);
    assert_eq!(read_tagged(&server, PLANS).await, (answer, tag));
}

/// A TOML syntax error: the line and column the `toml` crate found it at.
async fn a_syntax_error_is_refused_with_its_line(server: TestServer) {
    let before = stored(&server).await;
    let directory = tempfile::tempdir().unwrap();
    let file = altered(
        &directory,
        "title = \"Action fictive : financer des essais d'innovation\"",
        "title = Action fictive : financer des essais d'innovation",
    );
    let error = refused(&server, &file).await;
    assert_eq!(
        error.trim_end(),
        format!(
            "Error: {}:78:9: string values must be quoted, expected literal string",
            file.display()
        )
    );
    assert_eq!(stored(&server).await, before);
}

/// A value of no allowed kind, and a field the checks refuse: each names its line and field,
/// and what is allowed.
async fn a_bad_field_is_refused_with_its_line_and_name(server: TestServer) {
    let before = stored(&server).await;
    let directory = tempfile::tempdir().unwrap();
    let file = altered(
        &directory,
        "key = \"SUCCESSION\"\nbasis = \"PLAN",
        "key = \"RELEVE\"\nbasis = \"PLAN",
    );
    assert_eq!(
        refused(&server, &file).await.trim_end(),
        format!(
            "Error: {}:101: field `actions[1].themes[0].key`: unknown variant `RELEVE`, expected \
             one of `SUCCESSION`, `INNOVATION`, `BUSINESS_GROWTH`, `SOCIAL_ECONOMY`",
            file.display()
        )
    );
    let file = altered(
        &directory,
        "because = \"accompagne une relève imaginaire\"",
        "because = \"accompagne une relève réelle\"",
    );
    assert_eq!(
        refused(&server, &file).await.trim_end(),
        format!(
            "Error: {}:103: field `actions[1].themes[0].because`: \"accompagne une relève \
             réelle\" is not quoted from the response to SUCCESSION; allowed: words of that \
             response, exactly as published",
            file.display()
        )
    );
    assert_eq!(stored(&server).await, before);
}

/// A region the file names otherwise than the stored one: found while loading, so the load
/// is rolled back; the error still names the line and field.
async fn a_region_that_differs_from_the_stored_one_is_refused(server: TestServer) {
    let before = stored(&server).await;
    let directory = tempfile::tempdir().unwrap();
    let file = altered(
        &directory,
        "name = \"Capitale-Nationale\"",
        "name = \"Capitale fictive\"",
    );
    assert_eq!(
        refused(&server, &file).await.trim_end(),
        format!(
            "Error: {}:59: field `regions[2].name`: \"Capitale fictive\" differs from the stored \
             region 3, which plans share; allowed: \"Capitale-Nationale\"",
            file.display()
        )
    );
    assert_eq!(stored(&server).await, before);
    let data = server
        .data(
            "{ region(number: 3) { name } plans { slug } }",
            serde_json::json!({}),
        )
        .await;
    assert_eq!(data["region"]["name"], "Capitale-Nationale");
    assert_eq!(data["plans"].as_array().unwrap().len(), 1);
}

on_both_backends!(
    other_content_under_a_loaded_slug_is_refused,
    a_syntax_error_is_refused_with_its_line,
    a_bad_field_is_refused_with_its_line_and_name,
    a_region_that_differs_from_the_stored_one_is_refused,
);

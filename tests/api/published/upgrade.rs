//! A database loaded by an earlier version, before sections and the summary table's rule, is
//! completed on the next start, once.

use sea_orm::{ConnectionTrait, Database};
use serde_json::json;

use crate::support::{TestServer, strings};

/// What an earlier version left: no sections, Chaudière-Appalaches 10 in innovation,
/// Montérégie with no social-economy priority, and links with the migration's default bases.
const EARLIER_VERSION: [&str; 6] = [
    "DELETE FROM plan_paragraph",
    "DELETE FROM plan_section",
    r#"DELETE FROM priority_theme
       WHERE theme_id IN (SELECT id FROM theme WHERE "key" = 'SOCIAL_ECONOMY')
         AND priority_id IN (SELECT p.id FROM priority p JOIN region r ON r.id = p.region_id
                             WHERE r.number = 14)"#,
    r#"INSERT INTO priority_theme (priority_id, theme_id, basis, quote)
       SELECT p.id, t.id, 'PRIORITY_WORDS', 'Placer l''innovation'
       FROM priority p JOIN region r ON r.id = p.region_id, theme t
       WHERE r.number = 5 AND p.number = 10 AND t."key" = 'INNOVATION'"#,
    "UPDATE priority_theme SET basis = 'PRIORITY_WORDS'",
    "UPDATE action_theme SET basis = 'PROJECT_READING', quote = NULL",
];

const QUERY: &str = r#"{ plan { sections { key } }
    chaudiere: region(number: 5) { themes { key } }
    monteregie: region(number: 14) { priorities { number themeLinks { theme { key } basis } } }
    action(number: 4) { themeLinks { basis quote } } }"#;

async fn completes_a_plan_loaded_before_sections_once(server: TestServer) {
    let db = Database::connect(server.database.url()).await.unwrap();
    for statement in EARLIER_VERSION {
        db.execute_unprepared(statement).await.unwrap();
    }
    db.close().await.unwrap();

    let restarted = server.replica().await;
    let data = restarted.data(QUERY, json!({})).await;
    let keys = strings(&data["plan"]["sections"], "key");
    assert_eq!(
        keys,
        ["MESSAGE", "CONTEXT", "TARGETED_PRIORITIES", "RESPONSES"]
    );
    let chaudiere = data["chaudiere"].to_string();
    assert!(!chaudiere.contains("INNOVATION"), "{chaudiere}");
    assert_eq!(
        data["monteregie"]["priorities"][1]["themeLinks"][2],
        json!({ "theme": { "key": "SOCIAL_ECONOMY" }, "basis": "SUMMARY_TABLE" })
    );
    assert_eq!(data["action"]["themeLinks"][0]["basis"], "PLAN_RESPONSE");

    // A second start finds the plan complete and changes nothing.
    let again = restarted.replica().await;
    assert_eq!(again.data(QUERY, json!({})).await, data);
    let sections = again
        .data("{ plan { sections { sections { key } } } }", json!({}))
        .await;
    assert_eq!(
        sections["plan"]["sections"][1]["sections"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

on_both_backends!(completes_a_plan_loaded_before_sections_once);

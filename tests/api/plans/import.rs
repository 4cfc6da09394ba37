//! Importing while servers run: the next read sees the new plan, on every replica, and no
//! cached answer nor catalogue snapshot hides it; importing the same file again changes
//! nothing.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use territoires::config::{HttpOptions, Limits};

use super::{
    FICTIONAL_PLAN, FICTIONAL_SLUG, PLANS, import, import_fictional_plan, read_tagged, slugs,
};
use crate::support::TestServer;
use crate::values::rows;

/// A read cached before the import is not served after it: the next read lists both plans,
/// under another entity tag.
async fn the_next_read_after_an_import_shows_both_plans(server: TestServer) {
    let (before, tag) = read_tagged(&server, PLANS).await;
    let (again, same_tag) = read_tagged(&server, PLANS).await;
    assert_eq!((&again, &same_tag), (&before, &tag), "the read is cached");
    assert_eq!(slugs(&before), ["iq-ovt-2018-2020"]);

    import_fictional_plan(&server).await;

    let (after, new_tag) = read_tagged(&server, PLANS).await;
    assert_eq!(slugs(&after), ["iq-ovt-2018-2020", FICTIONAL_SLUG]);
    assert_eq!(
        after["data"]["plans"][1]["title"],
        "Plan fictif de l'Organisme d'essai 2024-2025"
    );
    assert_ne!(new_tag, tag, "an entity tag never repeats for other data");
}

/// Two servers on one database (replicas): both had the read cached, both see the import.
async fn every_replica_sees_an_import(server: TestServer) {
    let replica = server.replica().await;
    for each in [&server, &replica] {
        read_tagged(each, PLANS).await;
        let (cached, _) = read_tagged(each, PLANS).await;
        assert_eq!(slugs(&cached), ["iq-ovt-2018-2020"]);
    }
    import_fictional_plan(&server).await;
    for each in [&server, &replica] {
        let (after, _) = read_tagged(each, PLANS).await;
        assert_eq!(slugs(&after), ["iq-ovt-2018-2020", FICTIONAL_SLUG]);
    }
}

/// The catalogue the second plan adds, as a dashboard reads it: the plans, and the new plan's
/// actions with their indicators, which only the catalogue snapshot answers.
const CATALOGUE: &str = "{ plans { slug actions { number indicator { name } } } }";

/// What [`CATALOGUE`] answers: the plans' slugs, and their actions' numbers.
fn plans_and_actions(body: &Value) -> Vec<(String, Vec<i64>)> {
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|plan| {
            let numbers = plan["actions"].as_array().expect("actions").iter();
            let numbers = numbers.map(|action| action["number"].as_i64().expect("number"));
            (
                plan["slug"].as_str().expect("slug").to_owned(),
                numbers.collect(),
            )
        })
        .collect()
}

/// Without the response cache, and with a token (never cached), each replica holds the
/// catalogue in memory: an import from another process is read on each at its next request,
/// and a server started afterwards reads it at start.
async fn without_the_cache_every_replica_reads_the_imported_catalogue(server: TestServer) {
    let uncached = HttpOptions {
        response_cache: false,
        ..HttpOptions::default()
    };
    let serve = || {
        let database = std::sync::Arc::clone(&server.database);
        let url = server.database.url().to_owned();
        let options = uncached.clone();
        async move { TestServer::serve_configured(database, &url, &Limits::default(), &options).await }
    };
    let (first, second) = (serve().await, serve().await);
    let reader = server.token("reader", "catalogue").await;
    let shipped = vec![("iq-ovt-2018-2020".to_owned(), vec![1, 2, 3, 4, 5, 6])];
    for replica in [&first, &second] {
        let body = replica.post(CATALOGUE, json!({})).await;
        assert_eq!(plans_and_actions(&body), shipped);
        let body = replica.post_as(&reader, CATALOGUE, json!({})).await;
        assert_eq!(plans_and_actions(&body), shipped);
    }

    import_fictional_plan(&server).await;

    let restarted = serve().await;
    for replica in [&first, &second, &restarted] {
        for body in [
            replica.post(CATALOGUE, json!({})).await,
            replica.post_as(&reader, CATALOGUE, json!({})).await,
        ] {
            let plans = plans_and_actions(&body);
            assert_eq!(plans.len(), 2, "{body:#}");
            assert_eq!(plans[0], shipped[0]);
            assert_eq!(plans[1], (FICTIONAL_SLUG.to_owned(), vec![1, 2, 3]));
            let fictional = &body["data"]["plans"][1]["actions"][0]["indicator"]["name"];
            assert!(
                fictional.as_str().is_some_and(|name| !name.is_empty()),
                "{body:#}"
            );
        }
    }
}

/// The same file again: it says the plan is already loaded, exits 0, and changes nothing,
/// not even the data version (the entity tag of a read).
async fn importing_the_same_file_again_changes_nothing(server: TestServer) {
    import_fictional_plan(&server).await;
    let (before, tag) = read_tagged(&server, PLANS).await;
    let (plans, priorities, actions) = (
        rows(&server, "plan").await,
        rows(&server, "priority").await,
        rows(&server, "action").await,
    );

    let output = import(&server, Path::new(FICTIONAL_PLAN)).await;
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("is already loaded"), "{said}");

    let (after, same_tag) = read_tagged(&server, PLANS).await;
    assert_eq!((after, same_tag), (before, tag));
    assert_eq!(rows(&server, "plan").await, plans);
    assert_eq!(rows(&server, "priority").await, priorities);
    assert_eq!(rows(&server, "action").await, actions);
    assert_eq!((plans, actions), (2, 9));
}

/// A database loaded before plans kept their file's hash: the next start records the shipped
/// file's, so importing the shipped plan's own file changes nothing instead of being refused.
async fn the_shipped_plan_of_an_earlier_database_imports_as_already_loaded(server: TestServer) {
    let db = Database::connect(server.database.url()).await.unwrap();
    db.execute_unprepared("UPDATE plan SET source_sha256 = NULL")
        .await
        .unwrap();
    db.close().await.unwrap();
    let restarted = server.replica().await;
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/iq-ovt-2018-2020.toml");

    let output = import(&restarted, &shipped).await;
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("is already loaded"), "{said}");
    assert_eq!(rows(&restarted, "plan").await, 1);
}

on_both_backends!(
    the_next_read_after_an_import_shows_both_plans,
    every_replica_sees_an_import,
    without_the_cache_every_replica_reads_the_imported_catalogue,
    importing_the_same_file_again_changes_nothing,
    the_shipped_plan_of_an_earlier_database_imports_as_already_loaded,
);

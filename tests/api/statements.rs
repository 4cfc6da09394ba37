//! The number of SQL statements a query costs does not grow with the data it covers: the
//! catalogue is answered from its snapshot in memory, without any.

use serde_json::json;

use crate::support::TestServer;

/// The query of the README, across every region.
const ALL_REGIONS: &str = "{ regions { number name adminRegionCode
    priorities { number title themes { key name } }
    actions { number title indicator { name unit target { value comparator dueOn recurrence label } } } } }";

/// The same selection on one region.
const ONE_REGION: &str = "{ region(number: 16) { number name adminRegionCode
    priorities { number title themes { key name } }
    actions { number title indicator { name unit target { value comparator dueOn recurrence label } } } } }";

/// The statements a first (uncached) answer to `query` costs for its resolvers: every request
/// also reads the data version once (for the response cache and the catalogue snapshot),
/// which is not counted here.
async fn statements_for(server: &TestServer, query: &str) -> u64 {
    let freshness_check = 1;
    let before = server.statements().await;
    let data = server.data(query, json!({})).await;
    assert!(!data.as_object().unwrap().is_empty());
    server.statements().await - before - freshness_check
}

async fn the_deep_query_costs_no_statement(server: TestServer) {
    // Five levels (regions, priorities, their themes, actions, their indicators) cost one
    // statement each before the catalogue was held in memory; now none.
    let all = statements_for(&server, ALL_REGIONS).await;
    assert_eq!(all, 0, "statements for 18 regions");
    let one = statements_for(&server, ONE_REGION).await;
    assert_eq!(one, 0, "statements for one region");
    assert_eq!(
        all, one,
        "the count must not depend on the number of regions"
    );
}

async fn reverse_traversals_are_batched_too(server: TestServer) {
    let count = statements_for(
        &server,
        "{ themes { priorities { region { name } themes { key } } regions { number } actions { regions { number } indicator { partOf { name } parts { name } } } } }",
    )
    .await;
    // Eleven before the snapshot: themes (plan + themes), priorities, their regions, their
    // themes, theme regions, actions, action regions, indicators, partOf, parts.
    assert_eq!(count, 0, "statements");
}

on_both_backends!(
    the_deep_query_costs_no_statement,
    reverse_traversals_are_batched_too
);

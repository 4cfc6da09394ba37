//! Global ids: every entity's `id` resolves back to it through `node` and `nodes`.

use serde_json::{Value, json};

use crate::support::TestServer;

const NODE: &str = "query($id: ID!) { node(id: $id) { __typename id
    ... on Plan { slug } ... on Region { number } ... on Priority { number }
    ... on Theme { key } ... on Action { number } ... on Indicator { name } } }";

async fn every_kind_of_id_round_trips(server: TestServer) {
    let data = server
        .data(
            "{ plan { id slug } region(number: 9) { id number priorities { id number } }
               theme(key: SOCIAL_ECONOMY) { id key } action(number: 5) { id number indicator { id name } } }",
            json!({}),
        )
        .await;
    let cases = [
        (&data["plan"], "Plan", "slug"),
        (&data["region"], "Region", "number"),
        (&data["region"]["priorities"][0], "Priority", "number"),
        (&data["theme"], "Theme", "key"),
        (&data["action"], "Action", "number"),
        (&data["action"]["indicator"], "Indicator", "name"),
    ];
    for (entity, typename, field) in cases {
        let found = server.data(NODE, json!({ "id": entity["id"] })).await;
        assert_eq!(found["node"]["__typename"], typename);
        assert_eq!(found["node"]["id"], entity["id"]);
        assert_eq!(found["node"][field], entity[field], "{typename}");
    }
}

async fn ids_are_distinct_across_kinds(server: TestServer) {
    let data = server
        .data(
            "{ plan { id } region(number: 1) { id } action(number: 1) { id indicator { id } } }",
            json!({}),
        )
        .await;
    let ids = [
        &data["plan"]["id"],
        &data["region"]["id"],
        &data["action"]["id"],
        &data["action"]["indicator"]["id"],
    ];
    for (index, id) in ids.iter().enumerate() {
        assert!(ids[index + 1..].iter().all(|other| other != id), "{ids:?}");
    }
}

async fn nodes_keeps_order_and_answers_null_for_unknown_ids(server: TestServer) {
    let data = server.data("{ regions { id number } }", json!({})).await;
    let regions = data["regions"].as_array().unwrap();
    // "Region:999" in URL-safe base64: well-formed, but no region has it.
    let ids = json!([regions[17]["id"], "UmVnaW9uOjk5OQ", regions[0]["id"]]);
    let found = server
        .data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Region { number } } }",
            json!({ "ids": ids }),
        )
        .await;
    assert_eq!(
        found["nodes"],
        json!([{ "number": 18 }, Value::Null, { "number": 1 }])
    );
}

async fn refuses_a_malformed_id(server: TestServer) {
    let error = server.error(NODE, json!({ "id": "not an id" })).await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("is not a territoires id"),
        "{error}"
    );
}

on_both_backends!(
    every_kind_of_id_round_trips,
    ids_are_distinct_across_kinds,
    nodes_keeps_order_and_answers_null_for_unknown_ids,
    refuses_a_malformed_id
);

//! Memory no client can claim: the response cache is keyed by what a request means and
//! bounded in bytes, so requests that differ only in what they do not ask, or that each ask
//! something new, leave the server's memory within the cache's budget. The real binary is
//! measured (`VmRSS`), with its default flags and with a small budget.

use std::time::Duration;

use serde_json::json;

use crate::support::process::ServerProcess;
use crate::support::writes::post_graphql;

const MIB: u64 = 1024 * 1024;
/// What the server may grow by beyond the cache's budget: the allocator keeps the pages of
/// the requests' own work for reuse, and the cache evicts in the background.
const SLACK: u64 = 12 * MIB;
/// The same where every request leaves a 416 KB answer behind for the allocator: on a loaded
/// machine it keeps up to twice the cache's budget of them for reuse, which `/metrics` shows is
/// not the cache's (`territoires_response_cache_bytes`). Still far below the 83 MB the
/// answers would take if the cache kept them all.
const SLACK_FOR_DISTINCT_ANSWERS: u64 = 24 * MIB;

/// The catalogue eight times over (aliases): a 416 KB answer.
fn catalogue_eight_times(prefix: &str) -> String {
    let catalogue = "regions { number name slug adminRegionCode
        priorities { number title excerpt themes { key name } }
        actions { number title indicator { name unit target { label value dueOn } } } }";
    let aliases: Vec<String> = (0..8).map(|n| format!("a{n}: {catalogue}")).collect();
    format!(
        "{prefix} {{ {} {} }}",
        prefix_field(prefix),
        aliases.join(" ")
    )
}

/// The field that uses the declared variable, when there is one.
fn prefix_field(prefix: &str) -> &'static str {
    if prefix.is_empty() {
        ""
    } else {
        "n: action(number: $x) { number }"
    }
}

/// `territoires_response_cache_bytes` from the server's `/metrics`.
async fn cache_bytes(client: &reqwest::Client, server: &ServerProcess) -> u64 {
    let metrics = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("territoires_response_cache_bytes "))
        .expect("territoires_response_cache_bytes in /metrics")
        .parse()
        .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Posts `query` with `{"x": k}` for each k in `0..count`; each answer must be the catalogue.
async fn post_variants(client: &reqwest::Client, server: &ServerProcess, query: &str, count: u64) {
    for k in 0..count {
        let body = post_graphql(client, &server.base, None, query, json!({ "x": k }))
            .await
            .unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(body["data"]["a7"].as_array().map(Vec::len), Some(18));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undeclared_variables_do_not_make_new_cache_entries() {
    let server = ServerProcess::in_temporary_directory(&[]).await;
    let client = client();
    let query = catalogue_eight_times("");
    post_variants(&client, &server, &query, 3).await;
    let before = server.resident_bytes();
    post_variants(&client, &server, &query, 1023).await;
    let after = server.resident_bytes();
    let budget = territoires::config::DEFAULT_RESPONSE_CACHE_BYTES;
    eprintln!(
        "1,023 variants of a 416 KB read, undeclared variables: RSS {} MiB → {} MiB",
        before / MIB,
        after / MIB
    );
    assert!(
        after <= before + budget + SLACK,
        "RSS grew from {before} to {after} bytes: beyond the cache's budget of {budget}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_answers_stay_within_the_cache_budget() {
    let budget = 8 * MIB;
    let server =
        ServerProcess::in_temporary_directory(&["--response-cache-bytes", &budget.to_string()])
            .await;
    let client = client();
    let query = catalogue_eight_times("query($x: Int!)");
    post_variants(&client, &server, &query, 3).await;
    let before = server.resident_bytes();
    // 200 distinct answers of 416 KB: 83 MB if they were all kept.
    post_variants(&client, &server, &query, 200).await;
    let after = server.resident_bytes();
    let held = cache_bytes(&client, &server).await;
    eprintln!(
        "200 distinct 416 KB answers, an 8 MiB budget: RSS {} MiB → {} MiB; the cache holds {} KiB",
        before / MIB,
        after / MIB,
        held / 1024
    );
    assert!(
        held <= budget,
        "the cache holds {held} bytes, over its budget of {budget}"
    );
    assert!(
        held > budget / 2,
        "the cache is used: it holds {held} bytes"
    );
    assert!(
        after <= before + budget + SLACK_FOR_DISTINCT_ANSWERS,
        "RSS grew from {before} to {after} bytes: beyond the cache's budget of {budget}"
    );
}

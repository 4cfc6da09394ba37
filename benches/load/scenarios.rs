//! What each HTTP scenario sends: the queries and mutations, and what a connection remembers
//! between its requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::http_load::{Workload, clip, post_graphql};

/// The dashboard of the issue: every region, its priorities and themes, its actions and their
/// indicator's target, latest value and progress.
pub const DASHBOARD: &str = "query Dashboard { regions { number name adminRegionCode \
    priorities { number title themes { key name } } \
    actions { number title indicator { name unit target { value comparator dueOn label } \
    latest { value asOf } progress { status ratio } } } } }";

/// One region's page, by slug, with the last twelve values of each action's indicator there.
pub const REGION: &str = "query Region($slug: String!, $number: Int!) { \
    region(slug: $slug) { name priorities { title } \
    actions { number title indicator { name target { label } \
    values(regionNumber: $number, first: 12) { edges { node { value asOf } } } } } } }";

/// A page of 100 values of one indicator in one region, after a cursor.
pub const HISTORY_PAGE: &str = "query History($indicator: ID!, $region: Int!, $after: String) { \
    node(id: $indicator) { ... on Indicator { \
    values(regionNumber: $region, first: 100, after: $after) { \
    edges { node { value asOf } } pageInfo { endCursor hasNextPage } } } } }";

/// An indicator's monthly series in one region.
pub const HISTORY_SERIES: &str = "query Series($indicator: ID!, $region: Int!) { \
    node(id: $indicator) { ... on Indicator { \
    series(bucket: MONTH, regionNumber: $region) { bucketStart value asOf } } } }";

/// One value per request.
pub const RECORD_ONE: &str = "mutation RecordOne($input: RecordIndicatorValueInput!) { \
    recordIndicatorValue(input: $input) { value { id } } }";

/// `n` values per request.
pub const RECORD_MANY: &str = "mutation RecordMany($inputs: [RecordIndicatorValueInput!]!) { \
    recordIndicatorValues(inputs: $inputs) { value { id } } }";

/// The JSON body of a GraphQL request.
fn body(query: &str, variables: &Value) -> String {
    json!({ "query": query, "variables": variables }).to_string()
}

/// `GET /health`: the cheapest answer the server gives, the ceiling of the others.
#[derive(Debug)]
pub struct Health {
    pub url: String,
}

impl Workload for Health {
    type State = ();

    fn state(&self, _connection: usize) {}

    async fn send(&self, client: &reqwest::Client, _state: &mut ()) -> Result<u64, String> {
        let response = client
            .get(&self.url)
            .send()
            .await
            .map_err(|error| error.to_string())?;
        let status = response.status();
        response.bytes().await.map_err(|error| error.to_string())?;
        if status != 200 {
            return Err(format!("HTTP {status}"));
        }
        Ok(1)
    }
}

/// The same query, again and again.
#[derive(Debug)]
pub struct Fixed {
    pub url: String,
    pub body: String,
}

impl Fixed {
    /// `query` without variables, posted to `url`.
    pub fn new(url: String, query: &str) -> Self {
        Self {
            url,
            body: body(query, &json!({})),
        }
    }
}

impl Workload for Fixed {
    type State = ();

    fn state(&self, _connection: usize) {}

    async fn send(&self, client: &reqwest::Client, _state: &mut ()) -> Result<u64, String> {
        post_graphql(client, &self.url, None, self.body.clone()).await?;
        Ok(1)
    }
}

/// Region pages, each connection going round the regions from its own.
#[derive(Debug)]
pub struct RegionPage {
    pub url: String,
    /// (number, slug).
    pub regions: Vec<(i64, String)>,
}

impl Workload for RegionPage {
    /// The index of the next region.
    type State = usize;

    fn state(&self, connection: usize) -> usize {
        connection
    }

    async fn send(&self, client: &reqwest::Client, next: &mut usize) -> Result<u64, String> {
        let (number, slug) = &self.regions[*next % self.regions.len()];
        *next += 1;
        let variables = json!({ "slug": slug, "number": number });
        post_graphql(client, &self.url, None, body(REGION, &variables)).await?;
        Ok(1)
    }
}

/// History pages walked with cursors: each request asks for the page after the previous
/// one's `endCursor`; past the last page the walk restarts at the top, in the next region.
#[derive(Debug)]
pub struct HistoryPage {
    pub url: String,
    pub indicator: String,
}

/// Where a history walk stands.
#[derive(Debug)]
pub struct Walk {
    /// 1 to 18.
    pub region: i64,
    pub after: Option<String>,
}

impl Workload for HistoryPage {
    type State = Walk;

    fn state(&self, connection: usize) -> Walk {
        Walk {
            region: region_number(connection),
            after: None,
        }
    }

    async fn send(&self, client: &reqwest::Client, walk: &mut Walk) -> Result<u64, String> {
        let variables = json!({
            "indicator": self.indicator, "region": walk.region, "after": walk.after
        });
        let text = post_graphql(client, &self.url, None, body(HISTORY_PAGE, &variables)).await?;
        let answer: Value = serde_json::from_str(&text).map_err(|error| error.to_string())?;
        let page = &answer["data"]["node"]["values"];
        if page["edges"].as_array().is_none_or(Vec::is_empty) && walk.after.is_none() {
            return Err(format!(
                "region {} has no history: {}",
                walk.region,
                clip(&text)
            ));
        }
        let next = page["pageInfo"]["endCursor"].as_str();
        match next {
            Some(cursor) if page["pageInfo"]["hasNextPage"] == true => {
                walk.after = Some(cursor.to_owned());
            }
            _ => {
                walk.after = None;
                walk.region = walk.region % 18 + 1;
            }
        }
        Ok(1)
    }
}

/// Monthly series, each connection going round the regions from its own.
#[derive(Debug)]
pub struct HistorySeries {
    pub url: String,
    pub indicator: String,
}

impl Workload for HistorySeries {
    /// The next region, 1 to 18.
    type State = i64;

    fn state(&self, connection: usize) -> i64 {
        region_number(connection)
    }

    async fn send(&self, client: &reqwest::Client, region: &mut i64) -> Result<u64, String> {
        let variables = json!({ "indicator": self.indicator, "region": *region });
        *region = *region % 18 + 1;
        let text = post_graphql(client, &self.url, None, body(HISTORY_SERIES, &variables)).await?;
        if !text.contains("bucketStart") {
            return Err(format!("an empty series: {}", clip(&text)));
        }
        Ok(1)
    }
}

/// Region number 1 to 18 for connection `connection`.
fn region_number(connection: usize) -> i64 {
    i64::try_from(connection % 18).unwrap_or(0) + 1
}

/// Writes of new values, `batch` per request (one: `recordIndicatorValue`; more:
/// `recordIndicatorValues`). Value number `k` (shared by every connection) goes to region
/// `k mod 18 + 1` on day `k / 18` from 2000-01-01, wrapping after 2025-12-31, past which the
/// values are corrections of earlier ones.
#[derive(Debug)]
pub struct Writes {
    pub url: String,
    pub token: String,
    pub indicator: String,
    pub batch: u64,
    /// The next value number, shared with other write scenarios so that they do not write
    /// the same (region, day).
    pub next: Arc<AtomicU64>,
}

/// The first day writes use.
const WRITES_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};
/// Days from 2000-01-01 to 2025-12-31.
const WRITE_DAYS: u64 = 9497;

impl Writes {
    fn input(&self, number: u64) -> Value {
        let day = WRITES_FROM
            .checked_add_days(Days::new(number / 18 % WRITE_DAYS))
            .unwrap_or(WRITES_FROM);
        json!({
            "indicatorId": self.indicator,
            "regionNumber": number % 18 + 1,
            "value": (number % 1000).to_string(),
            "asOf": day.to_string(),
        })
    }
}

impl Workload for Writes {
    type State = ();

    fn state(&self, _connection: usize) {}

    async fn send(&self, client: &reqwest::Client, _state: &mut ()) -> Result<u64, String> {
        let first = self.next.fetch_add(self.batch, Ordering::Relaxed);
        let request = if self.batch == 1 {
            body(RECORD_ONE, &json!({ "input": self.input(first) }))
        } else {
            let inputs: Vec<Value> = (first..first + self.batch)
                .map(|number| self.input(number))
                .collect();
            body(RECORD_MANY, &json!({ "inputs": inputs }))
        };
        post_graphql(client, &self.url, Some(&self.token), request).await?;
        Ok(self.batch)
    }
}

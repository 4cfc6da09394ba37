//! The data the scenarios read: a long history written straight into the SQLite file before
//! the server starts, and a few values recorded through the API for the dashboard.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, Days, NaiveDate, SecondsFormat, Utc};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous,
};
use sea_orm::sqlx::{self, Connection};
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::graphql::Graphql;

/// The number of the action whose indicator (a COUNT) gets the long history.
pub const HISTORY_ACTION: i64 = 3;
/// Regions of the strategy; their ids are looked up, their numbers are 1 to 18.
pub const REGIONS: u64 = 18;
/// The history spans this many days: ten years, ending yesterday.
pub const HISTORY_DAYS: u64 = 3653;
/// Days are visited with this stride (prime to [`HISTORY_DAYS`]), so that a history smaller
/// than one value per (region, day) still spreads over the ten years.
const DAY_STRIDE: u64 = 1009;
/// Rows per `INSERT` statement (11 parameters each, well under SQLite's 32,766).
const ROWS_PER_STATEMENT: u64 = 500;
/// Values per transaction.
const ROWS_PER_TRANSACTION: u64 = 100_000;

/// What [`load_history`] wrote.
#[derive(Debug, Clone, Copy)]
pub struct History {
    /// The indicator's database id.
    pub indicator_id: i64,
    pub values: u64,
    /// Values no later revision corrects: what `values` lists without `includeSuperseded`.
    pub current: u64,
    pub took: Duration,
}

/// Writes `count` values of action 3's indicator straight into the SQLite database at
/// `database_url`, which `territoires migrate` has created, with one event each.
///
/// Value `i` goes to slot `i mod S` of the `S = 18 × 3,653` (region, day) slots, as its
/// revision `i / S + 1`, superseding the previous revision of the slot: the rows are those the
/// API would have written for the same inputs, and what is beyond one per slot is history of
/// corrections. Statements are prepared once and bind 500 rows each; a transaction holds
/// 100,000 values.
pub async fn load_history(database_url: &str, count: u64) -> anyhow::Result<History> {
    let started = Instant::now();
    let options = SqliteConnectOptions::from_str(database_url)?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Off)
        .foreign_keys(true);
    let mut connection = SqliteConnection::connect_with(&options)
        .await
        .context("cannot open the database to load the history")?;
    let (indicator_id, unit): (i64, String) = sqlx::query_as(
        "SELECT i.id, i.unit FROM indicator i JOIN action a ON a.id = i.action_id \
         WHERE a.number = ? ORDER BY a.plan_id LIMIT 1",
    )
    .bind(HISTORY_ACTION)
    .fetch_one(&mut connection)
    .await
    .context("no indicator for action 3: was the database migrated?")?;
    if unit != "COUNT" {
        bail!("action 3's indicator counts {unit}, not COUNT: the history would be invalid");
    }
    let region_ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM region ORDER BY number")
        .fetch_all(&mut connection)
        .await?;
    let region_ids: Vec<i64> = region_ids.into_iter().map(|(id,)| id).collect();
    if region_ids.len() as u64 != REGIONS {
        bail!("{} regions, not {REGIONS}", region_ids.len());
    }
    let (recorded_by,): (i64,) = sqlx::query_as("SELECT id FROM api_token ORDER BY id LIMIT 1")
        .fetch_one(&mut connection)
        .await
        .context("no token: create the editor token before loading")?;
    let (first_id,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 1 FROM indicator_value")
            .fetch_one(&mut connection)
            .await?;

    let now = Utc::now();
    let yesterday = now
        .date_naive()
        .checked_sub_days(Days::new(1))
        .context("date out of range")?;
    let first_day = yesterday
        .checked_sub_days(Days::new(HISTORY_DAYS - 1))
        .context("date out of range")?;
    // Recorded one millisecond apart, the last one a moment ago.
    let first_recorded = now - chrono::Duration::milliseconds(i64::try_from(count)? + 1000);
    let rows = Rows {
        first_id,
        region_ids,
        first_day,
        first_recorded,
    };

    // The statement of a full chunk, prepared once and reused (the last chunk may be shorter).
    let full_chunk: std::sync::Arc<str> = insert_values_sql(ROWS_PER_STATEMENT).into();
    let mut done = 0;
    while done < count {
        let transaction_end = (done + ROWS_PER_TRANSACTION).min(count);
        let mut transaction = connection.begin().await?;
        while done < transaction_end {
            let end = (done + ROWS_PER_STATEMENT).min(transaction_end);
            // The text is made of fixed fragments only: no data is spliced into it.
            let sql = if end - done == ROWS_PER_STATEMENT {
                std::sync::Arc::clone(&full_chunk)
            } else {
                insert_values_sql(end - done).into()
            };
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for index in done..end {
                let row = rows.row(index)?;
                query = query
                    .bind(row.id)
                    .bind(indicator_id)
                    .bind(row.region_id)
                    .bind(row.as_of)
                    .bind(row.value)
                    .bind("bench")
                    .bind(Option::<String>::None)
                    .bind(row.recorded_at)
                    .bind(recorded_by)
                    .bind(row.revision)
                    .bind(row.supersedes_id);
            }
            query.execute(&mut *transaction).await?;
            // One event per value, numbered in id order, as the writer numbers them.
            sqlx::query(
                "INSERT INTO indicator_event (value_id) \
                 SELECT id FROM indicator_value WHERE id BETWEEN ? AND ? ORDER BY id",
            )
            .bind(rows.id(done)?)
            .bind(rows.id(end - 1)?)
            .execute(&mut *transaction)
            .await?;
            done = end;
        }
        transaction.commit().await?;
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut connection)
        .await?;
    connection.close().await?;
    Ok(History {
        indicator_id,
        values: count,
        current: count.min(REGIONS * HISTORY_DAYS),
        took: started.elapsed(),
    })
}

/// `INSERT INTO indicator_value … VALUES (…), (…)` for `rows` rows.
fn insert_values_sql(rows: u64) -> String {
    let one = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let mut sql = String::from(
        "INSERT INTO indicator_value (id, indicator_id, region_id, as_of, value, source, note, \
         recorded_at, recorded_by, revision, supersedes_id) VALUES ",
    );
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push_str(one);
    }
    sql
}

/// How value number `i` of the history is made.
struct Rows {
    first_id: i64,
    region_ids: Vec<i64>,
    first_day: NaiveDate,
    first_recorded: DateTime<Utc>,
}

/// One row of `indicator_value`, as bound.
struct Row {
    id: i64,
    region_id: i64,
    as_of: String,
    value: String,
    recorded_at: String,
    revision: i64,
    supersedes_id: Option<i64>,
}

impl Rows {
    fn id(&self, index: u64) -> anyhow::Result<i64> {
        Ok(self.first_id + i64::try_from(index)?)
    }

    fn row(&self, index: u64) -> anyhow::Result<Row> {
        let slots = REGIONS * HISTORY_DAYS;
        let slot = index % slots;
        let revision = index / slots + 1;
        let region = usize::try_from(slot % REGIONS)?;
        let day = (slot / REGIONS * DAY_STRIDE) % HISTORY_DAYS;
        let id = self.id(index)?;
        let slots = i64::try_from(slots)?;
        let recorded_at =
            self.first_recorded + chrono::Duration::milliseconds(i64::try_from(index)?);
        Ok(Row {
            id,
            region_id: self.region_ids[region],
            as_of: self
                .first_day
                .checked_add_days(Days::new(day))
                .context("date out of range")?
                .to_string(),
            // A whole count, as the indicator's unit requires.
            value: ((index * 7919 + 13) % 100_000).to_string(),
            recorded_at: recorded_at.to_rfc3339_opts(SecondsFormat::AutoSi, false),
            revision: i64::try_from(revision)?,
            supersedes_id: (revision > 1).then_some(id - slots),
        })
    }
}

/// What the scenarios need to name: each action's indicator id and unit, and the regions.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// (action number, indicator global id, unit), by action number.
    pub indicators: Vec<(i64, String, String)>,
    /// (region number, slug), by number.
    pub regions: Vec<(i64, String)>,
}

impl Catalogue {
    /// Reads it through the API.
    pub async fn read(api: &Graphql) -> anyhow::Result<Self> {
        let data = api
            .data(
                "{ actions { number indicator { id unit } } regions { number slug } }",
                json!({}),
            )
            .await?;
        let indicators = list(&data["actions"])?
            .iter()
            .map(|action| {
                Ok((
                    action["number"].as_i64().context("action number")?,
                    text(&action["indicator"]["id"])?,
                    text(&action["indicator"]["unit"])?,
                ))
            })
            .collect::<anyhow::Result<_>>()?;
        let regions = list(&data["regions"])?
            .iter()
            .map(|region| {
                Ok((
                    region["number"].as_i64().context("region number")?,
                    text(&region["slug"])?,
                ))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self {
            indicators,
            regions,
        })
    }

    /// The global id of action `number`'s indicator.
    pub fn indicator(&self, number: i64) -> anyhow::Result<String> {
        self.indicators
            .iter()
            .find(|(action, _, _)| *action == number)
            .map(|(_, id, _)| id.clone())
            .with_context(|| format!("no indicator for action {number}"))
    }
}

/// `recordIndicatorValues`, answering only the ids.
pub const RECORD_BATCH: &str = "mutation Record($inputs: [RecordIndicatorValueInput!]!) { \
    recordIndicatorValues(inputs: $inputs) { value { id } } }";

/// Records, through the API, two values for all of Québec and one per region for every
/// indicator, so that the dashboard's `latest` and `progress` and the region page's history
/// have something to show. Returns how many were recorded.
pub async fn record_dashboard_values(
    api: &Graphql,
    token: &str,
    catalogue: &Catalogue,
) -> anyhow::Result<usize> {
    let today = Utc::now().date_naive();
    let day = |back: u64| -> anyhow::Result<String> {
        Ok(today
            .checked_sub_days(Days::new(back))
            .context("date out of range")?
            .to_string())
    };
    let mut inputs = Vec::new();
    for (_, indicator, _) in &catalogue.indicators {
        // "50" is a valid figure in every unit: a percentage, millions of dollars, a count.
        for back in [60, 1] {
            inputs.push(json!({ "indicatorId": indicator, "value": "50", "asOf": day(back)? }));
        }
        for (region, _) in &catalogue.regions {
            inputs.push(json!({
                "indicatorId": indicator, "regionNumber": region, "value": "50", "asOf": day(30)?
            }));
        }
    }
    let data = api
        .data_as(token, RECORD_BATCH, json!({ "inputs": inputs }))
        .await?;
    Ok(list(&data["recordIndicatorValues"])?.len())
}

/// The array `value`, or an error.
pub fn list(value: &Value) -> anyhow::Result<&Vec<Value>> {
    value
        .as_array()
        .with_context(|| format!("expected a list, got {value}"))
}

/// The string `value`, or an error.
pub fn text(value: &Value) -> anyhow::Result<String> {
    value
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("expected a string, got {value}"))
}

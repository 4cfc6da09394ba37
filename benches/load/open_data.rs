//! The open-data doors: `csv-import` posts spreadsheets of values to `POST /values.csv` (as
//! French Excel writes them: BOM, `;`, decimal comma) and reports values recorded per second;
//! `export` streams the long history, every revision, from `GET /values.csv` and reports the
//! time to the first byte, rows per second and how much the server's memory grew meanwhile.

use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::graphql::Graphql;
use crate::report::{Row, thousands};
use crate::server::{ServerProcess, rss_mb};

/// Imported values describe days from here on, before any other scenario's dates, so that
/// every row is a new value rather than a correction.
const IMPORT_FROM: NaiveDate = NaiveDate::from_ymd_opt(1700, 1, 1).expect("a valid date");
/// How often the export samples the server's memory.
const RSS_SAMPLE_EVERY: Duration = Duration::from_millis(20);

/// How much each scenario does.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Rows of each imported file.
    pub import_rows: u64,
    /// Files imported, and exports run: the row reports their median.
    pub rounds: u64,
}

/// `csv-import`: `rounds` files of `import_rows` rows of `indicator`, one request each.
pub async fn csv_import(
    server: &ServerProcess,
    api: &Graphql,
    token: &str,
    action_number: i64,
    settings: Settings,
) -> anyhow::Result<Row> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let mut rates = Vec::new();
    let mut seconds = Vec::new();
    let mut peak_rss = server.rss_mb()?;
    let before = api.statements().await?;
    for round in 0..settings.rounds {
        let file = spreadsheet(
            action_number,
            round * settings.import_rows,
            settings.import_rows,
        );
        let started = Instant::now();
        let response = client
            .post(server.url("/values.csv"))
            .bearer_auth(token)
            .header("content-type", "text/csv; charset=utf-8")
            .body(file)
            .send()
            .await
            .context("POST /values.csv")?;
        let status = response.status();
        let answer: Value = response.json().await.context("the import's answer")?;
        let took = started.elapsed();
        ensure!(
            status.is_success(),
            "the import was refused: {status} {answer}"
        );
        ensure!(
            answer["recorded"] == json!(settings.import_rows),
            "the import recorded {} of {} rows",
            answer["recorded"],
            settings.import_rows
        );
        peak_rss = peak_rss.max(server.rss_mb()?);
        seconds.push(took.as_secs_f64());
        rates.push(settings.import_rows as f64 / took.as_secs_f64());
    }
    let statements = api.statements().await?.saturating_sub(before);
    let mut row = Row::named("csv-import");
    row.connections = Some(1);
    row.requests = Some(settings.rounds);
    row.throughput = median(&mut rates);
    row.throughput_unit = "values/s";
    row.p50_ms = median(&mut seconds).map(|s| s * 1000.0);
    row.rss_mb = Some(peak_rss);
    row.details
        .insert("rows_per_file".to_owned(), json!(settings.import_rows));
    row.details.insert(
        "statements_per_1000_rows".to_owned(),
        json!(statements as f64 * 1000.0 / (settings.import_rows * settings.rounds) as f64),
    );
    row.notes.push(format!(
        "{} files of {} rows (BOM, `;`, decimal comma) posted one after another; the p50 column \
         is the time of one file, throughput the median of values/s",
        settings.rounds,
        thousands(settings.import_rows as f64)
    ));
    println!("{}", row.progress_line());
    Ok(row)
}

/// A file of `rows` new values of action `action_number`'s indicator, numbered from `first`:
/// all of Québec and the 18 regions, day after day.
fn spreadsheet(action_number: i64, first: u64, rows: u64) -> Vec<u8> {
    let mut file = "\u{feff}indicateur;région;date;valeur;source\r\n".to_owned();
    for number in first..first + rows {
        let region = match number % 19 {
            0 => String::new(),
            region => region.to_string(),
        };
        let day = IMPORT_FROM
            .checked_add_days(Days::new(number / 19))
            .unwrap_or(IMPORT_FROM);
        let figure = number % 1000;
        file.push_str(&format!(
            "{action_number};{region};{};{figure},5;Banc d'essai\r\n",
            day.format("%d/%m/%Y")
        ));
    }
    file.into_bytes()
}

/// The scopes of an indicator's values: all of Québec and the 18 regions.
const REGIONS: i64 = 18;

/// `export`: `rounds` downloads of every revision of `indicator`'s values, each holding as
/// many rows as GraphQL counts.
pub async fn export(
    server: &ServerProcess,
    api: &Graphql,
    indicator: &str,
    rounds: u64,
) -> anyhow::Result<Row> {
    let expected_rows = count_every_scope(api, indicator).await?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()?;
    let url = format!(
        "{}?indicator={indicator}&includeSuperseded=true",
        server.url("/values.csv")
    );
    let mut first_bytes = Vec::new();
    let mut rates = Vec::new();
    let mut growths = Vec::new();
    let mut peak_rss: f64 = 0.0;
    for _ in 0..rounds {
        let rss_before = server.rss_mb()?;
        let mut rss_peak = rss_before;
        let started = Instant::now();
        let mut response = client.get(&url).send().await.context("GET /values.csv")?;
        if !response.status().is_success() {
            bail!("the export was refused: {}", response.status());
        }
        let mut first_byte = None;
        let mut lines: u64 = 0;
        let mut sampled = Instant::now();
        while let Some(chunk) = response.chunk().await.context("the export's body")? {
            first_byte.get_or_insert_with(|| started.elapsed());
            lines += chunk.iter().filter(|&&byte| byte == b'\n').count() as u64;
            if sampled.elapsed() >= RSS_SAMPLE_EVERY {
                rss_peak = rss_peak.max(rss_mb(server.pid())?);
                sampled = Instant::now();
            }
        }
        let took = started.elapsed();
        rss_peak = rss_peak.max(server.rss_mb()?);
        // The header line is not a value; the values' texts hold no line break.
        let rows = lines.saturating_sub(1);
        ensure!(
            rows == expected_rows,
            "the export held {rows} rows, not {expected_rows}"
        );
        first_bytes.push(first_byte.unwrap_or(took).as_secs_f64() * 1000.0);
        rates.push(rows as f64 / took.as_secs_f64());
        growths.push(rss_peak - rss_before);
        peak_rss = peak_rss.max(rss_peak);
    }
    let mut row = Row::named("export");
    row.connections = Some(1);
    row.requests = Some(rounds);
    row.throughput = median(&mut rates);
    row.throughput_unit = "rows/s";
    row.p50_ms = median(&mut first_bytes.clone());
    row.rss_mb = Some(peak_rss);
    let largest_growth = growths.iter().copied().fold(f64::MIN, f64::max);
    row.details
        .insert("first_byte_ms".to_owned(), json!(median(&mut first_bytes)));
    row.details
        .insert("rss_growth_mb".to_owned(), json!(largest_growth));
    row.details.insert("rows".to_owned(), json!(expected_rows));
    row.notes.push(format!(
        "{rounds} downloads of {} rows (every revision of the long history); the p50 column is \
         the time to the first byte; RSS growth (sampled every {} ms) at most {largest_growth:.1} MB",
        thousands(expected_rows as f64),
        RSS_SAMPLE_EVERY.as_millis()
    ));
    println!("{}", row.progress_line());
    Ok(row)
}

/// Every revision of `indicator`'s values in every scope, as GraphQL counts them: one alias
/// per scope, since `values` without `regionNumber` means all of Québec only.
async fn count_every_scope(api: &Graphql, indicator: &str) -> anyhow::Result<u64> {
    let scopes: String = std::iter::once("quebec: values(includeSuperseded: true, first: 1) { totalCount }".to_owned())
        .chain((1..=REGIONS).map(|number| {
            format!("r{number}: values(regionNumber: {number}, includeSuperseded: true, first: 1) {{ totalCount }}")
        }))
        .collect::<Vec<_>>()
        .join(" ");
    let query =
        format!("query($id: ID!) {{ node(id: $id) {{ ... on Indicator {{ {scopes} }} }} }}");
    let data = api.data(&query, json!({ "id": indicator })).await?;
    let counts = data["node"].as_object().context("the indicator's counts")?;
    counts
        .values()
        .map(|scope| scope["totalCount"].as_u64().context("a count"))
        .sum()
}

/// The median of `figures` (sorted in place), `None` when there are none.
fn median(figures: &mut [f64]) -> Option<f64> {
    figures.sort_by(f64::total_cmp);
    let middle = figures.len() / 2;
    match figures.len() {
        0 => None,
        length if length % 2 == 1 => Some(figures[middle]),
        _ => Some((figures[middle - 1] + figures[middle]) / 2.0),
    }
}

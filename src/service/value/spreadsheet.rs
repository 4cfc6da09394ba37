//! Values from a spreadsheet: a CSV file as French spreadsheets write it (`;` or `,`, decimal
//! comma, UTF-8 byte-order mark), read whole and checked whole, every error listed with its
//! line and column, then recorded all or nothing through [`record_unbounded`], the same
//! validation, idempotency and events as `recordIndicatorValues`. `POST /values.csv` and
//! `territoires values import` both call [`import`].

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::record::{NewValue, problems, record_unbounded};
use super::writer::Writer;
use crate::error::{Error, Result};
use crate::service::token::Token;
use crate::service::vocabulary::Role;
use crate::service::{action, indicator, plan};

/// The columns, as their normalized header names (lower case, no accents).
const INDICATOR: &str = "indicateur";
const REGION: &str = "region";
const DATE: &str = "date";
const VALUE: &str = "valeur";
const SOURCE: &str = "source";
const NOTE: &str = "note";
const KEY: &str = "cle";
const REQUIRED: [&str; 4] = [INDICATOR, REGION, DATE, VALUE];
const ALLOWED_COLUMNS: &str = "indicateur, région, date, valeur, and optionally source, note, clé";

/// What an accepted file did (or, in a dry run, would do).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Imported {
    pub dry_run: bool,
    /// Data rows in the file.
    pub rows: usize,
    /// New values (corrections included); 0 in a dry run.
    pub recorded: usize,
    /// Rows whose idempotency key had already recorded the same value.
    pub replayed: usize,
    /// Recorded values that are a new revision of an earlier one.
    pub corrected: usize,
    /// Header names that are not columns of the import, left alone.
    pub ignored_columns: Vec<String>,
}

/// One thing wrong with the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1 is the header line.
    pub line: u64,
    /// The column's header as the file wrote it, or empty for the whole line.
    pub column: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// The answer to a file.
#[derive(Clone, Debug)]
pub enum Outcome {
    Imported(Imported),
    /// Nothing was recorded: the first errors (at most the limit), and how many more.
    Refused {
        errors: Vec<RowError>,
        more: usize,
    },
}

/// A value read from a row, before the service checks it.
struct Row {
    line: u64,
    value: NewValue,
}

/// Reads, checks and (unless `dry_run`) records the CSV `bytes` for `token`. `indicator_of_id`
/// turns a global id into an indicator's id (the GraphQL layer owns ids). At most
/// `max_errors` errors are listed.
pub async fn import(
    writer: &Writer,
    token: &Token,
    bytes: &[u8],
    indicator_of_id: impl Fn(&str) -> Option<i32>,
    dry_run: bool,
    max_errors: usize,
    today: NaiveDate,
) -> Result<Outcome> {
    let by_action = indicators_by_action_number(writer.db()).await?;
    let (rows, ignored_columns, mut errors) = match read(bytes, &|text| match text.parse::<i32>() {
        Ok(number) => by_action.get(&number).copied(),
        Err(_) => indicator_of_id(text),
    }) {
        Ok(read) => read,
        Err(error) => (Vec::new(), Vec::new(), vec![error]),
    };
    // Apart, so that the values go to the service without a copy of 100,000 rows.
    let (lines, values): (Vec<u64>, Vec<NewValue>) =
        rows.into_iter().map(|row| (row.line, row.value)).unzip();
    for (index, problem) in problems(writer.db(), &values, today).await? {
        errors.push(RowError {
            line: lines[index],
            column: column_of(&problem).to_owned(),
            message: problem,
        });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|error| error.line);
        let more = errors.len().saturating_sub(max_errors);
        errors.truncate(max_errors);
        return Ok(Outcome::Refused { errors, more });
    }
    let mut imported = Imported {
        dry_run,
        rows: values.len(),
        recorded: 0,
        replayed: 0,
        corrected: 0,
        ignored_columns,
    };
    if dry_run {
        return Ok(Outcome::Imported(imported));
    }
    let recorded = record_unbounded(writer, token, &values, today, |index, problem| {
        Error::BadInput(format!("line {}: {problem}", lines[index]))
    })
    .await?;
    for value in recorded {
        if value.replayed {
            imported.replayed += 1;
        } else {
            imported.recorded += 1;
            if value.value.revision > 1 {
                imported.corrected += 1;
            }
        }
    }
    Ok(Outcome::Imported(imported))
}

/// The default plan's indicators by the number of the action they measure.
async fn indicators_by_action_number(db: &impl ConnectionTrait) -> Result<HashMap<i32, i32>> {
    let Some(plan) = plan::default(db).await? else {
        return Ok(HashMap::new());
    };
    let indicators = indicator::of_plan(db, plan.id).await?;
    let action_ids: Vec<i32> = indicators.iter().map(|found| found.action_id).collect();
    let actions = action::by_ids(db, &action_ids).await?;
    Ok(indicators
        .iter()
        .filter_map(|found| Some((actions.get(&found.action_id)?.number, found.id)))
        .collect())
}

/// The column a service problem is about, from the field it names first.
fn column_of(problem: &str) -> &'static str {
    let fields = [
        ("indicatorId", "indicateur"),
        ("regionNumber", "région"),
        ("asOf", "date"),
        ("source", "source"),
        ("note", "note"),
        ("idempotencyKey", "clé"),
    ];
    fields
        .iter()
        .find(|(field, _)| problem.starts_with(field))
        .map_or("valeur", |(_, column)| column)
}

type Read = (Vec<Row>, Vec<String>, Vec<RowError>);

/// The rows of the file, its ignored columns and every error of its rows; or the one error
/// that stops reading (encoding, header).
fn read(bytes: &[u8], indicator_of: &dyn Fn(&str) -> Option<i32>) -> Result<Read, RowError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let line = bytes[..error.valid_up_to()]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count() as u64
            + 1;
        whole_line(
            line,
            format!("the file is not UTF-8 (line {line}): save it as « CSV UTF-8 »"),
        )
    })?;
    let header_line = text.lines().next().unwrap_or("");
    let separator = if header_line.matches(';').count() >= header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| whole_line(1, format!("the header line cannot be read: {error}")))?
        .clone();
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    let mut ignored = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let normalized = normalize(header);
        match [INDICATOR, REGION, DATE, VALUE, SOURCE, NOTE, KEY]
            .into_iter()
            .find(|name| *name == normalized)
        {
            Some(name) => {
                columns.insert(name, index);
            }
            None => ignored.push(header.to_owned()),
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|name| !columns.contains_key(*name)) {
        return Err(RowError {
            line: 1,
            column: (*missing).to_owned(),
            message: format!(
                "the header line has no column {missing}; the columns are {ALLOWED_COLUMNS}, in any order"
            ),
        });
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                errors.push(whole_line(
                    line,
                    format!(
                        "line {line} cannot be read: {error}; every line has {} fields separated by «{}»",
                        headers.len(),
                        separator as char
                    ),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let field = |name: &str| {
            columns
                .get(name)
                .and_then(|&index| record.get(index))
                .unwrap_or("")
        };
        let cell_error = |name: &str, message: String| RowError {
            line,
            column: headers
                .get(columns.get(name).copied().unwrap_or(0))
                .unwrap_or(name)
                .to_owned(),
            message,
        };
        let row_errors = errors.len();
        let indicator_id = indicator_of(field(INDICATOR));
        if indicator_id.is_none() {
            errors.push(cell_error(
                INDICATOR,
                format!(
                    "{:?} is not an indicator: use an indicator's id from `indicators {{ id }}` or the number of an action of the plan",
                    field(INDICATOR)
                ),
            ));
        }
        let region = field(REGION);
        let region_number = if region.is_empty() {
            None
        } else {
            match region.parse::<i32>() {
                Ok(number) => Some(number),
                Err(_) => {
                    errors.push(cell_error(
                        REGION,
                        format!("{region:?} is not a region number: use 1 to 18, or leave it empty for all of Québec"),
                    ));
                    None
                }
            }
        };
        let as_of = parse_date(field(DATE));
        if as_of.is_none() {
            errors.push(cell_error(
                DATE,
                format!(
                    "{:?} is not a date: write 2018-09-30 or 30/09/2018",
                    field(DATE)
                ),
            ));
        }
        let value = parse_decimal(field(VALUE));
        if value.is_none() {
            errors.push(cell_error(
                VALUE,
                format!("{:?} is not a number: write 1182,5 or 1182.5", field(VALUE)),
            ));
        }
        let optional = |name: &str| Some(field(name).to_owned()).filter(|text| !text.is_empty());
        if let (Some(indicator_id), Some(as_of), Some(value), true) =
            (indicator_id, as_of, value, errors.len() == row_errors)
        {
            rows.push(Row {
                line,
                value: NewValue {
                    indicator_id,
                    region_number,
                    value,
                    as_of,
                    source: optional(SOURCE),
                    note: optional(NOTE),
                    idempotency_key: optional(KEY),
                },
            });
        }
    }
    Ok((rows, ignored, errors))
}

fn whole_line(line: u64, message: String) -> RowError {
    RowError {
        line,
        column: String::new(),
        message,
    }
}

/// A header as compared: trimmed, lower case, without accents.
fn normalize(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .map(|letter| match letter {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// `2018-09-30`, or `30/09/2018` as a French spreadsheet shows it.
fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// `1182.5`, `1182,5` or `1 182,5` (a space, no-break space or narrow no-break space between
/// thousands).
fn parse_decimal(text: &str) -> Option<Decimal> {
    let digits: String = text
        .chars()
        .filter(|letter| !matches!(letter, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|letter| if letter == ',' { '.' } else { letter })
        .collect();
    if digits.is_empty() {
        return None;
    }
    Decimal::from_str(&digits).ok()
}

/// The recorder of values imported from the command line: the token named `name`, created
/// with role editor if there is none (its secret is dropped: it records, it never signs in).
/// A revoked token, or one that may not write, is refused.
pub async fn command_line_recorder(db: &impl ConnectionTrait, name: &str) -> Result<Token> {
    if crate::service::token::named(db, name).await?.is_none() {
        crate::service::token::create(db, name, Role::Editor).await?;
    }
    let found = crate::service::token::named(db, name)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no token is named {name:?}")))?;
    let role = Role::parse(&found.role).filter(|role| role.may_write());
    match (role, found.revoked_at) {
        (Some(role), None) => Ok(Token {
            id: found.id,
            name: found.name,
            role,
        }),
        _ => Err(Error::BadInput(format!(
            "token {name:?} is revoked or may not record values: name a live token of role editor or admin with --recorder"
        ))),
    }
}

//! Recording values: validated, append-only, all or nothing, with one event per value,
//! through the one write side ([`Writer`]).

use std::collections::HashMap;

use chrono::{Days, NaiveDate, SubsecRound, Utc};
use entity::{indicator, indicator_value};
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;

use super::batch::record_all;
use super::writer::Writer;
use crate::error::{Error, Result};
use crate::service::token::{Token, hash};
use crate::service::vocabulary::Unit;
use crate::service::{indicator as indicators, region as regions};

/// The most inputs one call may record.
pub const MAX_BATCH: usize = 1000;
/// The longest idempotency key, in characters.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;
/// The longest source, in characters.
pub const MAX_SOURCE: usize = 500;
/// The longest note, in characters.
pub const MAX_NOTE: usize = 2000;

/// A value to record.
#[derive(Clone, Debug)]
pub struct NewValue {
    pub indicator_id: i32,
    /// `None`: the value for all of Québec.
    pub region_number: Option<i32>,
    pub value: Decimal,
    pub as_of: NaiveDate,
    pub source: Option<String>,
    pub note: Option<String>,
    pub idempotency_key: Option<String>,
}

/// A recorded value, and whether it was recorded by an earlier call with the same key.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub value: indicator_value::Model,
    pub replayed: bool,
}

/// How errors name the input they are about.
#[derive(Clone, Copy, Debug)]
pub enum Naming {
    /// One input: "input".
    Single,
    /// A list: "inputs[3]".
    Batch,
}

/// Records `inputs` for `token`, all or nothing, and returns one result per input in order.
///
/// `today` bounds `asOf`: a value may describe at most the day after it.
pub async fn record(
    writer: &Writer,
    token: &Token,
    inputs: &[NewValue],
    naming: Naming,
    today: NaiveDate,
) -> Result<Vec<Recorded>> {
    if inputs.len() > MAX_BATCH {
        return Err(Error::BadInput(format!(
            "{} inputs were sent; at most {MAX_BATCH} may be recorded at once",
            inputs.len()
        )));
    }
    record_unbounded(writer, token, inputs, today, |index, problem| {
        name(naming, index, problem)
    })
    .await
}

/// Records `inputs` like [`record`], however many there are (a file's size bounds them), and
/// names a refused input with `name(index, problem)`. References are looked up once for all
/// the inputs.
pub async fn record_unbounded(
    writer: &Writer,
    token: &Token,
    inputs: &[NewValue],
    today: NaiveDate,
    name: impl Fn(usize, String) -> Error,
) -> Result<Vec<Recorded>> {
    let (checked, mut problems) = check_all(writer.db(), inputs, today).await?;
    if !problems.is_empty() {
        let (index, problem) = problems.swap_remove(0);
        return Err(name(index, problem));
    }
    writer
        .write(async |txn| {
            let recorded_at = Utc::now().trunc_subsecs(6);
            record_all(txn, token, &checked, recorded_at)
                .await?
                .map_err(|(index, problem)| name(index, problem))
        })
        .await
}

/// Every problem of `inputs` that can be seen before recording (references, ranges, lengths),
/// by index, in order: what a dry run reports.
pub async fn problems(
    db: &impl ConnectionTrait,
    inputs: &[NewValue],
    today: NaiveDate,
) -> Result<Vec<(usize, String)>> {
    Ok(check_all(db, inputs, today).await?.1)
}

/// The inputs that pass [`check`], and the problems of those that do not.
async fn check_all<'a>(
    db: &impl ConnectionTrait,
    inputs: &'a [NewValue],
    today: NaiveDate,
) -> Result<(Vec<CheckedValue<'a>>, Vec<(usize, String)>)> {
    let mut indicator_ids: Vec<i32> = inputs.iter().map(|input| input.indicator_id).collect();
    // A file repeats a few indicators many times: one key each keeps the lookup small.
    indicator_ids.sort_unstable();
    indicator_ids.dedup();
    let indicators = indicators::by_ids(db, &indicator_ids).await?;
    let region_ids = regions::ids_by_number(db).await?;
    let mut checked = Vec::with_capacity(inputs.len());
    let mut problems = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        match check(input, &indicators, &region_ids, today) {
            Ok(value) => checked.push(value),
            Err(problem) => problems.push((index, problem)),
        }
    }
    Ok((checked, problems))
}

/// An input whose references and ranges are valid.
pub(super) struct CheckedValue<'a> {
    pub input: &'a NewValue,
    pub region_id: Option<i32>,
    /// The input's [`fingerprint`], which its idempotency key is stored with.
    pub fingerprint: String,
}

impl CheckedValue<'_> {
    /// The series the value is a revision of: (indicator, region or all of Québec, date).
    pub fn series(&self) -> (i32, Option<i32>, NaiveDate) {
        (self.input.indicator_id, self.region_id, self.input.as_of)
    }
}

fn name(naming: Naming, index: usize, problem: String) -> Error {
    match naming {
        Naming::Single => Error::BadInput(format!("input: {problem}")),
        Naming::Batch => Error::BadInput(format!("inputs[{index}]: {problem}")),
    }
}

fn check<'a>(
    input: &'a NewValue,
    indicators: &HashMap<i32, indicator::Model>,
    region_ids: &HashMap<i32, i32>,
    today: NaiveDate,
) -> Result<CheckedValue<'a>, String> {
    let indicator = indicators.get(&input.indicator_id).ok_or_else(|| {
        "indicatorId does not name an indicator; take ids from `indicators { id }`".to_owned()
    })?;
    let region_id = match input.region_number {
        None => None,
        Some(number) => Some(*region_ids.get(&number).ok_or_else(|| {
            format!(
                "regionNumber {number} is not a region: use 1 to 18, or omit it for all of Québec"
            )
        })?),
    };
    let value = input.value;
    match Unit::parse(&indicator.unit) {
        Some(Unit::Percent) if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
            return Err(format!(
                "{value} is not a percentage: the value must be from 0 to 100"
            ));
        }
        Some(Unit::MillionCad) if value.is_sign_negative() && !value.is_zero() => {
            return Err(format!(
                "{value} is negative: an amount in millions of dollars is 0 or more"
            ));
        }
        Some(Unit::Count) if value < Decimal::ZERO || !value.fract().is_zero() => {
            return Err(format!(
                "{value} is not a count: the value must be a whole number, 0 or more"
            ));
        }
        _ => {}
    }
    let latest_allowed = today.checked_add_days(Days::new(1)).unwrap_or(today);
    if input.as_of > latest_allowed {
        return Err(format!(
            "asOf {} is more than one day in the future (today is {today}); a value describes a past or present date",
            input.as_of
        ));
    }
    check_length("source", input.source.as_deref(), 0, MAX_SOURCE)?;
    check_length("note", input.note.as_deref(), 0, MAX_NOTE)?;
    check_length(
        "idempotencyKey",
        input.idempotency_key.as_deref(),
        1,
        MAX_IDEMPOTENCY_KEY,
    )?;
    Ok(CheckedValue {
        input,
        region_id,
        fingerprint: fingerprint(input),
    })
}

fn check_length(field: &str, text: Option<&str>, min: usize, max: usize) -> Result<(), String> {
    let length = text.map_or(min, |text| text.chars().count());
    if length < min || length > max {
        return Err(format!(
            "{field} has {length} characters; it may have {min} to {max}"
        ));
    }
    Ok(())
}

/// A hash of everything the input records, so a retry can be told from a different input.
fn fingerprint(input: &NewValue) -> String {
    hash(&format!(
        "{}|{:?}|{}|{}|{:?}|{:?}",
        input.indicator_id,
        input.region_number,
        input.value.normalize(),
        input.as_of,
        input.source,
        input.note
    ))
}

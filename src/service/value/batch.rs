//! Recording checked values set-wise, inside the writer's transaction: a few statements per
//! thousand values instead of three or four per value, so that a spreadsheet of 100,000 rows
//! records in seconds. The outcome is exactly that of recording the values one after the
//! other in input order: the same revisions, replays and refusals, and events in input order.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{idempotency_key, indicator_event, indicator_value};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, NotSet, QueryFilter, QuerySelect, Set,
};

use super::record::{CheckedValue, Recorded};
use crate::error::{Error, Result};
use crate::service::owned::by_keys;
use crate::service::token::Token;

/// Rows per statement. A value row binds 10 parameters: 1,000 rows stay well within
/// SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement.
const ROWS_PER_STATEMENT: usize = 1000;

/// What identifies a value's revisions: (indicator, region or all of Québec, date).
type Series = (i32, Option<i32>, NaiveDate);

/// A refused input, by index: the refusals of a sequential recording, seen before anything
/// is written.
pub type Refusal = (usize, String);

/// What one input does (not called a plan: plans are what this crate serves).
enum Intent {
    /// A new value: this revision of its series.
    New { revision: i32 },
    /// An idempotency key of an earlier call recorded it.
    ReplayStored(i64),
    /// An idempotency key of an earlier input of this call recorded it.
    ReplayInput(usize),
}

/// Records `checked` for `token` in `txn`; the first refusal in input order, if any, before
/// anything is written.
pub async fn record_all(
    txn: &impl ConnectionTrait,
    token: &Token,
    checked: &[CheckedValue<'_>],
    recorded_at: DateTime<Utc>,
) -> Result<Result<Vec<Recorded>, Refusal>> {
    let stored_keys = stored_keys(txn, token, checked).await?;
    let latest = latest_revisions(txn, checked).await?;
    let intents = match decide(checked, &stored_keys, &latest) {
        Ok(intents) => intents,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let inserted = insert_values(txn, token, checked, &intents, &latest, recorded_at).await?;
    let new_ids: Vec<i64> = intents
        .iter()
        .enumerate()
        .filter(|(_, intent)| matches!(intent, Intent::New { .. }))
        .map(|(index, _)| inserted[&index].id)
        .collect();
    insert_events(txn, &new_ids).await?;
    insert_keys(txn, token, checked, &intents, &inserted, recorded_at).await?;
    let replayed = replayed_values(txn, &intents).await?;
    let recorded = results(&intents, inserted, &replayed)?;
    Ok(Ok(recorded))
}

/// One result per input, in input order: the new values moved, not copied (a file may hold
/// 100,000), and replays copied from the value they replay.
fn results(
    intents: &[Intent],
    mut inserted: HashMap<usize, indicator_value::Model>,
    replayed: &HashMap<i64, indicator_value::Model>,
) -> Result<Vec<Recorded>> {
    let mut recorded: Vec<Option<Recorded>> = Vec::with_capacity(intents.len());
    for (index, intent) in intents.iter().enumerate() {
        let result = match intent {
            Intent::New { .. } => inserted.remove(&index).map(|value| Recorded {
                value,
                replayed: false,
            }),
            Intent::ReplayStored(value_id) => replayed.get(value_id).map(|value| Recorded {
                value: value.clone(),
                replayed: true,
            }),
            // The input it replays comes before it, so its result is already there.
            Intent::ReplayInput(first) => recorded[*first].as_ref().map(|first| Recorded {
                value: first.value.clone(),
                replayed: true,
            }),
        };
        recorded.push(result);
    }
    recorded
        .into_iter()
        .enumerate()
        .map(|(index, result)| {
            result.ok_or_else(|| not_found(format!("the value recorded for input {index}")))
        })
        .collect()
}

/// The idempotency keys of `token` that earlier calls stored, among those `checked` uses.
async fn stored_keys(
    txn: &impl ConnectionTrait,
    token: &Token,
    checked: &[CheckedValue<'_>],
) -> Result<HashMap<String, idempotency_key::Model>> {
    let mut keys: Vec<&str> = checked
        .iter()
        .filter_map(|value| value.input.idempotency_key.as_deref())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut stored = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        let rows = idempotency_key::Entity::find()
            .filter(idempotency_key::Column::TokenId.eq(token.id))
            .filter(idempotency_key::Column::Key.is_in(chunk.iter().copied()))
            .all(txn)
            .await?;
        stored.extend(rows.into_iter().map(|row| (row.key.clone(), row)));
    }
    Ok(stored)
}

/// The newest stored revision of each series `checked` writes to: (its id, its revision).
async fn latest_revisions(
    txn: &impl ConnectionTrait,
    checked: &[CheckedValue<'_>],
) -> Result<HashMap<Series, (i64, i32)>> {
    let mut indicators: Vec<i32> = checked.iter().map(|v| v.input.indicator_id).collect();
    indicators.sort_unstable();
    indicators.dedup();
    let mut dates: Vec<NaiveDate> = checked.iter().map(|v| v.input.as_of).collect();
    dates.sort_unstable();
    dates.dedup();
    let mut latest: HashMap<Series, (i64, i32)> = HashMap::new();
    // By indicator and date: a file writes few indicators on many dates, and the lookup index
    // leads with the indicator. Rows of series the file does not write are ignored.
    for chunk in dates.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<(i64, i32, Option<i32>, NaiveDate, i32)> = indicator_value::Entity::find()
            .select_only()
            .columns([
                indicator_value::Column::Id,
                indicator_value::Column::IndicatorId,
                indicator_value::Column::RegionId,
                indicator_value::Column::AsOf,
                indicator_value::Column::Revision,
            ])
            .filter(indicator_value::Column::IndicatorId.is_in(indicators.iter().copied()))
            .filter(indicator_value::Column::AsOf.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?;
        for (id, indicator, region, as_of, revision) in rows {
            let newest = latest
                .entry((indicator, region, as_of))
                .or_insert((id, revision));
            if revision > newest.1 {
                *newest = (id, revision);
            }
        }
    }
    Ok(latest)
}

/// What each input does, in input order, as recording them one by one would decide; or the
/// first refusal.
fn decide(
    checked: &[CheckedValue<'_>],
    stored_keys: &HashMap<String, idempotency_key::Model>,
    latest: &HashMap<Series, (i64, i32)>,
) -> Result<Vec<Intent>, Refusal> {
    let mut intents = Vec::with_capacity(checked.len());
    let mut keys_of_inputs: HashMap<&str, (&str, usize)> = HashMap::new();
    let mut next_revision: HashMap<Series, i32> = HashMap::new();
    for (index, value) in checked.iter().enumerate() {
        if let Some(key) = value.input.idempotency_key.as_deref() {
            let earlier = match stored_keys.get(key) {
                Some(stored) => Some((
                    stored.input_hash.as_str(),
                    Intent::ReplayStored(stored.value_id),
                )),
                None => keys_of_inputs
                    .get(key)
                    .map(|&(hash, first)| (hash, Intent::ReplayInput(first))),
            };
            if let Some((hash, replay)) = earlier {
                if hash != value.fingerprint {
                    return Err((
                        index,
                        format!(
                            "idempotencyKey {key:?} was used for a different input; use a new key for a new value"
                        ),
                    ));
                }
                intents.push(replay);
                continue;
            }
            keys_of_inputs.insert(key, (&value.fingerprint, index));
        }
        let series = value.series();
        let revision = next_revision
            .entry(series)
            .or_insert_with(|| latest.get(&series).map_or(1, |&(_, revision)| revision + 1));
        intents.push(Intent::New {
            revision: *revision,
        });
        *revision += 1;
    }
    Ok(intents)
}

/// Inserts the new values, by input index: every input decided as new is a key of the answer
/// (or this fails), which is why callers index it. A series written twice by one call is
/// inserted in rounds, each revision after the one it corrects, whose id it needs.
async fn insert_values(
    txn: &impl ConnectionTrait,
    token: &Token,
    checked: &[CheckedValue<'_>],
    intents: &[Intent],
    latest: &HashMap<Series, (i64, i32)>,
    recorded_at: DateTime<Utc>,
) -> Result<HashMap<usize, indicator_value::Model>> {
    let mut inserted: HashMap<usize, indicator_value::Model> = HashMap::new();
    // The newest revision of each series so far: stored, then inserted by earlier rounds.
    let mut newest: HashMap<Series, (i64, i32)> = latest.clone();
    let mut pending: Vec<(usize, i32)> = intents
        .iter()
        .enumerate()
        .filter_map(|(index, intent)| match intent {
            Intent::New { revision } => Some((index, *revision)),
            _ => None,
        })
        .collect();
    while !pending.is_empty() {
        // This round: each input whose revision follows the newest one of its series.
        let (round, later): (Vec<_>, Vec<_>) =
            pending.into_iter().partition(|&(index, revision)| {
                let series = checked[index].series();
                newest.get(&series).map_or(1, |&(_, newest)| newest + 1) == revision
            });
        if round.is_empty() {
            // Revisions are decided consecutively per series, so each round takes the lowest
            // pending one of every series: an empty round would be a bug in `decide`, not a loop.
            return Err(not_found(
                "the revision that a decided correction follows".to_owned(),
            ));
        }
        for chunk in round.chunks(ROWS_PER_STATEMENT) {
            let rows = chunk.iter().map(|&(index, revision)| {
                let input = checked[index].input;
                let series = checked[index].series();
                indicator_value::ActiveModel {
                    id: NotSet,
                    indicator_id: Set(input.indicator_id),
                    region_id: Set(checked[index].region_id),
                    as_of: Set(input.as_of),
                    value: Set(input.value.normalize().into()),
                    source: Set(input.source.clone()),
                    note: Set(input.note.clone()),
                    recorded_at: Set(recorded_at),
                    recorded_by: Set(Some(token.id)),
                    revision: Set(revision),
                    supersedes_id: Set(newest.get(&series).map(|&(id, _)| id)),
                }
            });
            let models = indicator_value::Entity::insert_many(rows)
                .exec_with_returning(txn)
                .await?;
            // Matched by series and revision, which are unique: RETURNING promises no order.
            let by_revision: HashMap<(Series, i32), indicator_value::Model> = models
                .into_iter()
                .map(|model| ((series_of(&model), model.revision), model))
                .collect();
            for &(index, revision) in chunk {
                let model = by_revision
                    .get(&(checked[index].series(), revision))
                    .ok_or_else(|| not_found(format!("the inserted revision {revision}")))?;
                inserted.insert(index, model.clone());
            }
        }
        for &(index, revision) in &round {
            newest.insert(checked[index].series(), (inserted[&index].id, revision));
        }
        pending = later;
    }
    Ok(inserted)
}

/// Appends one event per new value, in input order: the order subscribers receive them.
async fn insert_events(txn: &impl ConnectionTrait, value_ids: &[i64]) -> Result<()> {
    for chunk in value_ids.chunks(ROWS_PER_STATEMENT) {
        indicator_event::Entity::insert_many(chunk.iter().map(|&value_id| {
            indicator_event::ActiveModel {
                seq: NotSet,
                value_id: Set(value_id),
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// Stores the idempotency key of each new value that has one.
async fn insert_keys(
    txn: &impl ConnectionTrait,
    token: &Token,
    checked: &[CheckedValue<'_>],
    intents: &[Intent],
    inserted: &HashMap<usize, indicator_value::Model>,
    recorded_at: DateTime<Utc>,
) -> Result<()> {
    let keyed: Vec<idempotency_key::ActiveModel> = intents
        .iter()
        .enumerate()
        .filter(|(_, intent)| matches!(intent, Intent::New { .. }))
        .filter_map(|(index, _)| {
            let key = checked[index].input.idempotency_key.clone()?;
            Some(idempotency_key::ActiveModel {
                token_id: Set(token.id),
                key: Set(key),
                input_hash: Set(checked[index].fingerprint.clone()),
                value_id: Set(inserted[&index].id),
                created_at: Set(recorded_at),
            })
        })
        .collect();
    let mut keyed = keyed.into_iter().peekable();
    while keyed.peek().is_some() {
        let chunk: Vec<_> = keyed.by_ref().take(ROWS_PER_STATEMENT).collect();
        idempotency_key::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// The values that earlier calls recorded under the keys replayed now, by id.
async fn replayed_values(
    txn: &impl ConnectionTrait,
    intents: &[Intent],
) -> Result<HashMap<i64, indicator_value::Model>> {
    let mut ids: Vec<i64> = intents
        .iter()
        .filter_map(|intent| match intent {
            Intent::ReplayStored(value_id) => Some(*value_id),
            _ => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut values = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        values.extend(
            by_keys::<indicator_value::Entity, _>(txn, indicator_value::Column::Id, chunk, |row| {
                row.id
            })
            .await?,
        );
    }
    Ok(values)
}

/// An internal inconsistency, reported as the database's: it is logged, never shown.
fn not_found(what: String) -> Error {
    Error::Database(DbErr::RecordNotFound(what))
}

fn series_of(model: &indicator_value::Model) -> Series {
    (model.indicator_id, model.region_id, model.as_of)
}

//! The event log: every recorded value, numbered in commit order, read back for subscribers.

use std::collections::HashMap;

use entity::{indicator, indicator_event, indicator_value};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::value::Scope;
use super::value::latest::{self, LatestKey};
use super::value::version::DataVersion;
use super::{indicator as indicators, region};
use crate::error::{Error, Result};

/// An event with what a subscriber needs to see it, read once for all subscribers.
#[derive(Clone, Debug)]
pub struct Event {
    pub seq: i64,
    pub value: indicator_value::Model,
    /// The number of the value's region; `None` for all of Québec.
    pub region_number: Option<i32>,
    pub indicator: indicator::Model,
    /// The latest value of the value's scope once this value was recorded (for progress).
    pub latest: Option<indicator_value::Model>,
    /// The data version read just after the event: its catalogue holds the event's indicator,
    /// whose plan was loaded before the value was recorded, so an event is rendered on it
    /// without reading the version again.
    pub read_at: DataVersion,
}

/// Up to `limit` events numbered after `after`, in order, with the data version read after
/// them (one statement more per page, instead of one per event and distinct subscription).
pub async fn after(db: &impl ConnectionTrait, after: i64, limit: u64) -> Result<Vec<Event>> {
    let rows = indicator_event::Entity::find()
        .find_also_related(indicator_value::Entity)
        .filter(indicator_event::Column::Seq.gt(after))
        .order_by_asc(indicator_event::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let missing = |seq| {
        Error::Database(sea_orm::DbErr::RecordNotFound(format!(
            "the value of event {seq}"
        )))
    };
    let rows: Vec<(i64, indicator_value::Model)> = rows
        .into_iter()
        .map(|(event, value)| {
            value
                .map(|value| (event.seq, value))
                .ok_or_else(|| missing(event.seq))
        })
        .collect::<Result<_>>()?;
    let indicator_ids: Vec<i32> = rows.iter().map(|(_, value)| value.indicator_id).collect();
    let indicators = indicators::by_ids(db, &indicator_ids).await?;
    let region_numbers: HashMap<i32, i32> = region::all(db)
        .await?
        .into_iter()
        .map(|region| (region.id, region.number))
        .collect();
    let keys: Vec<LatestKey> = rows.iter().map(|(_, value)| latest_key(value)).collect();
    let latest = latest::of(db, &keys).await?;
    let read_at = DataVersion::read(db).await?;
    rows.into_iter()
        .map(|(seq, value)| {
            let indicator = indicators
                .get(&value.indicator_id)
                .cloned()
                .ok_or_else(|| missing(seq))?;
            Ok(Event {
                seq,
                region_number: value
                    .region_id
                    .and_then(|id| region_numbers.get(&id).copied()),
                latest: latest.get(&latest_key(&value)).cloned(),
                indicator,
                value,
                read_at,
            })
        })
        .collect()
}

fn latest_key(value: &indicator_value::Model) -> LatestKey {
    LatestKey {
        scope: Scope {
            indicator_id: value.indicator_id,
            region_id: value.region_id,
            known_at: None,
        },
        up_to_value: Some(value.id),
    }
}

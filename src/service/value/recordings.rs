//! Every value recorded, first revisions and corrections alike, newest first, a page at a
//! time (keyset pagination on the id): the history of who recorded what.
//!
//! Writers are serialized and ids are assigned in the transaction that commits them, so ids
//! follow the order of recording. A walk from the newest down is not disturbed by values
//! recorded meanwhile: they come before its first page, never between two of its pages.

use entity::indicator_value;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::error::{Error, Result};
use crate::service::token;

/// Which recordings to list; each filter left out lists them all.
#[derive(Clone, Debug, Default)]
pub struct RecordingFilter {
    /// Only the values of this indicator.
    pub indicator_id: Option<i32>,
    /// Only the values this token recorded.
    pub recorded_by: Option<i32>,
}

impl RecordingFilter {
    /// Keeps only the values recorded by the token named `name`, live or revoked; an unknown
    /// name is refused rather than answered with an empty list, which would hide a typo.
    pub async fn recorded_by_name(mut self, db: &impl ConnectionTrait, name: &str) -> Result<Self> {
        let recorder = token::named(db, name).await?.ok_or_else(|| {
            Error::BadInput(format!(
                "recorderName: no token is named {name:?}; `territoires token list` shows every token's name"
            ))
        })?;
        self.recorded_by = Some(recorder.id);
        Ok(self)
    }

    fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if let Some(indicator) = self.indicator_id {
            condition = condition.add(indicator_value::Column::IndicatorId.eq(indicator));
        }
        if let Some(token) = self.recorded_by {
            condition = condition.add(indicator_value::Column::RecordedBy.eq(token));
        }
        condition
    }
}

/// Up to `limit` recordings older than the one with id `after`, newest first.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &RecordingFilter,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<indicator_value::Model>> {
    let mut select = indicator_value::Entity::find().filter(filter.condition());
    if let Some(after) = after {
        select = select.filter(indicator_value::Column::Id.lt(after));
    }
    Ok(select
        .order_by_desc(indicator_value::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// How many recordings the filter selects, over all pages.
pub async fn count(db: &impl ConnectionTrait, filter: &RecordingFilter) -> Result<u64> {
    Ok(indicator_value::Entity::find()
        .filter(filter.condition())
        .count(db)
        .await?)
}

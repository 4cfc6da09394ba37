//! Indicator values: recording them (append-only, with the event log) and reading them
//! (latest, history, series), each optionally as the database knew it at an earlier moment;
//! and every recording, newest first, for the history of who recorded what.

mod batch;
pub mod history;
pub mod latest;
pub mod record;
pub mod recordings;
pub mod series;
pub mod spreadsheet;
mod sql;
pub mod version;
pub mod writer;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::indicator_value;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};

use super::owned::by_keys;
use crate::error::Result;

/// Which values a read looks at: one indicator, one region or all of Québec, and optionally
/// only what had been recorded at `known_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scope {
    pub indicator_id: i32,
    /// `None`: the values for all of Québec.
    pub region_id: Option<i32>,
    pub known_at: Option<DateTime<Utc>>,
}

impl Scope {
    /// The condition selecting this scope's values in `indicator_value`.
    fn condition(&self) -> Condition {
        let region = match self.region_id {
            Some(region) => indicator_value::Column::RegionId.eq(region),
            None => indicator_value::Column::RegionId.is_null(),
        };
        let mut condition = Condition::all()
            .add(indicator_value::Column::IndicatorId.eq(self.indicator_id))
            .add(region);
        if let Some(known_at) = self.known_at {
            condition = condition.add(indicator_value::Column::RecordedAt.lte(known_at));
        }
        condition
    }

    /// The condition keeping only values no later revision (known at `known_at`) corrects.
    fn current_only(&self) -> SimpleExpr {
        let correction = Alias::new("correction");
        let mut corrections = Query::select();
        corrections
            .expr(Expr::val(1))
            .from_as(indicator_value::Entity, correction.clone())
            .and_where(
                Expr::col((correction.clone(), indicator_value::Column::SupersedesId))
                    .equals((indicator_value::Entity, indicator_value::Column::Id)),
            );
        if let Some(known_at) = self.known_at {
            corrections.and_where(
                Expr::col((correction, indicator_value::Column::RecordedAt)).lte(known_at),
            );
        }
        Expr::exists(corrections).not()
    }
}

/// Values by id.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, indicator_value::Model>> {
    by_keys::<indicator_value::Entity, _>(db, indicator_value::Column::Id, ids, |value| value.id)
        .await
}

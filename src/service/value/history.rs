//! A scope's history, newest first, a page at a time (keyset pagination).

use chrono::NaiveDate;
use entity::indicator_value;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::Scope;
use crate::error::Result;

/// Which values to list.
#[derive(Clone, Debug)]
pub struct HistoryFilter {
    pub scope: Scope,
    /// Only values dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Only values dated on or before this day.
    pub to: Option<NaiveDate>,
    /// Also list the revisions that later ones correct.
    pub include_superseded: bool,
}

/// Where a page starts: after the value dated `as_of` with id `id`, in newest-first order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub as_of: NaiveDate,
    pub id: i64,
}

impl HistoryFilter {
    fn condition(&self) -> Condition {
        let mut condition = self.scope.condition();
        if let Some(from) = self.from {
            condition = condition.add(indicator_value::Column::AsOf.gte(from));
        }
        if let Some(to) = self.to {
            condition = condition.add(indicator_value::Column::AsOf.lte(to));
        }
        if !self.include_superseded {
            condition = condition.add(self.scope.current_only());
        }
        condition
    }
}

/// Up to `limit` values after `after`, newest date first (and, within a date, newest revision).
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &HistoryFilter,
    after: Option<Position>,
    limit: u64,
) -> Result<Vec<indicator_value::Model>> {
    let mut select = indicator_value::Entity::find().filter(filter.condition());
    if let Some(after) = after {
        // The first bound is implied by the second; it is there for the index, which the
        // planners only walk from a cursor's date on for a plain range, not an OR. Without
        // it every page read all the newer values again (0.75 ms -> 0.29 ms three quarters
        // down 2,779 values on SQLite, and it grows with the history).
        select = select
            .filter(indicator_value::Column::AsOf.lte(after.as_of))
            .filter(
                Condition::any()
                    .add(indicator_value::Column::AsOf.lt(after.as_of))
                    .add(
                        Condition::all()
                            .add(indicator_value::Column::AsOf.eq(after.as_of))
                            .add(indicator_value::Column::Id.lt(after.id)),
                    ),
            );
    }
    Ok(select
        .order_by_desc(indicator_value::Column::AsOf)
        .order_by_desc(indicator_value::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// How many values the filter selects, over all pages.
pub async fn count(db: &impl ConnectionTrait, filter: &HistoryFilter) -> Result<u64> {
    Ok(indicator_value::Entity::find()
        .filter(filter.condition())
        .count(db)
        .await?)
}

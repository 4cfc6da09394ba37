//! A scope's history, newest first, a page at a time (keyset pagination).

use chrono::NaiveDate;
use entity::indicator_value;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::Scope;
use super::sql::Sql;
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
    if filter.include_superseded {
        every_revision(db, filter, after, limit).await
    } else {
        current_values(db, filter, after, limit).await
    }
}

/// A page of every revision: a walk of the index from the cursor on.
async fn every_revision(
    db: &impl ConnectionTrait,
    filter: &HistoryFilter,
    after: Option<Position>,
    limit: u64,
) -> Result<Vec<indicator_value::Model>> {
    let mut select = indicator_value::Entity::find().filter(filter.condition());
    if let Some(after) = after {
        // The first bound is implied by the second; it is there for the index, which the
        // planners only walk from a cursor's date on for a plain range, not an OR.
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

/// A page of current values: the newest revision (known at the scope's `knownAt`) of each
/// date, which is the one no later revision corrects, since each revision corrects the one
/// before it.
///
/// Walking the index and skipping corrected revisions would read every revision of every
/// date; a history corrected often (the benchmark's has 15 revisions a date) made a page read
/// 1,500 rows for 100. Here a recursive query jumps from value to value: the newest date
/// before the previous one and its newest revision are the first entry of one backward index
/// seek (the index orders a date's revisions by id), and the row is then read by id. (A seek
/// for the date and another for its revision, then a sort of the page's rows in the
/// statement, cost 7% more instructions a page of 100 on the benchmark's history, callgrind.)
async fn current_values(
    db: &impl ConnectionTrait,
    filter: &HistoryFilter,
    after: Option<Position>,
    limit: u64,
) -> Result<Vec<indicator_value::Model>> {
    // Placeholders are numbered in the order they appear (SQLite's `?`), so each piece of the
    // statement is written in that order.
    let mut sql = Sql::new(db.get_database_backend());
    // Within one date only the current revision is listed, so a page goes on at the dates
    // before its cursor's.
    let first = newest_value(&mut sql, filter, |sql| {
        let mut bounds = Vec::new();
        if let Some(after) = after {
            bounds.push(format!("v.as_of < {}", sql.param(after.as_of)));
        }
        if let Some(to) = filter.to {
            bounds.push(format!("v.as_of <= {}", sql.param(to)));
        }
        bounds
    });
    let next = newest_value(&mut sql, filter, |_| {
        vec!["v.as_of < values_read.as_of".to_owned()]
    });
    let text = format!(
        "WITH RECURSIVE values_read AS (\
           SELECT w.*, 1 AS n FROM indicator_value w WHERE w.id = {first} \
           UNION ALL \
           SELECT w.*, values_read.n + 1 FROM values_read \
           JOIN indicator_value w ON w.id = {next} WHERE values_read.n < {limit}\
         ) \
         SELECT * FROM values_read"
    );
    let mut values = indicator_value::Model::find_by_statement(sql.statement(text))
        .all(db)
        .await?;
    // The recursion reads them newest first. Sorting them here rather than in the statement
    // spares the database a sort of whole rows, and the page's order does not rest on the
    // order in which a database returns a recursion's rows.
    values.sort_by_key(|value| std::cmp::Reverse(value.as_of));
    Ok(values)
}

/// `(SELECT the id of the newest revision of the newest date of the filter's values within
/// bounds)`, one index seek.
fn newest_value(
    sql: &mut Sql,
    filter: &HistoryFilter,
    bounds: impl FnOnce(&mut Sql) -> Vec<String>,
) -> String {
    let mut conditions = sql.scope_filters("v", &filter.scope);
    conditions.extend(bounds(sql));
    if let Some(from) = filter.from {
        conditions.push(format!("v.as_of >= {}", sql.param(from)));
    }
    format!(
        "(SELECT v.id FROM indicator_value v WHERE {} ORDER BY v.as_of DESC, v.id DESC LIMIT 1)",
        conditions.join(" AND ")
    )
}

/// How many values the filter selects, over all pages.
pub async fn count(db: &impl ConnectionTrait, filter: &HistoryFilter) -> Result<u64> {
    Ok(indicator_value::Entity::find()
        .filter(filter.condition())
        .count(db)
        .await?)
}

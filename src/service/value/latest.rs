//! The latest value of many scopes at once: the newest revision of the newest date.

use std::collections::HashMap;

use entity::indicator_value;
use sea_orm::sea_query::{Alias, Asterisk, Expr, Query, SelectStatement, UnionType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, Order, QueryFilter, QueryTrait,
};

use super::Scope;
use crate::error::Result;
use crate::service::owned::Owned;

/// Scopes read per statement; SQLite allows at most 500 terms in a compound SELECT.
const SCOPES_PER_STATEMENT: usize = 200;

/// A scope's latest value as of a given recorded value (for events), or as of now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LatestKey {
    pub scope: Scope,
    /// Only values recorded up to this one (ids grow in commit order).
    pub up_to_value: Option<i64>,
}

impl From<Scope> for LatestKey {
    fn from(scope: Scope) -> Self {
        Self {
            scope,
            up_to_value: None,
        }
    }
}

/// The latest value of each key that has one. Each key is one indexed `LIMIT 1` lookup; the
/// lookups go to the database together, as one `UNION ALL` per 200 keys.
pub async fn of(
    db: &impl ConnectionTrait,
    keys: &[LatestKey],
) -> Result<HashMap<LatestKey, indicator_value::Model>> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(SCOPES_PER_STATEMENT) {
        let mut lookups = chunk
            .iter()
            .enumerate()
            .map(|(index, key)| lookup(index, key));
        let Some(mut statement) = lookups.next() else {
            continue;
        };
        for lookup in lookups {
            statement.union(UnionType::All, lookup);
        }
        let built = db.get_database_backend().build(&statement);
        for row in Owned::<indicator_value::Model>::find_by_statement(built)
            .all(db)
            .await?
        {
            let index = usize::try_from(row.owner).unwrap_or(usize::MAX);
            if let Some(key) = chunk.get(index) {
                found.insert(*key, row.model);
            }
        }
    }
    Ok(found)
}

/// `SELECT * FROM (SELECT v.*, index AS owner … ORDER BY as_of DESC, id DESC LIMIT 1) AS lN`.
fn lookup(index: usize, key: &LatestKey) -> SelectStatement {
    let mut select = indicator_value::Entity::find().filter(key.scope.condition());
    if let Some(value_id) = key.up_to_value {
        select = select.filter(indicator_value::Column::Id.lte(value_id));
    }
    let mut inner = select.into_query();
    inner
        .expr_as(
            Expr::val(i32::try_from(index).unwrap_or(i32::MAX)),
            Alias::new("owner"),
        )
        .order_by(indicator_value::Column::AsOf, Order::Desc)
        .order_by(indicator_value::Column::Id, Order::Desc)
        .limit(1);
    Query::select()
        .column(Asterisk)
        .from_subquery(inner, Alias::new(format!("l{index}")))
        .to_owned()
}

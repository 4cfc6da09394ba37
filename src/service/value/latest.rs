//! The latest value of many scopes at once: the newest revision of the newest date.

use std::collections::HashMap;

use entity::indicator_value;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::Scope;
use super::sql::Sql;
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
        let mut sql = Sql::new(db.get_database_backend());
        let lookups: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(index, key)| lookup(&mut sql, index, key))
            .collect();
        let statement = sql.statement(lookups.join(" UNION ALL "));
        for row in Owned::<indicator_value::Model>::find_by_statement(statement)
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
/// The owner and the limit are literals: the statement's text, so the statement SQLite
/// prepared for it, is the same for any keys of the same shape.
fn lookup(sql: &mut Sql, index: usize, key: &LatestKey) -> String {
    let mut filters = sql.scope_filters("v", &key.scope);
    if let Some(value_id) = key.up_to_value {
        filters.push(format!("v.id <= {}", sql.param(value_id)));
    }
    format!(
        "SELECT * FROM (SELECT v.*, {index} AS owner FROM indicator_value v WHERE {} \
         ORDER BY v.as_of DESC, v.id DESC LIMIT 1) AS l{index}",
        filters.join(" AND ")
    )
}

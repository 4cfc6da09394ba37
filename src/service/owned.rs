//! Batched reads for the loaders: rows by key, and rows tagged with the id of the entity that
//! owns them.
//!
//! A loader asks for "the priorities of regions 1, 4 and 9" in one statement; each row comes
//! back with its owner's id in an extra `owner` column and is grouped here.

use std::collections::HashMap;
use std::hash::Hash;

use sea_orm::{
    ColumnAsExpr, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryResult, QuerySelect, Select, SelectModel, Selector, Value,
};

/// A model together with the id of the owner it was selected for.
#[derive(Debug)]
pub struct Owned<M> {
    pub owner: i32,
    pub model: M,
}

impl<M: FromQueryResult> FromQueryResult for Owned<M> {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            owner: row.try_get(prefix, "owner")?,
            model: M::from_query_result(row, prefix)?,
        })
    }
}

/// Adds the `owner` column to `select` and reads its rows as [`Owned`] models.
pub fn select_owned<E: EntityTrait>(
    select: Select<E>,
    owner: impl ColumnAsExpr,
) -> Selector<SelectModel<Owned<E::Model>>>
where
    E::Model: FromQueryResult,
{
    select
        .column_as(owner, "owner")
        .into_model::<Owned<E::Model>>()
}

/// Groups rows by owner, keeping their order within each owner.
pub fn group<M>(rows: Vec<Owned<M>>) -> HashMap<i32, Vec<M>> {
    let mut groups: HashMap<i32, Vec<M>> = HashMap::new();
    for row in rows {
        groups.entry(row.owner).or_default().push(row.model);
    }
    groups
}

/// The models of `E` whose `column` holds one of `keys`, by that key.
pub async fn by_keys<E, K>(
    db: &impl ConnectionTrait,
    column: E::Column,
    keys: &[K],
    key_of: impl Fn(&E::Model) -> K,
) -> crate::error::Result<HashMap<K, E::Model>>
where
    E: EntityTrait,
    K: Into<Value> + Copy + Eq + Hash,
{
    let models = E::find()
        .filter(column.is_in(keys.iter().copied()))
        .all(db)
        .await?;
    Ok(models
        .into_iter()
        .map(|model| (key_of(&model), model))
        .collect())
}

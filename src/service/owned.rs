//! Rows tagged with the id of the entity that owns them, for queries that batch many owners.
//!
//! A loader asks for "the priorities of regions 1, 4 and 9" in one statement; each row comes
//! back with its owner's id in an extra `owner` column and is grouped here.

use std::collections::HashMap;

use sea_orm::{
    ColumnAsExpr, DbErr, EntityTrait, FromQueryResult, QueryResult, QuerySelect, Select,
    SelectModel, Selector,
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

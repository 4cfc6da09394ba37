//! What resolvers read of the catalogue: the snapshot attached to their execution, answered
//! from memory, where a relation of the catalogue would otherwise be a loader and a statement.

use std::sync::Arc;

use async_graphql::{Context, Result};

use crate::error::Error;
use crate::service::catalogue::Catalogue;

/// The catalogue snapshot of this execution: one for the whole of it, however long it runs.
pub fn catalogue<'c>(ctx: &Context<'c>) -> &'c Catalogue {
    // `api.rs` starts every execution, and attaches a snapshot to each: the data is there.
    ctx.data_unchecked::<Arc<Catalogue>>()
}

/// `models` as GraphQL objects.
pub fn objects<M: Clone, T: From<M>>(models: &[M]) -> Vec<T> {
    models.iter().cloned().map(T::from).collect()
}

/// The object of a row that must exist (a foreign key names it): its absence means the
/// database broke an invariant.
pub fn required<M: Clone, T: From<M>>(model: Option<&M>, what: &str, id: i32) -> Result<T> {
    match model {
        Some(model) => Ok(T::from(model.clone())),
        None => Err(Error::Database(sea_orm::DbErr::RecordNotFound(format!(
            "the catalogue holds no {what} {id}"
        )))
        .into()),
    }
}

//! What resolvers read of the catalogue: the snapshot attached to their execution, answered
//! from memory, where a relation of the catalogue would otherwise be a loader and a statement.

use std::sync::Arc;

use async_graphql::{Context, Pos, Result, ServerError};
use sea_orm::DbErr;

use crate::error::Error;
use crate::service::catalogue::Catalogue;
use crate::service::catalogue::held::Catalogues;
use crate::service::value::version::DataVersion;

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
        None => Err(Error::Database(DbErr::RecordNotFound(format!(
            "the catalogue holds no {what} {id}"
        )))
        .into()),
    }
}

/// Where an execution's snapshot comes from ([`Catalogues`]), with its failures as the
/// GraphQL errors an execution answers.
#[derive(Clone)]
pub struct CatalogueSource(Arc<Catalogues>);

impl CatalogueSource {
    pub fn new(catalogues: Arc<Catalogues>) -> Self {
        Self(catalogues)
    }

    /// The snapshot at `version`, read after the request arrived (`None`: the store could not
    /// say, an internal error).
    pub async fn at(&self, version: Option<DataVersion>) -> Result<Arc<Catalogue>, ServerError> {
        self.0.at(version).await.map_err(server_error)
    }

    /// The snapshot at the data version stored now.
    pub async fn current(&self) -> Result<Arc<Catalogue>, ServerError> {
        self.0.current().await.map_err(server_error)
    }
}

fn server_error(error: Error) -> ServerError {
    async_graphql::Error::from(error).into_server_error(Pos::default())
}

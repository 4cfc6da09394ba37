//! DataLoaders for what changes while the server runs (recorded values, tokens): one per
//! entity and key, each batching the reads of one nesting level into a single service call,
//! so a query costs one statement per level, whatever its breadth. The catalogue's relations
//! need none: they are answered from its snapshot in memory (`graphql/catalogue.rs`).
//!
//! HTTP requests get loaders of their own, driven by [`batching`] so that a batch always holds
//! every key of its level. The schema also holds shared loaders, for the resolvers that run
//! outside an HTTP request (subscription events).

pub mod batching;

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ObjectType, Request, SchemaBuilder, SubscriptionType};
use entity::{api_token, indicator_value};
use sea_orm::DatabaseConnection;

use crate::error::Error;
use crate::service;
use crate::service::value::latest::LatestKey;

/// What a loader fails with: the service error, shared by every resolver that waited on it.
pub type LoadError = Arc<Error>;

macro_rules! loaders {
    ($($(#[$doc:meta])* $name:ident: $key:ty => $value:ty = $fetch:path;)+) => {
        $(
            $(#[$doc])*
            pub struct $name(DatabaseConnection);

            impl Loader<$key> for $name {
                type Value = $value;
                type Error = LoadError;

                async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, LoadError> {
                    $fetch(&self.0, keys).await.map_err(Arc::new)
                }
            }
        )+

        /// Adds shared loaders to the schema's data, for resolvers run outside a request.
        pub fn register<Q, M, S>(
            builder: SchemaBuilder<Q, M, S>,
            db: &DatabaseConnection,
        ) -> SchemaBuilder<Q, M, S>
        where
            Q: ObjectType + 'static,
            M: ObjectType + 'static,
            S: SubscriptionType + 'static,
        {
            builder $(.data(DataLoader::new($name(db.clone()), tokio::spawn)))+
        }

        /// Gives `request` loaders of its own, whose loads run on `queue` (see [`batching`]).
        pub fn attach(
            request: Request,
            db: &DatabaseConnection,
            queue: &batching::LoadQueue,
        ) -> Request {
            request $(.data(queue.loader($name(db.clone()))))+
        }
    };
}

loaders! {
    /// Recorded values by id.
    IndicatorValueById: i64 => indicator_value::Model = service::value::by_ids;
    /// The latest value of a scope.
    LatestValue: LatestKey => indicator_value::Model = service::value::latest::of;
    /// Tokens by id, revoked ones too: the recorders of values.
    TokenById: i32 => api_token::Model = service::token::by_ids;
    /// Live tokens by the SHA-256 of their secret: the callers, looked up each time.
    LiveTokenBySecretHash: String => service::token::Token = service::token::live_by_secret_hashes;
}

/// Loads the value `L` holds for `key`, if any.
pub async fn load_one<L, K>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Option<L::Value>>
where
    L: Loader<K, Error = LoadError>,
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
{
    // A loader's error is a service error (shared by every key of its batch): it gets its
    // code where every client error does, in `error::for_client`.
    Ok(ctx.data_unchecked::<DataLoader<L>>().load_one(key).await?)
}

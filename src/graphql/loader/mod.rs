//! DataLoaders: one per entity and key, each batching the reads of one nesting level into a
//! single service call, so a query costs one statement per level, whatever its breadth.
//!
//! HTTP requests get loaders of their own, driven by [`batching`] so that a batch always holds
//! every key of its level. The schema also holds shared loaders, for the resolvers that run
//! outside an HTTP request (subscription events).

pub mod batching;

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, ObjectType, Request, SchemaBuilder, SubscriptionType};
use entity::{action, api_token, indicator, indicator_value, plan, priority, region, theme};
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
    /// Plans by id.
    PlanById: i32 => plan::Model = service::plan::by_ids;
    /// The plans that target each priority.
    PlansOfPriority: i32 => Vec<plan::Model> = service::plan::of_priorities;
    /// The indicators of each plan, in action order.
    IndicatorsOfPlan: i32 => Vec<indicator::Model> = service::indicator::of_plans;
    /// The actions that answer each priority, by plan then number.
    ActionsOfPriority: i32 => Vec<action::Model> = service::action::of_priorities;
    /// Regions by id.
    RegionById: i32 => region::Model = service::region::by_ids;
    /// Regions by number.
    RegionByNumber: i32 => region::Model = service::region::by_numbers;
    /// Priorities by id.
    PriorityById: i32 => priority::Model = service::priority::by_ids;
    /// Themes by id.
    ThemeById: i32 => theme::Model = service::theme::by_ids;
    /// Actions by id.
    ActionById: i32 => action::Model = service::action::by_ids;
    /// Indicators by id.
    IndicatorById: i32 => indicator::Model = service::indicator::by_ids;
    /// Recorded values by id.
    IndicatorValueById: i64 => indicator_value::Model = service::value::by_ids;
    /// The latest value of a scope.
    LatestValue: LatestKey => indicator_value::Model = service::value::latest::of;
    /// The indicator of each action, by action id.
    IndicatorOfAction: i32 => indicator::Model = service::indicator::of_actions;
    /// The indicators a total includes, by indicator id.
    PartsOfIndicator: i32 => Vec<indicator::Model> = service::indicator::parts_of;
    /// Themes of each plan, by plan id.
    ThemesOfPlan: i32 => Vec<theme::Model> = service::theme::of_plans;
    /// Themes of each priority, by priority id.
    ThemesOfPriority: i32 => Vec<theme::Model> = service::theme::of_priorities;
    /// Distinct themes of each region's priorities, by region id.
    ThemesOfRegion: i32 => Vec<theme::Model> = service::theme::of_regions;
    /// Themes of each action, by action id.
    ThemesOfAction: i32 => Vec<theme::Model> = service::theme::of_actions;
    /// Priorities of each region, by region id.
    PrioritiesOfRegion: i32 => Vec<priority::Model> = service::priority::of_regions;
    /// Priorities in each theme, by theme id.
    PrioritiesOfTheme: i32 => Vec<priority::Model> = service::priority::of_themes;
    /// Regions of each action's published list, by action id.
    RegionsOfAction: i32 => Vec<region::Model> = service::region::of_actions;
    /// Regions with a priority in each theme, by theme id.
    RegionsOfTheme: i32 => Vec<region::Model> = service::region::of_themes;
    /// Sections of each plan, sub-sections included, in the plan's order, by plan id.
    SectionsOfPlan: i32 => Vec<service::section::Section> = service::section::of_plans;
    /// Theme links of each priority, with their basis, by priority id.
    ThemeLinksOfPriority: i32 => Vec<service::theme_link::ThemeLink> = service::theme_link::of_priorities;
    /// Theme links of each action, with their basis, by action id.
    ThemeLinksOfAction: i32 => Vec<service::theme_link::ThemeLink> = service::theme_link::of_actions;
    /// Actions of each plan, by plan id.
    ActionsOfPlan: i32 => Vec<action::Model> = service::action::of_plans;
    /// Actions whose list includes each region, by region id.
    ActionsOfRegion: i32 => Vec<action::Model> = service::action::of_regions;
    /// Actions answering each theme, by theme id.
    ActionsOfTheme: i32 => Vec<action::Model> = service::action::of_themes;
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

/// Loads the list `L` holds for `key` (empty when it holds none), wrapped as GraphQL objects.
pub async fn load_list<L, M, T>(ctx: &Context<'_>, key: i32) -> async_graphql::Result<Vec<T>>
where
    L: Loader<i32, Value = Vec<M>, Error = LoadError>,
    T: From<M>,
{
    let models = load_one::<L, i32>(ctx, key).await?.unwrap_or_default();
    Ok(models.into_iter().map(T::from).collect())
}

/// Loads the value `L` must hold for `key`; its absence means the database broke an invariant.
pub async fn load_required<L, K, T>(ctx: &Context<'_>, key: K) -> async_graphql::Result<T>
where
    L: Loader<K, Error = LoadError>,
    K: Send + Sync + std::hash::Hash + Eq + Clone + std::fmt::Debug + 'static,
    T: From<L::Value>,
{
    match load_one::<L, K>(ctx, key.clone()).await? {
        Some(model) => Ok(T::from(model)),
        None => Err(Error::Database(sea_orm::DbErr::RecordNotFound(format!(
            "{} found nothing for key {key:?}",
            std::any::type_name::<L>()
        )))
        .into()),
    }
}

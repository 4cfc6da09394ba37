//! Plans.

use std::collections::HashMap;

use entity::plan;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::owned::by_keys;
use crate::error::Result;

/// Every loaded plan, in loading order.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<plan::Model>> {
    Ok(plan::Entity::find()
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?)
}

/// The plan with `slug`, if loaded.
pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<plan::Model>> {
    Ok(plan::Entity::find()
        .filter(plan::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

/// The plan answered when a query names none.
pub async fn default(db: &impl ConnectionTrait) -> Result<Option<plan::Model>> {
    by_slug(db, super::DEFAULT_PLAN_SLUG).await
}

/// Plans by id.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, plan::Model>> {
    by_keys::<plan::Entity, _>(db, plan::Column::Id, ids, |plan| plan.id).await
}

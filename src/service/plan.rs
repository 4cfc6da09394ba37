//! Plans.

use std::collections::HashMap;

use entity::{plan, plan_priority};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use super::owned::{group, select_owned};
use crate::error::Result;

/// Every loaded plan, in loading order: the shipped plan first, then those imported.
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

/// The plans that target each priority, in loading order.
pub async fn of_priorities(
    db: &impl ConnectionTrait,
    priority_ids: &[i32],
) -> Result<HashMap<i32, Vec<plan::Model>>> {
    let select = plan::Entity::find()
        .join(
            JoinType::InnerJoin,
            plan_priority::Relation::Plan.def().rev(),
        )
        .filter(plan_priority::Column::PriorityId.is_in(priority_ids.iter().copied()))
        .order_by_asc(plan::Column::Id);
    let rows = select_owned(select, plan_priority::Column::PriorityId)
        .all(db)
        .await?;
    Ok(group(rows))
}

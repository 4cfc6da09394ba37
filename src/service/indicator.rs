//! Indicators and their targets.

use std::collections::HashMap;

use entity::{action, indicator};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use super::owned::{by_keys, group, select_owned};
use crate::error::Result;

/// The indicators of `plan_id`, in action order.
pub async fn of_plan(db: &impl ConnectionTrait, plan_id: i32) -> Result<Vec<indicator::Model>> {
    Ok(indicator::Entity::find()
        .join(JoinType::InnerJoin, indicator::Relation::Action.def())
        .filter(action::Column::PlanId.eq(plan_id))
        .order_by_asc(action::Column::Number)
        .all(db)
        .await?)
}

/// The indicators of each plan, in action order.
pub async fn of_plans(
    db: &impl ConnectionTrait,
    plan_ids: &[i32],
) -> Result<HashMap<i32, Vec<indicator::Model>>> {
    let select = indicator::Entity::find()
        .join(JoinType::InnerJoin, indicator::Relation::Action.def())
        .filter(action::Column::PlanId.is_in(plan_ids.iter().copied()))
        .order_by_asc(action::Column::Number);
    let rows = select_owned(select, action::Column::PlanId).all(db).await?;
    Ok(group(rows))
}

/// Indicators by id.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, indicator::Model>> {
    by_keys::<indicator::Entity, _>(db, indicator::Column::Id, ids, |indicator| indicator.id).await
}

/// The indicators whose totals each indicator includes (the reverse of `part_of`).
pub async fn parts_of(
    db: &impl ConnectionTrait,
    indicator_ids: &[i32],
) -> Result<HashMap<i32, Vec<indicator::Model>>> {
    let select = indicator::Entity::find()
        .join(JoinType::InnerJoin, indicator::Relation::Action.def())
        .filter(indicator::Column::PartOfId.is_in(indicator_ids.iter().copied()))
        .order_by_asc(action::Column::Number);
    let rows = select_owned(select, indicator::Column::PartOfId)
        .all(db)
        .await?;
    Ok(group(rows))
}

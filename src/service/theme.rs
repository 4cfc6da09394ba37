//! Themes, and the themes of plans, priorities, regions and actions.

use std::collections::HashMap;

use entity::{action_theme, priority, priority_theme, theme};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use super::owned::{group, select_owned};
use crate::error::Result;

/// The themes of each plan, in the plan's order.
pub async fn of_plans(
    db: &impl ConnectionTrait,
    plan_ids: &[i32],
) -> Result<HashMap<i32, Vec<theme::Model>>> {
    let select = theme::Entity::find()
        .filter(theme::Column::PlanId.is_in(plan_ids.iter().copied()))
        .order_by_asc(theme::Column::Position);
    let rows = select_owned(select, theme::Column::PlanId).all(db).await?;
    Ok(group(rows))
}

/// The themes of each priority, in their plan's order.
pub async fn of_priorities(
    db: &impl ConnectionTrait,
    priority_ids: &[i32],
) -> Result<HashMap<i32, Vec<theme::Model>>> {
    let select = theme::Entity::find()
        .join(
            JoinType::InnerJoin,
            priority_theme::Relation::Theme.def().rev(),
        )
        .filter(priority_theme::Column::PriorityId.is_in(priority_ids.iter().copied()))
        .order_by_asc(theme::Column::PlanId)
        .order_by_asc(theme::Column::Position);
    let rows = select_owned(select, priority_theme::Column::PriorityId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// The distinct themes of each region's priorities, in their plan's order.
pub async fn of_regions(
    db: &impl ConnectionTrait,
    region_ids: &[i32],
) -> Result<HashMap<i32, Vec<theme::Model>>> {
    let select = theme::Entity::find()
        .join(
            JoinType::InnerJoin,
            priority_theme::Relation::Theme.def().rev(),
        )
        .join(
            JoinType::InnerJoin,
            priority_theme::Relation::Priority.def(),
        )
        .filter(priority::Column::RegionId.is_in(region_ids.iter().copied()))
        .distinct()
        .order_by_asc(theme::Column::PlanId)
        .order_by_asc(theme::Column::Position);
    let rows = select_owned(select, priority::Column::RegionId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// The themes each action answers, in their plan's order.
pub async fn of_actions(
    db: &impl ConnectionTrait,
    action_ids: &[i32],
) -> Result<HashMap<i32, Vec<theme::Model>>> {
    let select = theme::Entity::find()
        .join(
            JoinType::InnerJoin,
            action_theme::Relation::Theme.def().rev(),
        )
        .filter(action_theme::Column::ActionId.is_in(action_ids.iter().copied()))
        .order_by_asc(theme::Column::Position);
    let rows = select_owned(select, action_theme::Column::ActionId)
        .all(db)
        .await?;
    Ok(group(rows))
}

//! Actions, and the actions of plans, regions, themes and priorities.

use std::collections::HashMap;

use entity::{action, action_region, action_theme, priority, priority_theme};
use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use super::owned::{by_keys, group, select_owned};
use crate::error::Result;

/// Actions by id.
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, action::Model>> {
    by_keys::<action::Entity, _>(db, action::Column::Id, ids, |action| action.id).await
}

/// The actions of each plan, by number.
pub async fn of_plans(
    db: &impl ConnectionTrait,
    plan_ids: &[i32],
) -> Result<HashMap<i32, Vec<action::Model>>> {
    let select = action::Entity::find()
        .filter(action::Column::PlanId.is_in(plan_ids.iter().copied()))
        .order_by_asc(action::Column::Number);
    let rows = select_owned(select, action::Column::PlanId).all(db).await?;
    Ok(group(rows))
}

/// The actions whose published region list includes each region, by plan then number.
pub async fn of_regions(
    db: &impl ConnectionTrait,
    region_ids: &[i32],
) -> Result<HashMap<i32, Vec<action::Model>>> {
    let select = action::Entity::find()
        .join(
            JoinType::InnerJoin,
            action_region::Relation::Action.def().rev(),
        )
        .filter(action_region::Column::RegionId.is_in(region_ids.iter().copied()))
        .order_by_asc(action::Column::PlanId)
        .order_by_asc(action::Column::Number);
    let rows = select_owned(select, action_region::Column::RegionId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// The actions that answer each theme, by number.
pub async fn of_themes(
    db: &impl ConnectionTrait,
    theme_ids: &[i32],
) -> Result<HashMap<i32, Vec<action::Model>>> {
    let select = action::Entity::find()
        .join(
            JoinType::InnerJoin,
            action_theme::Relation::Action.def().rev(),
        )
        .filter(action_theme::Column::ThemeId.is_in(theme_ids.iter().copied()))
        .order_by_asc(action::Column::Number);
    let rows = select_owned(select, action_theme::Column::ThemeId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// The actions that answer each priority, by plan then number: those of every plan that
/// targets it, tied to one of the priority's themes in that plan, whose region list includes
/// the priority's region.
pub async fn of_priorities(
    db: &impl ConnectionTrait,
    priority_ids: &[i32],
) -> Result<HashMap<i32, Vec<action::Model>>> {
    // Themes belong to a plan, so a shared theme ties the action to a link the same plan made.
    let same_theme = action_theme::Entity::belongs_to(priority_theme::Entity)
        .from(action_theme::Column::ThemeId)
        .to(priority_theme::Column::ThemeId)
        .into();
    let in_its_region = action_region::Relation::Action
        .def()
        .rev()
        .on_condition(|_, region| {
            Expr::col((region, action_region::Column::RegionId))
                .equals((priority::Entity, priority::Column::RegionId))
                .into_condition()
        });
    let select = action::Entity::find()
        .join(
            JoinType::InnerJoin,
            action_theme::Relation::Action.def().rev(),
        )
        .join(JoinType::InnerJoin, same_theme)
        .join(
            JoinType::InnerJoin,
            priority_theme::Relation::Priority.def(),
        )
        .join(JoinType::InnerJoin, in_its_region)
        .filter(priority_theme::Column::PriorityId.is_in(priority_ids.iter().copied()))
        .distinct()
        .order_by_asc(action::Column::PlanId)
        .order_by_asc(action::Column::Number);
    let rows = select_owned(select, priority_theme::Column::PriorityId)
        .all(db)
        .await?;
    Ok(group(rows))
}

//! Regions, and the regions of actions and themes.

use std::collections::HashMap;

use entity::{action_region, priority, priority_theme, region};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use super::owned::{by_keys, group, select_owned};
use crate::error::Result;

/// The 18 regions, by number.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<region::Model>> {
    Ok(region::Entity::find()
        .order_by_asc(region::Column::Number)
        .all(db)
        .await?)
}

/// The region numbered `number` (1 to 18), if any.
pub async fn by_number(db: &impl ConnectionTrait, number: i32) -> Result<Option<region::Model>> {
    Ok(region::Entity::find()
        .filter(region::Column::Number.eq(number))
        .one(db)
        .await?)
}

/// The published region list of each action, by region number.
pub async fn of_actions(
    db: &impl ConnectionTrait,
    action_ids: &[i32],
) -> Result<HashMap<i32, Vec<region::Model>>> {
    let select = region::Entity::find()
        .join(
            JoinType::InnerJoin,
            action_region::Relation::Region.def().rev(),
        )
        .filter(action_region::Column::ActionId.is_in(action_ids.iter().copied()))
        .order_by_asc(region::Column::Number);
    let rows = select_owned(select, action_region::Column::ActionId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// For each theme, the distinct regions that have a priority in it, by number.
pub async fn of_themes(
    db: &impl ConnectionTrait,
    theme_ids: &[i32],
) -> Result<HashMap<i32, Vec<region::Model>>> {
    let select = region::Entity::find()
        .join(JoinType::InnerJoin, priority::Relation::Region.def().rev())
        .join(
            JoinType::InnerJoin,
            priority_theme::Relation::Priority.def().rev(),
        )
        .filter(priority_theme::Column::ThemeId.is_in(theme_ids.iter().copied()))
        .distinct()
        .order_by_asc(region::Column::Number);
    let rows = select_owned(select, priority_theme::Column::ThemeId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// Region ids by region number.
pub async fn ids_by_number(db: &impl ConnectionTrait) -> Result<HashMap<i32, i32>> {
    Ok(all(db)
        .await?
        .into_iter()
        .map(|region| (region.number, region.id))
        .collect())
}

/// Regions by number.
pub async fn by_numbers(
    db: &impl ConnectionTrait,
    numbers: &[i32],
) -> Result<HashMap<i32, region::Model>> {
    by_keys::<region::Entity, _>(db, region::Column::Number, numbers, |region| region.number).await
}

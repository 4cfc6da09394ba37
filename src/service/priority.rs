//! Priorities: search, and the priorities of regions and themes.

use std::collections::HashMap;

use entity::{priority, priority_theme, region, theme};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

use super::owned::{group, select_owned};
use super::text::{contains_pattern, fold};
use super::vocabulary::ThemeKey;
use crate::error::Result;

/// Which priorities to list; every criterion given must hold.
#[derive(Debug, Default)]
pub struct PrioritySearch {
    /// Only these regions, by number.
    pub region_numbers: Option<Vec<i32>>,
    /// Only priorities in at least one of these themes.
    pub theme_keys: Option<Vec<ThemeKey>>,
    /// Only priorities whose title or excerpt contains this text, ignoring case and accents.
    pub text: Option<String>,
}

/// The priorities matching `search`, by region number then priority number.
pub async fn search(
    db: &impl ConnectionTrait,
    search: &PrioritySearch,
) -> Result<Vec<priority::Model>> {
    let mut select = priority::Entity::find()
        .join(JoinType::InnerJoin, priority::Relation::Region.def())
        .order_by_asc(region::Column::Number)
        .order_by_asc(priority::Column::Number);
    if let Some(numbers) = &search.region_numbers {
        select = select.filter(region::Column::Number.is_in(numbers.iter().copied()));
    }
    if let Some(keys) = &search.theme_keys {
        let in_themes = Query::select()
            .column(priority_theme::Column::PriorityId)
            .from(priority_theme::Entity)
            .inner_join(
                theme::Entity,
                Expr::col((theme::Entity, theme::Column::Id))
                    .equals((priority_theme::Entity, priority_theme::Column::ThemeId)),
            )
            .and_where(theme::Column::Key.is_in(keys.iter().map(|key| key.as_str())))
            .to_owned();
        select = select.filter(priority::Column::Id.in_subquery(in_themes));
    }
    if let Some(text) = &search.text {
        let pattern = LikeExpr::new(contains_pattern(&fold(text))).escape('\\');
        select = select.filter(priority::Column::SearchText.like(pattern));
    }
    Ok(select.all(db).await?)
}

/// The priorities of each region, by number.
pub async fn of_regions(
    db: &impl ConnectionTrait,
    region_ids: &[i32],
) -> Result<HashMap<i32, Vec<priority::Model>>> {
    let select = priority::Entity::find()
        .filter(priority::Column::RegionId.is_in(region_ids.iter().copied()))
        .order_by_asc(priority::Column::Number);
    let rows = select_owned(select, priority::Column::RegionId)
        .all(db)
        .await?;
    Ok(group(rows))
}

/// The priorities in each theme, by region number then priority number.
pub async fn of_themes(
    db: &impl ConnectionTrait,
    theme_ids: &[i32],
) -> Result<HashMap<i32, Vec<priority::Model>>> {
    let select = priority::Entity::find()
        .join(
            JoinType::InnerJoin,
            priority_theme::Relation::Priority.def().rev(),
        )
        .join(JoinType::InnerJoin, priority::Relation::Region.def())
        .filter(priority_theme::Column::ThemeId.is_in(theme_ids.iter().copied()))
        .order_by_asc(region::Column::Number)
        .order_by_asc(priority::Column::Number);
    let rows = select_owned(select, priority_theme::Column::ThemeId)
        .all(db)
        .await?;
    Ok(group(rows))
}

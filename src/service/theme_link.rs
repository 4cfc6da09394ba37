//! The links of priorities and actions to themes, with their basis and quoted words.

use std::collections::HashMap;

use entity::{action_theme, priority_theme, theme};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::{Error, Result};

/// A link to a theme: the theme, the basis (a stored `ThemeLinkBasis`) and the quoted words.
#[derive(Clone, Debug)]
pub struct ThemeLink {
    pub theme: theme::Model,
    pub basis: String,
    pub quote: Option<String>,
}

/// The theme links of each priority, in their plan's theme order (one statement).
pub async fn of_priorities(
    db: &impl ConnectionTrait,
    priority_ids: &[i32],
) -> Result<HashMap<i32, Vec<ThemeLink>>> {
    let rows = priority_theme::Entity::find()
        .find_also_related(theme::Entity)
        .filter(priority_theme::Column::PriorityId.is_in(priority_ids.iter().copied()))
        .order_by_asc(theme::Column::PlanId)
        .order_by_asc(theme::Column::Position)
        .all(db)
        .await?;
    group(
        rows.into_iter()
            .map(|(link, theme)| (link.priority_id, link.basis, link.quote, theme)),
    )
}

/// The theme links of each action, in theme order (one statement).
pub async fn of_actions(
    db: &impl ConnectionTrait,
    action_ids: &[i32],
) -> Result<HashMap<i32, Vec<ThemeLink>>> {
    let rows = action_theme::Entity::find()
        .find_also_related(theme::Entity)
        .filter(action_theme::Column::ActionId.is_in(action_ids.iter().copied()))
        .order_by_asc(theme::Column::Position)
        .all(db)
        .await?;
    group(
        rows.into_iter()
            .map(|(link, theme)| (link.action_id, link.basis, link.quote, theme)),
    )
}

/// Groups (owner, basis, quote, theme) rows by owner, keeping their order.
fn group(
    rows: impl Iterator<Item = (i32, String, Option<String>, Option<theme::Model>)>,
) -> Result<HashMap<i32, Vec<ThemeLink>>> {
    let mut links: HashMap<i32, Vec<ThemeLink>> = HashMap::new();
    for (owner, basis, quote, theme) in rows {
        // The foreign key guarantees the theme; its absence is a broken database.
        let theme = theme.ok_or_else(|| {
            Error::Database(sea_orm::DbErr::RecordNotFound(format!(
                "theme link of {owner} without its theme"
            )))
        })?;
        links.entry(owner).or_default().push(ThemeLink {
            theme,
            basis,
            quote,
        });
    }
    Ok(links)
}

//! The theme links of a plan's priorities and actions, each with its basis and quoted words.

use entity::{action_theme, priority_theme};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::stored_ids::StoredIds;
use crate::error::Result;
use crate::plan_data::PlanData;

/// Inserts every link of `data` between the stored priorities, actions and themes of `ids`.
pub(super) async fn insert(
    txn: &impl ConnectionTrait,
    data: &PlanData,
    ids: &StoredIds,
) -> Result<()> {
    for region in &data.regions {
        for priority in &region.priorities {
            for link in &priority.themes {
                priority_theme::ActiveModel {
                    priority_id: Set(ids.priorities[&(region.number, priority.number)]),
                    theme_id: Set(ids.themes[&link.key]),
                    basis: Set(link.basis.as_str().to_owned()),
                    quote: Set(link.because.clone()),
                }
                .insert(txn)
                .await?;
            }
        }
    }
    for action in &data.actions {
        for link in &action.themes {
            action_theme::ActiveModel {
                action_id: Set(ids.actions[&action.number]),
                theme_id: Set(ids.themes[&link.key]),
                basis: Set(link.basis.as_str().to_owned()),
                quote: Set(link.because.clone()),
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// Deletes every link to the themes of `ids` and of the actions of `ids`: those of one plan.
pub(super) async fn delete(txn: &impl ConnectionTrait, ids: &StoredIds) -> Result<()> {
    priority_theme::Entity::delete_many()
        .filter(priority_theme::Column::ThemeId.is_in(ids.themes.values().copied()))
        .exec(txn)
        .await?;
    action_theme::Entity::delete_many()
        .filter(action_theme::Column::ActionId.is_in(ids.actions.values().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

//! The indicator that measures an action, with its published target.

use sea_orm::entity::prelude::*;

use crate::ExactDecimal;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub action_id: i32,
    pub name: String,
    /// `MILLION_CAD`, `PERCENT` or `COUNT`.
    pub unit: String,
    pub target_value: ExactDecimal,
    /// `AT_LEAST`, `AT_MOST` or `EQUAL`.
    pub target_comparator: String,
    /// When the target's period starts: April 1 of the plan's first year.
    pub target_starts_on: Date,
    pub target_due_on: Option<Date>,
    /// `NONE` or `ANNUAL`.
    pub target_recurrence: String,
    pub target_label: String,
    /// The indicator whose total includes this one (the plan's footnote 1).
    pub part_of_id: Option<i32>,
    pub footnote: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::action::Entity",
        from = "Column::ActionId",
        to = "super::action::Column::Id"
    )]
    Action,
    #[sea_orm(belongs_to = "Entity", from = "Column::PartOfId", to = "Column::Id")]
    PartOf,
}

impl Related<super::action::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Action.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

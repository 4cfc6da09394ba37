//! Which theme a priority belongs to, with the priority's own words that justify it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "priority_theme")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub priority_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub theme_id: i32,
    /// Words quoted from the priority's title or excerpt that place it in the theme.
    pub justification: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::priority::Entity",
        from = "Column::PriorityId",
        to = "super::priority::Column::Id"
    )]
    Priority,
    #[sea_orm(
        belongs_to = "super::theme::Entity",
        from = "Column::ThemeId",
        to = "super::theme::Column::Id"
    )]
    Theme,
}

impl ActiveModelBehavior for ActiveModel {}

//! Which theme a priority belongs to, on what basis, with the priority's words quoted for it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "priority_theme")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub priority_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub theme_id: i32,
    /// `SUMMARY_TABLE` (the plan's summary table says the region has a priority in the theme)
    /// or `PRIORITY_WORDS` (the priority's own words place it there).
    pub basis: String,
    /// Words quoted from the priority's title or excerpt that place it in the theme; none when
    /// the summary table alone places it.
    pub quote: Option<String>,
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

impl Related<super::theme::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Theme.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

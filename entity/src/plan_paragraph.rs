//! A paragraph of a plan's section, or an item of a bulleted list, as printed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_paragraph")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub section_id: i32,
    /// Order in the section, from 1.
    pub position: i32,
    /// `TEXT` or `LIST_ITEM`.
    pub kind: String,
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::plan_section::Entity",
        from = "Column::SectionId",
        to = "super::plan_section::Column::Id"
    )]
    Section,
}

impl Related<super::plan_section::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Section.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

//! A section of a plan's own text (the message, the context, an introduction), in the plan's
//! order; a sub-section has a parent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_section")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub plan_id: i32,
    /// The section this one is a sub-section of, if any.
    pub parent_id: Option<i32>,
    /// Order of the section in the whole plan (sub-sections included), from 1.
    pub position: i32,
    /// Stable key, unique in the plan: `MESSAGE`, `CONTEXT`…
    pub key: String,
    /// The heading as printed.
    pub title: String,
    /// The section elsewhere in the plan that announces this one, if any.
    pub introduced_by_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::plan::Entity",
        from = "Column::PlanId",
        to = "super::plan::Column::Id"
    )]
    Plan,
    #[sea_orm(has_many = "super::plan_paragraph::Entity")]
    Paragraph,
}

impl Related<super::plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl Related<super::plan_paragraph::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Paragraph.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

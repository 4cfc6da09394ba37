//! A published action plan: the organization, its period and its signatory.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    pub organization: String,
    pub start_year: i32,
    pub end_year: i32,
    pub published_on: Option<Date>,
    pub signatory_name: Option<String>,
    pub signatory_title: Option<String>,
    /// When the plan was loaded; none for a plan an earlier version loaded.
    pub loaded_at: Option<DateTimeUtc>,
    /// The SHA-256 of the data file it was loaded from, in hex; none for a plan an earlier
    /// version loaded.
    pub source_sha256: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::theme::Entity")]
    Theme,
    #[sea_orm(has_many = "super::action::Entity")]
    Action,
}

impl Related<super::theme::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Theme.def()
    }
}

impl Related<super::action::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Action.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

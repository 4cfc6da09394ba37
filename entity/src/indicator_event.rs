//! An entry of the event log: one per recorded value, numbered in commit order.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub seq: i64,
    #[sea_orm(unique)]
    pub value_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::indicator_value::Entity",
        from = "Column::ValueId",
        to = "super::indicator_value::Column::Id"
    )]
    IndicatorValue,
}

impl Related<super::indicator_value::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IndicatorValue.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

//! A recorded value of an indicator. Append-only: corrections are new revisions.

use sea_orm::entity::prelude::*;

use crate::ExactDecimal;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_value")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub indicator_id: i32,
    /// None: the value for all of Québec.
    pub region_id: Option<i32>,
    /// The date the value describes.
    pub as_of: Date,
    pub value: ExactDecimal,
    pub source: Option<String>,
    pub note: Option<String>,
    pub recorded_at: DateTimeUtc,
    /// The token that recorded it.
    pub recorded_by: Option<i32>,
    /// 1 for the first value of (indicator, region, as_of); each correction adds one.
    pub revision: i32,
    /// The revision this one corrects.
    pub supersedes_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::indicator::Entity",
        from = "Column::IndicatorId",
        to = "super::indicator::Column::Id"
    )]
    Indicator,
    #[sea_orm(
        belongs_to = "super::region::Entity",
        from = "Column::RegionId",
        to = "super::region::Column::Id"
    )]
    Region,
}

impl ActiveModelBehavior for ActiveModel {}

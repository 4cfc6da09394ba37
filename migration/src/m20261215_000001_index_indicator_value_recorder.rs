//! An index of recorded values by the token that recorded them, newest first: the history of
//! recordings filtered by recorder ("what did this token record?") seeks its pages instead of
//! walking every value.

use sea_orm_migration::prelude::*;

use super::m20260101_000011_create_indicator_value::IndicatorValue;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_indicator_value_recorder")
                    .table(IndicatorValue::Table)
                    .col(IndicatorValue::RecordedBy)
                    .col(IndicatorValue::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_indicator_value_recorder")
                    .table(IndicatorValue::Table)
                    .to_owned(),
            )
            .await
    }
}

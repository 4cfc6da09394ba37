//! The `indicator_event` table: the event log, one event per recorded value, append-only.
//!
//! `seq` is assigned while the writer holds the write lock, so sequence order is commit
//! order: a reader that has seen event n never later sees an event below n appear.

use sea_orm_migration::{prelude::*, schema::*};

use super::append_only::forbid_update_and_delete;
use super::m20260101_000011_create_indicator_value::IndicatorValue;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IndicatorEvent::Table)
                    .col(big_pk_auto(IndicatorEvent::Seq))
                    .col(big_integer_uniq(IndicatorEvent::ValueId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_event_value")
                            .from(IndicatorEvent::Table, IndicatorEvent::ValueId)
                            .to(IndicatorValue::Table, IndicatorValue::Id),
                    )
                    .to_owned(),
            )
            .await?;
        forbid_update_and_delete(manager, "indicator_event").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IndicatorEvent::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum IndicatorEvent {
    Table,
    Seq,
    ValueId,
}

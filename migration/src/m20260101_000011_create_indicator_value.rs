//! The `indicator_value` table: recorded indicator values, append-only.
//!
//! A correction is a new row with the next revision that `supersedes` the previous one; no row
//! is ever updated or deleted, and triggers make the database refuse it.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use super::append_only::forbid_update_and_delete;
use super::exact_decimal::exact_decimal;
use super::m20260101_000002_create_region::Region;
use super::m20260101_000009_create_indicator::Indicator;
use super::m20260101_000010_create_api_token::ApiToken;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IndicatorValue::Table)
                    .col(big_pk_auto(IndicatorValue::Id))
                    .col(integer(IndicatorValue::IndicatorId))
                    .col(integer_null(IndicatorValue::RegionId))
                    .col(date(IndicatorValue::AsOf))
                    .col(exact_decimal(manager, IndicatorValue::Value))
                    .col(text_null(IndicatorValue::Source))
                    .col(text_null(IndicatorValue::Note))
                    .col(timestamp_with_time_zone(IndicatorValue::RecordedAt))
                    .col(integer_null(IndicatorValue::RecordedBy))
                    .col(integer(IndicatorValue::Revision))
                    .col(big_integer_null(IndicatorValue::SupersedesId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_value_indicator")
                            .from(IndicatorValue::Table, IndicatorValue::IndicatorId)
                            .to(Indicator::Table, Indicator::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_value_region")
                            .from(IndicatorValue::Table, IndicatorValue::RegionId)
                            .to(Region::Table, Region::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_value_token")
                            .from(IndicatorValue::Table, IndicatorValue::RecordedBy)
                            .to(ApiToken::Table, ApiToken::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_value_supersedes")
                            .from(IndicatorValue::Table, IndicatorValue::SupersedesId)
                            .to(IndicatorValue::Table, IndicatorValue::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Serves latest, history pages and series: one indicator and region, newest first.
        manager
            .create_index(
                Index::create()
                    .name("ix_indicator_value_lookup")
                    .table(IndicatorValue::Table)
                    .col(IndicatorValue::IndicatorId)
                    .col(IndicatorValue::RegionId)
                    .col(IndicatorValue::AsOf)
                    .col(IndicatorValue::Id)
                    .to_owned(),
            )
            .await?;
        // Serves "is this value superseded?".
        manager
            .create_index(
                Index::create()
                    .name("ix_indicator_value_supersedes")
                    .table(IndicatorValue::Table)
                    .col(IndicatorValue::SupersedesId)
                    .to_owned(),
            )
            .await?;
        // One row per revision of (indicator, region or all of Québec, date). A unique key on
        // a nullable column would let any number of Québec-wide rows through, hence COALESCE.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_indicator_value_revision ON indicator_value \
                 (indicator_id, COALESCE(region_id, 0), as_of, revision)",
            )
            .await?;
        forbid_update_and_delete(manager, "indicator_value").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IndicatorValue::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum IndicatorValue {
    Table,
    Id,
    IndicatorId,
    RegionId,
    AsOf,
    Value,
    Source,
    Note,
    RecordedAt,
    RecordedBy,
    Revision,
    SupersedesId,
}

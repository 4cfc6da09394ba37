//! The `priority` table: the priorities regions defined, with the quoted passages.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_region::Region;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Priority::Table)
                    .col(pk_auto(Priority::Id))
                    .col(integer(Priority::RegionId))
                    .col(integer(Priority::Number))
                    .col(text(Priority::Title))
                    .col(text(Priority::Excerpt))
                    .col(text(Priority::SearchText))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_priority_region")
                            .from(Priority::Table, Priority::RegionId)
                            .to(Region::Table, Region::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Also the index behind "a region's priorities, by number".
        manager
            .create_index(
                Index::create()
                    .name("ux_priority_region_number")
                    .table(Priority::Table)
                    .col(Priority::RegionId)
                    .col(Priority::Number)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Priority::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Priority {
    Table,
    Id,
    RegionId,
    Number,
    Title,
    Excerpt,
    SearchText,
}

//! The `region` table: the 18 regions of the government strategy.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Region::Table)
                    .col(pk_auto(Region::Id))
                    .col(integer_uniq(Region::Number))
                    .col(string_uniq(Region::Slug))
                    .col(text(Region::Name))
                    .col(string_len(Region::AdminRegionCode, 2))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Region::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Region {
    Table,
    Id,
    Number,
    Slug,
    Name,
    AdminRegionCode,
}

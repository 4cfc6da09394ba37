//! The `plan` table: one row per published action plan.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Plan::Table)
                    .col(pk_auto(Plan::Id))
                    .col(string_uniq(Plan::Slug))
                    .col(text(Plan::Title))
                    .col(text(Plan::Organization))
                    .col(integer(Plan::StartYear))
                    .col(integer(Plan::EndYear))
                    .col(date_null(Plan::PublishedOn))
                    .col(text_null(Plan::SignatoryName))
                    .col(text_null(Plan::SignatoryTitle))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Plan::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Plan {
    Table,
    Id,
    Slug,
    Title,
    Organization,
    StartYear,
    EndYear,
    PublishedOn,
    SignatoryName,
    SignatoryTitle,
}

//! The `api_token` table: API tokens, stored as the SHA-256 of their secret.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_auto(ApiToken::Id))
                    .col(string_uniq(ApiToken::Name))
                    .col(string(ApiToken::Role))
                    .col(string_len_uniq(ApiToken::SecretHash, 64))
                    .col(timestamp_with_time_zone(ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ApiToken {
    Table,
    Id,
    Name,
    Role,
    SecretHash,
    CreatedAt,
    RevokedAt,
}

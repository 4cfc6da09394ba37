//! The `idempotency_key` table: which value each (token, idempotency key) recorded, and a
//! hash of the input, so that a retry is answered from it and a reuse for another input is
//! refused.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000010_create_api_token::ApiToken;
use super::m20260101_000011_create_indicator_value::IndicatorValue;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKey::Table)
                    .col(integer(IdempotencyKey::TokenId))
                    .col(string_len(IdempotencyKey::Key, 255))
                    .col(string_len(IdempotencyKey::InputHash, 64))
                    .col(big_integer(IdempotencyKey::ValueId))
                    .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKey::TokenId)
                            .col(IdempotencyKey::Key),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_idempotency_key_token")
                            .from(IdempotencyKey::Table, IdempotencyKey::TokenId)
                            .to(ApiToken::Table, ApiToken::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_idempotency_key_value")
                            .from(IdempotencyKey::Table, IdempotencyKey::ValueId)
                            .to(IndicatorValue::Table, IndicatorValue::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IdempotencyKey::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum IdempotencyKey {
    Table,
    TokenId,
    Key,
    InputHash,
    ValueId,
    CreatedAt,
}

//! The `indicator` table: each action's indicator and its published target.

use sea_orm_migration::{prelude::*, schema::*};

use super::exact_decimal::exact_decimal;
use super::m20260101_000006_create_action::Action;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Indicator::Table)
                    .col(pk_auto(Indicator::Id))
                    .col(integer_uniq(Indicator::ActionId))
                    .col(text(Indicator::Name))
                    .col(string(Indicator::Unit))
                    .col(exact_decimal(manager, Indicator::TargetValue))
                    .col(string(Indicator::TargetComparator))
                    .col(date(Indicator::TargetStartsOn))
                    .col(date_null(Indicator::TargetDueOn))
                    .col(string(Indicator::TargetRecurrence))
                    .col(text(Indicator::TargetLabel))
                    .col(integer_null(Indicator::PartOfId))
                    .col(text_null(Indicator::Footnote))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_action")
                            .from(Indicator::Table, Indicator::ActionId)
                            .to(Action::Table, Action::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_indicator_part_of")
                            .from(Indicator::Table, Indicator::PartOfId)
                            .to(Indicator::Table, Indicator::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Serves indicator → parts (the reverse of footnote 1).
        manager
            .create_index(
                Index::create()
                    .name("ix_indicator_part_of")
                    .table(Indicator::Table)
                    .col(Indicator::PartOfId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Indicator::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Indicator {
    Table,
    Id,
    ActionId,
    Name,
    Unit,
    TargetValue,
    TargetComparator,
    TargetStartsOn,
    TargetDueOn,
    TargetRecurrence,
    TargetLabel,
    PartOfId,
    Footnote,
}

//! The `action` table: a plan's actions, by number.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_plan::Plan;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Action::Table)
                    .col(pk_auto(Action::Id))
                    .col(integer(Action::PlanId))
                    .col(integer(Action::Number))
                    .col(text(Action::Title))
                    .col(text(Action::RegionList))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_plan")
                            .from(Action::Table, Action::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_action_plan_number")
                    .table(Action::Table)
                    .col(Action::PlanId)
                    .col(Action::Number)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Action::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Action {
    Table,
    Id,
    PlanId,
    Number,
    Title,
    RegionList,
}

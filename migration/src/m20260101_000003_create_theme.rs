//! The `theme` table: a plan's themes (enjeux) and its response to each.

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
                    .table(Theme::Table)
                    .col(pk_auto(Theme::Id))
                    .col(integer(Theme::PlanId))
                    .col(string(Theme::Key))
                    .col(integer(Theme::Position))
                    .col(text(Theme::Name))
                    .col(text(Theme::Response))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_theme_plan")
                            .from(Theme::Table, Theme::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_theme_plan_key")
                    .table(Theme::Table)
                    .col(Theme::PlanId)
                    .col(Theme::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_theme_plan_position")
                    .table(Theme::Table)
                    .col(Theme::PlanId)
                    .col(Theme::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Theme::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Theme {
    Table,
    Id,
    PlanId,
    Key,
    Position,
    Name,
    Response,
}

//! The `priority_theme` table: which themes each priority belongs to, and why.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000003_create_theme::Theme;
use super::m20260101_000004_create_priority::Priority;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PriorityTheme::Table)
                    .col(integer(PriorityTheme::PriorityId))
                    .col(integer(PriorityTheme::ThemeId))
                    .col(text(PriorityTheme::Justification))
                    .primary_key(
                        Index::create()
                            .col(PriorityTheme::PriorityId)
                            .col(PriorityTheme::ThemeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_priority_theme_priority")
                            .from(PriorityTheme::Table, PriorityTheme::PriorityId)
                            .to(Priority::Table, Priority::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_priority_theme_theme")
                            .from(PriorityTheme::Table, PriorityTheme::ThemeId)
                            .to(Theme::Table, Theme::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The primary key serves priority → themes; this serves theme → priorities.
        manager
            .create_index(
                Index::create()
                    .name("ix_priority_theme_theme")
                    .table(PriorityTheme::Table)
                    .col(PriorityTheme::ThemeId)
                    .col(PriorityTheme::PriorityId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PriorityTheme::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum PriorityTheme {
    Table,
    PriorityId,
    ThemeId,
    Justification,
}

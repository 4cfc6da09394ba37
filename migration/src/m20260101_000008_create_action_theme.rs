//! The `action_theme` table: the themes each action answers.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000003_create_theme::Theme;
use super::m20260101_000006_create_action::Action;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ActionTheme::Table)
                    .col(integer(ActionTheme::ActionId))
                    .col(integer(ActionTheme::ThemeId))
                    .primary_key(
                        Index::create()
                            .col(ActionTheme::ActionId)
                            .col(ActionTheme::ThemeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_theme_action")
                            .from(ActionTheme::Table, ActionTheme::ActionId)
                            .to(Action::Table, Action::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_theme_theme")
                            .from(ActionTheme::Table, ActionTheme::ThemeId)
                            .to(Theme::Table, Theme::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The primary key serves action → themes; this serves theme → actions.
        manager
            .create_index(
                Index::create()
                    .name("ix_action_theme_theme")
                    .table(ActionTheme::Table)
                    .col(ActionTheme::ThemeId)
                    .col(ActionTheme::ActionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ActionTheme::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ActionTheme {
    Table,
    ActionId,
    ThemeId,
}

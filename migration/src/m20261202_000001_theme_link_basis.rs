//! The basis of every priority → theme and action → theme link: what in the plan makes it,
//! and the words quoted for it, which some links do not have.
//!
//! `priority_theme.justification` was required; a link the plan's summary table makes may
//! have no words of the priority to quote, so it moves to the nullable `quote`. Existing rows
//! get the basis of a link read from the priority's words (priorities) or this project's
//! reading (actions) until the plan is loaded again (see `seed`).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000005_create_priority_theme::PriorityTheme;
use super::m20260101_000008_create_action_theme::ActionTheme;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one change per ALTER TABLE.
        add_column(
            manager,
            PriorityTheme::Table,
            string(ThemeLink::Basis)
                .default("PRIORITY_WORDS")
                .to_owned(),
        )
        .await?;
        add_column(manager, PriorityTheme::Table, text_null(ThemeLink::Quote)).await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(PriorityTheme::Table)
                    .value(ThemeLink::Quote, Expr::col(PriorityTheme::Justification))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(PriorityTheme::Table)
                    .drop_column(PriorityTheme::Justification)
                    .to_owned(),
            )
            .await?;
        add_column(
            manager,
            ActionTheme::Table,
            string(ThemeLink::Basis)
                .default("PROJECT_READING")
                .to_owned(),
        )
        .await?;
        add_column(manager, ActionTheme::Table, text_null(ThemeLink::Quote)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [ThemeLink::Quote, ThemeLink::Basis] {
            drop_column(manager, ActionTheme::Table, column).await?;
        }
        add_column(
            manager,
            PriorityTheme::Table,
            text(PriorityTheme::Justification).default("").to_owned(),
        )
        .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(PriorityTheme::Table)
                    .value(
                        PriorityTheme::Justification,
                        Func::coalesce([Expr::col(ThemeLink::Quote), Expr::val("")]),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [ThemeLink::Quote, ThemeLink::Basis] {
            drop_column(manager, PriorityTheme::Table, column).await?;
        }
        Ok(())
    }
}

async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

async fn drop_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ThemeLink,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

/// The columns both link tables gain.
#[derive(DeriveIden)]
pub enum ThemeLink {
    Basis,
    Quote,
}

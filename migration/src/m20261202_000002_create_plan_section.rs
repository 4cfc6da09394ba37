//! The `plan_section` and `plan_paragraph` tables: the plan's own texts (the message, the
//! context, the introductions), section by section and paragraph by paragraph, in the plan's
//! order.

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
                    .table(PlanSection::Table)
                    .col(pk_auto(PlanSection::Id))
                    .col(integer(PlanSection::PlanId))
                    .col(integer_null(PlanSection::ParentId))
                    .col(integer(PlanSection::Position))
                    .col(string(PlanSection::Key))
                    .col(text(PlanSection::Title))
                    .col(integer_null(PlanSection::IntroducedById))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_section_plan")
                            .from(PlanSection::Table, PlanSection::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_section_parent")
                            .from(PlanSection::Table, PlanSection::ParentId)
                            .to(PlanSection::Table, PlanSection::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_section_introduced_by")
                            .from(PlanSection::Table, PlanSection::IntroducedById)
                            .to(PlanSection::Table, PlanSection::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Serves a plan's sections in document order; `position` counts across the whole plan.
        unique_index(manager, "ux_plan_section_position", PlanSection::Position).await?;
        unique_index(manager, "ux_plan_section_key", PlanSection::Key).await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanParagraph::Table)
                    .col(pk_auto(PlanParagraph::Id))
                    .col(integer(PlanParagraph::SectionId))
                    .col(integer(PlanParagraph::Position))
                    .col(string(PlanParagraph::Kind))
                    .col(text(PlanParagraph::Text))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_paragraph_section")
                            .from(PlanParagraph::Table, PlanParagraph::SectionId)
                            .to(PlanSection::Table, PlanSection::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_plan_paragraph_position")
                    .table(PlanParagraph::Table)
                    .col(PlanParagraph::SectionId)
                    .col(PlanParagraph::Position)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanParagraph::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PlanSection::Table).to_owned())
            .await
    }
}

/// A unique index on a plan's sections: (plan, `column`).
async fn unique_index(
    manager: &SchemaManager<'_>,
    name: &str,
    column: PlanSection,
) -> Result<(), DbErr> {
    manager
        .create_index(
            Index::create()
                .name(name)
                .table(PlanSection::Table)
                .col(PlanSection::PlanId)
                .col(column)
                .unique()
                .to_owned(),
        )
        .await
}

#[derive(DeriveIden)]
pub enum PlanSection {
    Table,
    Id,
    PlanId,
    ParentId,
    Position,
    Key,
    Title,
    IntroducedById,
}

#[derive(DeriveIden)]
pub enum PlanParagraph {
    Table,
    Id,
    SectionId,
    Position,
    Kind,
    Text,
}

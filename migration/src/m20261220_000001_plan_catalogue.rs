//! A catalogue of plans: which plan targets which priority (`plan_priority`), and, on each plan,
//! when it was loaded and the SHA-256 of its data file.
//!
//! Priorities are shared by every plan of the strategy (a region's priority is one, whichever
//! plans answer it), so the link records which plans target each. Existing databases hold one
//! plan, which targets every stored priority. The load time, to the microsecond, is part of
//! the data version, so that loading a plan changes it; the file's hash tells an import of the
//! same file from one of different content under the same slug.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_plan::Plan;
use super::m20260101_000004_create_priority::Priority;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PlanPriority::Table)
                    .col(integer(PlanPriority::PlanId))
                    .col(integer(PlanPriority::PriorityId))
                    .primary_key(
                        Index::create()
                            .col(PlanPriority::PlanId)
                            .col(PlanPriority::PriorityId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_priority_plan")
                            .from(PlanPriority::Table, PlanPriority::PlanId)
                            .to(Plan::Table, Plan::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_priority_priority")
                            .from(PlanPriority::Table, PlanPriority::PriorityId)
                            .to(Priority::Table, Priority::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The primary key serves plan → priorities; this serves priority → plans.
        manager
            .create_index(
                Index::create()
                    .name("ix_plan_priority_priority")
                    .table(PlanPriority::Table)
                    .col(PlanPriority::PriorityId)
                    .col(PlanPriority::PlanId)
                    .to_owned(),
            )
            .await?;
        // Before this migration only one plan could be loaded: it targets every priority.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO plan_priority (plan_id, priority_id) \
                 SELECT plan.id, priority.id FROM plan, priority",
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Plan::Table)
                    .add_column(timestamp_with_time_zone_null(PlanCatalogue::LoadedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Plan::Table)
                    .add_column(string_null(PlanCatalogue::SourceSha256))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [PlanCatalogue::SourceSha256, PlanCatalogue::LoadedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Plan::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(PlanPriority::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum PlanPriority {
    Table,
    PlanId,
    PriorityId,
}

/// The plan's columns this migration adds.
#[derive(DeriveIden)]
enum PlanCatalogue {
    LoadedAt,
    #[sea_orm(iden = "source_sha256")]
    SourceSha256,
}

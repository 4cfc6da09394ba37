//! The `action_region` table: the regions in each action's published list.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_region::Region;
use super::m20260101_000006_create_action::Action;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ActionRegion::Table)
                    .col(integer(ActionRegion::ActionId))
                    .col(integer(ActionRegion::RegionId))
                    .primary_key(
                        Index::create()
                            .col(ActionRegion::ActionId)
                            .col(ActionRegion::RegionId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_region_action")
                            .from(ActionRegion::Table, ActionRegion::ActionId)
                            .to(Action::Table, Action::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_action_region_region")
                            .from(ActionRegion::Table, ActionRegion::RegionId)
                            .to(Region::Table, Region::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The primary key serves action → regions; this serves region → actions.
        manager
            .create_index(
                Index::create()
                    .name("ix_action_region_region")
                    .table(ActionRegion::Table)
                    .col(ActionRegion::RegionId)
                    .col(ActionRegion::ActionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ActionRegion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ActionRegion {
    Table,
    ActionId,
    RegionId,
}

//! Triggers that make a table append-only: the database itself refuses UPDATE and DELETE.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

/// Makes `table` refuse every UPDATE and DELETE, whoever sends them.
pub async fn forbid_update_and_delete(
    manager: &SchemaManager<'_>,
    table: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Sqlite => {
            for operation in ["UPDATE", "DELETE"] {
                let name = format!("{table}_no_{}", operation.to_lowercase());
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name} BEFORE {operation} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} is refused'); END"
                ))
                .await?;
            }
        }
        _ => {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION '{table} is append-only: % is refused', TG_OP; END $$"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            ))
            .await?;
            // TRUNCATE bypasses row triggers; refuse it too.
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} \
                 FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
            ))
            .await?;
        }
    }
    Ok(())
}

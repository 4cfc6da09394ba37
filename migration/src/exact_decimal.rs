//! The column type behind `entity::ExactDecimal`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

/// An exact decimal column: `numeric` on PostgreSQL; `text` on SQLite, whose `numeric`
/// affinity would turn "85.50" into the float 85.5 and round long values.
pub fn exact_decimal<T: IntoIden>(manager: &SchemaManager, column: T) -> ColumnDef {
    let mut definition = ColumnDef::new(column);
    match manager.get_database_backend() {
        DatabaseBackend::Sqlite => definition.text(),
        _ => definition.decimal(),
    };
    definition.not_null().take()
}

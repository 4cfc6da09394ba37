//! The value an idempotency key recorded for a token, with a hash of the input.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Lower-case hex SHA-256 of the input's canonical form.
    pub input_hash: String,
    pub value_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! Raw SQL for the reads SeaORM's builder cannot say, or says less well: recursive queries,
//! and literal `LIMIT`s (a bound `LIMIT` makes SQLite prepare its statement again each time).

use sea_orm::{DatabaseBackend, Statement, Value};

use super::Scope;

/// Raw SQL with placeholders in the backend's style.
pub struct Sql {
    backend: DatabaseBackend,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DatabaseBackend) -> Self {
        Self {
            backend,
            values: Vec::new(),
        }
    }

    /// A placeholder for `value`.
    pub fn param(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DatabaseBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        }
    }

    /// The conditions selecting `scope`'s values in `indicator_value` as `alias`.
    pub fn scope_filters(&mut self, alias: &str, scope: &Scope) -> Vec<String> {
        let mut filters = vec![
            format!("{alias}.indicator_id = {}", self.param(scope.indicator_id)),
            match scope.region_id {
                Some(region) => format!("{alias}.region_id = {}", self.param(region)),
                None => format!("{alias}.region_id IS NULL"),
            },
        ];
        if let Some(known_at) = scope.known_at {
            filters.push(format!("{alias}.recorded_at <= {}", self.param(known_at)));
        }
        filters
    }

    pub fn statement(self, text: String) -> Statement {
        Statement::from_sql_and_values(self.backend, text, self.values)
    }
}

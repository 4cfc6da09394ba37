//! Raw SQL for the reads SeaORM's builder cannot say, or says less well: window functions,
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

    /// The conditions selecting `scope`'s values in `indicator_value` as `v`.
    pub fn scope_filters(&mut self, scope: &Scope) -> Vec<String> {
        let mut filters = vec![
            format!("v.indicator_id = {}", self.param(scope.indicator_id)),
            match scope.region_id {
                Some(region) => format!("v.region_id = {}", self.param(region)),
                None => "v.region_id IS NULL".to_owned(),
            },
        ];
        if let Some(known_at) = scope.known_at {
            filters.push(format!("v.recorded_at <= {}", self.param(known_at)));
        }
        filters
    }

    pub fn statement(self, text: String) -> Statement {
        Statement::from_sql_and_values(self.backend, text, self.values)
    }
}

//! What every request handler shares, and how it is opened at start-up.

use std::sync::Arc;

use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::broker::Broker;
use crate::db::{self, StatementCounter};
use crate::seed;
use crate::service::value::record::WriteGate;

/// Shared application state; cheap to clone (the connection is a pool handle).
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub statements: StatementCounter,
    pub broker: Arc<Broker>,
    pub writes: WriteGate,
}

impl AppState {
    /// Connects to `database_url`, applies pending migrations and loads the shipped plan if it
    /// is not loaded yet. Running it again on the same database changes nothing.
    pub async fn open(database_url: &str) -> anyhow::Result<Self> {
        let statements = StatementCounter::default();
        let db = db::connect(database_url, &statements)
            .await
            .context("cannot open the database (check --database-url / DATABASE_URL)")?;
        db::migrate(&db)
            .await
            .context("cannot migrate the database")?;
        let loaded = seed::load_shipped_plan(&db)
            .await
            .context("cannot load the shipped plan")?;
        if loaded {
            tracing::info!("loaded the shipped plan");
        }
        let broker = Broker::start(db.clone())
            .await
            .context("cannot read the event log")?;
        Ok(Self {
            db,
            statements,
            broker,
            writes: WriteGate::default(),
        })
    }
}

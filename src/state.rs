//! What every request handler shares, and how it is opened at start-up.

use std::sync::Arc;

use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::broker::Broker;
use crate::config::DatabaseArgs;
use crate::db::{self, StatementCounter};
use crate::metrics::Metrics;
use crate::seed;
use crate::service::catalogue::held::Catalogues;
use crate::service::value::version::SharedReads;
use crate::service::value::writer::Writer;
use crate::shutdown::Shutdown;

/// Shared application state; cheap to clone (the connection is a pool handle).
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub statements: StatementCounter,
    pub broker: Arc<Broker>,
    /// The one write side: every change of served data goes through it.
    pub writer: Arc<Writer>,
    pub metrics: Arc<Metrics>,
    pub shutdown: Shutdown,
    /// The data version, read for each request; concurrent requests share a read.
    pub versions: Arc<SharedReads>,
    /// The catalogue, held in memory and read again when a plan is loaded.
    pub catalogues: Arc<Catalogues>,
}

impl AppState {
    /// Connects to the database, applies pending migrations and loads the shipped plan if it
    /// is not loaded yet. Running it again on the same database changes nothing.
    pub async fn open(config: &DatabaseArgs) -> anyhow::Result<Self> {
        let statements = StatementCounter::default();
        let db = db::connect(config, &statements)
            .await
            .context("cannot open the database (check --database-url / DATABASE_URL)")?;
        let loaded = db::migrate_then(&db, async || seed::load_shipped_plan(&db).await)
            .await
            .context("cannot migrate the database and load the shipped plan")?;
        if loaded {
            tracing::info!("loaded the shipped plan");
        }
        let metrics = Arc::new(Metrics::new(db.clone(), statements.clone()));
        let versions = SharedReads::new(db.clone());
        let catalogues = Catalogues::open(db.clone(), Arc::clone(&versions))
            .await
            .context("cannot read the catalogue")?;
        let writer = Writer::open(db.clone())
            .await
            .context("cannot read the event log")?;
        let broker = Broker::start(
            db.clone(),
            &config.database_url,
            config.pg_listen,
            writer.versions(),
            Arc::clone(&metrics),
        );
        Ok(Self {
            db,
            statements,
            broker,
            writer: Arc::new(writer),
            metrics,
            shutdown: Shutdown::default(),
            versions,
            catalogues: Arc::new(catalogues),
        })
    }
}

//! Connecting to the database, migrating it once however many replicas start, counting the
//! statements sent to it, and reading the pool's use. It knows nothing of `/metrics`, which reads
//! these figures.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DbErr};

use crate::config::DatabaseArgs;

/// The advisory lock held while a replica migrates and seeds a PostgreSQL database.
const SETUP_LOCK: i64 = 0x7465_7272_7365; // "terrse"

/// Rows a SQLite connection's thread may hand over before the request reading them has taken
/// them. With the default, 50, a page of 100 values could fill the channel and put the thread
/// to sleep until the request had read some.
const ROWS_IN_FLIGHT: usize = 256;

/// Counts every SQL statement sent through a connection, and, apart, those sent on behalf of
/// HTTP requests (the broker's background reads are not), for `/metrics` and for the tests that
/// hold the resolvers to a fixed number of statements per query.
#[derive(Clone, Debug, Default)]
pub struct StatementCounter {
    all: Arc<AtomicU64>,
    for_requests: Arc<AtomicU64>,
}

tokio::task_local! {
    /// Set while a task serves an HTTP request: its statements count for requests.
    static SERVING_REQUEST: ();
}

impl StatementCounter {
    /// Statements sent since the server started.
    pub fn total(&self) -> u64 {
        self.all.load(Ordering::Relaxed)
    }

    /// Statements sent while serving HTTP requests since the server started.
    pub fn for_requests(&self) -> u64 {
        self.for_requests.load(Ordering::Relaxed)
    }

    /// Runs `request`, counting its statements as a request's. SeaORM reports a statement in
    /// the task that awaited it, and a request's loads run in the request's own task.
    pub async fn serving<F: std::future::Future>(request: F) -> F::Output {
        SERVING_REQUEST.scope((), request).await
    }

    fn record(&self) {
        self.all.fetch_add(1, Ordering::Relaxed);
        if SERVING_REQUEST.try_with(|()| ()).is_ok() {
            self.for_requests.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Opens a connection pool on the configured database (`sqlite://…` or `postgres://…`), whose
/// statements are counted by `statements`.
pub async fn connect(
    config: &DatabaseArgs,
    statements: &StatementCounter,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        // Every connection is tested before each loan, SQLite's too, though a SQLite connection
        // is a thread of this process and the test only a round trip to it. Without that round
        // trip the shared reads of the data version (`service::value::version`) finished
        // sooner, so fewer cached answers shared each one: 0.24 statements a cached dashboard
        // instead of 0.16, and 13,700-13,900 cached dashboards a second instead of
        // 15,900-17,700 (benchmark, two and three full runs).
        .test_before_acquire(true)
        .sqlx_logging(false)
        .max_connections(config.db_max_connections)
        .connect_timeout(config.connect_timeout())
        .acquire_timeout(config.connect_timeout())
        .statement_timeout(config.statement_timeout())
        .map_sqlx_sqlite_opts(|sqlite| {
            // WAL lets readers proceed while a write commits; FULL makes every acknowledged
            // commit durable; the busy timeout makes concurrent writers wait instead of failing.
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .row_buffer_size(ROWS_IN_FLIGHT)
        });
    let mut db = Database::connect(options).await?;
    let counter = statements.clone();
    db.set_metric_callback(move |_| counter.record());
    Ok(db)
}

/// Applies every pending migration, then runs `seed`, as one step across replicas: on
/// PostgreSQL, replicas starting together on an empty database wait for each other on an
/// advisory lock, so the database is migrated and seeded exactly once.
pub async fn migrate_then<F, T, E>(db: &DatabaseConnection, seed: F) -> Result<T, E>
where
    F: AsyncFnOnce() -> Result<T, E>,
    E: From<DbErr>,
{
    if db.get_database_backend() != DatabaseBackend::Postgres {
        Migrator::up(db, None).await?;
        return seed().await;
    }
    // The lock belongs to a session: take and release it on one dedicated connection.
    let mut session = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(sqlx_error)?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(SETUP_LOCK)
        .execute(&mut *session)
        .await
        .map_err(sqlx_error)?;
    let result = async {
        Migrator::up(db, None).await?;
        seed().await
    }
    .await;
    sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(SETUP_LOCK)
        .execute(&mut *session)
        .await
        .map_err(sqlx_error)?;
    result
}

fn sqlx_error(error: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Conn(sea_orm::RuntimeErr::SqlxError(Arc::new(error)))
}

/// The pool's use at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections the pool holds open.
    pub open: u32,
    /// Open connections not in use.
    pub idle: usize,
    /// Most connections the pool may open (`--db-max-connections`).
    pub max: u32,
}

/// How many connections the pool holds, how many of them are idle, and how many it may open.
pub fn pool_use(db: &DatabaseConnection) -> PoolUse {
    let (open, idle, max) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => (0, 0, 0),
    };
    PoolUse { open, idle, max }
}

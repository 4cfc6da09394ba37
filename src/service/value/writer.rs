//! The one write side. Every change of served data goes through [`Writer::write`], which
//! serializes writers, commits, then advances the data version and rings the doorbell, in that
//! order: a writer cannot forget a step that caches, entity tags or subscribers rely on.
//!
//! Writers are serialized by an in-process gate and, on PostgreSQL, by a transaction-scoped
//! advisory lock shared by every replica, so revisions never collide and event numbers follow
//! commit order. On PostgreSQL each commit also sends `NOTIFY`, delivered at commit to the
//! broker of every replica.

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, Statement,
    TransactionTrait,
};
use tokio::sync::{Mutex, watch};

use super::version::DataVersion;
use crate::error::Result;

/// The PostgreSQL channel on which every commit of values is announced.
pub const EVENTS_CHANNEL: &str = "territoires_events";

/// The advisory lock that serializes writers across replicas on PostgreSQL.
const WRITE_LOCK: i64 = 0x7465_7272_6974; // "territ"

/// The write side of one process: shared by every request (behind an `Arc`).
#[derive(Debug)]
pub struct Writer {
    db: DatabaseConnection,
    gate: Mutex<()>,
    /// The version after this process's latest commit (or at start); its receivers are the
    /// doorbell: the broker wakes when it changes.
    version: watch::Sender<DataVersion>,
}

impl Writer {
    /// The write side of `db`, starting at the version stored now.
    pub async fn open(db: DatabaseConnection) -> Result<Self> {
        let version = DataVersion::read(&db).await?;
        Ok(Self {
            db,
            gate: Mutex::new(()),
            version: watch::Sender::new(version),
        })
    }

    /// A receiver that sees every new version this process commits: the doorbell.
    pub fn versions(&self) -> watch::Receiver<DataVersion> {
        self.version.subscribe()
    }

    /// The database the writer writes to (reads that prepare a write use it too).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Runs `write` in a transaction of its own, alone among writers, and commits it; then
    /// advances the version and rings the doorbell, before returning: a read that follows
    /// the caller's answer sees the new version. An error from `write` rolls everything back.
    pub async fn write<T>(
        &self,
        write: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T>,
    ) -> Result<T> {
        let _alone = self.gate.lock().await;
        let txn = self.db.begin().await?;
        let postgres = txn.get_database_backend() == DatabaseBackend::Postgres;
        if postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [WRITE_LOCK.into()],
            ))
            .await?;
        }
        let written = write(&txn).await?;
        let version = DataVersion::read(&txn).await?;
        if postgres {
            txn.execute_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                format!("NOTIFY {EVENTS_CHANNEL}"),
            ))
            .await?;
        }
        txn.commit().await?;
        self.version.send_if_modified(|current| {
            let changed = *current != version;
            *current = version;
            changed
        });
        Ok(written)
    }
}

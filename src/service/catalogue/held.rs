//! The catalogue snapshot a process serves, replaced whole when the store's is newer.

use std::sync::{Arc, PoisonError, RwLock};

use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::Mutex;

use super::{Catalogue, CatalogueVersion};
use crate::error::{Error, Result};
use crate::service::value::version::{DataVersion, SharedReads};

/// The newest catalogue snapshot this process has read. A request asks for the snapshot of
/// the data version it read ([`Catalogues::at`]); a newer version in the store (a plan loaded
/// by any process or replica) makes one caller read the catalogue again, while the others
/// wait for that read instead of making their own. Every replica does the same on its own,
/// so all of them serve a new plan from the first request that sees its version.
#[derive(Debug)]
pub struct Catalogues {
    db: DatabaseConnection,
    /// The data version, as requests read it.
    versions: Arc<SharedReads>,
    /// Swapped whole, never changed in place: a request keeps the `Arc` it was given, so
    /// every part of its answer comes from one snapshot.
    held: RwLock<Arc<Catalogue>>,
    /// Held by the one caller reading the store.
    reading: Mutex<()>,
}

impl Catalogues {
    /// The catalogue stored in `db` now, held; `versions` reads the data version.
    pub async fn open(db: DatabaseConnection, versions: Arc<SharedReads>) -> Result<Self> {
        let first = Catalogue::read(&db).await?;
        Ok(Self {
            db,
            versions,
            held: RwLock::new(Arc::new(first)),
            reading: Mutex::new(()),
        })
    }

    /// The snapshot held now, whatever the store's version.
    fn held(&self) -> Arc<Catalogue> {
        Arc::clone(&self.held.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// A snapshot of the catalogue at the data version stored now, or of a newer one.
    pub async fn current(&self) -> Result<Arc<Catalogue>> {
        self.at(self.versions.current().await).await
    }

    /// A snapshot of the catalogue at `version` (read after its caller arrived), or of a newer
    /// one: the held one when it is, else one read from the store now. `None`, a version the
    /// store could not say, is an error: a snapshot read before may lack a plan loaded since.
    pub async fn at(&self, version: Option<DataVersion>) -> Result<Arc<Catalogue>> {
        let Some(version) = version else {
            return Err(Error::Database(DbErr::Custom(
                "the data version could not be read".to_owned(),
            )));
        };
        let wanted = CatalogueVersion::from(&version);
        let held = self.held();
        if covers(&held, wanted) {
            return Ok(held);
        }
        let _reader = self.reading.lock().await;
        // Whoever held the lock before may have read what this caller wants.
        let held = self.held();
        if covers(&held, wanted) {
            return Ok(held);
        }
        // Boxed: the read's future is large (a statement per relation), and every caller's
        // future, each subscriber's stream among them, would otherwise hold room for it.
        let fresh = Arc::new(Box::pin(Catalogue::read(&self.db)).await?);
        tracing::info!(
            newest_plan = fresh.version().newest_plan,
            "read the catalogue again: a plan was loaded"
        );
        *self.held.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&fresh);
        Ok(fresh)
    }
}

/// Whether `held` answers for the catalogue at `wanted`: the same version, or a newer plan
/// (plans are only added, so a newer snapshot holds everything an older one did).
fn covers(held: &Catalogue, wanted: CatalogueVersion) -> bool {
    let version = held.version();
    version == wanted || version.newest_plan > wanted.newest_plan
}

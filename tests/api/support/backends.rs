//! The databases tests run on: a SQLite file always, PostgreSQL when `TEST_POSTGRES_URL` is set.

use tempfile::TempDir;

/// The database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database for one test; dropped with it.
pub enum TestDatabase {
    Sqlite {
        url: String,
        _directory: TempDir,
    },
    Postgres {
        url: String,
        admin_url: String,
        name: String,
    },
}

impl TestDatabase {
    /// A new database on `backend`, or `None` (with a note on stderr) when the backend is not
    /// configured: PostgreSQL needs `TEST_POSTGRES_URL`. In CI (`CI` set), where every test
    /// must run, a missing `TEST_POSTGRES_URL` fails the test instead.
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let directory = tempfile::tempdir().expect("temporary directory");
                let file = directory.path().join("territoires.db");
                let url = format!("sqlite://{}?mode=rwc", file.display());
                Some(Self::Sqlite {
                    url,
                    _directory: directory,
                })
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
                    assert!(
                        std::env::var_os("CI").is_none(),
                        "TEST_POSTGRES_URL must be set in CI: the PostgreSQL tests may not skip"
                    );
                    eprintln!("skipped on PostgreSQL: TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!("territoires_test_{}", unique_suffix());
                postgres_admin(&admin_url, &format!("CREATE DATABASE {name}")).await;
                let url = with_database(&admin_url, &name);
                Some(Self::Postgres {
                    url,
                    admin_url,
                    name,
                })
            }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Self::Postgres {
            admin_url, name, ..
        } = self
        {
            // Drop runs inside the test's runtime, which cannot block on itself: a thread
            // with a runtime of its own drops the database.
            let admin_url = admin_url.clone();
            let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(postgres_admin(&admin_url, &statement));
            })
            .join();
        }
    }
}

async fn postgres_admin(admin_url: &str, statement: &str) {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(admin_url)
        .await
        .expect("TEST_POSTGRES_URL connects");
    db.execute_unprepared(statement)
        .await
        .expect("administrative statement");
    let _ = db.close().await;
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (address, query) = match url.split_once('?') {
        Some((address, query)) => (address, format!("?{query}")),
        None => (url, String::new()),
    };
    let host_start = address.find("://").map_or(0, |index| index + 3);
    let server = match address[host_start..].find('/') {
        Some(slash) => &address[..host_start + slash],
        None => address,
    };
    format!("{server}/{name}{query}")
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .subsec_nanos();
    format!(
        "{}_{nanos}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs each named test, `async fn NAME(server: TestServer)`, once per backend: in module
/// `sqlite` always, and in module `postgres`, which says it skipped when `TEST_POSTGRES_URL`
/// is not set. With `with CONFIG:` first, each server is started with the `(Limits,
/// HttpOptions)` that `CONFIG()` (a function of the calling module) returns.
macro_rules! on_both_backends {
    (with $config:ident: $($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = $crate::support::Backend::Sqlite;
                    let (limits, options) = super::$config();
                    let server =
                        $crate::support::TestServer::start_configured(backend, limits, options).await;
                    super::$name(server.expect("SQLite is always available")).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = $crate::support::Backend::Postgres;
                    let (limits, options) = super::$config();
                    if let Some(server) =
                        $crate::support::TestServer::start_configured(backend, limits, options).await
                    {
                        super::$name(server).await;
                    }
                }
            )+
        }
    };
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = $crate::support::Backend::Sqlite;
                    let server = $crate::support::TestServer::start_with(backend).await;
                    super::$name(server.expect("SQLite is always available")).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = $crate::support::Backend::Postgres;
                    if let Some(server) = $crate::support::TestServer::start_with(backend).await {
                        super::$name(server).await;
                    }
                }
            )+
        }
    };
}

//! `territoires backup FILE`: a consistent copy of a live SQLite database, taken with
//! `VACUUM INTO`, which reads the whole database in one read transaction: the copy is the
//! database as of one commit, however many writes the server makes meanwhile.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectOptions, ConnectionTrait, Database};

use crate::config::DatabaseArgs;

/// How to back up PostgreSQL, whose own tool does it better than a copy could.
const PG_DUMP: &str = r#"pg_dump --format=custom --file=territoires.dump "$DATABASE_URL""#;

/// Copies the SQLite database of `config` into `target`, which must not exist, and returns
/// the copy's absolute path. Refuses PostgreSQL, pointing at `pg_dump`.
pub async fn backup(config: &DatabaseArgs, target: &Path) -> anyhow::Result<PathBuf> {
    let url = config.database_url.as_str();
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        bail!(
            "backup copies SQLite databases only; back up PostgreSQL with pg_dump, e.g. {PG_DUMP}"
        );
    }
    let source: SqliteConnectOptions = url
        .parse()
        .with_context(|| format!("{url:?} is not a SQLite database URL"))?;
    // `mode=rwc` would create an empty database to back up: better to say it is missing.
    if !source.get_filename().exists() {
        bail!(
            "there is no database at {}: nothing to back up (check --database-url / DATABASE_URL)",
            source.get_filename().display()
        );
    }
    // Absolute, so that SQLite cannot read it as a `file:` URI.
    let target = std::path::absolute(target)
        .with_context(|| format!("cannot resolve {}", target.display()))?;
    // `symlink_metadata` also sees a dangling link, which SQLite would write through.
    if std::fs::symlink_metadata(&target).is_ok() {
        bail!(
            "{} exists already; backup never overwrites a file: name a new one",
            target.display()
        );
    }
    let path = target
        .to_str()
        .ok_or_else(|| anyhow!("{} is not valid UTF-8; name another file", target.display()))?;

    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .max_connections(1)
        .connect_timeout(config.connect_timeout())
        .acquire_timeout(config.connect_timeout())
        // Neither create the source nor change its journal mode: a backup only reads.
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .create_if_missing(false)
                .busy_timeout(Duration::from_secs(5))
        });
    let db = Database::connect(options)
        .await
        .context("cannot open the database (check --database-url / DATABASE_URL)")?;
    let copied = db
        .execute_unprepared(&format!("VACUUM INTO {}", sql_string(path)))
        .await
        .with_context(|| format!("cannot back up the database into {path}"));
    let _ = db.close().await;
    copied?;
    Ok(target)
}

/// `text` as an SQL string literal: in single quotes, each single quote doubled (SQL has no
/// other escape in a string literal).
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::sql_string;

    #[test]
    fn quotes_are_doubled() {
        assert_eq!(sql_string("/tmp/a.db"), "'/tmp/a.db'");
        assert_eq!(
            sql_string("/tmp/l'été'; DROP TABLE x; --.db"),
            "'/tmp/l''été''; DROP TABLE x; --.db'"
        );
    }
}

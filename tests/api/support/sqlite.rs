//! A SQLite database file read directly, read-only, beside the server that uses it: to check
//! what the API cannot show, such as the numbering of the event log or the file's integrity.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement};

/// A read-only connection to a SQLite file.
pub struct SqliteFile(DatabaseConnection);

impl SqliteFile {
    /// Opens `path` read-only; it must exist.
    pub async fn open(path: &Path) -> Self {
        let url = format!("sqlite://{}?mode=ro", path.display());
        Self(Database::connect(url).await.expect("SQLite file opens"))
    }

    /// The columns of the first row of `sql`, as integers (`None` for NULL).
    pub async fn integers(&self, sql: &str) -> Vec<Option<i64>> {
        let row = self
            .0
            .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql))
            .await
            .expect("query runs")
            .expect("a row");
        (0..row.column_names().len())
            .map(|index| row.try_get_by_index::<Option<i64>>(index).expect("integer"))
            .collect()
    }

    /// The first line of `PRAGMA integrity_check`: "ok" when the file is sound.
    pub async fn integrity(&self) -> String {
        let row = self
            .0
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await
            .expect("integrity check runs")
            .expect("a row");
        row.try_get_by_index::<String>(0).expect("text")
    }

    /// Checks that the event log and the values agree: one event per value, numbered from 1
    /// without a hole, and every revision chain numbered 1, 2, … without a hole. Returns the
    /// number of values.
    pub async fn check_event_log(&self) -> i64 {
        let [events, first, last] = self
            .integers("SELECT COUNT(*), MIN(seq), MAX(seq) FROM indicator_event")
            .await[..]
        else {
            unreachable!("three columns")
        };
        let events = events.expect("a count");
        let values =
            self.integers("SELECT COUNT(*) FROM indicator_value").await[0].expect("a count");
        assert_eq!(events, values, "as many events as values");
        if events > 0 {
            assert_eq!(first, Some(1), "the log starts at 1");
            assert_eq!(last, Some(events), "the log has no hole");
        }
        let without_event = self
            .integers(
                "SELECT COUNT(*) FROM indicator_value v \
                 LEFT JOIN indicator_event e ON e.value_id = v.id WHERE e.seq IS NULL",
            )
            .await[0];
        assert_eq!(without_event, Some(0), "every value has its event");
        let broken_chains = self
            .integers(
                "SELECT COUNT(*) FROM (SELECT COUNT(*) AS n, MAX(revision) AS last \
                 FROM indicator_value GROUP BY indicator_id, region_id, as_of) WHERE n != last",
            )
            .await[0];
        assert_eq!(
            broken_chains,
            Some(0),
            "revisions are numbered without a hole"
        );
        values
    }

    pub async fn close(self) {
        self.0.close().await.expect("SQLite file closes");
    }
}

//! A response cache for read queries: dashboards send the same deep query again and again,
//! and between two recorded values its answer cannot change.
//!
//! An answer is stored with the data version it was computed at, read before execution; it is
//! served again only while that version is current, so no read after a committed write sees
//! stale data. On SQLite, where this process is the only writer, the version is the broker's
//! count of local commits, which a write changes before its response goes out: a cached answer
//! costs no statement. On PostgreSQL another replica may have committed a moment ago, so the
//! version is the newest event number in the store, read with one indexed statement per
//! request. The day (UTC) is part of the key: progress is judged on it.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, PoisonError};

use bytes::Bytes;
use chrono::Utc;
use sea_orm::DatabaseBackend;

use super::media::ResponseMedia;
use crate::service::event;
use crate::state::AppState;

/// Most answers kept; beyond, the cache starts over (answers are cheap to recompute).
const MAX_ENTRIES: usize = 1024;
/// Largest answer kept, in bytes.
const MAX_BODY: usize = 1024 * 1024;

/// The state of the data an answer was computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataVersion {
    /// Commits by this process, the only writer.
    Local(u64),
    /// The newest event number in the shared store.
    Stored(i64),
}

impl DataVersion {
    /// The current version; `None` when the store cannot say (then nothing is cached).
    pub async fn current(state: &AppState) -> Option<Self> {
        match state.db.get_database_backend() {
            DatabaseBackend::Postgres => Some(Self::Stored(event::head(&state.db).await.ok()?)),
            _ => Some(Self::Local(state.broker.data_version())),
        }
    }
}

/// A cached answer.
#[derive(Clone, Debug)]
pub struct CachedAnswer {
    /// Shared by every response that serves it.
    pub body: Bytes,
    pub etag: String,
}

/// Answers of read queries, by request.
#[derive(Debug, Default)]
pub struct ResponseCache {
    entries: Mutex<HashMap<String, (DataVersion, CachedAnswer)>>,
}

impl ResponseCache {
    /// What identifies a request's answer: media type, day, operation, variables and text.
    pub fn key(media: ResponseMedia, request: &async_graphql::Request) -> String {
        let variables = serde_json::to_string(&request.variables).unwrap_or_default();
        format!(
            "{media:?}\n{}\n{}\n{variables}\n{}",
            Utc::now().date_naive(),
            request.operation_name.as_deref().unwrap_or(""),
            request.query
        )
    }

    /// The answer to `key` computed at `version`, if there is one.
    pub fn get(&self, key: &str, version: DataVersion) -> Option<CachedAnswer> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(computed_at, _)| *computed_at == version)
            .map(|(_, answer)| answer.clone())
    }

    /// Keeps `body` as the answer to `key` computed at `version`, and returns it with its tag.
    pub fn put(&self, key: String, version: DataVersion, body: String) -> CachedAnswer {
        let answer = CachedAnswer {
            etag: etag(&key, version),
            body: Bytes::from(body),
        };
        if answer.body.len() <= MAX_BODY {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (version, answer.clone()));
        }
        answer
    }
}

/// An entity tag that changes with the request and with the data version.
fn etag(key: &str, version: DataVersion) -> String {
    let mut hasher = DefaultHasher::new();
    (key, version).hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

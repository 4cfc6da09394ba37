//! A response cache for read queries: dashboards send the same deep query again and again,
//! and between two recorded values its answer cannot change.
//!
//! An answer is kept under its request and the data version it was computed at, read before
//! execution; it is served again only at that version, so no read after a committed write sees
//! stale data. The version is read from the store, on both backends: on PostgreSQL another
//! replica may have committed a moment ago, and on SQLite another process (`territoires
//! import`, `territoires values import`) may have. Concurrent requests share a read that
//! started after each of them arrived (`SharedReads`): one indexed statement per request
//! alone, far fewer under load. The version
//! comes from the event log, so it never repeats for other data, across restarts too: an entity tag cannot
//! vouch for an answer that has changed.
//!
//! The cache is bounded in bytes, not in entries (`--response-cache-bytes`), and keyed by what
//! a request means: variables the operation does not declare are not part of it. Concurrent
//! requests for an answer not yet kept compute it once (moka's `try_get_with`).

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use chrono::Utc;
use sha2::{Digest, Sha256};

use super::media::ResponseMedia;
use crate::graphql::context::operation;
use crate::service::value::version::DataVersion;

/// Largest answer kept, in bytes: a larger one is computed each time (and still tagged).
const MAX_BODY: usize = 1024 * 1024;
/// What an entry costs beyond its key and body (the map's node, the tag, the version).
const ENTRY_OVERHEAD: usize = 160;
/// Most bytes of documents whose declared variables are kept: a few thousand distinct
/// queries, far more than the front-ends send.
const DECLARED_BUDGET: u64 = 4 * 1024 * 1024;
/// What a document's entry costs beyond its text (the map's node, the names).
const DECLARED_OVERHEAD: usize = 128;

/// What identifies an answer: the request as it is meant, and the data version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    request: String,
    version: DataVersion,
}

impl AnswerKey {
    /// The key of `request`'s answer in `media` at `version`: media type, day (progress is
    /// judged on it), operation name, the variables the operation declares (`declared`), and
    /// the text.
    fn new(
        media: ResponseMedia,
        request: &async_graphql::Request,
        declared: &[String],
        version: DataVersion,
    ) -> Option<Self> {
        let variables: BTreeMap<&str, &async_graphql::Value> = request
            .variables
            .iter()
            .filter(|(variable, _)| {
                declared
                    .iter()
                    .any(|declared| declared == variable.as_str())
            })
            .map(|(variable, value)| (variable.as_str(), value))
            .collect();
        let variables = serde_json::to_string(&variables).ok()?;
        let request = format!(
            "{media:?}\n{}\n{}\n{variables}\n{}",
            Utc::now().date_naive(),
            request.operation_name.as_deref().unwrap_or(""),
            request.query
        );
        Some(Self { request, version })
    }

    /// The entity tag of this answer: it changes with the request and with the data version.
    pub fn etag(&self) -> String {
        let mut digest = Sha256::new();
        digest.update(self.request.as_bytes());
        digest.update(self.version.head.to_be_bytes());
        if let Some(recorded_at) = self.version.recorded_at {
            digest.update(recorded_at.timestamp_micros().to_be_bytes());
        }
        digest.update(self.version.newest_plan.to_be_bytes());
        if let Some(loaded_at) = self.version.plan_loaded_at {
            digest.update(loaded_at.timestamp_micros().to_be_bytes());
        }
        format!("\"{}\"", hex::encode(&digest.finalize()[..12]))
    }
}

/// A document as a request names it: the operation name, if any, and the text.
type Document = (Option<String>, String);

/// The names of the variables a document's operation declares; `None` when the document does
/// not parse or holds no such operation.
type Declared = Option<Arc<[String]>>;

/// A kept answer.
#[derive(Clone, Debug)]
pub struct CachedAnswer {
    /// Shared by every response that serves it.
    pub body: Bytes,
    pub etag: String,
}

/// What [`ResponseCache::answer`] found or computed.
pub enum Answer<R> {
    /// An answer to serve with its tag: from the cache (`hit`), or computed now.
    Tagged { answer: CachedAnswer, hit: bool },
    /// Computed now by this caller, and not an answer to keep (an error, a write…).
    Computed(R),
    /// Another caller computed it at the same moment, and it was not to be kept: compute it
    /// again (its errors are its own: a timeout, an internal error quoting its request id).
    ComputeAgain,
}

/// Answers of read queries, by request and data version, within a budget of bytes.
pub struct ResponseCache {
    answers: moka::future::Cache<AnswerKey, CachedAnswer>,
    /// The newest version seen: when a newer one comes, the older answers are dropped, since
    /// no request will be answered at their version again.
    newest: Mutex<DataVersion>,
    /// The variables each document's operation declares, by operation name and text (`None`:
    /// the document does not parse or has no such operation). A key needs them, and parsing
    /// the dashboard's document again for each request was 40 % of a cached answer's time.
    declared: moka::future::Cache<Document, Declared>,
}

impl ResponseCache {
    /// A cache holding at most `budget_bytes` of keys and answers.
    pub fn new(budget_bytes: u64) -> Self {
        let answers = moka::future::Cache::builder()
            .max_capacity(budget_bytes)
            .weigher(|key: &AnswerKey, answer: &CachedAnswer| {
                let bytes = key.request.len() + answer.body.len() + ENTRY_OVERHEAD;
                u32::try_from(bytes).unwrap_or(u32::MAX)
            })
            .build();
        let declared = moka::future::Cache::builder()
            .max_capacity(DECLARED_BUDGET)
            .weigher(|document: &Document, names: &Declared| {
                let names: usize = names
                    .iter()
                    .flat_map(|names| names.iter())
                    .map(String::len)
                    .sum();
                let (name, text) = document;
                let bytes = name.as_ref().map_or(0, String::len) + text.len() + names;
                u32::try_from(bytes + DECLARED_OVERHEAD).unwrap_or(u32::MAX)
            })
            .build();
        Self {
            answers,
            newest: Mutex::new(DataVersion::default()),
            declared,
        }
    }

    /// The key of `request`'s answer in `media` at `version`. `None` when the document does
    /// not parse or names no operation it holds: its answer is an error, never kept.
    pub async fn key(
        &self,
        media: ResponseMedia,
        request: &mut async_graphql::Request,
        version: DataVersion,
    ) -> Option<AnswerKey> {
        let document = (request.operation_name.clone(), request.query.clone());
        let declared = self
            .declared
            .get_with(document, async { declared_variables(request) })
            .await?;
        AnswerKey::new(media, request, &declared, version)
    }

    /// The answer to `key`: kept already, or computed by `compute`, once for every caller
    /// that asks for it at the same moment. `compute` gives the body of an answer to keep, or
    /// `Err` with what to give this caller instead.
    pub async fn answer<R>(
        &self,
        key: AnswerKey,
        compute: impl Future<Output = Result<Bytes, R>>,
    ) -> Answer<R> {
        self.forget_older_than(key.version);
        let etag = key.etag();
        let ran = AtomicBool::new(false);
        let own: Mutex<Option<Answer<R>>> = Mutex::new(None);
        let kept = self
            .answers
            .try_get_with(key, async {
                ran.store(true, Ordering::Relaxed);
                let result = compute.await;
                let mut own = own.lock().unwrap_or_else(PoisonError::into_inner);
                match result {
                    Ok(body) if body.len() <= MAX_BODY => Ok(CachedAnswer {
                        body,
                        etag: etag.clone(),
                    }),
                    Ok(body) => {
                        let answer = CachedAnswer {
                            body,
                            etag: etag.clone(),
                        };
                        *own = Some(Answer::Tagged { answer, hit: false });
                        Err(())
                    }
                    Err(refused) => {
                        *own = Some(Answer::Computed(refused));
                        Err(())
                    }
                }
            })
            .await;
        match kept {
            Ok(answer) => Answer::Tagged {
                answer,
                hit: !ran.load(Ordering::Relaxed),
            },
            Err(_) => own
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .unwrap_or(Answer::ComputeAgain),
        }
    }

    /// The bytes of keys and answers held now, once the evictions that are due have run.
    pub async fn weighted_bytes(&self) -> u64 {
        self.answers.run_pending_tasks().await;
        self.answers.weighted_size()
    }

    fn forget_older_than(&self, version: DataVersion) {
        let mut newest = self.newest.lock().unwrap_or_else(PoisonError::into_inner);
        if version.is_newer_than(&newest) {
            *newest = version;
            self.answers.invalidate_all();
        }
    }
}

/// The names of the variables `request`'s operation declares; parsing its document keeps it
/// in `request`, which execution then uses.
fn declared_variables(request: &mut async_graphql::Request) -> Declared {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    Some(
        operation(document, name.as_deref())?
            .variable_definitions
            .iter()
            .map(|definition| definition.node.name.node.to_string())
            .collect(),
    )
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ResponseCache")
            .field("weighted_bytes", &self.answers.weighted_size())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{Request, Variables};
    use serde_json::json;

    use super::*;

    async fn key(
        cache: &ResponseCache,
        query: &str,
        variables: serde_json::Value,
    ) -> Option<AnswerKey> {
        let mut request = Request::new(query).variables(Variables::from_json(variables));
        cache
            .key(ResponseMedia::Json, &mut request, DataVersion::default())
            .await
    }

    #[tokio::test]
    async fn variables_the_operation_does_not_declare_are_not_part_of_the_key() {
        // One cache for every call: the later ones read the declared variables it kept.
        let cache = ResponseCache::new(1024 * 1024);
        let query = "query($n: Int) { action(number: $n) { title } }";
        let plain = key(&cache, query, json!({ "n": 1 })).await;
        assert!(plain.is_some());
        assert_eq!(plain, key(&cache, query, json!({ "n": 1, "x": 2 })).await);
        assert_ne!(plain, key(&cache, query, json!({ "n": 2 })).await);
        assert_eq!(
            key(&cache, "{ regions { name } }", json!({ "x": 1 })).await,
            key(&cache, "{ regions { name } }", json!({})).await
        );
        for _ in 0..2 {
            assert_eq!(
                key(&cache, "{ regions ", json!({})).await,
                None,
                "a document that does not parse"
            );
        }
    }

    #[tokio::test]
    async fn the_operation_name_chooses_whose_variables_count() {
        let cache = ResponseCache::new(1024 * 1024);
        let document =
            "query A($n: Int) { action(number: $n) { title } } query B { regions { name } }";
        let named = async |name: &str, n: i64| {
            let mut request = Request::new(document)
                .operation_name(name)
                .variables(Variables::from_json(json!({ "n": n })));
            cache
                .key(ResponseMedia::Json, &mut request, DataVersion::default())
                .await
        };
        assert_ne!(named("A", 1).await, named("A", 2).await, "A declares $n");
        assert_eq!(named("B", 1).await, named("B", 2).await, "B does not");
        let mut unknown = Request::new(document).operation_name("C");
        assert_eq!(
            cache
                .key(ResponseMedia::Json, &mut unknown, DataVersion::default())
                .await,
            None
        );
    }
}

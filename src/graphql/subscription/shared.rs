//! One execution per event and distinct subscription, its answer shared by every subscriber.
//!
//! Ten thousand subscribers of one document used to cost ten thousand executions of its
//! selection per event. A subscription's answer to an event depends only on the event, the
//! document, its variables and the caller's credentials (`recordedBy` is judged per token), so
//! subscribers that agree on those four share one execution, memoized by event, and its
//! answer's JSON text ([`Payload`]): a subscriber's delivery copies no response.
//!
//! A subscriber is set up by running the schema once in set-up mode ([`SetUp`]): the resolver
//! checks its arguments as always (a refusal is answered as before) and hands back the
//! subscriber's own event stream, with its cursor, filters and catch-up from the store, instead
//! of rendering it. Each event that stream yields is then rendered by running the schema in
//! render mode ([`RenderOne`]), where the resolver yields just that event; concurrent misses
//! for one key wait for one execution. Each render reads the catalogue snapshot of the data
//! version read with its event ([`Event::read_at`]), which holds the event's indicator even
//! when its plan was loaded after the subscription began. A render then reads nothing from the
//! store before it executes, and most finish within their first poll: the subscribers woken
//! with the first one find its answer kept instead of waiting for it. (Each render read the
//! version anew before: all the subscribers polled meanwhile missed the newest answer and
//! waited in the cache of answers, 9% of the fan-out's CPU, `perf`.)
//!
//! Subscribers of one distinct subscription share one [`Distinct`], which keeps the answer to
//! the newest event rendered: the subscribers that follow the broadcast, nearly all of them,
//! read it there once it is rendered. Only the others (those that came while it was being
//! rendered, and those catching up) look in the cache of answers, whose bookkeeping on every
//! read was 10% of the fan-out's CPU (`perf`).

use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_graphql::{Data, Request, Response, Variables};
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{FutureExt, StreamExt};
use moka::future::Cache;

use crate::error::Result;
use crate::graphql::answer::{Payload, finish};
use crate::graphql::auth::Credentials;
use crate::graphql::catalogue::CatalogueSource;
use crate::graphql::context::SubscriptionStart;
use crate::graphql::limits::QueryLimits;
use crate::graphql::schema::AppSchema;
use crate::metrics::Metrics;
use crate::service::event::Event;

/// Answers kept. Subscribers that follow the broadcast read an answer within moments of each
/// other; one catching up from the store after a while may find its answers gone, and
/// computes them again.
const ANSWERS: u64 = 4096;
/// How long an answer is kept at most.
const ANSWER_LIFETIME: Duration = Duration::from_secs(60);
/// Distinct subscriptions remembered, for new subscribers to share with.
const DISTINCT_SUBSCRIPTIONS: u64 = 10_000;
/// How long a distinct subscription is remembered after its last new subscriber. One
/// forgotten still serves its subscribers; a new subscriber of the same then starts another.
const DISTINCT_IDLE: Duration = Duration::from_secs(600);

/// The events a subscriber is to receive, in order, as its resolver chose them.
pub type EventStream = BoxStream<'static, Result<Arc<Event>>>;

/// Set-up mode, in a request's data: the resolver checks its arguments, leaves its event
/// stream here and resolves to no event.
#[derive(Clone, Default)]
pub struct SetUp(Arc<Mutex<Kept>>);

/// What set-up mode kept.
#[derive(Default)]
enum Kept {
    #[default]
    Nothing,
    One(EventStream),
    /// A document subscribing to more than one root field at once: its events would be
    /// interleaved, which render mode cannot do, so it is executed per subscriber, as before.
    Several,
}

impl SetUp {
    /// Keeps `events`, the stream of the subscription being set up.
    pub fn keep(&self, events: EventStream) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *kept = match *kept {
            Kept::Nothing => Kept::One(events),
            _ => Kept::Several,
        };
    }

    fn take(&self) -> Kept {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Render mode, in a request's data: the resolver yields this one event (or error) and ends.
pub struct RenderOne(Mutex<Option<Result<Arc<Event>>>>);

impl RenderOne {
    /// The event to render; `None` once taken.
    pub fn take(&self) -> Option<Result<Arc<Event>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// A distinct subscription: what its answers depend on besides the event.
struct Distinct {
    query: String,
    operation_name: Option<String>,
    variables: Variables,
    /// `variables` as JSON, to compare and hash them (the same variables in another order
    /// only miss a chance to share).
    variables_json: String,
    credentials: Option<String>,
    /// The hash of the fields above, taken once: hashing the document's text at each lookup
    /// was 2.5% of the fan-out's CPU (`perf`).
    hash: u64,
    /// The answer to the newest event rendered.
    newest: Mutex<Option<(i64, Payload)>>,
}

impl Distinct {
    /// What `request` depends on, for the connection whose data is `session`, hashed with
    /// `hashing` (the server's, so that clients cannot choose documents whose hashes collide).
    fn of(request: &Request, session: &Data, hashing: &RandomState) -> Self {
        let credentials = session
            .get(&std::any::TypeId::of::<Credentials>())
            .and_then(|data| data.downcast_ref::<Credentials>())
            .and_then(|credentials| credentials.0.clone());
        let mut distinct = Self {
            query: request.query.clone(),
            operation_name: request.operation_name.clone(),
            variables: request.variables.clone(),
            variables_json: serde_json::to_string(&request.variables).unwrap_or_default(),
            credentials,
            hash: 0,
            newest: Mutex::new(None),
        };
        distinct.hash = hashing.hash_one(distinct.key());
        distinct
    }

    /// The subscription's request, without data.
    fn request(&self) -> Request {
        let request = Request::new(self.query.clone()).variables(self.variables.clone());
        match &self.operation_name {
            Some(name) => request.operation_name(name.clone()),
            None => request,
        }
    }

    /// The answer to event `seq`, if it is the newest rendered.
    fn rendered(&self, seq: i64) -> Option<Payload> {
        let newest = self.newest.lock().unwrap_or_else(PoisonError::into_inner);
        newest
            .as_ref()
            .filter(|(newest, _)| *newest == seq)
            .map(|(_, payload)| payload.clone())
    }

    /// Keeps `payload`, the answer to event `seq`, unless a newer one is kept.
    fn keep(&self, seq: i64, payload: &Payload) {
        let mut newest = self.newest.lock().unwrap_or_else(PoisonError::into_inner);
        if newest.as_ref().is_none_or(|(newest, _)| *newest < seq) {
            *newest = Some((seq, payload.clone()));
        }
    }

    fn key(&self) -> (&str, Option<&str>, &str, Option<&str>) {
        (
            &self.query,
            self.operation_name.as_deref(),
            &self.variables_json,
            self.credentials.as_deref(),
        )
    }
}

impl PartialEq for Distinct {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.key() == other.key()
    }
}

impl Eq for Distinct {}

impl Hash for Distinct {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The schema's subscriptions, each event executed, finished and written as JSON once per
/// distinct subscription.
pub struct SharedSubscriptions {
    schema: AppSchema,
    /// Answers by distinct subscription and event number.
    answers: Cache<(Arc<Distinct>, i64), Payload>,
    /// The distinct subscriptions of the subscribers, each one shared by all of its own.
    distincts: Cache<Arc<Distinct>, Arc<Distinct>>,
    /// How distinct subscriptions are hashed.
    hashing: RandomState,
    catalogues: CatalogueSource,
    limits: QueryLimits,
    metrics: Arc<Metrics>,
}

impl SharedSubscriptions {
    pub fn new(
        schema: AppSchema,
        catalogues: CatalogueSource,
        limits: QueryLimits,
        metrics: Arc<Metrics>,
    ) -> Arc<Self> {
        let answers = Cache::builder()
            .max_capacity(ANSWERS)
            .time_to_live(ANSWER_LIFETIME)
            .build();
        let distincts = Cache::builder()
            .max_capacity(DISTINCT_SUBSCRIPTIONS)
            .time_to_idle(DISTINCT_IDLE)
            .build();
        Arc::new(Self {
            schema,
            answers,
            distincts,
            hashing: RandomState::new(),
            catalogues,
            limits,
            metrics,
        })
    }

    /// The answers of the subscription `request` (admitted, a subscription operation),
    /// starting at `start`, for the connection whose data is `session`.
    pub fn subscribe(
        self: &Arc<Self>,
        request: Request,
        start: SubscriptionStart,
        session: Arc<Data>,
    ) -> BoxStream<'static, Payload> {
        // Shared, not cloned: every subscriber's stream holds this for as long as it lives.
        let this = Arc::clone(self);
        let own = Arc::new(Distinct::of(&request, &session, &self.hashing));
        let set_up = SetUp::default();
        // Made here and boxed, like the renders below, so that the stream, which lives as long
        // as the subscription, keeps neither the request nor room for its set-up.
        let setting_up: BoxFuture<'static, Vec<Response>> = self
            .schema
            .execute_stream_with_session_data(
                request.data(start).data(set_up.clone()),
                Arc::clone(&session),
            )
            .collect()
            .boxed();
        async_stream::stream! {
            // On success set-up mode answers nothing; otherwise its answers are the refusal.
            let answers = setting_up.await;
            match set_up.take() {
                Kept::One(mut events) if answers.is_empty() => {
                    let distinct = Box::pin(this.shared(own)).await;
                    while let Some(event) = events.next().await {
                        let rendered = event.as_ref().ok().and_then(|event| distinct.rendered(event.seq));
                        yield match rendered {
                            Some(payload) => payload,
                            // Boxed: most of the time a subscriber waits for an event, and its
                            // stream need not hold room for a render meanwhile.
                            None => Box::pin(this.answer(&distinct, &session, event)).await,
                        };
                    }
                }
                Kept::Several => match Box::pin(this.catalogues.current()).await {
                    // Executed for this subscriber alone, on the catalogue of its start.
                    Ok(catalogue) => {
                        let request = own.request().data(start).data(catalogue);
                        let mut own = this.schema.execute_stream_with_session_data(request, session);
                        while let Some(response) = own.next().await {
                            yield this.payload(response);
                        }
                    }
                    Err(error) => yield this.payload(Response::from_errors(vec![error])),
                },
                _ => {
                    for answer in answers {
                        yield this.payload(answer);
                    }
                }
            }
        }
        .boxed()
    }

    /// The distinct subscription that `own` is the same as, shared by all of its subscribers.
    async fn shared(&self, own: Arc<Distinct>) -> Arc<Distinct> {
        self.distincts
            .get_with_by_ref(&own, async { Arc::clone(&own) })
            .await
    }

    /// The answer of `distinct` to `event`, shared with its other subscribers. An error
    /// (the store failing during a catch-up) is this subscriber's own, and rendered for it.
    async fn answer(
        &self,
        distinct: &Arc<Distinct>,
        session: &Arc<Data>,
        event: Result<Arc<Event>>,
    ) -> Payload {
        let event = match event {
            Ok(event) => event,
            Err(error) => return self.payload(self.render(distinct, session, Err(error)).await),
        };
        // By reference: the key is copied only when an answer is computed, not at each read.
        let key = (Arc::clone(distinct), event.seq);
        let payload = self
            .answers
            .get_with_by_ref(&key, async {
                self.payload(self.render(distinct, session, Ok(event)).await)
            })
            .await;
        distinct.keep(key.1, &payload);
        payload
    }

    /// `response` as its subscribers read it.
    fn payload(&self, response: Response) -> Payload {
        Payload::of(&finish(&self.limits, response, None))
    }

    /// Executes `distinct` in render mode for `event`.
    async fn render(
        &self,
        distinct: &Distinct,
        session: &Arc<Data>,
        event: Result<Arc<Event>>,
    ) -> Response {
        let snapshot = match &event {
            Ok(event) => self.catalogues.at(Some(event.read_at)).await,
            // The store failed during a catch-up; the error is rendered on the newest snapshot.
            Err(_) => self.catalogues.current().await,
        };
        let catalogue = match snapshot {
            Ok(catalogue) => catalogue,
            Err(error) => return Response::from_errors(vec![error]),
        };
        self.metrics.subscription_executed();
        let request = distinct
            .request()
            .data(RenderOne(Mutex::new(Some(event))))
            .data(catalogue);
        let mut responses = self
            .schema
            .execute_stream_with_session_data(request, Arc::clone(session));
        // Set-up mode found exactly one root field, which yields the event, or an error,
        // in render mode: there is always a first response.
        responses.next().await.unwrap_or_default()
    }
}

//! The schema as clients reach it: each request is checked against the limits before it runs,
//! and every error of its response gets a code.
//!
//! This is done around execution rather than in schema extensions: with any extension,
//! async-graphql routes the resolution of every field through the extension chain, which cost
//! a fifth of the time of the dashboard query.

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Data, Request, Response, ServerError};
use futures_util::StreamExt;
use futures_util::future::join_all;
use futures_util::stream::{self, BoxStream};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

use crate::broker::Broker;
use crate::service::catalogue::Catalogue;

use super::answer::{Payload, finish};
use super::catalogue::CatalogueSource;
use super::context::RequestContext;
use super::context::SubscriptionStart;
use super::document::Documents;
use super::limits::QueryLimits;
use super::loader::{self, batching::LoadQueue};
use super::schema::{AppSchema, builder};
use super::subscription::shared::SharedSubscriptions;
use crate::config::Limits;
use crate::state::AppState;

/// The schema wired to the database, the broker and the write side of `state`, within
/// `limits`.
pub fn build(state: &AppState, limits: &Limits) -> Api {
    // Depth is judged by `QueryLimits::admit`, which tells introspection from data.
    let builder = builder()
        .limit_complexity(limits.max_complexity)
        .data(state.db.clone())
        .data(state.broker.clone())
        .data(state.metrics.clone())
        .data(state.writer.clone());
    let schema = loader::register(builder, &state.db).finish();
    let catalogues = CatalogueSource::new(Arc::clone(&state.catalogues));
    Api {
        subscriptions: SharedSubscriptions::new(
            schema.clone(),
            catalogues.clone(),
            QueryLimits::from(limits),
            Arc::clone(&state.metrics),
        ),
        schema,
        limits: QueryLimits::from(limits),
        db: state.db.clone(),
        broker: state.broker.clone(),
        catalogues,
        documents: Documents::default(),
    }
}

/// The schema, its limits, the database its per-request loaders read, the broker that says
/// where subscriptions start, the catalogue each execution reads, at the data version read for
/// it, the subscriptions, which share their executions, and the documents parsed before.
#[derive(Clone)]
pub struct Api {
    schema: AppSchema,
    limits: QueryLimits,
    db: DatabaseConnection,
    broker: Arc<Broker>,
    catalogues: CatalogueSource,
    subscriptions: Arc<SharedSubscriptions>,
    documents: Documents,
}

impl Api {
    /// Gives `request` its parsed document, parsed once per text (see [`Documents`]), for a
    /// caller that reads the document before the request runs. Every request run here gets
    /// it anyway, as it is admitted.
    pub fn parse(&self, request: &mut Request) {
        self.documents.parse(request);
    }

    /// Parses `request` (see [`Api::parse`]) and checks it against the limits; returns the
    /// type of the operation it runs.
    fn admit(&self, request: &mut Request) -> Result<Option<OperationType>, ServerError> {
        self.documents.parse(request);
        self.limits.admit(request)
    }

    /// Executes a (batch of) HTTP request(s), each with loaders of its own that batch one
    /// nesting level at a time. Returns the response and the type of the operation(s) run.
    pub async fn execute_http(
        &self,
        context: &RequestContext,
        batch: BatchRequest,
    ) -> (BatchResponse, Vec<Option<OperationType>>) {
        let queue = LoadQueue::default();
        let catalogue = match self.catalogues.at(context.version).await {
            Ok(catalogue) => catalogue,
            Err(error) => return self.unanswered(batch, &error, context),
        };
        match batch {
            BatchRequest::Single(request) => {
                let (response, kind) = queue
                    .run(self.execute_one(request, context, &catalogue, &queue))
                    .await;
                (BatchResponse::Single(response), vec![kind])
            }
            BatchRequest::Batch(requests) => {
                let runs = requests
                    .into_iter()
                    .map(|request| self.execute_one(request, context, &catalogue, &queue));
                let (responses, kinds) = queue.run(join_all(runs)).await.into_iter().unzip();
                (BatchResponse::Batch(responses), kinds)
            }
        }
    }

    async fn execute_one(
        &self,
        mut request: Request,
        context: &RequestContext,
        catalogue: &Arc<Catalogue>,
        queue: &LoadQueue,
    ) -> (Response, Option<OperationType>) {
        let kind = match self.admit(&mut request) {
            Ok(kind) => kind,
            Err(error) => return (self.refused(error), None),
        };
        let request = loader::attach(request, &self.db, queue)
            .data(context.credentials.clone())
            .data(context.id.clone())
            .data(Arc::clone(catalogue));
        let response = self.schema.execute(request).await;
        (finish(&self.limits, response, Some(&context.id)), kind)
    }

    /// The answer to a batch none of whose requests could run, for `error`.
    fn unanswered(
        &self,
        batch: BatchRequest,
        error: &ServerError,
        context: &RequestContext,
    ) -> (BatchResponse, Vec<Option<OperationType>>) {
        let failed = || {
            let response = Response::from_errors(vec![error.clone()]);
            finish(&self.limits, response, Some(&context.id))
        };
        match batch {
            BatchRequest::Single(_) => (BatchResponse::Single(failed()), vec![None]),
            BatchRequest::Batch(requests) => (
                BatchResponse::Batch(requests.iter().map(|_| failed()).collect()),
                vec![None; requests.len()],
            ),
        }
    }

    fn refused(&self, error: ServerError) -> Response {
        finish(&self.limits, Response::from_errors(vec![error]), None)
    }

    /// The answers to an operation sent over the WebSocket by the connection whose data is
    /// `session`, each finished and written as JSON: a subscription's events, or a query's or
    /// mutation's one answer. Called as the request is read, which is where a subscription
    /// starts; the stream runs when first polled.
    pub fn operate(&self, mut request: Request, session: Arc<Data>) -> BoxStream<'static, Payload> {
        let kind = match self.admit(&mut request) {
            Ok(kind) => kind,
            Err(error) => {
                let refused = Payload::of(&self.refused(error));
                return stream::once(std::future::ready(refused)).boxed();
            }
        };
        let start = SubscriptionStart(self.broker.start_point());
        if kind == Some(OperationType::Subscription) {
            return self.subscriptions.subscribe(request, start, session);
        }
        // Queries and mutations sent over the WebSocket: one execution, on the catalogue of
        // the moment it runs.
        let (schema, catalogues, limits) =
            (self.schema.clone(), self.catalogues.clone(), self.limits);
        let execution = async move {
            let response = match catalogues.current().await {
                Ok(catalogue) => {
                    let request = request.data(start).data(catalogue);
                    // A query or mutation: the stream holds its one answer.
                    let mut answers = schema.execute_stream_with_session_data(request, session);
                    answers.next().await.unwrap_or_default()
                }
                Err(error) => Response::from_errors(vec![error]),
            };
            Payload::of(&finish(&limits, response, None))
        };
        stream::once(execution).boxed()
    }
}

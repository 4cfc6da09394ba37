//! The `Subscription` root.

pub mod shared;

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{Context, ID, Result, Subscription as SubscriptionRoot};
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};

use super::context::SubscriptionStart;
use super::error::bad_input;
use super::global_id::{NodeKind, parse_global_id_of, small_key};
use super::object::IndicatorValueEvent;
use super::object::event::decode_event_cursor;
use crate::broker::Broker;
use crate::metrics::Metrics;
use crate::plan_data::REGION_NUMBERS;
use crate::service::event::Event;

/// Live updates, over WebSocket (`graphql-transport-ws` or `graphql-ws`) at `/graphql`.
#[derive(Default)]
pub struct Subscription;

/// Live updates, over WebSocket (`graphql-transport-ws` or `graphql-ws`) at `/graphql`.
#[SubscriptionRoot]
impl Subscription {
    /// Every value recorded from now on that matches the filters (none: all): every value
    /// committed after the server read this subscription's request. Over
    /// `graphql-transport-ws`, a `ping` sent after `subscribe` is answered after that point is
    /// fixed.
    /// With `after` (a cursor from an earlier event): first every matching event recorded since
    /// that cursor, in order, then live events, with none lost and none repeated.
    async fn indicator_value_recorded(
        &self,
        ctx: &Context<'_>,
        indicator_ids: Option<Vec<ID>>,
        region_numbers: Option<Vec<i32>>,
        after: Option<String>,
    ) -> Result<BoxStream<'static, Result<IndicatorValueEvent>>> {
        let after = after.as_deref().map(decode_event_cursor).transpose()?;
        let indicators: Option<HashSet<i32>> = indicator_ids
            .map(|ids| {
                ids.iter()
                    .map(|id| {
                        let key = parse_global_id_of(id, NodeKind::Indicator)?;
                        small_key(key).ok_or_else(|| {
                            bad_input(format!("{:?} names no indicator", id.as_str()))
                        })
                    })
                    .collect::<Result<_>>()
            })
            .transpose()?;
        if let Some(number) = region_numbers
            .iter()
            .flatten()
            .find(|number| !REGION_NUMBERS.contains(number))
        {
            return Err(bad_input(format!(
                "regionNumbers: {number} is not a region; use 1 to 18"
            )));
        }
        let regions: Option<HashSet<i32>> =
            region_numbers.map(|numbers| numbers.into_iter().collect());
        // Render mode: the subscriber's own stream chose this event; render just it.
        if let Some(render) = ctx.data_opt::<shared::RenderOne>() {
            return Ok(stream::iter(render.take()).map(into_item).boxed());
        }
        let broker = ctx.data_unchecked::<Arc<Broker>>();
        let start = after.unwrap_or_else(|| match ctx.data_opt::<SubscriptionStart>() {
            Some(SubscriptionStart(start)) => *start,
            None => broker.start_point(),
        });
        let metrics = Arc::clone(ctx.data_unchecked::<Arc<Metrics>>());
        let active = ActiveSubscription::start(Arc::clone(&metrics));
        let events = broker.subscribe(start).filter_map(move |event| {
            // Naming the guard moves it into the stream, which drops it when it ends.
            let _active = &active;
            let delivered = match event {
                Ok(event) => {
                    let wanted = indicators
                        .as_ref()
                        .is_none_or(|ids| ids.contains(&event.value.indicator_id))
                        && regions.as_ref().is_none_or(|numbers| {
                            event
                                .region_number
                                .is_some_and(|number| numbers.contains(&number))
                        });
                    wanted.then(|| {
                        metrics.event_delivered();
                        Ok(event)
                    })
                }
                Err(error) => Some(Err(error)),
            };
            std::future::ready(delivered)
        });
        // Set-up mode: the events are rendered once per distinct subscription, elsewhere.
        if let Some(set_up) = ctx.data_opt::<shared::SetUp>() {
            set_up.keep(events.boxed());
            return Ok(stream::empty().boxed());
        }
        Ok(events.map(into_item).boxed())
    }
}

/// An event of the broker as the resolver yields it.
fn into_item(event: crate::error::Result<Arc<Event>>) -> Result<IndicatorValueEvent> {
    event.map(IndicatorValueEvent).map_err(Into::into)
}

/// Counts a subscription as active for as long as its stream lives.
struct ActiveSubscription(Arc<Metrics>);

impl ActiveSubscription {
    fn start(metrics: Arc<Metrics>) -> Self {
        metrics.subscription(1);
        Self(metrics)
    }
}

impl Drop for ActiveSubscription {
    fn drop(&mut self) {
        self.0.subscription(-1);
    }
}

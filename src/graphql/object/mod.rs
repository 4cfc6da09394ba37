//! The object types of the graph. Each wraps an entity model (shared, for the catalogue's)
//! and resolves its relations from the catalogue snapshot or through the loaders.
//!
//! Most are `#[Object(serial)]`: their fields resolve one after the other, without the set of
//! futures async-graphql otherwise builds for each object (an allocation and a wake-up per
//! field); without it the uncached dashboard costs about a fifth less CPU per request (2.2-2.4
//! ms before, 1.7-2.0 after). Batching is kept, since list elements still resolve together:
//! every element's loads are asked for before any batch runs. `Indicator` stays concurrent:
//! its `latest` and `progress` load the same value, which one batch then reads once (serial,
//! it took two batches, and more time).

mod action;
pub(crate) mod connection;
mod enums;
pub(crate) mod event;
mod indicator;
mod indicator_value;
mod plan;
mod priority;
mod progress;
mod recorder;
pub(crate) mod recording;
mod region;
mod section;
mod series_point;
mod theme;
mod theme_link;

pub use action::Action;
pub use connection::{IndicatorValueConnection, IndicatorValueEdge, PageInfo};
pub use enums::{
    Bucket, Comparator, ParagraphKind, ProgressStatus, Recurrence, Role, ThemeKey, ThemeLinkBasis,
    Unit,
};
pub use event::IndicatorValueEvent;
pub use indicator::{Indicator, Target};
pub use indicator_value::IndicatorValue;
pub use plan::Plan;
pub use priority::Priority;
pub use progress::Progress;
pub use recorder::Recorder;
pub use recording::RecordingConnection;
pub use region::Region;
pub use section::{Paragraph, PlanSection};
pub use series_point::SeriesPoint;
pub use theme::Theme;
pub use theme_link::ThemeLink;

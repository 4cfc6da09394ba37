//! The object types of the graph. Each wraps an entity model and resolves its relations
//! through the loaders.

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

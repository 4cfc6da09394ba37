//! The object types of the graph. Each wraps an entity model and resolves its relations
//! through the loaders.

mod action;
mod enums;
mod indicator;
mod plan;
mod priority;
mod region;
mod theme;

pub use action::Action;
pub use enums::{Comparator, Recurrence, ThemeKey, Unit};
pub use indicator::{Indicator, Target};
pub use plan::Plan;
pub use priority::Priority;
pub use region::Region;
pub use theme::Theme;

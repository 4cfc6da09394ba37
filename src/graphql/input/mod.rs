//! Input types.

mod priority_filter;

pub use priority_filter::PriorityFilter;

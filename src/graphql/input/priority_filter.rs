//! `PriorityFilter`.

use async_graphql::InputObject;

use crate::graphql::object::ThemeKey;
use crate::service::priority::PrioritySearch;

/// Which priorities to list; every criterion given must hold.
#[derive(InputObject, Debug, Default)]
pub struct PriorityFilter {
    /// Only priorities of these regions, by number (1 to 18).
    pub region_numbers: Option<Vec<i32>>,
    /// Only priorities in at least one of these themes.
    pub theme_keys: Option<Vec<ThemeKey>>,
    /// Case- and accent-insensitive match in title and excerpt: "foret" finds "forêt".
    pub text: Option<String>,
}

impl From<PriorityFilter> for PrioritySearch {
    fn from(filter: PriorityFilter) -> Self {
        Self {
            region_numbers: filter.region_numbers,
            theme_keys: filter
                .theme_keys
                .map(|keys| keys.into_iter().map(Into::into).collect()),
            text: filter.text,
        }
    }
}

//! `ThemeLink`.

use async_graphql::{Object, Result};

use super::{Theme, ThemeLinkBasis};
use crate::service::theme_link;

/// A priority's or an action's link to a theme, with what in the plan makes it.
pub struct ThemeLink(pub theme_link::ThemeLink);

impl From<theme_link::ThemeLink> for ThemeLink {
    fn from(link: theme_link::ThemeLink) -> Self {
        Self(link)
    }
}

/// A priority's or an action's link to a theme, with what in the plan makes it.
#[Object(serial)]
impl ThemeLink {
    /// The theme.
    async fn theme(&self) -> Theme {
        Theme::from(self.0.theme.clone())
    }

    /// What makes the link: the plan (SUMMARY_TABLE, PLAN_RESPONSE) or this project's reading
    /// (PRIORITY_WORDS, PROJECT_READING).
    async fn basis(&self) -> Result<ThemeLinkBasis> {
        Ok(ThemeLinkBasis::from_stored(&self.0.basis)?)
    }

    /// Words quoted exactly from the plan for the link: from the priority's title or excerpt
    /// (SUMMARY_TABLE, PRIORITY_WORDS), from the theme's response (PLAN_RESPONSE). Null when
    /// there are none: a link the summary table alone makes, or this project's reading of an
    /// action.
    async fn quote(&self) -> Option<&str> {
        self.0.quote.as_deref()
    }
}

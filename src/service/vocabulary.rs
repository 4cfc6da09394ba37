//! The closed vocabularies of the plan: theme keys, the bases of theme links, paragraph kinds,
//! units, comparators, recurrences, roles.
//!
//! They are stored as their upper-case names; each enum reads and writes that name.

use serde::Deserialize;

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
        pub enum $name {
            $($(#[$variant_doc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in its natural order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// The value stored as `text`, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

vocabulary!(
    /// The four themes (enjeux) under which the plan groups the regions' priorities.
    ThemeKey {
        /// La relève.
        Succession => "SUCCESSION",
        /// L'innovation.
        Innovation => "INNOVATION",
        /// La croissance des entreprises et la diversification des secteurs porteurs.
        BusinessGrowth => "BUSINESS_GROWTH",
        /// Les entreprises d'économie sociale.
        SocialEconomy => "SOCIAL_ECONOMY",
    }
);

vocabulary!(
    /// What in the plan links a priority or an action to a theme.
    ThemeLinkBasis {
        /// A priority's link: the summary table lists the region for an action the plan ties
        /// to this theme alone, so the region has a priority in it.
        SummaryTable => "SUMMARY_TABLE",
        /// A priority's link: its own words place it in the theme (this project's reading).
        PriorityWords => "PRIORITY_WORDS",
        /// An action's link: the plan's response to the theme describes the action.
        PlanResponse => "PLAN_RESPONSE",
        /// An action's link: the plan ties no theme to the action (this project's reading).
        ProjectReading => "PROJECT_READING",
    }
);

impl ThemeLinkBasis {
    /// Whether a priority's link may have this basis (else only an action's may).
    pub fn is_for_priorities(self) -> bool {
        matches!(self, Self::SummaryTable | Self::PriorityWords)
    }
}

vocabulary!(
    /// What a paragraph of a plan's section is.
    ParagraphKind {
        /// A paragraph of text.
        Text => "TEXT",
        /// An item of a bulleted list; consecutive items form one list.
        ListItem => "LIST_ITEM",
    }
);

vocabulary!(
    /// What an indicator counts.
    Unit {
        MillionCad => "MILLION_CAD",
        Percent => "PERCENT",
        Count => "COUNT",
    }
);

vocabulary!(
    /// How a value is compared with its target.
    Comparator {
        AtLeast => "AT_LEAST",
        AtMost => "AT_MOST",
        Equal => "EQUAL",
    }
);

vocabulary!(
    /// Whether a target is due once or every fiscal year.
    Recurrence {
        None => "NONE",
        Annual => "ANNUAL",
    }
);

vocabulary!(
    /// What an API token may do. Reads need no token at all.
    Role {
        /// May read; recording values is refused.
        Reader => "reader",
        /// May record values.
        Editor => "editor",
        /// May record values, and read who recorded each one.
        Admin => "admin",
    }
);

impl Role {
    /// Whether this role may record indicator values.
    pub fn may_write(self) -> bool {
        matches!(self, Self::Editor | Self::Admin)
    }

    /// Whether this role may read who recorded what (the recorders of values, and the
    /// history of recordings).
    pub fn may_audit(self) -> bool {
        matches!(self, Self::Admin)
    }
}

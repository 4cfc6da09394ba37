//! The closed vocabularies of the plan: theme keys, units, comparators, recurrences.
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
        /// May record values; reserved for administration to come.
        Admin => "admin",
    }
);

impl Role {
    /// Whether this role may record indicator values.
    pub fn may_write(self) -> bool {
        matches!(self, Self::Editor | Self::Admin)
    }
}

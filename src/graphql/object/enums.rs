//! The contract's enums and this server's own, mirrored from the service vocabulary.

use async_graphql::Enum;

use crate::error::Error;
use crate::service::vocabulary;

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident),+ $(,)? }) => {
        mirror!($(#[$doc])* $name = vocabulary::$name { $($(#[$variant_doc])* $variant),+ });

        impl $name {
            /// Reads the stored name of a value.
            pub fn from_stored(text: &str) -> Result<Self, Error> {
                vocabulary::$name::parse(text).map(Self::from).ok_or_else(|| {
                    Error::Database(sea_orm::DbErr::Type(format!(
                        "{text:?} is not a stored {}", stringify!($name)
                    )))
                })
            }
        }
    };
    ($(#[$doc:meta])* $name:ident = $service:path { $($(#[$variant_doc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$variant_doc])* $variant),+
        }

        impl From<$service> for $name {
            fn from(value: $service) -> Self {
                use $service as Service;
                match value {
                    $(Service::$variant => Self::$variant),+
                }
            }
        }

        impl From<$name> for $service {
            fn from(value: $name) -> Self {
                use $service as Service;
                match value {
                    $($name::$variant => Service::$variant),+
                }
            }
        }
    };
}

mirror!(
    /// The four themes (enjeux) under which the plan groups the regions' priorities.
    ThemeKey {
        /// La relève
        Succession,
        /// L'innovation
        Innovation,
        /// La croissance des entreprises et la diversification des secteurs porteurs
        BusinessGrowth,
        /// Les entreprises d'économie sociale
        SocialEconomy,
    }
);

mirror!(
    /// What in the plan links a priority or an action to a theme, and so whether the link is
    /// the plan's or this project's reading.
    ThemeLinkBasis {
        /// The plan's (a priority's link): the summary table lists the region among the
        /// "régions ayant défini une priorité liée à l'action" for an action the plan ties to
        /// this theme alone (actions 4 and 6: innovation; action 5: économie sociale). Which of
        /// the region's priorities it is comes from the priority's words in `quote`, or, with no
        /// quote, from this project's reading (see the README).
        SummaryTable,
        /// This project's reading (a priority's link): the table does not decide the theme
        /// (relève, croissance); the priority's own words, in `quote`, place it there.
        PriorityWords,
        /// The plan's (an action's link): the plan's response to the theme describes the action,
        /// in the words of `quote`.
        PlanResponse,
        /// This project's reading (an action's link): the plan ties no theme to the action.
        ProjectReading,
    }
);

mirror!(
    /// What a paragraph of a plan's section is.
    ParagraphKind {
        /// A paragraph of text.
        Text,
        /// An item of a bulleted list, without its bullet; consecutive items form one list.
        ListItem,
    }
);

mirror!(
    /// What an indicator's values and target count.
    Unit {
        /// Millions of Canadian dollars ("M$").
        MillionCad,
        /// A percentage, from 0 to 100 ("%").
        Percent,
        /// A whole number of things (meetings, interventions, regions).
        Count,
    }
);

mirror!(
    /// How a value is compared with its target to say it is reached.
    Comparator {
        /// Reached when the value is at least the target.
        AtLeast,
        /// Reached when the value is at most the target.
        AtMost,
        /// Reached when the value equals the target.
        Equal,
    }
);

mirror!(
    /// Whether a target is due once or every fiscal year.
    Recurrence {
        /// One target, due on `dueOn`.
        None,
        /// The target applies to each fiscal year (April 1 to March 31).
        Annual,
    }
);

mirror!(
    /// What an API token may do. Reads need no token at all.
    Role {
        /// May read; recording values is refused.
        Reader,
        /// May record values.
        Editor,
        /// May record values, and read who recorded each one.
        Admin,
    }
);

mirror!(
    /// How `Indicator.series` groups dates.
    Bucket = crate::service::value::series::Bucket {
        /// Calendar months.
        Month,
        /// Calendar quarters (January–March, April–June, …).
        Quarter,
        /// April 1 to March 31.
        FiscalYear,
    }
);

mirror!(
    /// Where an indicator stands against its target (see `Indicator.progress`).
    ProgressStatus = crate::service::progress::Status {
        /// No value has been recorded.
        NoData,
        /// The latest value meets the target's comparator.
        Achieved,
        /// Not achieved yet, but at or above the target prorated by the elapsed share of its period.
        OnTrack,
        /// Not achieved, and below the prorated target.
        AtRisk,
        /// Not achieved, and the target's period is over.
        Missed,
    }
);

//! What the loader's parts share: the ids the database gave a plan's themes, priorities and
//! actions, by the keys the data file names them with.

use std::collections::HashMap;

use crate::service::vocabulary::ThemeKey;

/// The stored ids of a plan's themes, priorities and actions, by the file's keys.
pub struct StoredIds {
    pub themes: HashMap<ThemeKey, i32>,
    /// By (region number, priority number).
    pub priorities: HashMap<(i32, i32), i32>,
    /// By action number.
    pub actions: HashMap<i32, i32>,
}

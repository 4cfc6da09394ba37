//! The catalogue: every plan's regions, priorities, themes, actions, indicators and texts, held
//! in memory as one immutable snapshot.
//!
//! The catalogue changes only when a plan is loaded (`territoires import`, in any process or
//! replica), a few times in the life of a database, while it is read by every query. So it is
//! read whole, in one consistent read, and then answered from memory: a query reads only live
//! values from the store. [`held::Catalogues`] keeps the snapshot of the newest catalogue
//! version a request has seen, and replaces it whole, never in place.
//!
//! The snapshot is read with the batched functions the other service modules offer, asked for
//! every key at once: its lists hold exactly what, and in the order, a read of the store gives.

pub mod held;

use std::collections::HashMap;
use std::sync::Arc;

use entity::{action, indicator, plan, priority, region, theme};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, IsolationLevel,
    TransactionTrait,
};

use super::section::Section;
use super::theme_link::ThemeLink;
use super::value::version::DataVersion;
use super::vocabulary::ThemeKey;
use super::{DEFAULT_PLAN_SLUG, action as actions, indicator as indicators, plan as plans};
use super::{priority as priorities, region as regions, section, theme as themes, theme_link};
use crate::error::Result;

/// What identifies a catalogue: the newest plan and the moment it was loaded (the catalogue
/// part of [`DataVersion`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CatalogueVersion {
    pub newest_plan: i32,
    pub plan_loaded_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<&DataVersion> for CatalogueVersion {
    fn from(version: &DataVersion) -> Self {
        Self {
            newest_plan: version.newest_plan,
            plan_loaded_at: version.plan_loaded_at,
        }
    }
}

/// Lists of catalogue rows, by the id of their owner.
type ByOwner<T> = HashMap<i32, Vec<T>>;
/// Rows shared by every answer that serves them: an object of the schema holds its row, and
/// copying the rows' texts for each would cost an allocation per string and field.
type Shared<T> = Arc<T>;

/// Every plan's catalogue, as stored at [`Catalogue::version`].
#[derive(Debug, Default)]
pub struct Catalogue {
    version: CatalogueVersion,
    /// In loading order: the shipped plan first.
    plans: Vec<Shared<plan::Model>>,
    /// By number.
    regions: Vec<Shared<region::Model>>,
    plan_by_id: HashMap<i32, Shared<plan::Model>>,
    region_by_id: HashMap<i32, Shared<region::Model>>,
    priority_by_id: HashMap<i32, Shared<priority::Model>>,
    theme_by_id: HashMap<i32, Shared<theme::Model>>,
    action_by_id: HashMap<i32, Shared<action::Model>>,
    indicator_by_id: HashMap<i32, Shared<indicator::Model>>,
    indicator_of_action: HashMap<i32, Shared<indicator::Model>>,
    plans_of_priority: ByOwner<Shared<plan::Model>>,
    indicators_of_plan: ByOwner<Shared<indicator::Model>>,
    parts_of_indicator: ByOwner<Shared<indicator::Model>>,
    actions_of_plan: ByOwner<Shared<action::Model>>,
    actions_of_region: ByOwner<Shared<action::Model>>,
    actions_of_theme: ByOwner<Shared<action::Model>>,
    actions_of_priority: ByOwner<Shared<action::Model>>,
    themes_of_plan: ByOwner<Shared<theme::Model>>,
    themes_of_priority: ByOwner<Shared<theme::Model>>,
    themes_of_region: ByOwner<Shared<theme::Model>>,
    themes_of_action: ByOwner<Shared<theme::Model>>,
    priorities_of_region: ByOwner<Shared<priority::Model>>,
    priorities_of_theme: ByOwner<Shared<priority::Model>>,
    regions_of_action: ByOwner<Shared<region::Model>>,
    regions_of_theme: ByOwner<Shared<region::Model>>,
    sections_of_plan: ByOwner<Section>,
    theme_links_of_priority: ByOwner<ThemeLink>,
    theme_links_of_action: ByOwner<ThemeLink>,
}

impl Catalogue {
    /// The catalogue stored now, read in one transaction (on PostgreSQL a read-only, repeatable
    /// read one; SQLite's read transaction sees one snapshot already), with the version it is.
    pub async fn read(db: &DatabaseConnection) -> Result<Self> {
        let transaction = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let config = (IsolationLevel::RepeatableRead, AccessMode::ReadOnly);
                db.begin_with_config(Some(config.0), Some(config.1)).await?
            }
            // SeaORM only warns that SQLite takes no such settings.
            _ => db.begin().await?,
        };
        let catalogue = Self::read_in(&transaction).await?;
        transaction.commit().await?;
        Ok(catalogue)
    }

    async fn read_in(db: &impl ConnectionTrait) -> Result<Self> {
        let version = CatalogueVersion::from(&DataVersion::read(db).await?);
        let plans = shared(plans::all(db).await?);
        let regions = shared(regions::all(db).await?);
        let priority_by_id = by_id(shared(priority::Entity::find().all(db).await?), |row| {
            row.id
        });
        let theme_by_id = by_id(shared(theme::Entity::find().all(db).await?), |row| row.id);
        let action_by_id = by_id(shared(action::Entity::find().all(db).await?), |row| row.id);
        let indicator_by_id = by_id(shared(indicator::Entity::find().all(db).await?), |row| {
            row.id
        });
        let plan_ids: Vec<i32> = plans.iter().map(|plan| plan.id).collect();
        let region_ids: Vec<i32> = regions.iter().map(|region| region.id).collect();
        let priority_ids: Vec<i32> = priority_by_id.keys().copied().collect();
        let theme_ids: Vec<i32> = theme_by_id.keys().copied().collect();
        let action_ids: Vec<i32> = action_by_id.keys().copied().collect();
        let indicator_ids: Vec<i32> = indicator_by_id.keys().copied().collect();
        Ok(Self {
            version,
            plan_by_id: by_id(plans.clone(), |plan| plan.id),
            region_by_id: by_id(regions.clone(), |region| region.id),
            indicator_of_action: indicator_by_id
                .values()
                .map(|indicator| (indicator.action_id, Arc::clone(indicator)))
                .collect(),
            plans_of_priority: shared_lists(plans::of_priorities(db, &priority_ids).await?),
            indicators_of_plan: shared_lists(indicators::of_plans(db, &plan_ids).await?),
            parts_of_indicator: shared_lists(indicators::parts_of(db, &indicator_ids).await?),
            actions_of_plan: shared_lists(actions::of_plans(db, &plan_ids).await?),
            actions_of_region: shared_lists(actions::of_regions(db, &region_ids).await?),
            actions_of_theme: shared_lists(actions::of_themes(db, &theme_ids).await?),
            actions_of_priority: shared_lists(actions::of_priorities(db, &priority_ids).await?),
            themes_of_plan: shared_lists(themes::of_plans(db, &plan_ids).await?),
            themes_of_priority: shared_lists(themes::of_priorities(db, &priority_ids).await?),
            themes_of_region: shared_lists(themes::of_regions(db, &region_ids).await?),
            themes_of_action: shared_lists(themes::of_actions(db, &action_ids).await?),
            priorities_of_region: shared_lists(priorities::of_regions(db, &region_ids).await?),
            priorities_of_theme: shared_lists(priorities::of_themes(db, &theme_ids).await?),
            regions_of_action: shared_lists(regions::of_actions(db, &action_ids).await?),
            regions_of_theme: shared_lists(regions::of_themes(db, &theme_ids).await?),
            sections_of_plan: section::of_plans(db, &plan_ids).await?,
            theme_links_of_priority: theme_link::of_priorities(db, &priority_ids).await?,
            theme_links_of_action: theme_link::of_actions(db, &action_ids).await?,
            plans,
            regions,
            priority_by_id,
            theme_by_id,
            action_by_id,
            indicator_by_id,
        })
    }

    /// The version of the store this catalogue was read at.
    pub fn version(&self) -> CatalogueVersion {
        self.version
    }

    /// Every loaded plan, in loading order: the shipped plan first, then those imported.
    pub fn plans(&self) -> &[Shared<plan::Model>] {
        &self.plans
    }

    /// The plan with `slug`, if loaded.
    pub fn plan_by_slug(&self, slug: &str) -> Option<&Shared<plan::Model>> {
        self.plans.iter().find(|plan| plan.slug == slug)
    }

    /// The plan answered when a query names none.
    pub fn default_plan(&self) -> Option<&Shared<plan::Model>> {
        self.plan_by_slug(DEFAULT_PLAN_SLUG)
    }

    pub fn plan(&self, id: i32) -> Option<&Shared<plan::Model>> {
        self.plan_by_id.get(&id)
    }

    /// The 18 regions, by number.
    pub fn regions(&self) -> &[Shared<region::Model>] {
        &self.regions
    }

    pub fn region(&self, id: i32) -> Option<&Shared<region::Model>> {
        self.region_by_id.get(&id)
    }

    pub fn region_by_number(&self, number: i32) -> Option<&Shared<region::Model>> {
        self.regions.iter().find(|region| region.number == number)
    }

    pub fn region_by_slug(&self, slug: &str) -> Option<&Shared<region::Model>> {
        self.regions.iter().find(|region| region.slug == slug)
    }

    pub fn priority(&self, id: i32) -> Option<&Shared<priority::Model>> {
        self.priority_by_id.get(&id)
    }

    pub fn theme(&self, id: i32) -> Option<&Shared<theme::Model>> {
        self.theme_by_id.get(&id)
    }

    /// The theme of `plan_id` with `key`, if any.
    pub fn theme_by_key(&self, plan_id: i32, key: ThemeKey) -> Option<&Shared<theme::Model>> {
        self.themes_of_plan(plan_id)
            .iter()
            .find(|theme| theme.key == key.as_str())
    }

    pub fn action(&self, id: i32) -> Option<&Shared<action::Model>> {
        self.action_by_id.get(&id)
    }

    /// The action of `plan_id` numbered `number`, if any.
    pub fn action_by_number(&self, plan_id: i32, number: i32) -> Option<&Shared<action::Model>> {
        self.actions_of_plan(plan_id)
            .iter()
            .find(|action| action.number == number)
    }

    pub fn indicator(&self, id: i32) -> Option<&Shared<indicator::Model>> {
        self.indicator_by_id.get(&id)
    }

    /// The indicator of an action (every action has one).
    pub fn indicator_of_action(&self, action_id: i32) -> Option<&Shared<indicator::Model>> {
        self.indicator_of_action.get(&action_id)
    }

    /// The plans that target a priority, in loading order.
    pub fn plans_of_priority(&self, priority_id: i32) -> &[Shared<plan::Model>] {
        list(&self.plans_of_priority, priority_id)
    }

    /// A plan's indicators, in action order.
    pub fn indicators_of_plan(&self, plan_id: i32) -> &[Shared<indicator::Model>] {
        list(&self.indicators_of_plan, plan_id)
    }

    /// The indicators whose totals an indicator includes, in action order.
    pub fn parts_of_indicator(&self, indicator_id: i32) -> &[Shared<indicator::Model>] {
        list(&self.parts_of_indicator, indicator_id)
    }

    /// A plan's actions, by number.
    pub fn actions_of_plan(&self, plan_id: i32) -> &[Shared<action::Model>] {
        list(&self.actions_of_plan, plan_id)
    }

    /// The actions whose published list includes a region, by plan then number.
    pub fn actions_of_region(&self, region_id: i32) -> &[Shared<action::Model>] {
        list(&self.actions_of_region, region_id)
    }

    /// The actions answering a theme.
    pub fn actions_of_theme(&self, theme_id: i32) -> &[Shared<action::Model>] {
        list(&self.actions_of_theme, theme_id)
    }

    /// The actions that answer a priority, by plan then number.
    pub fn actions_of_priority(&self, priority_id: i32) -> &[Shared<action::Model>] {
        list(&self.actions_of_priority, priority_id)
    }

    /// A plan's themes, in the plan's order.
    pub fn themes_of_plan(&self, plan_id: i32) -> &[Shared<theme::Model>] {
        list(&self.themes_of_plan, plan_id)
    }

    /// A priority's themes, by plan then theme order.
    pub fn themes_of_priority(&self, priority_id: i32) -> &[Shared<theme::Model>] {
        list(&self.themes_of_priority, priority_id)
    }

    /// The distinct themes of a region's priorities, by plan then theme order.
    pub fn themes_of_region(&self, region_id: i32) -> &[Shared<theme::Model>] {
        list(&self.themes_of_region, region_id)
    }

    /// An action's themes, in theme order.
    pub fn themes_of_action(&self, action_id: i32) -> &[Shared<theme::Model>] {
        list(&self.themes_of_action, action_id)
    }

    /// A region's priorities, by number.
    pub fn priorities_of_region(&self, region_id: i32) -> &[Shared<priority::Model>] {
        list(&self.priorities_of_region, region_id)
    }

    /// The priorities in a theme, by region then number.
    pub fn priorities_of_theme(&self, theme_id: i32) -> &[Shared<priority::Model>] {
        list(&self.priorities_of_theme, theme_id)
    }

    /// The regions of an action's published list, by number.
    pub fn regions_of_action(&self, action_id: i32) -> &[Shared<region::Model>] {
        list(&self.regions_of_action, action_id)
    }

    /// The regions with a priority in a theme, by number.
    pub fn regions_of_theme(&self, theme_id: i32) -> &[Shared<region::Model>] {
        list(&self.regions_of_theme, theme_id)
    }

    /// A plan's sections, sub-sections included, in the plan's order.
    pub fn sections_of_plan(&self, plan_id: i32) -> &[Section] {
        list(&self.sections_of_plan, plan_id)
    }

    /// A priority's theme links, with their basis, in its plans' theme order.
    pub fn theme_links_of_priority(&self, priority_id: i32) -> &[ThemeLink] {
        list(&self.theme_links_of_priority, priority_id)
    }

    /// An action's theme links, with their basis, in theme order.
    pub fn theme_links_of_action(&self, action_id: i32) -> &[ThemeLink] {
        list(&self.theme_links_of_action, action_id)
    }
}

/// `rows`, each shared.
fn shared<T>(rows: Vec<T>) -> Vec<Shared<T>> {
    rows.into_iter().map(Arc::new).collect()
}

/// `lists`, each row shared.
fn shared_lists<T>(lists: HashMap<i32, Vec<T>>) -> ByOwner<Shared<T>> {
    lists
        .into_iter()
        .map(|(owner, rows)| (owner, shared(rows)))
        .collect()
}

/// `rows` by their key.
fn by_id<T>(rows: Vec<T>, key: impl Fn(&T) -> i32) -> HashMap<i32, T> {
    rows.into_iter().map(|row| (key(&row), row)).collect()
}

/// The list `owner` has in `lists`: empty when it has none.
fn list<T>(lists: &ByOwner<T>, owner: i32) -> &[T] {
    lists.get(&owner).map_or(&[], Vec::as_slice)
}

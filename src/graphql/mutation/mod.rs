//! The `Mutation` root.

mod record;

use async_graphql::MergedObject;

/// Every write of the API. Writes need a token of role editor or admin.
#[derive(MergedObject, Default)]
pub struct Mutation(record::RecordMutation);

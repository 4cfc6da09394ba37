//! Limits checked before execution: aliases per operation, nesting depth, complexity.
//!
//! async-graphql checks depth and complexity itself but reports them without a code; these
//! errors get their codes here, with messages that say the limit. Aliases, which async-graphql
//! does not limit, are counted here.

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{Request, ServerError};

use crate::graphql::context::operation_type;
use crate::graphql::error::code;

/// async-graphql's own messages for its depth and complexity limits, and the start of its
/// message for documents nested beyond what it parses (32 levels).
const TOO_DEEP: &str = "Query is nested too deep.";
const PARSER_TOO_DEEP: &str = "The recursion depth of the query";
const TOO_COMPLEX: &str = "Query is too complex.";

/// The limits a request must fit.
#[derive(Debug, Clone, Copy)]
pub struct QueryLimits {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
}

impl QueryLimits {
    /// Parses `request`'s document, which the schema then executes without parsing it again,
    /// and checks its aliases. Returns the type of the operation the request runs.
    pub fn admit(&self, request: &mut Request) -> Result<Option<OperationType>, ServerError> {
        let name = request.operation_name.clone();
        let document = request
            .parsed_query()
            .map_err(|error| self.explain(error))?;
        let aliases = count_aliases(document);
        if aliases > self.max_aliases {
            return Err(coded(
                format!(
                    "the query uses {aliases} aliases; at most {} are allowed",
                    self.max_aliases
                ),
                code::QUERY_TOO_COMPLEX,
            ));
        }
        Ok(operation_type(document, name.as_deref()))
    }

    /// `error`, with a code and a message naming the limit when async-graphql raised it for
    /// one of these limits.
    pub fn explain(&self, error: ServerError) -> ServerError {
        match error.message.as_str() {
            TOO_DEEP => self.too_deep(),
            message if message.starts_with(PARSER_TOO_DEEP) => self.too_deep(),
            TOO_COMPLEX => coded(
                format!(
                    "the query's complexity is above {} (each field counts, times the size of the lists it is in); ask for less at once",
                    self.max_complexity
                ),
                code::QUERY_TOO_COMPLEX,
            ),
            _ => error,
        }
    }

    fn too_deep(&self) -> ServerError {
        coded(
            format!(
                "the query is nested deeper than {} levels; ask for less at once",
                self.max_depth
            ),
            code::QUERY_TOO_DEEP,
        )
    }
}

fn coded(message: String, code: &'static str) -> ServerError {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    error
}

/// Aliases in every operation and fragment of `document`.
fn count_aliases(document: &ExecutableDocument) -> usize {
    let operations = document
        .operations
        .iter()
        .map(|(_, operation)| &operation.node.selection_set.node);
    let fragments = document
        .fragments
        .values()
        .map(|fragment| &fragment.node.selection_set.node);
    operations.chain(fragments).map(aliases_in).sum()
}

fn aliases_in(selection_set: &SelectionSet) -> usize {
    selection_set
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    #[test]
    fn counts_aliases_in_operations_and_fragments() {
        let document = parse_query(
            "query { a: regions { b: name } ...F } fragment F on Query { c: themes { key } }",
        )
        .unwrap();
        assert_eq!(count_aliases(&document), 3);
    }
}

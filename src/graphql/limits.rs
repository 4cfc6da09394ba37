//! Limits checked before execution: operations per batch and query length, aliases per
//! operation, the shape of the document (data depth, introspection, fields once fragments are
//! expanded, in `shape`), and complexity.
//!
//! The numbers live in `config::Limits`; this module checks them. async-graphql checks
//! complexity itself but reports it without a code; that error gets its code here, with a
//! message that says the limit. Depth is judged here rather than by async-graphql, whose
//! depth counts introspection as data: the introspection query of GraphiQL and graphql-js
//! nests 13 levels and more, bounded by the schema rather than by the query.

mod introspection;
mod shape;

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{BatchRequest, Request, ServerError};

use crate::config::Limits;
use crate::graphql::context::operation_type;
use crate::graphql::error::{code, refusal};
use shape::{MAX_NESTING, Refusal};

/// async-graphql's message for its complexity limit, and its parser's for documents nested
/// beyond what it parses.
const TOO_COMPLEX: &str = "Query is too complex.";
const PARSER_TOO_DEEP: &str = "recursion limit exceeded.";

/// The limits a request must fit.
#[derive(Debug, Clone, Copy)]
pub struct QueryLimits {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_batch: usize,
    pub max_query_bytes: usize,
}

impl From<&Limits> for QueryLimits {
    fn from(limits: &Limits) -> Self {
        Self {
            max_depth: limits.max_depth,
            max_complexity: limits.max_complexity,
            max_aliases: limits.max_aliases,
            max_batch: limits.max_batch,
            max_query_bytes: limits.max_query_bytes,
        }
    }
}

impl QueryLimits {
    /// Checks what can be checked before parsing: the number of operations and their length.
    pub fn check_batch(&self, batch: &BatchRequest) -> Result<(), String> {
        let requests: &[Request] = match batch {
            BatchRequest::Single(request) => std::slice::from_ref(request),
            BatchRequest::Batch(requests) => requests,
        };
        if requests.len() > self.max_batch {
            return Err(format!(
                "the batch holds {} operations; at most {} are allowed",
                requests.len(),
                self.max_batch
            ));
        }
        if let Some(long) = requests
            .iter()
            .find(|request| request.query.len() > self.max_query_bytes)
        {
            return Err(format!(
                "a query is {} bytes long; at most {} are allowed",
                long.query.len(),
                self.max_query_bytes
            ));
        }
        Ok(())
    }

    /// Parses `request`'s document, which the schema then executes without parsing it again,
    /// and checks its aliases and its shape. Returns the type of the operation the request
    /// runs.
    pub fn admit(&self, request: &mut Request) -> Result<Option<OperationType>, ServerError> {
        let name = request.operation_name.clone();
        let document = request
            .parsed_query()
            .map_err(|error| self.explain(error))?;
        let aliases = count_aliases(document);
        if aliases > self.max_aliases {
            return Err(refusal(
                format!(
                    "the query uses {aliases} aliases; at most {} are allowed",
                    self.max_aliases
                ),
                code::QUERY_TOO_COMPLEX,
            ));
        }
        // Every field counts at least 1 towards the complexity, so a document selecting more
        // fields than the complexity allows is refused before it is walked any further.
        shape::check(document, self.max_depth, self.max_complexity)
            .map_err(|refusal| self.refuse(refusal))?;
        Ok(operation_type(document, name.as_deref()))
    }

    /// `error`, with a code and a message naming the limit when async-graphql raised it for
    /// one of these limits.
    pub fn explain(&self, error: ServerError) -> ServerError {
        match error.message.as_str() {
            PARSER_TOO_DEEP => self.refuse(Refusal::TooNested),
            TOO_COMPLEX => refusal(
                format!(
                    "the query's complexity is above {} (each field counts, times the size of the lists it is in); ask for less at once",
                    self.max_complexity
                ),
                code::QUERY_TOO_COMPLEX,
            ),
            _ => error,
        }
    }

    fn refuse(&self, reason: Refusal) -> ServerError {
        match reason {
            Refusal::TooDeep => refusal(
                format!(
                    "the query is nested deeper than {} levels; ask for less at once",
                    self.max_depth
                ),
                code::QUERY_TOO_DEEP,
            ),
            Refusal::TooNested => refusal(
                format!(
                    "the query is nested deeper than {MAX_NESTING} levels, fragments and inline fragments counted; ask for less at once"
                ),
                code::QUERY_TOO_DEEP,
            ),
            Refusal::MembersListedAgain { field } => refusal(
                format!(
                    "introspection lists `{field}` of a type reached through another type's members; a path may list a type's members (fields, inputFields, enumValues, interfaces, possibleTypes) only once, as `__schema {{ types {{ fields {{ type {{ name ofType {{ name }} }} }} }} }}` does"
                ),
                code::QUERY_TOO_DEEP,
            ),
            Refusal::TooManyFields => refusal(
                format!(
                    "the query selects more than {} fields once its fragments are expanded; ask for less at once",
                    self.max_complexity
                ),
                code::QUERY_TOO_COMPLEX,
            ),
            Refusal::FragmentCycle { cycle } => refusal(
                format!(
                    "a fragment spreads itself ({}); a fragment cannot contain itself",
                    cycle.join(" → ")
                ),
                code::BAD_USER_INPUT,
            ),
        }
    }
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
    use async_graphql::Value;
    use async_graphql::parser::parse_query;

    use super::*;

    fn code_of(error: &ServerError) -> Option<&Value> {
        error.extensions.as_ref()?.get("code")
    }

    #[test]
    fn refuses_documents_too_deep_to_parse_with_a_code() {
        let limits = QueryLimits::from(&Limits::default());
        let query = format!("{}id{}", "{ a ".repeat(70), " }".repeat(70));
        let error = limits.admit(&mut Request::new(query)).unwrap_err();
        assert_eq!(code_of(&error), Some(&Value::from(code::QUERY_TOO_DEEP)));
        assert!(
            error.message.contains("deeper than 32 levels"),
            "{}",
            error.message
        );
    }

    #[test]
    fn checks_the_batch_before_parsing() {
        let limits = QueryLimits::from(&Limits::default());
        let long = BatchRequest::Single(Request::new("{ regions { name } }".repeat(2000)));
        let batch = |size| {
            BatchRequest::Batch(
                (0..size)
                    .map(|_| Request::new("{ plans { slug } }"))
                    .collect(),
            )
        };
        let many = batch(11);
        assert!(
            limits
                .check_batch(&long)
                .unwrap_err()
                .contains("at most 32768")
        );
        assert!(
            limits
                .check_batch(&many)
                .unwrap_err()
                .contains("at most 10")
        );
        assert_eq!(limits.check_batch(&batch(10)), Ok(()));
    }

    #[test]
    fn counts_aliases_in_operations_and_fragments() {
        let document = parse_query(
            "query { a: regions { b: name } ...F } fragment F on Query { c: themes { key } }",
        )
        .unwrap();
        assert_eq!(count_aliases(&document), 3);
    }
}

//! Per-request data the HTTP layer hands to the schema, and what it reads of a request.

use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, OperationType};

use super::auth::Credentials;
use crate::service::value::version::DataVersion;

/// What the HTTP layer passes with a request.
#[derive(Clone, Debug)]
pub struct RequestContext {
    pub id: RequestId,
    pub credentials: Credentials,
    /// The data version read after the request arrived: the catalogue the request reads is
    /// this version's, or newer. `None` when the store could not say: the request then fails.
    pub version: Option<DataVersion>,
}

/// The id of the request being served; internal errors quote it so that an operator can find
/// the log lines of a failure a client reports.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Where a subscription that names no `after` cursor starts: after the last event committed
/// when the server read its request. Fixed then, before the server reads the client's next
/// message, so that a client that has had an answer to a later message (a `pong`) knows that
/// every event committed from then on reaches it.
#[derive(Clone, Copy, Debug)]
pub struct SubscriptionStart(pub i64);

/// The operation named `name` in `document`, or its only one; `None` when there is no such
/// operation, or no name for a document of several (which then fails).
pub fn operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    let mut operations = document.operations.iter();
    let (_, operation) = match name {
        Some(name) => operations
            .find(|(candidate, _)| candidate.is_some_and(|candidate| candidate.as_str() == name)),
        None => operations.next().filter(|_| operations.next().is_none()),
    }?;
    Some(&operation.node)
}

/// The type of the operation [`operation`] finds.
pub fn operation_type(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    operation(document, name).map(|operation| operation.ty)
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    #[test]
    fn finds_the_type_of_the_operation_run() {
        let document =
            parse_query("query A { regions { name } } mutation B { createApiToken }").unwrap();
        assert_eq!(
            operation_type(&document, Some("B")),
            Some(OperationType::Mutation)
        );
        assert_eq!(
            operation_type(&document, Some("A")),
            Some(OperationType::Query)
        );
        assert_eq!(operation_type(&document, Some("C")), None);
        assert_eq!(operation_type(&document, None), None, "ambiguous");
        let single = parse_query("mutation { createApiToken }").unwrap();
        assert_eq!(operation_type(&single, None), Some(OperationType::Mutation));
    }
}

//! Per-request data the HTTP layer hands to the schema, and what it reads of a request.

use async_graphql::parser::types::{ExecutableDocument, OperationType};

/// The id of the request being served; internal errors quote it so that an operator can find
/// the log lines of a failure a client reports.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The type of the operation named `name` in `document`, or of its only one; `None` when
/// there is no such operation, or no name for a document of several (which then fails).
pub fn operation_type(document: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    let mut operations = document.operations.iter();
    let (_, operation) = match name {
        Some(name) => operations
            .find(|(candidate, _)| candidate.is_some_and(|candidate| candidate.as_str() == name)),
        None => operations.next().filter(|_| operations.next().is_none()),
    }?;
    Some(operation.node.ty)
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

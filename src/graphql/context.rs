//! Per-request data the HTTP layer hands to the schema, and what the schema notes back.

use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::parser::types::{ExecutableDocument, OperationType};

/// The id of the request being served; internal errors quote it so that an operator can find
/// the log lines of a failure a client reports.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// An operation's name, if it has one, and its type.
type NamedOperation = (Option<String>, OperationType);

/// The operations of the document a request sent, noted when it is parsed.
#[derive(Clone, Debug, Default)]
pub struct OperationRecord(Arc<Mutex<Vec<NamedOperation>>>);

impl OperationRecord {
    /// Notes the operations of `document`.
    pub fn note(&self, document: &ExecutableDocument) {
        let operations = document
            .operations
            .iter()
            .map(|(name, operation)| (name.map(|name| name.to_string()), operation.node.ty))
            .collect();
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = operations;
    }

    /// The type of the operation named `name` (or of the only one), once parsed.
    pub fn kind_of(&self, name: Option<&str>) -> Option<OperationType> {
        let operations = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match name {
            Some(name) => operations
                .iter()
                .find(|(candidate, _)| candidate.as_deref() == Some(name)),
            None => operations.first(),
        }
        .map(|(_, kind)| *kind)
    }
}

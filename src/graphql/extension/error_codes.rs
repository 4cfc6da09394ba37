//! Gives every GraphQL error an `extensions.code`.
//!
//! Resolver errors carry their code already. The errors the engine raises itself, before or
//! while coercing input (parse errors, unknown fields, wrong argument types), carry none, and
//! all of them are the client's input being refused: they get `BAD_USER_INPUT`.
//!
//! An `INTERNAL` error also gets the request's id, in its message and as
//! `extensions.requestId`, and nothing more.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextRequest, NextSubscribe,
};
use async_graphql::{ErrorExtensionValues, Response, Value};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use crate::graphql::context::RequestId;
use crate::graphql::error::code;

/// Factory of [`ErrorCodesExtension`], registered on the schema.
#[derive(Debug)]
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        with_codes(next.run(ctx).await)
    }

    // Operations over the WebSocket do not go through `request`: each of their responses
    // gets its codes here.
    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream).map(with_codes).boxed()
    }

    // Internal errors come from resolvers, so from execution. The request's data, which holds
    // its id, is reachable from here; in `request` it is not attached yet.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let Some(RequestId(id)) = ctx.data_opt::<RequestId>() else {
            return response;
        };
        for error in &mut response.errors {
            // The cause of an internal error is in the log, under the request's id.
            if let Some(extensions) = error.extensions.as_mut()
                && matches!(extensions.get("code"), Some(Value::String(code)) if code == code::INTERNAL)
            {
                extensions.set("requestId", Value::from(id.as_str()));
                error.message = format!("{} (request id {id})", error.message);
            }
        }
        response
    }
}

/// `response`, each error of which has a code: `BAD_USER_INPUT` unless it had one.
fn with_codes(mut response: Response) -> Response {
    for error in &mut response.errors {
        let extensions = error
            .extensions
            .get_or_insert_with(ErrorExtensionValues::default);
        if extensions.get("code").is_none() {
            extensions.set("code", Value::from(code::BAD_USER_INPUT));
        }
    }
    response
}

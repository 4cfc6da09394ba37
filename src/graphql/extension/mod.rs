//! Schema extensions: error codes for every error, and the limits checked before execution.

mod error_codes;
mod limits;

pub use error_codes::ErrorCodes;
pub use limits::QueryLimits;

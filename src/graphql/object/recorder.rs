//! `Recorder`: the token that recorded a value, as an admin reads it.

use async_graphql::{Object, Result};
use entity::api_token;

use super::Role;
use crate::graphql::scalar::DateTime;

/// The API token that recorded a value. Only an admin token reads it.
pub struct Recorder(pub api_token::Model);

/// The API token that recorded a value: its name and role, and whether it is still live. A
/// revoked token still names the values it recorded.
#[Object(serial)]
impl Recorder {
    /// The token's name, as given to `territoires token create --name`.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The token's role.
    async fn role(&self) -> Result<Role> {
        Ok(Role::from_stored(&self.0.role)?)
    }

    /// When the token was created.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    /// When the token was revoked (`territoires token revoke`); null while it is live.
    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at.map(DateTime)
    }
}

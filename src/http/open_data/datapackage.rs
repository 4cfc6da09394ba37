//! `GET /datapackage.json`: a Frictionless Data Package (v1) describing values.csv and the
//! catalogue files, built from the same column definitions as their header rows.

use poem::web::Data;
use poem::{Response, handler};
use serde_json::{Value, json};

use super::tables::{ALL, Table};
use crate::http::json_answer::internal;
use crate::service::plan;
use crate::state::AppState;

/// The package's description: what it holds, and that no license is claimed.
const DESCRIPTION: &str = "Données ouvertes du plan : les valeurs enregistrées des indicateurs \
    (values.csv) et le catalogue du plan (régions, priorités, actions). /plan.csv sert la même \
    table que plan/actions.csv. Le plan n'énonce aucune licence : ce paquet n'en déclare pas.";

#[handler]
pub async fn datapackage(Data(state): Data<&AppState>) -> Response {
    match plan::default(&state.db).await {
        Ok(plan) => {
            let (name, title) = plan.map_or_else(
                || ("territoires".to_owned(), "territoires".to_owned()),
                |plan| (plan.slug, plan.title),
            );
            Response::builder()
                .content_type("application/json; charset=utf-8")
                .body(package(&name, &title).to_string())
        }
        Err(error) => internal(&error, "exporting open data"),
    }
}

/// The package named `name` with `title`; paths are relative to the package's own URL.
fn package(name: &str, title: &str) -> Value {
    json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": DESCRIPTION,
        "resources": ALL.iter().map(|table| resource(table)).collect::<Vec<_>>(),
    })
}

/// One file as a tabular data resource.
fn resource(table: &Table) -> Value {
    let fields: Vec<Value> = table
        .columns
        .iter()
        .map(|column| {
            let mut field = json!({
                "name": column.name,
                "type": column.kind,
                "description": column.description,
            });
            if column.kind == "datetime" {
                // RFC 3339 with fractional seconds, which the default format does not read.
                field["format"] = json!("any");
            }
            field
        })
        .collect();
    let foreign_keys: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|key| {
            json!({
                "fields": key.fields,
                "reference": { "resource": key.resource, "fields": key.key },
            })
        })
        .collect();
    let mut schema = json!({ "fields": fields, "primaryKey": table.primary_key });
    if !foreign_keys.is_empty() {
        schema["foreignKeys"] = json!(foreign_keys);
    }
    json!({
        "profile": "tabular-data-resource",
        "name": table.name,
        "title": table.title,
        "path": table.path.trim_start_matches('/'),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    })
}

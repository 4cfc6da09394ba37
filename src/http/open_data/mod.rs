//! Open data out: `GET /values.csv`, the catalogue as flat tables (`/plan.csv`,
//! `/plan/*.csv`) and `/datapackage.json` describing them.

mod csv_out;
mod params;
pub mod values;

//! Open data out: `GET /values.csv`, the recorded values; `/plan/*.csv` and `/plan.csv`, the
//! catalogue; `/datapackage.json`, the Frictionless description of them all.

pub mod catalogue;
mod csv_out;
pub mod datapackage;
mod params;
mod tables;
pub mod values;

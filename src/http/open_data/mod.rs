//! Open data out: `GET /values.csv`, the recorded values as a CSV download.

mod csv_out;
mod params;
pub mod values;

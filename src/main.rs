//! The `territoires` binary: parses the command line and hands over to the library.

fn main() -> anyhow::Result<()> {
    territoires::cli::run()
}

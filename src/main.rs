//! The `territoires` binary: parses the command line and hands over to the library.

/// mimalloc rather than the system allocator: executing a query allocates small objects by
/// the thousand on every worker thread, where glibc's malloc spent about 40% of the server's
/// time (profile of the uncached dashboard).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    territoires::cli::run()
}

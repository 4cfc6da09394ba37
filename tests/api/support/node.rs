//! Node.js clients that tests run as users run them (the graphql-http audit suite, the
//! graphql-ws client), installed with npm at pinned versions, once per target directory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use super::target_directory;

/// Two tests installing into one directory at once would corrupt it.
static INSTALLING: Mutex<()> = Mutex::new(());

/// Installs `packages` (each `name@version`) into `target/NAME/` unless they are there, copies
/// the script `tests/api/SCRIPT` beside them and returns its path; `None` (after saying so)
/// when Node.js is missing and `CI` is not set. Blocking: call it from `spawn_blocking`.
pub fn install(name: &str, packages: &[&str], script: &str) -> Option<PathBuf> {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Node.js is required in CI to run {name}: `apt-get install nodejs npm`"
        );
        eprintln!("skipped {name}: Node.js is not installed");
        return None;
    }
    let directory = target_directory().join(name);
    let _alone = INSTALLING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !packages
        .iter()
        .all(|package| installed(&directory, package))
    {
        std::fs::create_dir_all(&directory).unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&directory)
            .args(packages)
            .status()
            .unwrap();
        assert!(status.success(), "npm install {packages:?} failed");
    }
    let file_name = Path::new(script).file_name().expect("a script file");
    let copy = directory.join(file_name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/api")
            .join(script),
        &copy,
    )
    .unwrap();
    Some(copy)
}

/// Whether `package` (`name@version`) is installed in `directory` at that version.
fn installed(directory: &Path, package: &str) -> bool {
    let (name, version) = package
        .rsplit_once('@')
        .filter(|(name, _)| !name.is_empty())
        .expect("a package pinned as name@version");
    let manifest = directory
        .join("node_modules")
        .join(name)
        .join("package.json");
    std::fs::read_to_string(manifest).is_ok_and(|text| {
        serde_json::from_str::<serde_json::Value>(&text)
            .is_ok_and(|manifest| manifest["version"] == version)
    })
}

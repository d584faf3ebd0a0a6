//! Carries the generic features inside the binary: every `.feature` file of `features/protocol/`
//! and the legacy SSE transport's own rules (`features/transports/sse.feature`), which hold for
//! any MCP server, become a table of (path, text) compiled into the command.

use std::path::{Path, PathBuf};

fn main() {
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("../features");
    let mut files: Vec<PathBuf> = std::fs::read_dir(features.join("protocol"))
        .expect("features/protocol")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "feature"))
        .collect();
    files.push(features.join("transports/sse.feature"));
    files.sort();
    let mut table = String::from("/// The generic features: (path under `features/`, text).\n");
    table.push_str("pub static FEATURES: &[(&str, &str)] = &[\n");
    for file in &files {
        let file = file.canonicalize().expect("a feature file");
        let relative = file
            .strip_prefix(features.canonicalize().expect("features/"))
            .expect("under features/");
        table.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            relative.display().to_string(),
            file.display().to_string()
        ));
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("features.rs");
    std::fs::write(out, table).expect("write the features table");
    println!("cargo::rerun-if-changed=../features/protocol");
    println!("cargo::rerun-if-changed=../features/transports/sse.feature");
}

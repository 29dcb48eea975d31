//! Embeds the default rule set (`rules/flevolandse-norm/*.toml`) into the library.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dir = manifest.join("../../rules/flevolandse-norm");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            println!("cargo:rerun-if-changed={}", p.display());
            (p.extension().and_then(|x| x.to_str()) == Some("toml"))
                .then(|| p.file_name()?.to_str().map(str::to_string))
                .flatten()
        })
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The embedded rule files: (file name, content).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let path = dir.join(n).canonicalize().expect("listed file exists");
        writeln!(
            out,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("embedded_rules.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

//! Compiles the shipped `flows/*.ron` into the binary, so an installed
//! `banshi` works from any directory.
use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let flows = Path::new(&root).join("flows");
    println!("cargo:rerun-if-changed={}", flows.display());
    let mut files: Vec<_> = fs::read_dir(&flows)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("pub static SHIPPED: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("flows/{name}"),
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("shipped_flows.rs");
    fs::write(dest, out).expect("write shipped_flows.rs");
}

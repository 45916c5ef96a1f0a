//! Compiles the shipped `flows/*.ron` into the binary, so an installed
//! `banshi` works from any directory, and names the build for the search
//! index cache (`BANSHI_INDEX_BUILD`: a hash of the shipped flows, of the
//! code that loads flows and builds the index and of Cargo.lock, so a
//! cache written by other code is never read).
use std::path::{Path, PathBuf};
use std::{env, fs};

/// FNV-1a, continued from `h`.
fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01B3))
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Appends `pub static NAME: &[(&str, &str)]`: each of `files` (but those
/// named in `skip`) as its path under `shown` and its text, compiled in.
fn static_list(out: &mut String, name: &str, files: &[PathBuf], shown: &str, skip: &[&str]) {
    out.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let file = f.file_name().unwrap().to_string_lossy();
        if skip.contains(&file.as_ref()) {
            continue;
        }
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("{shown}/{file}"),
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
}

/// Files in `flows/` that are not flows: the shared snippets and the titles
/// of the sources (see `src/flow/library.rs`).
const LIBRARY_FILES: [&str; 2] = ["snippets.ron", "sources.ron"];

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let flows = Path::new(&root).join("flows");
    println!("cargo:rerun-if-changed={}", flows.display());
    let files = sorted_files(&flows, "ron");
    let mut out = String::new();
    // The shared texts and the source titles are not flows: compiled in on
    // their own below.
    static_list(&mut out, "SHIPPED", &files, "flows", &LIBRARY_FILES);
    for (name, konst) in LIBRARY_FILES.iter().zip(["SNIPPETS", "SOURCE_TITLES"]) {
        let f = flows.join(name);
        println!("cargo:rerun-if-changed={}", f.display());
        out.push_str(&format!(
            "pub static {konst}: (&str, &str) = ({:?}, include_str!({:?}));\n",
            format!("flows/{name}"),
            f.display().to_string()
        ));
    }
    // Regional overlays: every `flows/regions/*.ron` but the place list
    // (compiled in by `src/flow/places.rs`).
    let regions = flows.join("regions");
    println!("cargo:rerun-if-changed={}", regions.display());
    let overlays = sorted_files(&regions, "ron");
    static_list(
        &mut out,
        "REGIONS",
        &overlays,
        "flows/regions",
        &["places.ron"],
    );
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("shipped_flows.rs");
    fs::write(dest, out).expect("write shipped_flows.rs");

    let mut build = fnv(0xCBF2_9CE4_8422_2325, env!("CARGO_PKG_VERSION").as_bytes());
    let src = Path::new(&root).join("src");
    let code = [src.join("search"), src.join("flow")];
    for dir in &code {
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    // Cargo.lock too: a new version of the pinyin crate changes what the
    // index holds.
    for f in files
        .iter()
        .cloned()
        .chain(code.iter().flat_map(|d| sorted_files(d, "rs")))
        .chain([Path::new(&root).join("Cargo.lock")])
    {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.strip_prefix(&root).unwrap_or(&f);
        build = fnv(build, name.to_string_lossy().as_bytes());
        build = fnv(build, &fs::read(&f).expect("read a source file"));
    }
    println!("cargo:rustc-env=BANSHI_INDEX_BUILD={build:016x}");
}

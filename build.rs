//! Builds two tables for the playground:
//! * the API model's documentation for the inspector: the members of every shape the simulated
//!   operations send or receive, with their documentation as plain text in a file of its own
//!   that the page fetches, read from the 2021-11-30 model that scripts/setup.sh fetches from
//!   PyPI;
//! * the catalog of the scenarios and tutorials in `static/`, for the start panel's menus, so
//!   that a file added there is offered without another list to keep.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The table of simulated operations, whose `operation: Name,` lines say which operations the
/// inspector documents (a test checks the result against `Operation::is_simulated`).
const OPERATION_TABLE: &str = "src/sim/ops/table.rs";

fn simulated_operations() -> Vec<String> {
    let table = std::fs::read_to_string(OPERATION_TABLE).unwrap_or_default();
    table
        .lines()
        .filter_map(|line| line.trim().strip_prefix("operation: ")?.strip_suffix(','))
        .map(str::to_owned)
        .collect()
}

const MAX_DOC_CHARS: usize = 700;

fn main() {
    write_catalog();
    write_model_docs();
}

/// `(id, title, summary)` of each `static/<folder>/<id>.json`, sorted by id. A file that does
/// not read is left out here; the native tests fail on it.
fn catalog_entries(folder: &str) -> String {
    println!("cargo:rerun-if-changed=static/{folder}");
    let mut entries: Vec<(String, String, String)> = std::fs::read_dir(format!("static/{folder}"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let id = path.file_name()?.to_str()?.strip_suffix(".json")?.to_owned();
            let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
            let text = |name: &str| file[name].as_str().unwrap_or_default().to_owned();
            Some((id, text("title"), text("summary")))
        })
        .collect();
    entries.sort();
    entries.iter().map(|entry| format!("    {entry:?},\n")).collect()
}

fn write_catalog() {
    let code = format!(
        "/// (id, title, summary)\npub static SCENARIOS: &[(&str, &str, &str)] = &[\n{}];\n\
         /// (id, title, summary)\npub static TUTORIALS: &[(&str, &str, &str)] = &[\n{}];\n",
        catalog_entries("scenarios"),
        catalog_entries("tutorials")
    );
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalog.rs"), code).unwrap();
}

fn write_model_docs() {
    let dir = std::env::var_os("KINESIS_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("target/reference"));
    let path = dir.join("kinesis-2013-12-02.service-2.json");
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-env-changed=KINESIS_REFERENCE_DIR");
    println!("cargo:rerun-if-changed={OPERATION_TABLE}");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("model_docs.rs");

    let model: Option<serde_json::Value> =
        std::fs::read_to_string(&path).ok().and_then(|text| serde_json::from_str(&text).ok());
    let Some(model) = model else {
        println!(
            "cargo:warning=no API model at {}: the inspector will show no documentation (run scripts/setup.sh)",
            path.display()
        );
        std::fs::write(out, "pub static OPERATIONS: &[(&str, &str, &str)] = &[];\npub static MEMBERS: &[(&str, &str, &str, u16)] = &[];\npub static TYPES: &[(&str, &str)] = &[];\npub static DOCS_FILE: &str = \"\";\n").unwrap();
        return;
    };

    let mut operations = String::new();
    let mut pending: Vec<String> = Vec::new();
    for name in simulated_operations() {
        let op = &model["operations"][&name];
        let input = op["input"]["shape"].as_str().unwrap_or_default();
        let output = op["output"]["shape"].as_str().unwrap_or_default();
        writeln!(operations, "    ({name:?}, {input:?}, {output:?}),").unwrap();
        pending.extend([input, output].into_iter().filter(|s| !s.is_empty()).map(str::to_owned));
    }

    let mut seen = BTreeSet::new();
    let mut members = String::new();
    // The documentation, one member's a line, in a file of its own that the page fetches once
    // it has started (src/ui/model_docs_fetch.rs), rather than 6 KB more of the page's wasm.
    let mut docs = String::new();
    let mut doc_count = 0u16;
    let mut types = String::new();
    while let Some(shape_name) = pending.pop() {
        if !seen.insert(shape_name.clone()) {
            continue;
        }
        let shape = &model["shapes"][&shape_name];
        let kind = shape["type"].as_str().unwrap_or_default();
        writeln!(types, "    ({shape_name:?}, {kind:?}),").unwrap();
        let mut entries: Vec<(String, String, String)> = Vec::new();
        match shape["type"].as_str() {
            Some("structure") => {
                for (member, spec) in shape["members"].as_object().into_iter().flatten() {
                    let target = spec["shape"].as_str().unwrap_or_default().to_owned();
                    entries.push((
                        member.clone(),
                        target,
                        plain_text(spec["documentation"].as_str().unwrap_or_default()),
                    ));
                }
            }
            Some("list") => entries.push((
                "member".into(),
                shape["member"]["shape"].as_str().unwrap_or_default().into(),
                String::new(),
            )),
            Some("map") => entries.push((
                "value".into(),
                shape["value"]["shape"].as_str().unwrap_or_default().into(),
                String::new(),
            )),
            _ => {}
        }
        for (member, target, doc) in entries {
            let index = if doc.is_empty() {
                u16::MAX
            } else {
                docs.push_str(&doc);
                docs.push('\n');
                doc_count += 1;
                doc_count - 1
            };
            writeln!(members, "    ({shape_name:?}, {member:?}, {target:?}, {index}),").unwrap();
            pending.push(target);
        }
    }
    let docs_file = write_docs_file(&docs);
    let code = format!(
        "/// (operation, input shape, output shape)\npub static OPERATIONS: &[(&str, &str, &str)] = &[\n{operations}];\n\
         /// (shape, member, member's shape, line of its documentation in DOCS_FILE or u16::MAX)\n\
         pub static MEMBERS: &[(&str, &str, &str, u16)] = &[\n{members}];\n\
         /// (shape, type: structure, list, map, string, integer, boolean, timestamp…)\npub static TYPES: &[(&str, &str)] = &[\n{types}];\n\
         /// The documentation's file, named by its content so that a page never reads another build's.\n\
         pub static DOCS_FILE: &str = {docs_file:?};\n"
    );
    std::fs::write(out, code).unwrap();
}

/// Writes the documentation lines to `target/model-docs/model-docs-<hash>.txt`, alone in that
/// folder, where trunk's post-build step copies it into the bundle (Trunk.toml); returns the name.
fn write_docs_file(docs: &str) -> String {
    // FNV-1a: a name that changes with the content, without a hashing crate.
    let hash = docs
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3));
    let name = format!("model-docs-{hash:016x}.txt");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("target/model-docs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&name), docs).unwrap();
    name
}

/// The model's HTML documentation as one line of plain text.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    let mut words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [(" .", "."), (" ,", ","), (" :", ":"), ("( ", "("), (" )", ")")] {
        words = words.replace(from, to);
    }
    if words.chars().count() > MAX_DOC_CHARS {
        words = words.chars().take(MAX_DOC_CHARS).collect::<String>() + "…";
    }
    words
}

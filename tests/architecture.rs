//! The shape of the workspace: one crate per step, dependencies pointing
//! only at earlier steps, and Typst only in the PDF crate. Read from
//! `cargo metadata`, so that a new dependency that breaks the line fails
//! here.

use std::collections::{BTreeMap, BTreeSet};

/// The steps, in the order data flows; a crate may depend only on crates
/// of earlier steps.
const STEPS: &[(&str, usize)] = &[
    ("notes-doc", 0),
    ("notes-math", 0),
    ("notes-project", 1),
    ("notes-read", 2),
    ("notes-assemble", 3),
    ("notes-normalize", 4),
    ("notes-backend", 5),
    ("notes-pdf", 6),
    ("notes-epub", 6),
    ("notes", 7),
];

struct Graph {
    /// Package id → name.
    names: BTreeMap<String, String>,
    /// Package id → ids of its normal (not dev, not build) dependencies.
    deps: BTreeMap<String, Vec<String>>,
}

fn metadata() -> Graph {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Only the packages this machine builds (the others' sources may not be
    // downloaded), read offline.
    let host = std::process::Command::new("rustc").arg("-vV").output().expect("rustc runs");
    let host = String::from_utf8_lossy(&host.stdout).lines().find_map(|l| l.strip_prefix("host: ").map(str::to_string)).expect("rustc names the host");
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline", "--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let mut names = BTreeMap::new();
    for p in json["packages"].as_array().expect("packages") {
        names.insert(p["id"].as_str().unwrap_or_default().to_string(), p["name"].as_str().unwrap_or_default().to_string());
    }
    let mut deps = BTreeMap::new();
    for node in json["resolve"]["nodes"].as_array().expect("a resolved graph") {
        let normal: Vec<String> = node["deps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["dep_kinds"].as_array().into_iter().flatten().any(|k| k["kind"].is_null()))
            .map(|d| d["pkg"].as_str().unwrap_or_default().to_string())
            .collect();
        deps.insert(node["id"].as_str().unwrap_or_default().to_string(), normal);
    }
    Graph { names, deps }
}

impl Graph {
    fn id(&self, name: &str) -> &str {
        self.names.iter().find(|(_, n)| *n == name).map(|(id, _)| id.as_str()).unwrap_or_else(|| panic!("no package {name}"))
    }

    /// The names of everything `name` depends on, directly or not.
    fn closure(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![self.id(name).to_string()];
        while let Some(id) = stack.pop() {
            for dep in self.deps.get(&id).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    stack.push(dep.clone());
                }
            }
        }
        seen.iter().map(|id| self.names[id].clone()).collect()
    }
}

#[test]
fn only_the_pdf_crate_depends_on_typst() {
    let graph = metadata();
    for (name, _) in STEPS {
        let typst: Vec<String> = graph.closure(name).into_iter().filter(|d| d.starts_with("typst")).collect();
        let may = matches!(*name, "notes-pdf" | "notes");
        assert_eq!(!typst.is_empty(), may, "{name} depends on {typst:?}");
    }
}

#[test]
fn every_crate_depends_only_on_earlier_steps() {
    let graph = metadata();
    let step: BTreeMap<&str, usize> = STEPS.iter().copied().collect();
    for (name, at) in STEPS {
        for dep in graph.closure(name) {
            if let Some(dep_at) = step.get(dep.as_str()) {
                assert!(dep_at < at, "{name} (step {at}) depends on {dep} (step {dep_at})");
            }
        }
    }
    let workspace: Vec<&String> = graph.names.values().filter(|n| n.starts_with("notes")).collect();
    for name in workspace {
        assert!(step.contains_key(name.as_str()), "the crate {name} has no step in this test: say where it belongs");
    }
}

//! Conformance against the standards' own material: the CycloneDX schema test resources, the
//! SPDX examples and specification examples, and real-world SBOMs.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};

use medcyber_sbom::{ReadOptions, SbomError, Target, read, validate, write};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `valid-*` file of CycloneDX 1.2–1.7 validates and every `invalid-*` file does not;
/// JSON and XML.
#[test]
fn cyclonedx_schema_test_resources_are_classified_as_named() {
    let Some(dir) = medcyber_testdata::dir("cyclonedx-spec") else {
        return;
    };
    let mut mismatches = Vec::new();
    let mut checked = [0usize; 2];
    for version in ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
        for path in files_under(&dir.join("test-resources").join(version)) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let expect_valid = if name.starts_with("valid-") {
                true
            } else if name.starts_with("invalid-") {
                false
            } else {
                continue;
            };
            let xml = name.ends_with(".xml");
            if !(xml || name.ends_with(".json")) {
                continue;
            }
            checked[usize::from(xml)] += 1;
            let verdict = validate(&bytes(&path), &ReadOptions::default());
            let valid = match &verdict {
                Ok(v) => v.is_valid(),
                Err(_) => false,
            };
            if valid != expect_valid {
                let why = match &verdict {
                    Ok(v) => v
                        .errors
                        .first()
                        .map(ToString::to_string)
                        .unwrap_or_else(|| "no problem found".into()),
                    Err(e) => e.to_string(),
                };
                mismatches.push(format!("{version}/{name}: {why}"));
            }
        }
    }
    eprintln!(
        "checked {} JSON and {} XML files; {} misclassified",
        checked[0],
        checked[1],
        mismatches.len()
    );
    for m in &mismatches {
        eprintln!("  {m}");
    }
    assert!(checked[0] > 350 && checked[1] > 350, "{checked:?}");
    // Every verdict as the file name says, JSON (JSON schema) and XML (XSD).
    let wrong = &mismatches;
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Every SPDX example (2.2/2.3 JSON, YAML and tag-value, 3.0 JSON-LD) reads.
#[test]
fn spdx_examples_read() {
    let mut read_count = 0;
    let mut failures = Vec::new();
    for set in ["spdx-examples", "spdx-spec"] {
        let Some(dir) = medcyber_testdata::dir(set) else {
            return;
        };
        for path in files_under(&dir) {
            let name = path.to_string_lossy().to_string();
            if !(name.ends_with(".json") || name.ends_with(".spdx") || name.ends_with(".yaml"))
                || name.contains("schema")
            {
                continue;
            }
            let lenient = ReadOptions {
                lenient: true,
                ..ReadOptions::default()
            };
            match read(&bytes(&path), &lenient) {
                Ok(outcome) => {
                    read_count += 1;
                    assert!(
                        !outcome.sbom.components.is_empty() || !outcome.sbom.unmapped.is_empty(),
                        "{name}: nothing read"
                    );
                    if !outcome.diagnostics.is_empty() {
                        eprintln!(
                            "{name}: {} problem(s), first: {}",
                            outcome.diagnostics.len(),
                            outcome.diagnostics[0]
                        );
                    }
                }
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(read_count >= 55, "{read_count}");
}

/// The SPDX specification's YAML examples are valid, and read to the same packages as the same
/// examples in JSON and tag-value.
#[test]
fn spdx_yaml_examples_equal_their_json_and_tag_value_twins() {
    let Some(dir) = medcyber_testdata::dir("spdx-spec") else {
        return;
    };
    for (yaml, json, tv) in [
        (
            "v2.2/examples/SPDXYAMLExample-2.2.spdx.yaml",
            "v2.2/examples/SPDXJSONExample-v2.2.spdx.json",
            "v2.2/examples/SPDXTagExample-v2.2.spdx",
        ),
        (
            "v2.3/examples/SPDXYAMLExample-2.3.spdx.yaml",
            "v2.3/examples/SPDXJSONExample-v2.3.spdx.json",
            "v2.3/examples/SPDXTagExample-v2.3.spdx",
        ),
    ] {
        let verdict = validate(&bytes(&dir.join(yaml)), &ReadOptions::default()).expect(yaml);
        assert!(verdict.schema_checked, "{yaml}");
        assert!(verdict.is_valid(), "{yaml}: {:?}", verdict.errors);
        let packages = |file: &str| {
            let outcome = read(&bytes(&dir.join(file)), &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut ids: Vec<_> = outcome
                .sbom
                .components
                .iter()
                .map(|c| {
                    (
                        c.bom_ref.clone(),
                        c.name.clone(),
                        c.version.clone(),
                        c.purl.clone(),
                    )
                })
                .collect();
            ids.sort();
            (ids, outcome.sbom.dependencies.len())
        };
        let from_yaml = packages(yaml);
        assert!(!from_yaml.0.is_empty(), "{yaml}");
        assert_eq!(from_yaml, packages(json), "{yaml} against {json}");
        assert_eq!(from_yaml.0, packages(tv).0, "{yaml} against {tv}");
    }
}

/// The real-world SPDX set reads, and its malformed files are refused with a located message.
#[test]
fn bom_shelter_reads_and_refuses_its_malformed_files() {
    let Some(dir) = medcyber_testdata::dir("bom-shelter") else {
        return;
    };
    let mut refused = Vec::new();
    let mut read_count = 0;
    for path in files_under(&dir) {
        let name = path.to_string_lossy().to_string();
        if !(name.ends_with(".json") || name.ends_with(".spdx")) {
            continue;
        }
        let lenient = ReadOptions {
            lenient: true,
            ..ReadOptions::default()
        };
        match read(&bytes(&path), &lenient) {
            Ok(_) => read_count += 1,
            Err(e) => refused.push((name, e)),
        }
    }
    for (name, e) in &refused {
        eprintln!("refused {name}: {e}");
        assert!(
            matches!(e, SbomError::Malformed { .. } | SbomError::NotAnSbom(_)),
            "{name}: {e}"
        );
    }
    assert!(read_count > 20, "{read_count}");
    // `powershell-2.2.6.spdx.json` has trailing data after its JSON object: refused, located.
    // `grype-sbom-modified.spdx.json` is tag-value under a `.json` name: read as tag-value,
    // since the format is detected from the content.
    let names: Vec<&str> = refused.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].ends_with("powershell-2.2.6.spdx.json"),
        "{names:?}"
    );
    assert!(
        refused[0].1.to_string().contains("2765:1"),
        "{}",
        refused[0].1
    );
}

/// A component's identity: name, version, purl, CPE, sorted hashes.
type Identity = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Vec<String>,
);

/// CycloneDX → SPDX → CycloneDX keeps every component's identity.
#[test]
fn round_trips_keep_component_identity() {
    let Some(dir) = medcyber_testdata::dir("medical-sbom-case-study") else {
        return;
    };
    for path in files_under(&dir) {
        let outcome = read(&bytes(&path), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let spdx = write(&outcome.sbom, Target::SpdxJson);
        let back = read(spdx.text.as_bytes(), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: SPDX output invalid: {e}", path.display()));
        let cdx = write(&back.sbom, Target::CycloneDxJson);
        let again = read(cdx.text.as_bytes(), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: CycloneDX output invalid: {e}", path.display()));
        let identity = |s: &medcyber_model::Sbom| {
            let mut v: Vec<Identity> = s
                .components
                .iter()
                .map(|c| {
                    let mut hashes: Vec<String> = c
                        .hashes
                        .iter()
                        .map(|h| format!("{}:{}", h.alg, h.value))
                        .collect();
                    hashes.sort();
                    (
                        c.name.clone(),
                        c.version.clone(),
                        c.purl.clone(),
                        c.cpe.clone(),
                        hashes,
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            identity(&outcome.sbom),
            identity(&again.sbom),
            "{}",
            path.display()
        );
        // The same through XML and tag-value.
        for target in [Target::CycloneDxXml, Target::SpdxTagValue] {
            let w = write(&outcome.sbom, target);
            let r = read(w.text.as_bytes(), &ReadOptions::default()).unwrap_or_else(|e| {
                panic!("{} as {}: {e}\n{}", path.display(), target.name(), w.text)
            });
            assert_eq!(
                identity(&outcome.sbom),
                identity(&r.sbom),
                "{} via {}",
                path.display(),
                target.name()
            );
        }
    }
}

/// The medical-device SBOM of the sbom-completeness case study, checked against every profile:
/// the scores and the findings reviewed by hand (the device itself is redacted: no version or
/// manufacturer; the `dependencies` entries list no `dependsOn`, so the SBOM states no
/// relationship at all; support data is present for every part but written as free text).
#[test]
fn medical_device_sbom_checks() {
    use medcyber_model::Lang;
    use medcyber_sbom::check::{Profile, check};
    let Some(dir) = medcyber_testdata::dir("medical-sbom-case-study") else {
        return;
    };
    let path = dir.join("sboms/case-study/narrow.sbom.json");
    let sbom = read(&bytes(&path), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .sbom;
    let scores: Vec<(Profile, u8, bool)> = Profile::ALL
        .iter()
        .map(|p| {
            let r = check(&sbom, *p, Lang::En);
            (*p, r.score, r.passed)
        })
        .collect();
    assert_eq!(
        scores,
        [
            (Profile::Ntia, 79, false),
            (Profile::Imdrf, 74, false),
            (Profile::Fda, 79, false),
            (Profile::Bsi, 42, false),
        ]
    );
    let imdrf = check(&sbom, Profile::Imdrf, Lang::En);
    let result = |id: &str| {
        imdrf
            .checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(
        result("imdrf.subject").failures[0].reason,
        "the described product lacks: version, manufacturer"
    );
    assert_eq!(
        (
            result("imdrf.dependencies").passed,
            result("imdrf.dependencies").total
        ),
        (0, 1)
    );
    let versionless: Vec<&str> = result("imdrf.version")
        .failures
        .iter()
        .filter_map(|f| f.component.as_deref())
        .collect();
    assert_eq!(versionless, ["REDACTED", "Qualcomm Atheros QCA9563"]);
    let fda = check(&sbom, Profile::Fda, Lang::En);
    let support = fda
        .checks
        .iter()
        .find(|c| c.id == "fda.support")
        .map(|c| (c.passed, c.total));
    assert_eq!(support, Some((55, 56)));
}

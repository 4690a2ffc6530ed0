//! SPDX 2.x tag-value → the SPDX JSON shape, so that one mapping and one schema serve both.
//!
//! Lines are `Tag: value`; a value may span lines inside `<text>…</text>`. `PackageName`,
//! `FileName`, `SnippetSPDXID` and `LicenseID` open a package, file, snippet or extracted
//! licence; the tags after them belong to it. Annotations attach to the element named by
//! `SPDXREF`. Every converted value remembers its line, so schema problems are reported by
//! line (and the JSON pointer).

use serde_json::{Map, Value, json};

use crate::{Diagnostic, Location, SbomError};

/// The converted document and where each JSON pointer came from.
pub struct Converted {
    /// The document in the SPDX JSON shape.
    pub value: Value,
    /// Pointer → line.
    pub lines: Vec<(String, usize)>,
    /// Unknown tags and malformed values.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Document,
    Package,
    File,
    Snippet,
    License,
}

/// Splits the text into `(line, tag, value)`, joining `<text>` blocks.
fn entries(text: &str) -> Result<Vec<(usize, String, String)>, SbomError> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((tag, value)) = line.split_once(':') else {
            return Err(SbomError::Malformed {
                encoding: "SPDX tag-value",
                location: Location::LineColumn {
                    line: i + 1,
                    column: 1,
                },
                message: format!("expected `Tag: value`, found `{trimmed}`"),
            });
        };
        let tag = tag.trim().to_owned();
        let value = value.trim_start();
        if let Some(rest) = value.strip_prefix("<text>") {
            if let Some(end) = rest.find("</text>") {
                out.push((i + 1, tag, rest[..end].to_owned()));
                continue;
            }
            let mut collected = rest.to_owned();
            let mut closed = false;
            for (_, next) in lines.by_ref() {
                collected.push('\n');
                if let Some(end) = next.find("</text>") {
                    collected.push_str(&next[..end]);
                    closed = true;
                    break;
                }
                collected.push_str(next);
            }
            if !closed {
                return Err(SbomError::Malformed {
                    encoding: "SPDX tag-value",
                    location: Location::LineColumn {
                        line: i + 1,
                        column: line.find("<text>").map_or(1, |c| c + 1),
                    },
                    message: format!("`<text>` of `{tag}` is never closed by `</text>`"),
                });
            }
            out.push((i + 1, tag, collected));
        } else {
            out.push((i + 1, tag, value.trim_end().to_owned()));
        }
    }
    Ok(out)
}

fn checksum(value: &str) -> Value {
    let (alg, sum) = value.split_once(':').unwrap_or((value, ""));
    json!({"algorithm": alg.trim(), "checksumValue": sum.trim()})
}

fn push(map: &mut Map<String, Value>, key: &str, v: Value) {
    match map.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            map.insert(key.to_owned(), Value::Array(vec![v]));
        }
    }
}

/// `start:end` byte or line range of a snippet, in the JSON `ranges` form.
fn range(value: &str, file: &str, line_range: bool) -> Value {
    let (start, end) = value.split_once(':').unwrap_or((value, value));
    let n = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map_or_else(|_| Value::String(s.trim().to_owned()), Value::from)
    };
    let key = if line_range { "lineNumber" } else { "offset" };
    json!({
        "startPointer": {key: n(start), "reference": file},
        "endPointer": {key: n(end), "reference": file},
    })
}

/// Converts SPDX tag-value text to the SPDX JSON shape.
pub fn to_json_shape(text: &str) -> Result<Converted, SbomError> {
    let mut doc = Map::new();
    let mut info = Map::new();
    let mut lines: Vec<(String, usize)> = Vec::new();
    let mut diagnostics = Vec::new();
    // The element being filled: (section, index in its array).
    let mut section = Section::Document;
    let mut packages: Vec<Map<String, Value>> = Vec::new();
    let mut files: Vec<Map<String, Value>> = Vec::new();
    let mut snippets: Vec<Map<String, Value>> = Vec::new();
    let mut licenses: Vec<Map<String, Value>> = Vec::new();
    let mut relationships: Vec<Value> = Vec::new();
    // Annotations: (annotated element, annotation, line).
    let mut annotations: Vec<(Option<String>, Map<String, Value>, usize)> = Vec::new();
    let mut document_id_seen = false;
    for (line, tag, value) in entries(text)? {
        let counts = (packages.len(), files.len(), snippets.len(), licenses.len());
        let current: Option<&mut Map<String, Value>> = match section {
            Section::Document => None,
            Section::Package => packages.last_mut(),
            Section::File => files.last_mut(),
            Section::Snippet => snippets.last_mut(),
            Section::License => licenses.last_mut(),
        };
        let pointer = |key: &str| -> String {
            match section {
                Section::Document => format!("/{key}"),
                Section::Package => format!("/packages/{}/{key}", counts.0.saturating_sub(1)),
                Section::File => format!("/files/{}/{key}", counts.1.saturating_sub(1)),
                Section::Snippet => format!("/snippets/{}/{key}", counts.2.saturating_sub(1)),
                Section::License => format!(
                    "/hasExtractedLicensingInfos/{}/{key}",
                    counts.3.saturating_sub(1)
                ),
            }
        };
        let s = Value::String(value.clone());
        match tag.as_str() {
            // Document creation information.
            "SPDXVersion" => {
                doc.insert("spdxVersion".into(), s);
                lines.push(("/spdxVersion".into(), line));
            }
            "DataLicense" => {
                doc.insert("dataLicense".into(), s);
                lines.push(("/dataLicense".into(), line));
            }
            "DocumentName" => {
                doc.insert("name".into(), s);
                lines.push(("/name".into(), line));
            }
            "DocumentNamespace" => {
                doc.insert("documentNamespace".into(), s);
                lines.push(("/documentNamespace".into(), line));
            }
            "DocumentComment" => {
                doc.insert("comment".into(), s);
            }
            "ExternalDocumentRef" => {
                let mut parts = value.split_whitespace();
                let id = parts.next().unwrap_or_default();
                let uri = parts.next().unwrap_or_default();
                let sum: Vec<&str> = parts.collect();
                push(
                    &mut doc,
                    "externalDocumentRefs",
                    json!({"externalDocumentId": id, "spdxDocument": uri, "checksum": checksum(&sum.join(" "))}),
                );
            }
            "Creator" => push(&mut info, "creators", s),
            "Created" => {
                info.insert("created".into(), s);
                lines.push(("/creationInfo/created".into(), line));
            }
            "CreatorComment" => {
                info.insert("comment".into(), s);
            }
            "LicenseListVersion" => {
                info.insert("licenseListVersion".into(), s);
            }
            "SPDXID" if section == Section::Document && !document_id_seen => {
                document_id_seen = true;
                doc.insert("SPDXID".into(), s);
                lines.push(("/SPDXID".into(), line));
            }
            // Section openers.
            "PackageName" => {
                section = Section::Package;
                let mut m = Map::new();
                m.insert("name".into(), s);
                packages.push(m);
                lines.push((format!("/packages/{}", packages.len() - 1), line));
            }
            "FileName" => {
                section = Section::File;
                let mut m = Map::new();
                m.insert("fileName".into(), s);
                files.push(m);
                lines.push((format!("/files/{}", files.len() - 1), line));
            }
            "SnippetSPDXID" => {
                section = Section::Snippet;
                let mut m = Map::new();
                m.insert("SPDXID".into(), s);
                snippets.push(m);
                lines.push((format!("/snippets/{}", snippets.len() - 1), line));
            }
            "LicenseID" => {
                section = Section::License;
                let mut m = Map::new();
                m.insert("licenseId".into(), s);
                licenses.push(m);
                lines.push((
                    format!("/hasExtractedLicensingInfos/{}", licenses.len() - 1),
                    line,
                ));
            }
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                if parts.len() != 3 {
                    diagnostics.push(Diagnostic {
                        location: Location::LineColumn { line, column: 1 },
                        message: format!("`Relationship: {value}` needs three parts: A TYPE B"),
                    });
                    continue;
                }
                relationships.push(json!({
                    "spdxElementId": parts[0],
                    "relationshipType": parts[1],
                    "relatedSpdxElement": parts[2],
                }));
                lines.push((format!("/relationships/{}", relationships.len() - 1), line));
            }
            "RelationshipComment" => {
                if let Some(Value::Object(r)) = relationships.last_mut() {
                    r.insert("comment".into(), s);
                }
            }
            "Annotator" => {
                let mut m = Map::new();
                m.insert("annotator".into(), s);
                annotations.push((None, m, line));
            }
            "AnnotationDate" | "AnnotationType" | "AnnotationComment" | "SPDXREF"
                if !annotations.is_empty() =>
            {
                if let Some((target, m, _)) = annotations.last_mut() {
                    match tag.as_str() {
                        "AnnotationDate" => {
                            m.insert("annotationDate".into(), s);
                        }
                        "AnnotationType" => {
                            m.insert("annotationType".into(), s);
                        }
                        "AnnotationComment" => {
                            m.insert("comment".into(), s);
                        }
                        _ => *target = Some(value.clone()),
                    }
                }
            }
            _ => {
                let Some(cur) = current else {
                    diagnostics.push(Diagnostic {
                        location: Location::LineColumn { line, column: 1 },
                        message: format!("unknown or misplaced tag `{tag}`"),
                    });
                    continue;
                };
                let key: Option<&str> = match (section, tag.as_str()) {
                    (_, "SPDXID") => Some("SPDXID"),
                    (Section::Package, "PackageVersion") => Some("versionInfo"),
                    (Section::Package, "PackageFileName") => Some("packageFileName"),
                    (Section::Package, "PackageSupplier") => Some("supplier"),
                    (Section::Package, "PackageOriginator") => Some("originator"),
                    (Section::Package, "PackageDownloadLocation") => Some("downloadLocation"),
                    (Section::Package, "PackageHomePage") => Some("homepage"),
                    (Section::Package, "PackageSourceInfo") => Some("sourceInfo"),
                    (Section::Package, "PackageLicenseConcluded") => Some("licenseConcluded"),
                    (Section::Package, "PackageLicenseDeclared") => Some("licenseDeclared"),
                    (Section::Package, "PackageLicenseComments") => Some("licenseComments"),
                    (Section::Package, "PackageCopyrightText") => Some("copyrightText"),
                    (Section::Package, "PackageSummary") => Some("summary"),
                    (Section::Package, "PackageDescription") => Some("description"),
                    (Section::Package, "PackageComment") => Some("comment"),
                    (Section::Package, "PrimaryPackagePurpose") => Some("primaryPackagePurpose"),
                    (Section::Package, "ReleaseDate") => Some("releaseDate"),
                    (Section::Package, "BuiltDate") => Some("builtDate"),
                    (Section::Package, "ValidUntilDate") => Some("validUntilDate"),
                    (Section::File, "LicenseConcluded") => Some("licenseConcluded"),
                    (Section::File, "LicenseComments") => Some("licenseComments"),
                    (Section::File, "FileCopyrightText") => Some("copyrightText"),
                    (Section::File, "FileComment") => Some("comment"),
                    (Section::File, "FileNotice") => Some("noticeText"),
                    (Section::Snippet, "SnippetFromFileSPDXID") => Some("snippetFromFile"),
                    (Section::Snippet, "SnippetLicenseConcluded") => Some("licenseConcluded"),
                    (Section::Snippet, "SnippetLicenseComments") => Some("licenseComments"),
                    (Section::Snippet, "SnippetCopyrightText") => Some("copyrightText"),
                    (Section::Snippet, "SnippetComment") => Some("comment"),
                    (Section::Snippet, "SnippetName") => Some("name"),
                    (Section::License, "ExtractedText") => Some("extractedText"),
                    (Section::License, "LicenseName") => Some("name"),
                    (Section::License, "LicenseComment") => Some("comment"),
                    _ => None,
                };
                if let Some(key) = key {
                    lines.push((pointer(key), line));
                    cur.insert(key.to_owned(), s);
                    continue;
                }
                match (section, tag.as_str()) {
                    (Section::Package, "FilesAnalyzed") => {
                        let b = match value.trim() {
                            "true" => Value::Bool(true),
                            "false" => Value::Bool(false),
                            _ => s,
                        };
                        lines.push((pointer("filesAnalyzed"), line));
                        cur.insert("filesAnalyzed".into(), b);
                    }
                    (Section::Package, "PackageVerificationCode") => {
                        let (code, excluded) = match value.split_once('(') {
                            Some((c, rest)) => (c.trim(), Some(rest.trim_end_matches(')').trim())),
                            None => (value.trim(), None),
                        };
                        let mut m = Map::new();
                        m.insert("packageVerificationCodeValue".into(), json!(code));
                        if let Some(ex) = excluded {
                            let ex = ex.strip_prefix("excludes:").unwrap_or(ex).trim();
                            m.insert("packageVerificationCodeExcludedFiles".into(), json!([ex]));
                        }
                        cur.insert("packageVerificationCode".into(), Value::Object(m));
                    }
                    (Section::Package, "PackageChecksum") | (Section::File, "FileChecksum") => {
                        push(cur, "checksums", checksum(&value));
                    }
                    (Section::Package, "PackageLicenseInfoFromFiles") => {
                        push(cur, "licenseInfoFromFiles", s);
                    }
                    (Section::Package, "ExternalRef") => {
                        let mut parts = value.splitn(3, char::is_whitespace);
                        let cat = parts.next().unwrap_or_default().trim();
                        let ty = parts.next().unwrap_or_default().trim();
                        let loc = parts.next().unwrap_or_default().trim();
                        let n = cur
                            .get("externalRefs")
                            .and_then(Value::as_array)
                            .map_or(0, Vec::len);
                        lines.push((pointer(&format!("externalRefs/{n}")), line));
                        push(
                            cur,
                            "externalRefs",
                            json!({"referenceCategory": cat, "referenceType": ty, "referenceLocator": loc}),
                        );
                    }
                    (Section::Package, "ExternalRefComment") => {
                        if let Some(Value::Object(r)) = cur
                            .get_mut("externalRefs")
                            .and_then(Value::as_array_mut)
                            .and_then(|a| a.last_mut())
                        {
                            r.insert("comment".into(), s);
                        }
                    }
                    (Section::Package, "PackageAttributionText")
                    | (Section::File, "FileAttributionText")
                    | (Section::Snippet, "SnippetAttributionText") => {
                        push(cur, "attributionTexts", s);
                    }
                    (Section::File, "FileType") => push(cur, "fileTypes", s),
                    (Section::File, "LicenseInfoInFile") => push(cur, "licenseInfoInFiles", s),
                    (Section::File, "FileContributor") => push(cur, "fileContributors", s),
                    (Section::Snippet, "LicenseInfoInSnippet") => {
                        push(cur, "licenseInfoInSnippets", s);
                    }
                    (Section::Snippet, "SnippetByteRange" | "SnippetLineRange") => {
                        let file = cur
                            .get("snippetFromFile")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned();
                        push(
                            cur,
                            "ranges",
                            range(&value, &file, tag == "SnippetLineRange"),
                        );
                    }
                    (Section::License, "LicenseCrossReference") => push(cur, "seeAlsos", s),
                    _ => diagnostics.push(Diagnostic {
                        location: Location::LineColumn { line, column: 1 },
                        message: format!("unknown or misplaced tag `{tag}`"),
                    }),
                }
            }
        }
    }
    if !info.is_empty() {
        doc.insert("creationInfo".into(), Value::Object(info));
    }
    // Annotations go to the element they name (the document when none or the document id).
    let doc_id = doc
        .get("SPDXID")
        .and_then(Value::as_str)
        .unwrap_or("SPDXRef-DOCUMENT")
        .to_owned();
    for (target, annotation, line) in annotations {
        let target = target.unwrap_or_else(|| doc_id.clone());
        let element = packages
            .iter_mut()
            .chain(files.iter_mut())
            .chain(snippets.iter_mut())
            .find(|m| m.get("SPDXID").and_then(Value::as_str) == Some(target.as_str()));
        match element {
            Some(m) => push(m, "annotations", Value::Object(annotation)),
            None if target == doc_id => push(&mut doc, "annotations", Value::Object(annotation)),
            None => diagnostics.push(Diagnostic {
                location: Location::LineColumn { line, column: 1 },
                message: format!("annotation of `{target}`, which is not in the document"),
            }),
        }
    }
    for (key, list) in [
        ("packages", packages),
        ("files", files),
        ("snippets", snippets),
        ("hasExtractedLicensingInfos", licenses),
    ] {
        if !list.is_empty() {
            doc.insert(
                key.into(),
                Value::Array(list.into_iter().map(Value::Object).collect()),
            );
        }
    }
    if !relationships.is_empty() {
        doc.insert("relationships".into(), Value::Array(relationships));
    }
    Ok(Converted {
        value: Value::Object(doc),
        lines,
        diagnostics,
    })
}

/// Replaces a JSON pointer with the line it came from (the nearest converted ancestor).
pub fn locate(d: Diagnostic, lines: &[(String, usize)]) -> Diagnostic {
    let Location::Pointer { pointer } = &d.location else {
        return d;
    };
    let mut p = pointer.as_str();
    loop {
        if let Some((_, line)) = lines.iter().find(|(q, _)| q == p) {
            return Diagnostic {
                location: Location::LineColumn {
                    line: *line,
                    column: 1,
                },
                message: format!(
                    "{} (at {})",
                    d.message,
                    if pointer.is_empty() { "/" } else { pointer }
                ),
            };
        }
        match p.rsplit_once('/') {
            Some((parent, _)) if !parent.is_empty() => p = parent,
            _ => return d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_relationships_and_text_blocks() {
        let tv = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: x\n\
DocumentNamespace: https://example.com/x\nCreator: Tool: t-1.0\nCreated: 2024-01-01T00:00:00Z\n\
PackageName: zlib\nSPDXID: SPDXRef-zlib\nPackageVersion: 1.3\nPackageDownloadLocation: NOASSERTION\n\
FilesAnalyzed: false\nPackageChecksum: SHA256: AB\n\
ExternalRef: PACKAGE-MANAGER purl pkg:generic/zlib@1.3\nPackageCopyrightText: <text>line one\nline two</text>\n\
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-zlib\n";
        let c = to_json_shape(tv).expect("converts");
        let v = &c.value;
        assert_eq!(v["packages"][0]["versionInfo"], "1.3");
        assert_eq!(v["packages"][0]["filesAnalyzed"], false);
        assert_eq!(v["packages"][0]["checksums"][0]["algorithm"], "SHA256");
        assert_eq!(v["packages"][0]["copyrightText"], "line one\nline two");
        assert_eq!(
            v["packages"][0]["externalRefs"][0]["referenceLocator"],
            "pkg:generic/zlib@1.3"
        );
        assert_eq!(v["relationships"][0]["relationshipType"], "DESCRIBES");
        assert!(c.diagnostics.is_empty());
    }

    #[test]
    fn unclosed_text_is_located() {
        let err = to_json_shape("SPDXVersion: SPDX-2.3\nDocumentComment: <text>never closed\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("2:"), "{err}");
    }
}

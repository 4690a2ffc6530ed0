//! Comparing two SBOMs of a product: what was added, removed, or changed between versions.
//!
//! Components are paired by identity, strongest first: the purl without its version
//! (`pkg:type/namespace/name`), then the CPE's part, vendor and product, then the name (with the
//! group). Several components with the same identity (two versions of one library) are paired
//! by equal version first. A pair whose version, supplier or licences differ is a change.

use std::collections::BTreeSet;

use medcyber_ident::purl::Purl;
use medcyber_model::sbom::{Component, License, Sbom};
use serde::Serialize;

/// How two components were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// Same purl type, namespace and name.
    Purl,
    /// Same CPE part, vendor and product.
    Cpe,
    /// Same name (and group).
    Name,
}

/// A component as a diff shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// bom-ref in its document.
    pub bom_ref: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version: Option<String>,
    /// purl.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// CPE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpe: Option<String>,
}

impl Summary {
    fn of(c: &Component) -> Summary {
        Summary {
            bom_ref: c.bom_ref.clone(),
            name: c.name.clone(),
            version: c.version.clone(),
            purl: c.purl.clone(),
            cpe: c.cpe.clone(),
        }
    }
}

/// A field that differs: `(old, new)`.
pub type Delta<T> = Option<(T, T)>;

/// A component present in both SBOMs with differences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// How the pair was found.
    pub matched_by: MatchedBy,
    /// The old component.
    pub old: Summary,
    /// The new component.
    pub new: Summary,
    /// Version change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Delta<Option<String>>,
    /// Supplier change (names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier: Delta<Option<String>>,
    /// Licence change (sorted licence texts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licenses: Delta<Vec<String>>,
}

/// The difference between two SBOMs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SbomDiff {
    /// Components only in the new SBOM.
    pub added: Vec<Summary>,
    /// Components only in the old SBOM.
    pub removed: Vec<Summary>,
    /// Components in both, with differences.
    pub changed: Vec<Change>,
    /// Components in both without differences.
    pub unchanged: usize,
}

impl SbomDiff {
    /// True when nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn purl_identity(c: &Component) -> Option<String> {
    let raw = c.purl.as_deref()?;
    match Purl::parse_lenient(raw) {
        Ok(p) => Some(format!(
            "{}/{}/{}",
            p.ty(),
            p.namespace().unwrap_or(""),
            p.name()
        )),
        Err(_) => Some(raw.split(['@', '?', '#']).next().unwrap_or(raw).to_owned()),
    }
}

fn cpe_identity(c: &Component) -> Option<String> {
    let raw = c.cpe.as_deref()?;
    let fields: Vec<&str> = if let Some(rest) = raw.strip_prefix("cpe:2.3:") {
        rest.split(':').collect()
    } else if let Some(rest) = raw.strip_prefix("cpe:/") {
        rest.split(':').collect()
    } else {
        return None;
    };
    (fields.len() >= 3).then(|| format!("{}:{}:{}", fields[0], fields[1], fields[2]).to_lowercase())
}

fn name_identity(c: &Component) -> Option<String> {
    let name = c.name.trim().to_lowercase();
    (!name.is_empty()).then(|| match &c.group {
        Some(g) => format!("{}/{name}", g.to_lowercase()),
        None => name,
    })
}

fn supplier_name(c: &Component) -> Option<String> {
    c.supplier
        .as_ref()
        .and_then(|s| s.name.clone())
        .or_else(|| c.manufacturer.as_ref().and_then(|m| m.name.clone()))
}

fn license_texts(c: &Component) -> Vec<String> {
    let set: BTreeSet<String> = c
        .licenses
        .iter()
        .map(|l| match &l.license {
            License::Expression(e) => e.clone(),
            License::Named(n) => n.clone(),
        })
        .collect();
    set.into_iter().collect()
}

/// Computes one identity of a component, if it has one.
type IdentityKey = fn(&Component) -> Option<String>;

fn differ<T: PartialEq>(a: T, b: T) -> Option<(T, T)> {
    if a != b { Some((a, b)) } else { None }
}

/// Compares two SBOMs.
pub fn diff(old: &Sbom, new: &Sbom) -> SbomDiff {
    let mut old_open: Vec<bool> = vec![true; old.components.len()];
    let mut new_open: Vec<bool> = vec![true; new.components.len()];
    let mut pairs: Vec<(usize, usize, MatchedBy)> = Vec::new();
    let keys: [(MatchedBy, IdentityKey); 3] = [
        (MatchedBy::Purl, purl_identity),
        (MatchedBy::Cpe, cpe_identity),
        (MatchedBy::Name, name_identity),
    ];
    for (by, key) in keys {
        // Equal identity and equal version first, then equal identity alone.
        for same_version in [true, false] {
            for (i, o) in old.components.iter().enumerate() {
                if !old_open[i] {
                    continue;
                }
                let Some(k) = key(o) else { continue };
                let found = new.components.iter().enumerate().find(|(j, n)| {
                    new_open[*j]
                        && key(n).as_deref() == Some(k.as_str())
                        && (!same_version || n.version == o.version)
                });
                if let Some((j, _)) = found {
                    old_open[i] = false;
                    new_open[j] = false;
                    pairs.push((i, j, by));
                }
            }
        }
    }
    let mut result = SbomDiff::default();
    for (i, j, by) in pairs {
        let (o, n) = (&old.components[i], &new.components[j]);
        let change = Change {
            matched_by: by,
            old: Summary::of(o),
            new: Summary::of(n),
            version: differ(o.version.clone(), n.version.clone()),
            supplier: differ(supplier_name(o), supplier_name(n)),
            licenses: differ(license_texts(o), license_texts(n)),
        };
        if change.version.is_none() && change.supplier.is_none() && change.licenses.is_none() {
            result.unchanged += 1;
        } else {
            result.changed.push(change);
        }
    }
    result.removed = old
        .components
        .iter()
        .zip(&old_open)
        .filter(|(_, open)| **open)
        .map(|(c, _)| Summary::of(c))
        .collect();
    result.added = new
        .components
        .iter()
        .zip(&new_open)
        .filter(|(_, open)| **open)
        .map(|(c, _)| Summary::of(c))
        .collect();
    result.changed.sort_by(|a, b| a.new.name.cmp(&b.new.name));
    result
}

#[cfg(test)]
mod tests {
    use medcyber_model::sbom::{LicenseAcknowledgement, LicenseChoice, Party};

    use super::*;

    fn c(
        bom_ref: &str,
        name: &str,
        version: &str,
        purl: Option<&str>,
        cpe: Option<&str>,
    ) -> Component {
        Component {
            bom_ref: bom_ref.into(),
            name: name.into(),
            version: Some(version.into()),
            purl: purl.map(str::to_owned),
            cpe: cpe.map(str::to_owned),
            ..Component::default()
        }
    }

    #[test]
    fn pairs_by_purl_then_cpe_then_name() {
        let old = Sbom {
            components: vec![
                c(
                    "a",
                    "openssl",
                    "1.1.1w",
                    Some("pkg:generic/openssl@1.1.1w"),
                    None,
                ),
                c(
                    "b",
                    "FreeRTOS",
                    "10.0.1",
                    None,
                    Some("cpe:2.3:o:amazon:freertos:10.0.1:*:*:*:*:*:*:*"),
                ),
                c("c", "fatFS", "R0.13", None, None),
                c("d", "zlib", "1.2.11", Some("pkg:generic/zlib@1.2.11"), None),
            ],
            ..Sbom::default()
        };
        let mut new_rtos = c(
            "y",
            "FreeRTOS kernel",
            "10.4.6",
            None,
            Some("cpe:2.3:o:amazon:freertos:10.4.6:*:*:*:*:*:*:*"),
        );
        new_rtos.supplier = Some(Box::new(Party::organization("Amazon")));
        let mut fat = c("z", "FATFS", "R0.13", None, None);
        fat.licenses = vec![LicenseChoice {
            license: License::Named("FatFs License".into()),
            acknowledgement: LicenseAcknowledgement::Declared,
        }];
        let new = Sbom {
            components: vec![
                c(
                    "x",
                    "OpenSSL",
                    "3.0.13",
                    Some("pkg:generic/openssl@3.0.13"),
                    None,
                ),
                new_rtos,
                fat,
                c("w", "lwip", "2.1.3", Some("pkg:generic/lwip@2.1.3"), None),
            ],
            ..Sbom::default()
        };
        let d = diff(&old, &new);
        assert_eq!(
            d.removed
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["zlib"]
        );
        assert_eq!(
            d.added.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            ["lwip"]
        );
        let by: Vec<(&str, MatchedBy)> = d
            .changed
            .iter()
            .map(|c| (c.new.name.as_str(), c.matched_by))
            .collect();
        assert_eq!(
            by,
            [
                ("FATFS", MatchedBy::Name),
                ("FreeRTOS kernel", MatchedBy::Cpe),
                ("OpenSSL", MatchedBy::Purl)
            ]
        );
        let rtos = &d.changed[1];
        assert_eq!(
            rtos.version,
            Some((Some("10.0.1".into()), Some("10.4.6".into())))
        );
        assert_eq!(rtos.supplier, Some((None, Some("Amazon".into()))));
        assert_eq!(
            d.changed[0].licenses,
            Some((vec![], vec!["FatFs License".to_owned()]))
        );
        assert!(d.changed[0].version.is_none());
    }

    #[test]
    fn same_library_twice_pairs_by_version() {
        let old = Sbom {
            components: vec![
                c(
                    "1",
                    "lodash",
                    "4.17.20",
                    Some("pkg:npm/lodash@4.17.20"),
                    None,
                ),
                c("2", "lodash", "3.10.1", Some("pkg:npm/lodash@3.10.1"), None),
            ],
            ..Sbom::default()
        };
        let new = Sbom {
            components: vec![
                c("3", "lodash", "3.10.1", Some("pkg:npm/lodash@3.10.1"), None),
                c(
                    "4",
                    "lodash",
                    "4.17.21",
                    Some("pkg:npm/lodash@4.17.21"),
                    None,
                ),
            ],
            ..Sbom::default()
        };
        let d = diff(&old, &new);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].version,
            Some((Some("4.17.20".into()), Some("4.17.21".into())))
        );
        assert!(diff(&old, &old).is_empty());
    }
}

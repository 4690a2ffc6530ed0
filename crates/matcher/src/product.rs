//! Named products — CSAF product trees, CVE 5 `affected` entries without CPEs — matched to
//! SBOM components.
//!
//! A device in a CISA medical advisory is named by vendor, product and version, rarely by a
//! purl or CPE. A component matches such a product in one of two ways:
//!
//! 1. **By identifier** (high confidence when the version is in range): a purl of the product's
//!    `product_identification_helper` equal to the component's (type, namespace, name), a CPE
//!    whose part, vendor and product equal one of the component's, or a model number or SKU
//!    equal to the component's name or to one of its `model`/`sku` properties.
//! 2. **By vendor and name** (medium confidence at best): the vendors agree — each name reduced
//!    to its first significant word after folding case and accents, dropping legal suffixes
//!    (`Inc.`, `GmbH`, `Co., Ltd.`), parenthesised abbreviations and a leading `the`, through
//!    a small alias table for spellings the advisories really use (`Phillips`, `Draeger`,
//!    `Becton, Dickinson and Company`) — and the product name equals the component's name
//!    (word by word, the vendor's own words in front ignored); a name that only contains the
//!    other (`Sigma Spectrum` in `Sigma Spectrum Infusion System`) is a low-confidence match.
//!
//! The component's vendors are its supplier, manufacturer, publisher and author, the namespace
//! of a source-host purl (`pkg:github/wolfssl/wolfssl`), its CPE vendors, and for the product an
//! SBOM describes (its subject) the SBOM's own supplier and manufacturer.
//!
//! The index keys a product by its vendor key and the first word of its own name
//! ([`name_key`]), so a component of a vendor with thousands of CVE records (CVE 5 `affected`
//! entries of a large software vendor) is compared only with the products whose names start
//! like its own; a partial name match is therefore found when both names start with the same
//! word (`Sigma Spectrum` in `Sigma Spectrum Infusion System`).
//!
//! Versions: an exact version compares equal after dropping a leading `v` and case; a `vers`
//! range is evaluated in its scheme (`generic` for product trees); "every version" matches with
//! at most medium confidence; a range the source wrote as prose cannot be evaluated and matches
//! with low confidence, the prose quoted in the evidence.

use medcyber_ident::purl::Purl;
use medcyber_ident::vers::Vers;
use medcyber_model::advisory::{ProductIdentifiers, ProductStatus, ProductVersions};
use medcyber_model::{Component, Confidence, Sbom};

/// Vendor spellings that advisories and SBOMs use for the same company, as significant words:
/// (spelling, canonical).
const VENDOR_ALIASES: &[(&str, &str)] = &[
    ("phillips", "philips"),
    ("koninklijke", "philips"),
    ("draeger", "drager"),
    ("becton", "bd"),
    ("general", "ge"),
    ("silabs", "silicon"),
    ("freertos", "amazon"),
    ("aws", "amazon"),
];

/// Words of company names that say nothing about which company.
const LEGAL_WORDS: &[&str] = &[
    "the",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "gmbh",
    "ag",
    "sa",
    "nv",
    "bv",
    "plc",
    "kk",
    "oy",
    "ab",
    "spa",
    "srl",
    "se",
    "pty",
    "and",
    "of",
    "project",
    "foundation",
];

/// Placeholder vendors (CVE 5 `n/a`) that name no one.
const NO_VENDOR: &[&str] = &[
    "n/a",
    "na",
    "unknown",
    "various",
    "multiple",
    "none",
    "unspecified",
];

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ß' => 's',
        c => c.to_ascii_lowercase(),
    }
}

/// Lower-case, accent-folded alphanumeric words, with parenthesised text removed.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0u32;
    let mut word = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let c = fold(c);
        if depth == 0 && c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A vendor's key: its first significant word, through the alias table; `None` for
/// placeholders.
pub fn vendor_key(vendor: &str) -> Option<String> {
    let trimmed = vendor.trim();
    if trimmed.is_empty() || NO_VENDOR.contains(&trimmed.to_ascii_lowercase().as_str()) {
        return None;
    }
    let w = words(trimmed);
    let first = w
        .iter()
        .find(|w| w.len() >= 2 && !LEGAL_WORDS.contains(&w.as_str()))?;
    Some(canonical(first).to_owned())
}

/// A word's canonical vendor spelling (through the alias table).
fn canonical(word: &str) -> &str {
    VENDOR_ALIASES
        .iter()
        .find(|(from, _)| *from == word)
        .map(|(_, to)| *to)
        .unwrap_or(word)
}

/// The word that keys a product or component name under a vendor: its first word once the
/// leading words that belong to the vendor's name are skipped (`Philips IntelliVue MX40` under
/// `Koninklijke Philips N.V.` → `intellivue`; a name made only of the vendor's words keys by its
/// last word). Index and lookup use the same function, so a product is found by its vendor and
/// the first word of its own name, not by every product of a large vendor.
pub fn name_key(vendor: &str, name: &str) -> Option<String> {
    let key = vendor_key(vendor);
    let vendor_words = words(vendor);
    let w = words(name);
    w.iter()
        .find(|x| !vendor_words.contains(x) && Some(canonical(x)) != key.as_deref())
        .or(w.last())
        .cloned()
}

/// The `(vendor key, name key)` pairs a component is looked up by: each of its vendor names
/// ([`vendor_names`]) with its name (and `group name`).
pub fn product_keys(vendor_names: &[&str], c: &Component) -> Vec<(String, String)> {
    let full = c.group.as_ref().map(|g| format!("{g} {}", c.name));
    let mut keys: Vec<(String, String)> = vendor_names
        .iter()
        .filter_map(|v| Some((*v, vendor_key(v)?)))
        .flat_map(|(v, vk)| {
            std::iter::once(c.name.as_str())
                .chain(full.as_deref())
                .filter_map(move |n| Some((vk.clone(), name_key(v, n)?)))
                .collect::<Vec<_>>()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The vendor keys of vendor names, sorted, without repeats.
pub fn vendor_keys(vendor_names: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = vendor_names.iter().filter_map(|v| vendor_key(v)).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The vendor keys of a component (see the module documentation for where they come from).
pub fn component_vendors(
    sbom: Option<&Sbom>,
    c: &Component,
    cpe_vendors: &[String],
) -> Vec<String> {
    vendor_keys(&vendor_names(sbom, c, cpe_vendors))
}

/// Every name a component's vendor goes by in the SBOM: supplier, manufacturer, publisher,
/// author, the SBOM's supplier and manufacturer for its subject, a source-host purl's owner, and
/// the vendors of its CPEs.
pub fn vendor_names<'c>(
    sbom: Option<&'c Sbom>,
    c: &'c Component,
    cpe_vendors: &'c [String],
) -> Vec<&'c str> {
    let mut names: Vec<&str> = Vec::new();
    names.extend(c.supplier.as_ref().and_then(|p| p.name.as_deref()));
    names.extend(c.manufacturer.as_ref().and_then(|p| p.name.as_deref()));
    names.extend(c.publisher.as_deref());
    names.extend(c.author.as_deref());
    if let Some(s) = sbom.filter(|s| s.subject.contains(&c.bom_ref)) {
        names.extend(s.supplier.as_ref().and_then(|p| p.name.as_deref()));
        names.extend(s.manufacturer.as_ref().and_then(|p| p.name.as_deref()));
    }
    // The owner of a source-host purl (`pkg:github/wolfssl/wolfssl`): the text between the
    // type and the name, without parsing the purl again.
    if let Some(p) = c.purl.as_deref()
        && let Some(rest) = ["pkg:github/", "pkg:gitlab/", "pkg:bitbucket/"]
            .iter()
            .find_map(|t| p.strip_prefix(t))
        && let Some((owner, _)) = rest.split_once('/')
    {
        names.push(owner);
    }
    names.extend(cpe_vendors.iter().map(String::as_str));
    names
}

/// A named product as the advisory states it.
pub struct Product<'a> {
    /// The vendor.
    pub vendor: &'a str,
    /// The product name.
    pub product: &'a str,
    /// Which versions.
    pub versions: &'a ProductVersions,
    /// The identifiers.
    pub identifiers: &'a ProductIdentifiers,
}

/// A product match.
#[derive(Debug, PartialEq, Eq)]
pub struct ProductHit {
    /// How sure.
    pub confidence: Confidence,
    /// What matched: the identifier, or the component's name.
    pub identifier: String,
    /// Why, in one line.
    pub evidence: String,
}

/// How a component's name relates to a product name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameMatch {
    Equal,
    Contained,
}

fn strip_vendor<'w>(name: &'w [String], vendor: &[String]) -> &'w [String] {
    if name.len() > vendor.len() && name.starts_with(vendor) {
        &name[vendor.len()..]
    } else {
        name
    }
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn name_match(product: &str, vendor: &str, component: &Component) -> Option<NameMatch> {
    let vendor_words = words(vendor);
    let p = words(product);
    let p = strip_vendor(&p, &vendor_words);
    let mut best = None;
    let full = match &component.group {
        Some(g) => format!("{g} {}", component.name),
        None => component.name.clone(),
    };
    for candidate in [component.name.as_str(), full.as_str()] {
        let c = words(candidate);
        let c = strip_vendor(&c, &vendor_words);
        if c.is_empty() || p.is_empty() {
            continue;
        }
        if c == p {
            return Some(NameMatch::Equal);
        }
        let (short, long) = if c.len() < p.len() { (c, p) } else { (p, c) };
        // A contained name must say something: two words, or one long word.
        let telling = short.len() >= 2 || short.first().is_some_and(|w| w.len() >= 5);
        if telling && contains_run(long, short) {
            best = Some(NameMatch::Contained);
        }
    }
    best
}

fn same_purl(listed: &str, component: &Purl) -> Option<bool> {
    let p = Purl::parse_lenient(listed).ok()?;
    let same = p.ty() == component.ty()
        && p.namespace().map(str::to_ascii_lowercase)
            == component.namespace().map(str::to_ascii_lowercase)
        && p.name().eq_ignore_ascii_case(component.name());
    if !same {
        return Some(false);
    }
    Some(match (p.version(), component.version()) {
        (Some(a), Some(b)) => same_version(a, b),
        _ => true,
    })
}

fn same_version(a: &str, b: &str) -> bool {
    let norm = |v: &str| {
        let v = v.trim();
        v.strip_prefix(['v', 'V'])
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(v)
            .to_ascii_lowercase()
    };
    norm(a) == norm(b)
}

/// What identifies the component as the product, if an identifier does.
fn by_identifier(product: &Product<'_>, component: &Component) -> Option<String> {
    let ids = product.identifiers;
    if let Some(purl) = component
        .purl
        .as_deref()
        .and_then(|p| Purl::parse_lenient(p).ok())
    {
        for listed in &ids.purls {
            if same_purl(listed, &purl) == Some(true) {
                return Some(listed.clone());
            }
        }
    }
    let component_cpes: Vec<(String, String, String)> = component
        .cpe
        .iter()
        .chain(&component.other_cpes)
        .filter_map(|c| cpe_triple(c))
        .collect();
    for listed in &ids.cpes {
        if let Some(t) = cpe_triple(listed)
            && component_cpes.contains(&t)
        {
            return Some(listed.clone());
        }
    }
    let name = words(&component.name);
    let properties: Vec<Vec<String>> = component
        .properties
        .iter()
        .filter(|p| {
            let n = p.name.to_ascii_lowercase();
            n.contains("model") || n.contains("sku")
        })
        .map(|p| words(&p.value))
        .collect();
    for listed in ids.model_numbers.iter().chain(&ids.skus) {
        let w = words(listed);
        if !w.is_empty() && (w == name || properties.contains(&w)) {
            return Some(listed.clone());
        }
    }
    None
}

/// (part, vendor, product) of a CPE 2.3 formatted string or 2.2 URI, lower case.
fn cpe_triple(cpe: &str) -> Option<(String, String, String)> {
    let w = medcyber_ident::cpe::Wfn::parse(cpe).ok()?;
    Some((
        w.part().unquoted()?.to_ascii_lowercase(),
        w.vendor().unquoted()?.to_ascii_lowercase(),
        w.product().unquoted()?.to_ascii_lowercase(),
    ))
}

/// The component's version: its own, else its purl's.
fn version_of(component: &Component) -> Option<String> {
    component
        .version
        .clone()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            component
                .purl
                .as_deref()
                .and_then(|p| Purl::parse_lenient(p).ok())
                .and_then(|p| p.version().map(str::to_owned))
        })
}

/// Whether `component` is the product (vendor keys already agree: the index found it by one).
/// `Ok(None)` when it is not; `Err` when the versions could not be compared.
pub fn evaluate(
    product: &Product<'_>,
    status: ProductStatus,
    component: &Component,
) -> Result<Option<ProductHit>, String> {
    let identified = by_identifier(product, component);
    let named = match &identified {
        Some(_) => None,
        None => match name_match(product.product, product.vendor, component) {
            Some(m) => Some(m),
            None => return Ok(None),
        },
    };
    let label = format!(
        "{} / {}",
        if product.vendor.is_empty() {
            "?"
        } else {
            product.vendor
        },
        product.product
    );
    let how = match (&identified, named) {
        (Some(id), _) => format!("identifier {id}"),
        (None, Some(NameMatch::Equal)) => "vendor and product name".to_owned(),
        _ => "vendor and part of the product name".to_owned(),
    };
    let top = match (&identified, named) {
        (Some(_), _) => Confidence::High,
        (None, Some(NameMatch::Equal)) => Confidence::Medium,
        _ => Confidence::Low,
    };
    let version = version_of(component);
    let status_text = match status {
        ProductStatus::UnderInvestigation => " (under investigation)",
        _ => "",
    };
    let (confidence, versions_text) = match product.versions {
        ProductVersions::All => (top.min(Confidence::Medium), "every version".to_owned()),
        ProductVersions::Exact(v) => match &version {
            Some(cv) if same_version(v, cv) => (top, format!("version {v}")),
            Some(_) => return Ok(None),
            None => (
                Confidence::Low,
                format!("version {v}; the component states no version"),
            ),
        },
        ProductVersions::Vers(range) => match &version {
            Some(cv) => {
                let vers = Vers::parse_lenient(range)
                    .map_err(|e| format!("{label}: unreadable range {range}: {e}"))?;
                match vers.contains(cv) {
                    Ok(true) => (top, format!("{cv} in {range}")),
                    Ok(false) => return Ok(None),
                    Err(e) => {
                        return Err(format!(
                            "{label}: version {cv} cannot be compared with {range}: {e}"
                        ));
                    }
                }
            }
            None => (
                Confidence::Low,
                format!("{range}; the component states no version"),
            ),
        },
        ProductVersions::Text(text) => (
            Confidence::Low,
            format!("versions \"{text}\" (prose; compare by hand)"),
        ),
    };
    let identifier = identified
        .clone()
        .or_else(|| component.purl.clone())
        .unwrap_or_else(|| component.name.clone());
    Ok(Some(ProductHit {
        confidence: if status == ProductStatus::UnderInvestigation {
            confidence.min(Confidence::Low)
        } else {
            confidence
        },
        identifier,
        evidence: format!(
            "{label}, {versions_text}{status_text}: matched by {how} ({})",
            match &version {
                Some(v) => format!("{} {v}", component.name),
                None => component.name.clone(),
            }
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use medcyber_model::sbom::Party;

    #[test]
    fn name_keys_skip_the_vendors_words() {
        assert_eq!(
            name_key("Koninklijke Philips N.V.", "Philips IntelliVue MX40").as_deref(),
            Some("intellivue")
        );
        assert_eq!(
            name_key("Phillips", "IntelliSpace Cardiovascular").as_deref(),
            Some("intellispace")
        );
        assert_eq!(
            name_key(
                "Becton, Dickinson and Company (BD)",
                "BD Alaris Infusion Central"
            )
            .as_deref(),
            Some("alaris")
        );
        assert_eq!(
            name_key("FreeRTOS", "FreeRTOS").as_deref(),
            Some("freertos")
        );
        assert_eq!(
            name_key("FreeRTOS", "FreeRTOS-Kernel").as_deref(),
            Some("kernel")
        );
    }

    #[test]
    fn vendor_keys() {
        assert_eq!(vendor_key("Phillips").as_deref(), Some("philips"));
        assert_eq!(
            vendor_key("Koninklijke Philips N.V.").as_deref(),
            Some("philips")
        );
        assert_eq!(vendor_key("Dräger").as_deref(), Some("drager"));
        assert_eq!(
            vendor_key("B. Braun Melsungen AG").as_deref(),
            Some("braun")
        );
        assert_eq!(
            vendor_key("Natus Medical, Inc. (Natus)").as_deref(),
            Some("natus")
        );
        assert_eq!(
            vendor_key("Becton, Dickinson and Company (BD)").as_deref(),
            Some("bd")
        );
        assert_eq!(
            vendor_key("the_apache_software_foundation").as_deref(),
            Some("apache")
        );
        assert_eq!(vendor_key("n/a"), None);
        assert_eq!(vendor_key(""), None);
    }

    fn component(name: &str, version: Option<&str>, supplier: &str) -> Component {
        Component {
            bom_ref: "c".into(),
            name: name.into(),
            version: version.map(str::to_owned),
            supplier: Some(Box::new(Party {
                name: Some(supplier.into()),
                ..Party::default()
            })),
            ..Component::default()
        }
    }

    fn hit(versions: ProductVersions, c: &Component) -> Option<Confidence> {
        let ids = ProductIdentifiers::default();
        evaluate(
            &Product {
                vendor: "Baxter",
                product: "Sigma Spectrum Infusion System",
                versions: &versions,
                identifiers: &ids,
            },
            ProductStatus::Affected,
            c,
        )
        .expect("decided")
        .map(|h| h.confidence)
    }

    #[test]
    fn names_and_versions() {
        let pump = component(
            "Sigma Spectrum Infusion System",
            Some("8.00.01"),
            "Baxter Healthcare",
        );
        let range = ProductVersions::Vers("vers:generic/<=8.00.01".into());
        assert_eq!(hit(range.clone(), &pump), Some(Confidence::Medium));
        let newer = component("Sigma Spectrum Infusion System", Some("8.00.02"), "Baxter");
        assert_eq!(hit(range.clone(), &newer), None);
        let partial = component("Sigma Spectrum", Some("8.0"), "Baxter");
        assert_eq!(hit(range, &partial), Some(Confidence::Low));
        let other = component("Spectrum IQ", Some("1.0"), "Baxter");
        assert_eq!(hit(ProductVersions::All, &other), None);
        assert_eq!(
            hit(ProductVersions::Exact("v8.00.01".into()), &pump),
            Some(Confidence::Medium)
        );
        assert_eq!(
            hit(
                ProductVersions::Text("distributed < april 1, 2018".into()),
                &pump
            ),
            Some(Confidence::Low)
        );
        // The vendor's own name in front of the component's name is ignored.
        let prefixed = component("Baxter Sigma Spectrum Infusion System", Some("8"), "Baxter");
        assert_eq!(
            hit(ProductVersions::All, &prefixed),
            Some(Confidence::Medium)
        );
    }

    #[test]
    fn identifiers_match_with_high_confidence() {
        let ids = ProductIdentifiers {
            model_numbers: vec!["35700BAX2".into()],
            ..ProductIdentifiers::default()
        };
        let c = component("35700BAX2", Some("8.00.01"), "Baxter");
        let versions = ProductVersions::Exact("8.00.01".into());
        let h = evaluate(
            &Product {
                vendor: "Baxter",
                product: "Sigma Spectrum",
                versions: &versions,
                identifiers: &ids,
            },
            ProductStatus::Affected,
            &c,
        )
        .expect("decided")
        .expect("hit");
        assert_eq!(h.confidence, Confidence::High);
        assert_eq!(h.identifier, "35700BAX2");
    }
}

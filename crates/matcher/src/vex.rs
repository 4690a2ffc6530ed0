//! Which findings a VEX statement speaks for.
//!
//! A statement applies to a finding when it names the finding's vulnerability (by id or alias,
//! either side) and one of its products is
//!
//! - the finding's component, or
//! - the product the SBOM describes (its subject) — the statement is then about every finding
//!   of that vulnerability in the product — and, when the statement lists subcomponents, the
//!   finding's component is one of them.
//!
//! A product names a component by `bom-ref` (a BOM-Link must point into this SBOM: its serial
//! number must be the SBOM's), by purl (type, namespace and name; the version too when the
//! statement's purl has one), by CPE (part, vendor, product; the version unless the statement's
//! is a wildcard), or by vendor and name with versions as a product tree states them — the
//! latter only when the product matcher is at least of medium confidence, so a range written
//! as prose never silences a finding.

use medcyber_ident::cpe::{Value, Wfn};
use medcyber_ident::purl::Purl;
use medcyber_model::advisory::{ProductIdentifiers, ProductStatus, ProductVersions};
use medcyber_model::vex::{VexProduct, VexStatement};
use medcyber_model::{Component, Confidence, Sbom};

use crate::product;

fn same_purl(listed: &str, component: Option<&str>) -> bool {
    let (Ok(p), Some(Ok(c))) = (
        Purl::parse_lenient(listed),
        component.map(Purl::parse_lenient),
    ) else {
        return false;
    };
    p.ty() == c.ty()
        && p.namespace().map(str::to_ascii_lowercase) == c.namespace().map(str::to_ascii_lowercase)
        && p.name().eq_ignore_ascii_case(c.name())
        && match p.version() {
            Some(v) => c.version() == Some(v),
            None => true,
        }
}

fn same_cpe(listed: &str, component: &Component) -> bool {
    let Ok(l) = Wfn::parse(listed) else {
        return false;
    };
    component
        .cpe
        .iter()
        .chain(&component.other_cpes)
        .filter_map(|c| Wfn::parse(c).ok())
        .any(|c| {
            let eq = |a: &Value, b: &Value| {
                a.unquoted().map(|s| s.to_ascii_lowercase())
                    == b.unquoted().map(|s| s.to_ascii_lowercase())
            };
            eq(l.part(), c.part())
                && eq(l.vendor(), c.vendor())
                && eq(l.product(), c.product())
                && (matches!(l.version(), Value::Any) || eq(l.version(), c.version()))
        })
}

fn version_in(versions: &ProductVersions, component: &Component) -> bool {
    let ids = ProductIdentifiers::default();
    let probe = product::Product {
        vendor: "",
        product: &component.name,
        versions,
        identifiers: &ids,
    };
    matches!(
        product::evaluate(&probe, ProductStatus::Affected, component),
        Ok(Some(hit)) if hit.confidence >= Confidence::Medium
    )
}

/// True when `p` names `component` of `sbom`.
pub fn names(p: &VexProduct, sbom: &Sbom, component: &Component) -> bool {
    let by_ref = p.bom_ref.as_deref().is_some_and(|r| {
        r == component.bom_ref
            && match &p.bom_serial {
                Some(serial) => sbom
                    .serial_number
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(serial)),
                None => true,
            }
    });
    let by_id = by_ref
        || p.purls
            .iter()
            .any(|l| same_purl(l, component.purl.as_deref()))
        || p.cpes.iter().any(|l| same_cpe(l, component));
    if by_id {
        return match &p.versions {
            Some(v) if !matches!(v, ProductVersions::All) => version_in(v, component),
            _ => true,
        };
    }
    let vendor = p.vendor.as_deref().and_then(product::vendor_key);
    if p.name.is_none() && vendor.is_none() {
        return false;
    }
    let vendor_ok = match vendor {
        Some(v) => {
            let cpe_vendors: Vec<String> = component
                .cpe
                .iter()
                .chain(&component.other_cpes)
                .filter_map(|c| Wfn::parse(c).ok())
                .filter_map(|w| w.vendor().unquoted())
                .collect();
            product::component_vendors(Some(sbom), component, &cpe_vendors).contains(&v)
        }
        None => true,
    };
    if !vendor_ok {
        return false;
    }
    // A vendor without a product name: every product of that vendor.
    let Some(name) = &p.name else {
        return true;
    };
    let ids = ProductIdentifiers::default();
    let all = ProductVersions::All;
    let probe = product::Product {
        vendor: p.vendor.as_deref().unwrap_or(""),
        product: name,
        versions: p.versions.as_ref().unwrap_or(&all),
        identifiers: &ids,
    };
    matches!(
        product::evaluate(&probe, ProductStatus::Affected, component),
        Ok(Some(hit)) if hit.confidence >= Confidence::Medium
    )
}

/// True when the statement is about `vulnerability` (any of the finding's ids).
pub fn about(statement: &VexStatement, ids: &[&str]) -> bool {
    std::iter::once(statement.vulnerability.as_str())
        .chain(statement.aliases.iter().map(String::as_str))
        .any(|s| ids.iter().any(|id| id.eq_ignore_ascii_case(s)))
}

/// True when the statement speaks for the finding of component `component` (its position in
/// `sbom.components`) with vulnerability ids `ids`.
pub fn applies(statement: &VexStatement, ids: &[&str], sbom: &Sbom, component: usize) -> bool {
    let Some(c) = sbom.components.get(component) else {
        return false;
    };
    if !about(statement, ids) {
        return false;
    }
    let subjects: Vec<&Component> = sbom
        .components
        .iter()
        .filter(|s| sbom.subject.contains(&s.bom_ref))
        .collect();
    statement.products.iter().any(|p| {
        let of_component = names(p, sbom, c) && p.subcomponents.is_empty();
        let of_product = subjects.iter().any(|s| names(p, sbom, s))
            && (p.subcomponents.is_empty() || p.subcomponents.iter().any(|sc| names(sc, sbom, c)));
        of_component || of_product
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use medcyber_model::vex::VexStatus;

    fn sbom() -> Sbom {
        Sbom {
            serial_number: Some("urn:uuid:AB".into()),
            subject: vec!["app".into()],
            components: vec![
                Component {
                    bom_ref: "app".into(),
                    name: "Acme Product".into(),
                    version: Some("2.4.0".into()),
                    ..Component::default()
                },
                Component {
                    bom_ref: "jackson".into(),
                    name: "jackson-databind".into(),
                    version: Some("2.10.0".into()),
                    purl: Some(
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0".into(),
                    ),
                    ..Component::default()
                },
            ],
            ..Sbom::default()
        }
    }

    fn statement(products: Vec<VexProduct>) -> VexStatement {
        VexStatement {
            vulnerability: "CVE-2020-25649".into(),
            aliases: vec![],
            products,
            status: VexStatus::NotAffected,
            justification: None,
            detail: None,
            action: None,
            source: "v".into(),
        }
    }

    #[test]
    fn product_statements_cover_its_components() {
        let s = sbom();
        let by_ref = statement(vec![VexProduct {
            bom_ref: Some("app".into()),
            ..VexProduct::default()
        }]);
        assert!(applies(&by_ref, &["CVE-2020-25649"], &s, 1));
        assert!(!applies(&by_ref, &["CVE-2020-0000"], &s, 1));
        let other_bom = statement(vec![VexProduct {
            bom_ref: Some("app".into()),
            bom_serial: Some("urn:uuid:cd".into()),
            ..VexProduct::default()
        }]);
        assert!(!applies(&other_bom, &["CVE-2020-25649"], &s, 1));
        let sub = statement(vec![VexProduct {
            bom_ref: Some("app".into()),
            subcomponents: vec![VexProduct {
                purls: vec!["pkg:maven/com.fasterxml.jackson.core/jackson-databind".into()],
                ..VexProduct::default()
            }],
            ..VexProduct::default()
        }]);
        assert!(applies(&sub, &["CVE-2020-25649"], &s, 1));
        let wrong_version = statement(vec![VexProduct {
            purls: vec!["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.0".into()],
            ..VexProduct::default()
        }]);
        assert!(!applies(&wrong_version, &["CVE-2020-25649"], &s, 1));
        let named = statement(vec![VexProduct {
            name: Some("Acme Product".into()),
            versions: Some(ProductVersions::Exact("2.4.0".into())),
            ..VexProduct::default()
        }]);
        assert!(applies(&named, &["CVE-2020-25649"], &s, 1));
        let prose = statement(vec![VexProduct {
            name: Some("Acme Product".into()),
            versions: Some(ProductVersions::Text("all shipped before 2023".into())),
            ..VexProduct::default()
        }]);
        assert!(!applies(&prose, &["CVE-2020-25649"], &s, 1));
    }
}

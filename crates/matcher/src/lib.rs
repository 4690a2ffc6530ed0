//! The vulnerability index and matching: which components an advisory affects, and why.
//!
//! An [`Index`] holds advisories keyed three ways — by (OSV ecosystem, normalised package name)
//! for purl components, by (CPE vendor, product) for NVD configurations, and by normalised
//! vendor for named products (CSAF product trees, CVE 5 `affected` entries) — and matches
//! components against them with each source's own semantics:
//!
//! - [`osv`]: the OSV schema's evaluation rules (sorted events, `introduced` / `fixed` /
//!   `last_affected` / `limit`, `versions` lists, SEMVER and ECOSYSTEM ranges; GIT ranges are
//!   not evaluated), with the ecosystem's exact version ordering from `medcyber-ident`.
//! - [`nvd`]: NVD configurations (AND/OR nodes, vulnerable vs running-on platform criteria,
//!   start/end including/excluding bounds), three-valued, with the known false-positive classes
//!   (version-less CPEs, criteria covering every version, undescribed platforms) labelled with
//!   a low [`Confidence`] instead of reported as certain.
//! - [`product`]: vendor, product name, model numbers and identifiers of named products, with
//!   exact versions and `vers` ranges.
//! - [`vex`]: which findings a VEX statement speaks for.
//!
//! The same index serves both directions: forward (an SBOM's components against the candidate
//! advisories the store found for them) and reverse (new advisories against every stored SBOM).
//! [`index_keys`] and [`Identified::keys`] give the keys the store indexes and looks up, so that
//! the store narrows candidates and this crate decides.
#![deny(missing_docs)]

pub mod ecosystem;
pub mod nvd;
pub mod osv;
pub mod product;
pub mod vex;

use std::collections::HashMap;

use medcyber_ident::cpe::Wfn;
use medcyber_ident::purl::Purl;
use medcyber_ident::version::Scheme;
use medcyber_model::advisory::{Affected, Configuration, ProductStatus, ProductVersions};
use medcyber_model::{Advisory, Component, Confidence, MatchKind, Sbom};

use crate::ecosystem::PackageId;
use crate::nvd::ParsedConfiguration;

/// What an index key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    /// (OSV ecosystem base in lower case, normalised package name).
    Package,
    /// (CPE vendor, CPE product), lower case, unquoted.
    Cpe,
    /// (vendor key, name key): a named product's vendor and the first word of its own name
    /// ([`product::vendor_key`], [`product::name_key`]).
    Product,
}

impl KeyKind {
    /// `package` or `cpe` (as stored).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Package => "package",
            KeyKind::Cpe => "cpe",
            KeyKind::Product => "product",
        }
    }
}

/// A lookup key: the store indexes advisories under their keys and finds candidates for a
/// component by its keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// What the key names.
    pub kind: KeyKind,
    /// The ecosystem or the CPE vendor.
    pub first: String,
    /// The package name or the CPE product.
    pub second: String,
}

/// The keys an advisory is found under (none for a withdrawn one: it matches nothing).
pub fn index_keys(advisory: &Advisory) -> Vec<Key> {
    // Only the keys: each vulnerable criterion parsed for its vendor and product, nothing kept.
    let cpe_keys = configurations(advisory)
        .flat_map(|c| &c.nodes)
        .flat_map(|n| &n.matches)
        .filter(|m| m.vulnerable)
        .filter_map(|m| {
            Wfn::parse(&m.criteria)
                .ok()
                .as_ref()
                .and_then(nvd::vendor_product)
        });
    keys_with(advisory, cpe_keys)
}

/// Every NVD configuration of an advisory.
fn configurations(advisory: &Advisory) -> impl Iterator<Item = &Configuration> {
    advisory
        .affected
        .iter()
        .filter_map(|a| match a {
            Affected::Configurations { configurations } => Some(configurations),
            _ => None,
        })
        .flatten()
}

/// Every NVD configuration of an advisory, criteria parsed.
fn parsed_configurations(advisory: &Advisory) -> Vec<ParsedConfiguration> {
    configurations(advisory)
        .map(ParsedConfiguration::new)
        .collect()
}

/// The keys of an advisory: its packages, and the `(vendor, product)` of its vulnerable CPE
/// criteria as the caller parsed them.
fn keys_with(advisory: &Advisory, cpe_keys: impl Iterator<Item = (String, String)>) -> Vec<Key> {
    let mut keys = Vec::new();
    if advisory.is_withdrawn() {
        return keys;
    }
    for affected in &advisory.affected {
        match affected {
            Affected::Package {
                ecosystem, name, ..
            } => {
                let id = ecosystem::from_osv(ecosystem, name);
                keys.push(Key {
                    kind: KeyKind::Package,
                    first: id.ecosystem,
                    second: id.name,
                });
            }
            Affected::Product {
                vendor,
                product: name,
                status,
                ..
            } if reportable(*status) => {
                if let (Some(v), Some(n)) =
                    (product::vendor_key(vendor), product::name_key(vendor, name))
                {
                    keys.push(Key {
                        kind: KeyKind::Product,
                        first: v,
                        second: n,
                    });
                }
            }
            _ => {}
        }
    }
    for (vendor, product) in cpe_keys {
        keys.push(Key {
            kind: KeyKind::Cpe,
            first: vendor,
            second: product,
        });
    }
    keys.sort();
    keys.dedup();
    keys
}

/// True for the product statuses that make a finding (affected, under investigation).
fn reportable(status: ProductStatus) -> bool {
    matches!(
        status,
        ProductStatus::Affected | ProductStatus::UnderInvestigation
    )
}

/// A component's identities, parsed once.
struct Identity {
    package: Option<(PackageId, String)>,
    cpes: Vec<Wfn>,
    /// The component's CPEs under their other names ([`nvd::CPE_ALIASES`]), with the alias.
    aliased: Vec<(Wfn, String)>,
    scheme: Scheme,
    vendors: Vec<String>,
    /// (vendor key, name key) pairs for named products.
    products: Vec<(String, String)>,
}

/// The identities of a component of `sbom` (the SBOM gives its subject the SBOM's supplier).
fn identity(sbom: Option<&Sbom>, c: &Component) -> Identity {
    let purl = c.purl.as_deref().and_then(|p| Purl::parse_lenient(p).ok());
    let scheme = purl
        .as_ref()
        .map(|p| Scheme::for_purl_type(p.ty()))
        .unwrap_or(Scheme::Generic);
    let package = match &purl {
        Some(p) => p
            .version()
            .map(str::to_owned)
            .or_else(|| c.version.clone())
            .and_then(|version| ecosystem::from_purl(p).map(|id| (id, version))),
        None => c
            .purl
            .as_deref()
            .and_then(ecosystem::golang_without_namespace)
            .and_then(|(id, v)| Some((id, v.or_else(|| c.version.clone())?))),
    };
    let cpes: Vec<Wfn> = c
        .cpe
        .iter()
        .chain(&c.other_cpes)
        .filter_map(|s| Wfn::parse(s).ok())
        .collect();
    let cpe_vendors: Vec<String> = cpes.iter().filter_map(|w| w.vendor().unquoted()).collect();
    let names = product::vendor_names(sbom, c, &cpe_vendors);
    let vendors = product::vendor_keys(&names);
    let products = product::product_keys(&names, c);
    let aliased = cpes.iter().flat_map(nvd::aliases).collect();
    Identity {
        package,
        cpes,
        aliased,
        scheme,
        vendors,
        products,
    }
}

/// The components of one SBOM with their identities parsed and their lookup keys derived once:
/// the store is asked for the candidates of [`Identified::keys`], and [`Index::match_identified`]
/// matches with the same identities.
pub struct Identified<'s> {
    sbom: &'s Sbom,
    identities: Vec<Identity>,
    keys: Vec<Vec<Key>>,
}

impl<'s> Identified<'s> {
    /// Parses every component's identities.
    pub fn new(sbom: &'s Sbom) -> Identified<'s> {
        let identities: Vec<Identity> = sbom
            .components
            .iter()
            .map(|c| identity(Some(sbom), c))
            .collect();
        let keys = identities.iter().map(keys_of).collect();
        Identified {
            sbom,
            identities,
            keys,
        }
    }

    /// Each component's lookup keys, in SBOM order (empty for a component with none).
    pub fn keys(&self) -> &[Vec<Key>] {
        &self.keys
    }
}

fn keys_of(id: &Identity) -> Vec<Key> {
    let mut keys = Vec::new();
    if let Some((p, _)) = &id.package {
        keys.push(Key {
            kind: KeyKind::Package,
            first: p.ecosystem.clone(),
            second: p.name.clone(),
        });
    }
    for cpe in id.cpes.iter().chain(id.aliased.iter().map(|(w, _)| w)) {
        if let Some((vendor, product)) = nvd::vendor_product(cpe) {
            keys.push(Key {
                kind: KeyKind::Cpe,
                first: vendor,
                second: product,
            });
        }
    }
    for (vendor, name) in &id.products {
        keys.push(Key {
            kind: KeyKind::Product,
            first: vendor.clone(),
            second: name.clone(),
        });
    }
    keys.sort();
    keys.dedup();
    keys
}

/// One component affected by one advisory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// The component's position in `Sbom::components`.
    pub component: usize,
    /// The advisory's position in the index ([`Index::advisory`]).
    pub advisory: usize,
    /// How it matched.
    pub kind: MatchKind,
    /// How sure.
    pub confidence: Confidence,
    /// The identifier that matched (the purl or the CPE).
    pub identifier: String,
    /// One line: why.
    pub evidence: String,
    /// Versions that fix it.
    pub fixed_versions: Vec<String>,
}

/// A component that could not be decided against an advisory (its version unreadable in the
/// advisory's ordering, say): reported, never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecided {
    /// The component's position in `Sbom::components`.
    pub component: usize,
    /// The advisory's position in the index.
    pub advisory: usize,
    /// Why.
    pub reason: String,
}

/// The result of matching an SBOM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    /// Findings, one per (component, advisory), the most certain evidence kept.
    pub matches: Vec<Match>,
    /// Pairs that could not be decided.
    pub undecided: Vec<Undecided>,
}

#[derive(Default)]
struct Entry {
    advisory: Advisory,
    configurations: Vec<ParsedConfiguration>,
}

/// Advisories indexed for matching.
#[derive(Default)]
pub struct Index {
    entries: Vec<Entry>,
    by_key: HashMap<Key, Vec<u32>>,
}

impl Index {
    /// An empty index.
    pub fn new() -> Index {
        Index::default()
    }

    /// Adds an advisory (a withdrawn one is kept but matches nothing).
    pub fn insert(&mut self, advisory: Advisory) {
        let Ok(position) = u32::try_from(self.entries.len()) else {
            return;
        };
        let configurations = parsed_configurations(&advisory);
        let cpe_keys = configurations
            .iter()
            .flat_map(ParsedConfiguration::vulnerable)
            .filter_map(nvd::ParsedMatch::key)
            .cloned();
        for key in keys_with(&advisory, cpe_keys) {
            self.by_key.entry(key).or_default().push(position);
        }
        self.entries.push(Entry {
            advisory,
            configurations,
        });
    }

    /// The number of advisories.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the index holds no advisory.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The advisory at `position`.
    pub fn advisory(&self, position: usize) -> Option<&Advisory> {
        self.entries.get(position).map(|e| &e.advisory)
    }

    /// Matches every component of an SBOM.
    pub fn match_sbom(&self, sbom: &Sbom) -> Matches {
        self.match_identified(&Identified::new(sbom))
    }

    /// Matches every component of an SBOM whose identities are already parsed.
    pub fn match_identified(&self, identified: &Identified<'_>) -> Matches {
        let identities = &identified.identities;
        let platform = nvd::Platform::new(identities.iter().flat_map(|i| i.cpes.clone()).collect());
        let mut out = Collector::default();
        for (ci, ((component, id), keys)) in identified
            .sbom
            .components
            .iter()
            .zip(identities)
            .zip(&identified.keys)
            .enumerate()
        {
            let mut candidates: Vec<u32> = keys
                .iter()
                .filter_map(|k| self.by_key.get(k))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            for ai in candidates {
                self.pair(0, ci, ai as usize, component, id, &platform, &mut out);
            }
        }
        out.finish().pop().map(|(_, m)| m).unwrap_or_default()
    }

    /// The reverse direction: every component of every SBOM of a portfolio that this index's
    /// advisories (typically the new or changed ones of an import) affect, per SBOM.
    pub fn reverse(&self, portfolio: &Portfolio) -> Vec<(usize, Matches)> {
        let mut out = Collector::default();
        let mut pairs: Vec<(u32, u32, u32)> = Vec::new();
        for (key, advisories) in &self.by_key {
            let Some(components) = portfolio.by_key.get(key) else {
                continue;
            };
            for &(s, c) in components {
                for &a in advisories {
                    pairs.push((s, c, a));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (s, c, a) in pairs {
            let (s, c) = (s as usize, c as usize);
            let (Some(sbom), Some(ids), Some(platform)) = (
                portfolio.sboms.get(s),
                portfolio.identities.get(s),
                portfolio.platforms.get(s),
            ) else {
                continue;
            };
            let (Some(component), Some(id)) = (sbom.components.get(c), ids.get(c)) else {
                continue;
            };
            self.pair(s, c, a as usize, component, id, platform, &mut out);
        }
        out.finish()
    }

    #[allow(clippy::too_many_arguments)]
    fn pair(
        &self,
        sbom: usize,
        ci: usize,
        ai: usize,
        component: &Component,
        id: &Identity,
        platform: &nvd::Platform,
        out: &mut Collector,
    ) {
        let Some(entry) = self.entries.get(ai) else {
            return;
        };
        if entry.advisory.is_withdrawn() {
            return;
        }
        for found in self.evaluate(entry, component, id, platform) {
            match found {
                Ok((kind, confidence, identifier, evidence, fixed_versions)) => out.found(
                    sbom,
                    Match {
                        component: ci,
                        advisory: ai,
                        kind,
                        confidence,
                        identifier,
                        evidence,
                        fixed_versions,
                    },
                ),
                Err(reason) => out.undecided(
                    sbom,
                    Undecided {
                        component: ci,
                        advisory: ai,
                        reason,
                    },
                ),
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn evaluate(
        &self,
        entry: &Entry,
        component: &Component,
        id: &Identity,
        platform: &nvd::Platform,
    ) -> Vec<Result<(MatchKind, Confidence, String, String, Vec<String>), String>> {
        let mut found = Vec::new();
        if let Some((package, version)) = &id.package {
            for affected in &entry.advisory.affected {
                let Affected::Package {
                    ecosystem: eco,
                    name,
                    ranges,
                    versions,
                    ..
                } = affected
                else {
                    continue;
                };
                let adv = ecosystem::from_osv(eco, name);
                if adv.ecosystem != package.ecosystem || adv.name != package.name {
                    continue;
                }
                let mut confidence = Confidence::High;
                let mut caveat = None;
                match (&adv.release, &package.release) {
                    (Some(a), Some(c)) if !ecosystem::release_matches(a, c) => continue,
                    (Some(a), None) => {
                        confidence = Confidence::Medium;
                        caveat = Some(format!(
                            "; the component's {} release is not known (advisory: {a})",
                            eco.split(':').next().unwrap_or(eco)
                        ));
                    }
                    _ => {}
                }
                let scheme = ecosystem::scheme_of(eco);
                match osv::evaluate(scheme, ranges, versions, version) {
                    osv::Outcome::Affected(hit) => {
                        let purl = component.purl.clone().unwrap_or_default();
                        let mut evidence = format!("{purl}: {} ({eco})", hit.evidence);
                        if let Some(c) = &caveat {
                            evidence.push_str(c);
                        }
                        found.push(Ok((MatchKind::Purl, confidence, purl, evidence, hit.fixed)));
                    }
                    osv::Outcome::NotAffected => {}
                    osv::Outcome::Undecided(reason) => found.push(Err(reason)),
                }
            }
        }
        if !id.cpes.is_empty() {
            let target = nvd::Target {
                cpes: &id.cpes,
                scheme: id.scheme,
            };
            for config in &entry.configurations {
                if let Some(hit) = nvd::evaluate(config, &target, platform) {
                    found.push(Ok((
                        MatchKind::Cpe,
                        hit.confidence,
                        hit.cpe,
                        hit.evidence,
                        hit.fixed.into_iter().collect(),
                    )));
                    continue;
                }
                // Another name of the same software: at most medium confidence, and said.
                let by_alias = id.aliased.iter().find_map(|(w, alias)| {
                    let one = nvd::Target {
                        cpes: std::slice::from_ref(w),
                        scheme: id.scheme,
                    };
                    nvd::evaluate(config, &one, platform).map(|hit| (hit, alias))
                });
                if let Some((hit, alias)) = by_alias {
                    found.push(Ok((
                        MatchKind::Cpe,
                        hit.confidence.min(Confidence::Medium),
                        hit.cpe,
                        format!("{}; through the CPE alias {alias}", hit.evidence),
                        hit.fixed.into_iter().collect(),
                    )));
                }
            }
        }
        // Named products last: at equal confidence, the identifier-based evidence above is kept.
        if !id.vendors.is_empty() {
            found.extend(products(&entry.advisory, component, id));
        }
        found
    }
}

/// The named products of an advisory that a component is, with the versions the advisory
/// says are fixed for that product.
#[allow(clippy::type_complexity)]
fn products(
    advisory: &Advisory,
    component: &Component,
    id: &Identity,
) -> Vec<Result<(MatchKind, Confidence, String, String, Vec<String>), String>> {
    let mut found = Vec::new();
    for affected in &advisory.affected {
        let Affected::Product {
            vendor,
            product: name,
            versions,
            status,
            identifiers,
            vulnerabilities,
            ..
        } = affected
        else {
            continue;
        };
        if !reportable(*status)
            || !product::vendor_key(vendor).is_some_and(|v| id.vendors.contains(&v))
        {
            continue;
        }
        let p = product::Product {
            vendor,
            product: name,
            versions,
            identifiers,
        };
        match product::evaluate(&p, *status, component) {
            Ok(Some(hit)) => {
                let fixed: Vec<String> = advisory
                    .affected
                    .iter()
                    .filter_map(|a| match a {
                        Affected::Product {
                            vendor: v,
                            product: n,
                            versions: ProductVersions::Exact(fixed),
                            status: ProductStatus::Fixed,
                            ..
                        } if v == vendor && n == name => Some(fixed.clone()),
                        _ => None,
                    })
                    .collect();
                let mut evidence = hit.evidence;
                if !vulnerabilities.is_empty() {
                    evidence.push_str(&format!("; for {}", vulnerabilities.join(", ")));
                }
                found.push(Ok((
                    MatchKind::Product,
                    hit.confidence,
                    hit.identifier,
                    evidence,
                    fixed,
                )));
            }
            Ok(None) => {}
            Err(reason) => found.push(Err(reason)),
        }
    }
    found
}

/// Findings per SBOM, one per (component, advisory), the most certain evidence kept.
#[derive(Default)]
struct Collector {
    per_sbom: HashMap<usize, Matches>,
    best: HashMap<(usize, usize, usize), usize>,
}

impl Collector {
    fn found(&mut self, sbom: usize, m: Match) {
        let matches = &mut self.per_sbom.entry(sbom).or_default().matches;
        match self.best.get(&(sbom, m.component, m.advisory)) {
            Some(&at) if matches[at].confidence >= m.confidence => {}
            Some(&at) => matches[at] = m,
            None => {
                self.best
                    .insert((sbom, m.component, m.advisory), matches.len());
                matches.push(m);
            }
        }
    }

    fn undecided(&mut self, sbom: usize, u: Undecided) {
        self.per_sbom.entry(sbom).or_default().undecided.push(u);
    }

    /// Per SBOM, in SBOM order; a pair decided by one affected entry is not undecided because
    /// of another.
    fn finish(self) -> Vec<(usize, Matches)> {
        let best = self.best;
        let mut out: Vec<(usize, Matches)> = self
            .per_sbom
            .into_iter()
            .map(|(s, mut m)| {
                m.undecided
                    .retain(|u| !best.contains_key(&(s, u.component, u.advisory)));
                (s, m)
            })
            .collect();
        out.sort_by_key(|(s, _)| *s);
        out
    }
}

/// The components of many SBOMs (a manufacturer's portfolio, a hospital's fleet), indexed by
/// key for the reverse match. Identities are parsed once, when an SBOM is added.
#[derive(Default)]
pub struct Portfolio {
    sboms: Vec<Sbom>,
    identities: Vec<Vec<Identity>>,
    platforms: Vec<nvd::Platform>,
    by_key: HashMap<Key, Vec<(u32, u32)>>,
}

impl Portfolio {
    /// An empty portfolio.
    pub fn new() -> Portfolio {
        Portfolio::default()
    }

    /// Adds an SBOM; returns its position.
    pub fn insert(&mut self, sbom: Sbom) -> usize {
        let position = self.sboms.len();
        let s = u32::try_from(position).unwrap_or(u32::MAX);
        let identities: Vec<Identity> = sbom
            .components
            .iter()
            .map(|c| identity(Some(&sbom), c))
            .collect();
        for (ci, id) in identities.iter().enumerate() {
            let c = u32::try_from(ci).unwrap_or(u32::MAX);
            for key in keys_of(id) {
                self.by_key.entry(key).or_default().push((s, c));
            }
        }
        self.platforms.push(nvd::Platform::new(
            identities.iter().flat_map(|i| i.cpes.clone()).collect(),
        ));
        self.identities.push(identities);
        self.sboms.push(sbom);
        position
    }

    /// The SBOM at `position`.
    pub fn sbom(&self, position: usize) -> Option<&Sbom> {
        self.sboms.get(position)
    }

    /// The number of SBOMs.
    pub fn len(&self) -> usize {
        self.sboms.len()
    }

    /// True when the portfolio holds no SBOM.
    pub fn is_empty(&self) -> bool {
        self.sboms.is_empty()
    }
}

//! Package identity across purl and OSV: which OSV ecosystem a purl type belongs to, how names
//! are normalised so both sides meet in one index key, and which version ordering decides.

use medcyber_ident::purl::Purl;
use medcyber_ident::version::Scheme;

/// A package as the index knows it: the OSV ecosystem's base name folded to lower case
/// (`pypi`, `debian`, `maven`), the distribution release when the ecosystem has one
/// (`Debian:12` → `12`), and the name normalised as the ecosystem compares names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PackageId {
    /// The ecosystem's base name in lower case (the index key's first half).
    pub ecosystem: String,
    /// The release after the ecosystem's `:` (`12` of `Debian:12`, `v3.18` of `Alpine:v3.18`).
    pub release: Option<String>,
    /// The normalised name (the index key's second half).
    pub name: String,
}

/// The OSV ecosystem (base name, as OSV spells it) of a purl type and namespace.
fn osv_ecosystem(ty: &str, namespace: Option<&str>) -> Option<&'static str> {
    let ns = namespace.map(str::to_ascii_lowercase);
    Some(match ty {
        "npm" => "npm",
        "pypi" => "PyPI",
        "maven" => "Maven",
        "golang" => "Go",
        "cargo" => "crates.io",
        "gem" => "RubyGems",
        "nuget" => "NuGet",
        "composer" => "Packagist",
        "hex" => "Hex",
        "pub" => "Pub",
        "swift" => "SwiftURL",
        "conan" => "ConanCenter",
        "cran" => "CRAN",
        "hackage" => "Hackage",
        "bitnami" => "Bitnami",
        "github" => "GitHub Actions",
        "deb" => match ns.as_deref() {
            Some("ubuntu") => "Ubuntu",
            _ => "Debian",
        },
        "apk" => match ns.as_deref() {
            Some("wolfi") => "Wolfi",
            Some("chainguard") => "Chainguard",
            _ => "Alpine",
        },
        "rpm" => match ns.as_deref() {
            Some("redhat") => "Red Hat",
            Some("almalinux") => "AlmaLinux",
            Some("rocky") | Some("rocky-linux") => "Rocky Linux",
            Some("opensuse") => "openSUSE",
            Some("suse") | Some("sles") => "SUSE",
            Some("openeuler") => "openEuler",
            Some("mageia") => "Mageia",
            _ => return None,
        },
        _ => return None,
    })
}

/// The version ordering of an OSV ecosystem (its base name, any case).
pub fn scheme_of(ecosystem: &str) -> Scheme {
    let base = ecosystem.split(':').next().unwrap_or(ecosystem);
    match base.to_ascii_lowercase().as_str() {
        "npm" => Scheme::Npm,
        "pypi" => Scheme::Pypi,
        "maven" => Scheme::Maven,
        "go" => Scheme::Golang,
        "crates.io" => Scheme::Cargo,
        "rubygems" => Scheme::Gem,
        "nuget" => Scheme::Nuget,
        "debian" | "ubuntu" => Scheme::Deb,
        "alpine" | "wolfi" | "chainguard" | "alpaquita" | "minimos" => Scheme::Apk,
        "red hat" | "almalinux" | "rocky linux" | "opensuse" | "suse" | "openeuler" | "mageia"
        | "azure linux" | "photon os" => Scheme::Rpm,
        "conancenter" => Scheme::Conan,
        "bitnami" | "hex" | "pub" | "swifturl" => Scheme::Semver,
        _ => Scheme::Generic,
    }
}

/// Normalises a package name as its ecosystem compares names: PyPI by PEP 503 (case folded,
/// runs of `-`, `_`, `.` made one `-`); NuGet, Packagist, Hex and the distributions' package
/// names case-insensitively; the rest exactly.
pub fn normalise_name(ecosystem_lower: &str, name: &str) -> String {
    match ecosystem_lower {
        "pypi" => {
            let mut out = String::with_capacity(name.len());
            let mut sep = false;
            for c in name.trim().chars() {
                if matches!(c, '-' | '_' | '.') {
                    sep = true;
                } else {
                    if sep && !out.is_empty() {
                        out.push('-');
                    }
                    sep = false;
                    out.extend(c.to_lowercase());
                }
            }
            out
        }
        "nuget" | "packagist" | "hex" | "debian" | "ubuntu" | "alpine" | "wolfi" | "chainguard"
        | "bitnami" => name.trim().to_lowercase(),
        _ => name.trim().to_owned(),
    }
}

/// The package id of an OSV `affected[].package` (`ecosystem` as OSV writes it, with its
/// release after `:`).
pub fn from_osv(ecosystem: &str, name: &str) -> PackageId {
    let (base, release) = match ecosystem.split_once(':') {
        Some((b, r)) if !r.is_empty() => (b, Some(r.to_owned())),
        Some((b, _)) => (b, None),
        None => (ecosystem, None),
    };
    let base = base.trim().to_ascii_lowercase();
    let name = normalise_name(&base, name);
    PackageId {
        ecosystem: base,
        release,
        name,
    }
}

/// The package id of a purl, or `None` for a purl type no OSV ecosystem covers.
pub fn from_purl(purl: &Purl) -> Option<PackageId> {
    let ty = purl.ty();
    let ecosystem = osv_ecosystem(ty, purl.namespace())?;
    let ns = purl.namespace();
    let name = match (ty, ns) {
        ("maven", Some(group)) => format!("{group}:{}", purl.name()),
        ("npm" | "golang" | "composer" | "swift" | "github", Some(ns)) => {
            format!("{ns}/{}", purl.name())
        }
        _ => purl.name().to_owned(),
    };
    let base = ecosystem.to_ascii_lowercase();
    let release = distro_release(&base, purl.qualifiers().get("distro").map(String::as_str));
    Some(PackageId {
        name: normalise_name(&base, &name),
        ecosystem: base,
        release,
    })
}

/// Go modules whose path has no `/` — the standard library and toolchain as OSV names them
/// (`pkg:golang/stdlib@v1.21.10`, `pkg:golang/toolchain`) and vanity modules such as
/// `gitea.dev` — written as purls without the namespace the purl spec requires of `golang`;
/// they are read here rather than refused by the purl parser.
pub fn golang_without_namespace(purl: &str) -> Option<(PackageId, Option<String>)> {
    let rest = purl.strip_prefix("pkg:golang/")?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (name, version) = match rest.split_once('@') {
        Some((n, v)) => (n, Some(v.to_owned())),
        None => (rest, None),
    };
    if name.is_empty() || name.contains('/') {
        return None;
    }
    let name = medcyber_ident::purl::decode(name).ok()?;
    let version = match version {
        Some(v) => Some(medcyber_ident::purl::decode(&v).ok()?),
        None => None,
    };
    Some((
        PackageId {
            ecosystem: "go".to_owned(),
            release: None,
            name,
        },
        version,
    ))
}

/// The OSV release of a purl `distro` qualifier: `debian-12`, `bookworm` → `12`;
/// `alpine-3.18`, `3.18.4` → `v3.18`; `ubuntu-22.04` → `22.04`.
fn distro_release(ecosystem_lower: &str, distro: Option<&str>) -> Option<String> {
    let distro = distro?.trim().to_ascii_lowercase();
    let version = distro
        .rsplit_once('-')
        .map(|(_, v)| v.to_owned())
        .unwrap_or_else(|| distro.clone());
    match ecosystem_lower {
        "debian" => {
            let code = match version.as_str() {
                "stretch" => "9",
                "buster" => "10",
                "bullseye" => "11",
                "bookworm" => "12",
                "trixie" => "13",
                "forky" => "14",
                v => v.split('.').next().unwrap_or(v),
            };
            Some(code.to_owned())
        }
        "alpine" => {
            let v = version.trim_start_matches('v');
            let mut parts = v.split('.');
            match (parts.next(), parts.next()) {
                (Some(major), Some(minor)) => Some(format!("v{major}.{minor}")),
                _ => Some(format!("v{v}")),
            }
        }
        "ubuntu" => Some(version),
        _ => None,
    }
}

/// True when an advisory's release (`12` of `Debian:12`) applies to a component's release.
/// Ubuntu's OSV releases carry suffixes (`22.04:LTS`, `Pro:18.04:LTS`), so a release matches
/// when the component's release is one of its `:`-separated parts.
pub fn release_matches(advisory: &str, component: &str) -> bool {
    advisory == component || advisory.split(':').any(|part| part == component)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(purl: &str) -> PackageId {
        from_purl(&Purl::parse(purl).expect("purl")).expect("ecosystem")
    }

    #[test]
    fn purls_meet_osv_names() {
        assert_eq!(
            id("pkg:pypi/Django_REST..framework@3.0"),
            from_osv("PyPI", "django-rest-framework")
        );
        assert_eq!(id("pkg:pypi/Zope.Interface").name, "zope-interface");
        assert_eq!(
            id("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
            from_osv("Maven", "org.apache.logging.log4j:log4j-core")
        );
        assert_eq!(
            id("pkg:npm/%40babel/traverse@7.0.0"),
            from_osv("npm", "@babel/traverse")
        );
        assert_eq!(
            id("pkg:golang/github.com/gin-gonic/gin@v1.5.0"),
            from_osv("Go", "github.com/gin-gonic/gin")
        );
        assert_eq!(
            id("pkg:nuget/Newtonsoft.Json@12.0.1"),
            from_osv("NuGet", "newtonsoft.json")
        );
        assert_eq!(
            id("pkg:cargo/smallvec@1.0.0"),
            from_osv("crates.io", "smallvec")
        );
        let deb = id("pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=bookworm");
        assert_eq!(deb, from_osv("Debian:12", "openssl"));
        let apk = id("pkg:apk/alpine/busybox@1.36.1-r0?distro=alpine-3.18.4");
        assert_eq!(apk, from_osv("Alpine:v3.18", "busybox"));
        assert!(from_purl(&Purl::parse("pkg:generic/openssl@1.1.1").expect("purl")).is_none());
        let (std, version) =
            golang_without_namespace("pkg:golang/stdlib@v1.21.10").expect("stdlib");
        assert_eq!(std, from_osv("Go", "stdlib"));
        assert_eq!(version.as_deref(), Some("v1.21.10"));
        assert!(golang_without_namespace("pkg:golang/github.com/x/y@v1").is_none());
        let (vanity, _) =
            golang_without_namespace("pkg:golang/gitea.dev@v1.27.0-rc.1").expect("vanity");
        assert_eq!(vanity.name, "gitea.dev");
    }

    #[test]
    fn schemes_and_releases() {
        assert_eq!(scheme_of("Debian:12"), Scheme::Deb);
        assert_eq!(scheme_of("crates.io"), Scheme::Cargo);
        assert_eq!(scheme_of("Packagist"), Scheme::Generic);
        assert!(release_matches("Pro:18.04:LTS", "18.04"));
        assert!(!release_matches("11", "12"));
    }
}

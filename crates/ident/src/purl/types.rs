//! Rules of the registered purl types, from the purl-spec type definitions
//! (`types/<type>-definition.json`).
//!
//! Each registered type says whether its namespace is required, optional or prohibited, which
//! components are case-insensitive (and so lowercased in the canonical form), which characters
//! are permitted, and any name normalisation (PyPI `_` to `-`, pub's `[a-z0-9_]`, ...).
//! Unregistered types follow the generic rules only. A conformance test checks this table
//! against the definition files.

use super::Purl;

/// Whether a type's namespace must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// The namespace must be present.
    Required,
    /// The namespace may be present.
    Optional,
    /// The namespace must be absent.
    Prohibited,
}

/// A normalisation applied to a type's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// None besides case folding.
    None,
    /// PyPI: lowercase, `_` replaced by `-`.
    Pypi,
    /// pub: lowercase, every character other than `[a-z0-9]` replaced by `_`.
    Pub,
    /// Hackage: kebab-case (`_` replaced by `-`).
    Hackage,
}

/// The rules of one registered purl type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeRules {
    /// The type name.
    pub ty: &'static str,
    /// Namespace presence.
    pub namespace: Requirement,
    /// True when the namespace is case-insensitive (canonical form lowercase).
    pub namespace_lowercase: bool,
    /// True when the name is case-insensitive (canonical form lowercase).
    pub name_lowercase: bool,
    /// True when the version is case-insensitive (canonical form lowercase).
    pub version_lowercase: bool,
    /// True when the subpath is case-insensitive (canonical form lowercase).
    pub subpath_lowercase: bool,
    /// Name normalisation.
    pub name_rule: NameRule,
    /// Qualifier keys the type requires.
    pub required_qualifiers: &'static [&'static str],
}

const fn rules(
    ty: &'static str,
    namespace: Requirement,
    namespace_lowercase: bool,
    name_lowercase: bool,
) -> TypeRules {
    TypeRules {
        ty,
        namespace,
        namespace_lowercase,
        name_lowercase,
        version_lowercase: false,
        subpath_lowercase: false,
        name_rule: NameRule::None,
        required_qualifiers: &[],
    }
}

use Requirement::{Optional, Prohibited, Required};

/// Every registered type, sorted by name.
pub const REGISTERED: &[TypeRules] = &[
    rules("alpm", Required, true, true),
    rules("apk", Required, true, true),
    rules("bazel", Prohibited, false, false),
    rules("bitbucket", Required, true, true),
    rules("bitnami", Prohibited, false, true),
    rules("brew", Optional, true, true),
    rules("cargo", Prohibited, false, false),
    rules("chrome-extension", Prohibited, false, true),
    rules("cocoapods", Prohibited, false, false),
    rules("composer", Required, true, true),
    rules("conan", Optional, false, false),
    rules("conda", Prohibited, false, false),
    rules("cpan", Optional, false, false),
    rules("cran", Prohibited, false, false),
    rules("deb", Required, true, true),
    rules("docker", Optional, false, false),
    rules("gem", Prohibited, false, false),
    rules("generic", Optional, false, false),
    rules("git", Required, false, false),
    rules("github", Required, true, true),
    rules("golang", Required, false, false),
    TypeRules {
        name_rule: NameRule::Hackage,
        ..rules("hackage", Prohibited, false, false)
    },
    rules("hex", Optional, true, true),
    TypeRules {
        version_lowercase: true,
        ..rules("huggingface", Required, false, false)
    },
    TypeRules {
        required_qualifiers: &["uuid"],
        ..rules("julia", Prohibited, false, false)
    },
    rules("luarocks", Optional, true, true),
    rules("maven", Required, false, false),
    rules("mlflow", Prohibited, false, false),
    rules("npm", Optional, false, false),
    rules("nuget", Prohibited, false, false),
    TypeRules {
        version_lowercase: true,
        ..rules("oci", Prohibited, false, true)
    },
    rules("opam", Prohibited, false, false),
    TypeRules {
        subpath_lowercase: true,
        ..rules("otp", Prohibited, false, true)
    },
    TypeRules {
        name_rule: NameRule::Pub,
        ..rules("pub", Prohibited, false, true)
    },
    TypeRules {
        name_rule: NameRule::Pypi,
        version_lowercase: true,
        ..rules("pypi", Prohibited, false, true)
    },
    rules("qpkg", Required, true, false),
    rules("rpm", Required, true, false),
    TypeRules {
        required_qualifiers: &["tag_id"],
        ..rules("swid", Optional, false, false)
    },
    rules("swift", Required, false, false),
    rules("vcpkg", Prohibited, false, false),
    TypeRules {
        version_lowercase: true,
        ..rules("vscode-extension", Required, true, true)
    },
    rules("yocto", Optional, true, false),
];

/// The rules of a registered type, if it is registered.
pub fn lookup(ty: &str) -> Option<&'static TypeRules> {
    // Byte iterators rather than `str::cmp`: type names are short, and an inlined loop beats
    // a call to `memcmp` per probe.
    REGISTERED
        .binary_search_by(|r| r.ty.bytes().cmp(ty.bytes()))
        .ok()
        .map(|i| &REGISTERED[i])
}

/// [`lookup`] for a type spelled in any case (types are case-insensitive).
pub fn lookup_ignore_case(ty: &str) -> Option<&'static TypeRules> {
    if ty.bytes().any(|b| b.is_ascii_uppercase()) {
        lookup(&ty.to_ascii_lowercase())
    } else {
        lookup(ty)
    }
}

/// Normalises `purl` in place for its registered type and checks the type's rules.
pub(super) fn apply(purl: &mut Purl, rules: &TypeRules) -> Result<(), String> {
    match (rules.namespace, &purl.namespace) {
        (Requirement::Required, None) => {
            return Err(format!("a `{}` purl requires a namespace", rules.ty));
        }
        (Requirement::Prohibited, Some(ns)) => {
            return Err(format!(
                "a `{}` purl must not have a namespace (found `{ns}`)",
                rules.ty
            ));
        }
        _ => {}
    }
    if rules.namespace_lowercase
        && let Some(ns) = &mut purl.namespace
    {
        lowercase(ns);
    }
    if rules.name_lowercase {
        lowercase(&mut purl.name);
    }
    match rules.name_rule {
        NameRule::None => {}
        NameRule::Pypi | NameRule::Hackage => {
            if purl.name.bytes().any(|b| b == b'_') {
                purl.name = purl.name.replace('_', "-");
            }
        }
        NameRule::Pub => {
            purl.name = purl
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_lowercase() || c.is_ascii_digit() {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
        }
    }
    if rules.version_lowercase
        && let Some(v) = &mut purl.version
    {
        lowercase(v);
    }
    if rules.subpath_lowercase
        && let Some(sp) = &mut purl.subpath
    {
        lowercase(sp);
    }
    match rules.ty {
        "chrome-extension" => check_chrome_extension(purl)?,
        "cpan" => {
            purl.namespace = purl.namespace.take().map(|ns| ns.to_uppercase());
            if purl.name.contains("::") {
                return Err(format!(
                    "a cpan name is a distribution name and must not contain `::` (found `{}`; use the distribution name, e.g. `URI-PackageURL`)",
                    purl.name
                ));
            }
        }
        "mlflow" => {
            // Databricks model names are case-insensitive; Azure ML names are case-sensitive.
            let databricks = purl
                .qualifiers
                .get("repository_url")
                .is_some_and(|url| url.to_lowercase().contains("databricks"));
            if databricks {
                purl.name = purl.name.to_lowercase();
            }
        }
        _ => {}
    }
    for key in rules.required_qualifiers {
        if !purl.qualifiers.contains_key(*key) {
            return Err(format!(
                "a `{}` purl requires the `{key}` qualifier",
                rules.ty
            ));
        }
    }
    Ok(())
}

/// Unicode lowercase, in place (without allocating) when the text is ASCII.
fn lowercase(text: &mut String) {
    if text.is_ascii() {
        text.make_ascii_lowercase();
    } else {
        *text = text.to_lowercase();
    }
}

/// chrome-extension: the name is a 32-letter id over `a`..`p`; the version has 1 to 4
/// dot-separated integers.
fn check_chrome_extension(purl: &Purl) -> Result<(), String> {
    if purl.name.len() != 32 || !purl.name.bytes().all(|b| (b'a'..=b'p').contains(&b)) {
        return Err(format!(
            "a chrome-extension name must be 32 letters from `a` to `p` (found `{}`)",
            purl.name
        ));
    }
    if let Some(v) = &purl.version {
        let parts: Vec<&str> = v.split('.').collect();
        if parts.len() > 4
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!(
                "a chrome-extension version must be 1 to 4 dot-separated integers (found `{v}`)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_lookup() {
        assert!(REGISTERED.windows(2).all(|w| w[0].ty < w[1].ty));
        assert_eq!(lookup("pypi").map(|r| r.name_rule), Some(NameRule::Pypi));
        assert!(lookup("unknown-type").is_none());
    }
}

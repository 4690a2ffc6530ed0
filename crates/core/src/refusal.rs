//! Refusals: input a use case will not take, or an action it does not permit, for a reason the
//! person can act on (a name too long, a password too short, a name already taken, a role that
//! may not do this). Each has a stable code and
//! named arguments, so the web UI shows it in the user's language from its catalogues
//! (`refused-<code>`; a server test checks that every code below is in every catalogue with
//! the same arguments; arguments named `role` and `own` hold a role, which the UI names in the
//! user's language), while the API and the CLI show the English text.

use std::fmt;

/// What kind of refusal (the API's status: 400, 409 or 403).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The value is not acceptable.
    Invalid,
    /// A unique name is taken.
    Taken,
    /// The principal's role, or the owner of the data, does not permit the action.
    Denied,
}

/// Every refusal: `(code, kind, English text)`; `{name}` in the text is an argument.
pub const ALL: &[(&str, Kind, &str)] = &[
    (
        "product-name-invalid",
        Kind::Invalid,
        "a product's name must be 1 to 200 characters without control characters",
    ),
    (
        "version-invalid",
        Kind::Invalid,
        "a version must be 1 to 200 characters without control characters",
    ),
    (
        "org-name-invalid",
        Kind::Invalid,
        "an organisation's name must be 1 to 200 characters without control characters",
    ),
    (
        "email-invalid",
        Kind::Invalid,
        "`{email}` is not an e-mail address",
    ),
    (
        "password-short",
        Kind::Invalid,
        "the password must have at least {min} characters",
    ),
    (
        "token-expiry",
        Kind::Invalid,
        "a token expires after 1 to 3650 days",
    ),
    (
        "share-self",
        Kind::Invalid,
        "an organisation cannot share a product with itself",
    ),
    (
        "share-taken",
        Kind::Taken,
        "the product is already shared with `{grantee}`",
    ),
    (
        "triage-justification-needed",
        Kind::Invalid,
        "a not_affected decision needs a justification (CycloneDX and CSAF VEX require one)",
    ),
    (
        "triage-justification-unexpected",
        Kind::Invalid,
        "a justification is given only with the state not_affected",
    ),
    (
        "triage-detail-long",
        Kind::Invalid,
        "the detail is limited to 20,000 characters",
    ),
    ("triage-none", Kind::Invalid, "no finding is selected"),
    (
        "triage-too-many",
        Kind::Invalid,
        "at most 1,000 findings are triaged at once",
    ),
    (
        "taken-organisation",
        Kind::Taken,
        "an organisation with that name already exists",
    ),
    (
        "taken-user",
        Kind::Taken,
        "a user with that e-mail address already exists",
    ),
    (
        "taken-product",
        Kind::Taken,
        "a product with that name already exists",
    ),
    (
        "taken-version",
        Kind::Taken,
        "the product already has a version with that name",
    ),
    (
        "taken",
        Kind::Taken,
        "a {what} with that name already exists",
    ),
    (
        "denied-read",
        Kind::Denied,
        "the role `{role}` may not read the portfolio",
    ),
    (
        "denied-write",
        Kind::Denied,
        "the role `{role}` may not change the portfolio",
    ),
    (
        "denied-triage",
        Kind::Denied,
        "the role `{role}` may not record analyses",
    ),
    (
        "denied-administer",
        Kind::Denied,
        "the role `{role}` may not manage users and tokens",
    ),
    (
        "denied-read-audit",
        Kind::Denied,
        "the role `{role}` may not read the audit log",
    ),
    (
        "token-role-denied",
        Kind::Denied,
        "a token cannot carry the role `{role}` for a `{own}`",
    ),
    (
        "user-role-denied",
        Kind::Denied,
        "a `{own}` cannot add a user with the role `{role}`",
    ),
    (
        "user-self",
        Kind::Denied,
        "a user cannot change their own role or disable themselves",
    ),
    (
        "user-change-denied",
        Kind::Denied,
        "a `{own}` cannot change a `{role}` or give a greater role",
    ),
    (
        "findings-not-shared",
        Kind::Denied,
        "the manufacturer does not share the findings of this product",
    ),
    (
        "import-dir-off",
        Kind::Denied,
        "imports from a server-side path are off; start the server with --import-dir",
    ),
    (
        "lifecycle-date-invalid",
        Kind::Invalid,
        "the {field} `{value}` is not a calendar date (YYYY-MM-DD)",
    ),
    (
        "lifecycle-date-order",
        Kind::Invalid,
        "the {field} must come before the {later}",
    ),
    (
        "lifecycle-text-invalid",
        Kind::Invalid,
        "a note or evidence is limited to 20,000 characters without control characters",
    ),
    (
        "lifecycle-item-unknown",
        Kind::Invalid,
        "`{item}` is not an item of the lifecycle checklist",
    ),
    (
        "lifecycle-done-future",
        Kind::Invalid,
        "a communication cannot be recorded as done in the future",
    ),
    (
        "lifecycle-evidence-needed",
        Kind::Invalid,
        "say where the evidence is (a document, a letter, a link)",
    ),
    (
        "support-component-invalid",
        Kind::Invalid,
        "name the component by its purl or as name@version (up to 2,000 characters)",
    ),
    (
        "support-level-unknown",
        Kind::Invalid,
        "`{level}` is not a level of support (active, limited, none, manufacturer, unknown)",
    ),
    (
        "support-empty",
        Kind::Invalid,
        "give a level of support or an end-of-support date",
    ),
    (
        "profile-name-invalid",
        Kind::Invalid,
        "a profile's name must be 1 to 200 characters without control characters",
    ),
    (
        "profile-metrics-invalid",
        Kind::Invalid,
        "the CVSS {version} environment is not valid: {detail}",
    ),
    (
        "profile-empty",
        Kind::Invalid,
        "give CVSS 3.x or 4.0 environmental metrics",
    ),
    (
        "taken-profile",
        Kind::Taken,
        "the product already has a CVSS profile with that name",
    ),
    (
        "risk-acceptance-uncontrolled",
        Kind::Invalid,
        "only a controlled risk can be accepted",
    ),
    (
        "risk-acceptance-date",
        Kind::Invalid,
        "an acceptance must last beyond the date of awareness",
    ),
    (
        "risk-acceptance-owner",
        Kind::Invalid,
        "an acceptance needs both an owner (1 to 200 characters) and an expiry date",
    ),
    (
        "risk-date-invalid",
        Kind::Invalid,
        "the {field} `{value}` is not a calendar date (YYYY-MM-DD)",
    ),
    (
        "risk-date-future",
        Kind::Invalid,
        "the {field} cannot be in the future",
    ),
    (
        "risk-harm-unknown",
        Kind::Invalid,
        "`{value}` is not a harm severity (negligible, minor, serious, critical, catastrophic)",
    ),
    (
        "risk-control-unknown",
        Kind::Invalid,
        "`{value}` is not a risk decision (controlled, uncontrolled)",
    ),
    (
        "risk-rationale-needed",
        Kind::Invalid,
        "give the rationale of the decision (up to 20,000 characters)",
    ),
    (
        "risk-fix-before-aware",
        Kind::Invalid,
        "a fix cannot be available before the manufacturer became aware",
    ),
    (
        "risk-report-unknown",
        Kind::Invalid,
        "`{report}` is not a regulatory report medcyber knows",
    ),
    (
        "risk-clock-unknown",
        Kind::Invalid,
        "`{clock}` is not a clock of the finding's current risk decision",
    ),
    (
        "risk-reference-needed",
        Kind::Invalid,
        "give the reference of what was done (a report number, a letter, a link)",
    ),
];

/// A refusal: its code, its arguments, and its English text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The stable code (a key of [`ALL`]).
    pub code: &'static str,
    /// Its kind.
    pub kind: Kind,
    /// Its named arguments.
    pub args: Vec<(&'static str, String)>,
    text: String,
}

impl Refusal {
    /// The refusal `code` with `args`. A code missing from [`ALL`] (a programming error a
    /// unit test rules out) reads as the code itself.
    pub fn new(code: &'static str, args: &[(&'static str, &str)]) -> Refusal {
        let (kind, template) = ALL
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or((Kind::Invalid, code), |(_, k, t)| (*k, *t));
        let mut text = template.to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Refusal {
            code,
            kind,
            args: args.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(),
            text,
        }
    }

    /// The English text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The arguments `{name}` of an English text.
pub fn arguments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// A free text (a note, a rationale, evidence): trimmed, at most 20,000 bytes, without control
/// characters other than line breaks and tabs; empty is allowed (callers that need text check
/// for it). Otherwise the refusal `code`.
pub fn long_text(code: &'static str, s: &str) -> Result<String, Refusal> {
    let s = s.trim();
    if s.len() > 20_000
        || s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Refusal::new(code, &[]));
    }
    Ok(s.to_owned())
}

/// Whether `s` is 1 to 200 characters (trimmed) without control characters: the trimmed
/// name, or the refusal `code`.
pub fn name(code: &'static str, s: &str) -> Result<String, Refusal> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 200 || s.chars().any(char::is_control) {
        return Err(Refusal::new(code, &[]));
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_texts_take_their_arguments() {
        let mut codes: Vec<&str> = ALL.iter().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ALL.len());
        let r = Refusal::new("email-invalid", &[("email", "x@")]);
        assert_eq!(r.to_string(), "`x@` is not an e-mail address");
        assert_eq!(r.kind, Kind::Invalid);
        assert_eq!(arguments("a {what} and {n}"), vec!["what", "n"]);
        assert_eq!(
            Refusal::new("taken", &[("what", "grant")]).kind,
            Kind::Taken
        );
        assert!(name("version-invalid", " 1.0 ").is_ok());
        assert!(name("version-invalid", "").is_err());
        assert!(name("version-invalid", "a\u{7}").is_err());
        assert!(name("version-invalid", &"x".repeat(201)).is_err());
    }
}

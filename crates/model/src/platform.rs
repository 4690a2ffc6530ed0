//! The platform's tenants and their portfolio: organisations, users and their roles, products
//! and product versions.
//!
//! Every object that belongs to an organisation carries the organisation's id (`org`); the
//! use cases in `medcyber-core` scope every read and write by it.

use serde::{Deserialize, Serialize};

/// What an organisation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A device manufacturer: products, SBOMs, triage, advisories.
    Manufacturer,
    /// A healthcare provider: device inventory, vendor disclosures, checklist.
    Hospital,
    /// An information-sharing body (ISAC, association).
    Sharing,
}

impl OrgKind {
    /// Every kind, in the order the CLI documents them.
    pub const ALL: [OrgKind; 3] = [OrgKind::Manufacturer, OrgKind::Hospital, OrgKind::Sharing];

    /// The wire name (`manufacturer`, `hospital`, `sharing`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Manufacturer => "manufacturer",
            OrgKind::Hospital => "hospital",
            OrgKind::Sharing => "sharing",
        }
    }

    /// The kind of a wire name.
    pub fn parse(name: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A user's role in their organisation. Each role can do what the roles below it can, except
/// that only `auditor` and the administrators read the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including the organisation itself.
    Owner,
    /// Everything but deleting the organisation: users, tokens, sharing grants.
    Admin,
    /// Products, versions, SBOMs, imports, triage.
    SecurityEngineer,
    /// Read-only, including the audit log.
    Auditor,
    /// Read-only.
    Viewer,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::SecurityEngineer,
        Role::Auditor,
        Role::Viewer,
    ];

    /// The wire name (`owner`, `admin`, `security_engineer`, `auditor`, `viewer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::SecurityEngineer => "security_engineer",
            Role::Auditor => "auditor",
            Role::Viewer => "viewer",
        }
    }

    /// The role of a wire name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// An organisation (a tenant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    /// Its id.
    pub id: String,
    /// Its unique name.
    pub name: String,
    /// What it is.
    pub kind: OrgKind,
    /// When it was created (RFC 3339 UTC).
    pub created: String,
}

/// A user of one organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The login name, unique across the platform.
    pub email: String,
    /// The role in the organisation.
    pub role: Role,
    /// When it was created.
    pub created: String,
    /// When it was disabled (no login, its tokens and sessions refused), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<String>,
}

/// An API token's public part (the secret is shown once, at creation, and stored hashed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// Its id.
    pub id: String,
    /// The user it acts for.
    pub user: String,
    /// The organisation it is scoped to.
    pub org: String,
    /// The role it carries (never more than its user's).
    pub role: Role,
    /// When it was created.
    pub created: String,
    /// When it stops working, if ever.
    pub expires: Option<String>,
    /// When it was revoked, if it was.
    pub revoked: Option<String>,
}

/// A product of a manufacturer (an infusion pump, a patient monitor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// Its name, unique in the organisation.
    pub name: String,
    /// When it was created.
    pub created: String,
    /// How many versions it has.
    pub versions: u64,
}

/// One version of a product, with the SBOM that describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductVersion {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The product.
    pub product: String,
    /// The version string, unique in the product.
    pub version: String,
    /// When it was created.
    pub created: String,
    /// The current SBOM's id, once one is uploaded.
    pub sbom: Option<String>,
}

/// A manufacturer's grant to a customer organisation: read access to one product (its
/// versions, SBOMs, VEX and advisories; its findings with their analyses when
/// `share_findings`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareGrant {
    /// Its id.
    pub id: String,
    /// The granting organisation.
    pub org: String,
    /// The organisation granted access.
    pub grantee: String,
    /// The product shared.
    pub product: String,
    /// Whether findings (with their analyses) are shared too.
    pub share_findings: bool,
    /// When it was granted.
    pub created: String,
    /// Who granted it.
    pub created_by: String,
}

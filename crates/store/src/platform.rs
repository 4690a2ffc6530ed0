//! The platform's rows: organisations, users, API tokens, products, versions, SBOM documents
//! with their components and findings, and the audit log.
//!
//! Reads take the organisation they are scoped to and never return another's rows, so a caller
//! that scopes by the principal's organisation cannot leak across tenants. Writes go through a
//! [`Change`]: one transaction that first takes the audit log's head (a write, so SQLite's
//! writer lock and PostgreSQL's row lock serialise every change) and appends the audit event of
//! the change before it commits. Nothing here decides who may do what: that is `medcyber-core`.

use medcyber_model::analysis::{Analysis, AnalysisState, Justification, Response};
use medcyber_model::platform::{
    ApiToken, Org, OrgKind, Product, ProductVersion, Role, ShareGrant, User,
};
use medcyber_model::{Component, Finding};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Backend, Result, Store, StoreError, db, insert_sql};

/// A page of a list: at most `limit` rows from `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// Rows to return.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u64,
}

impl Default for Page {
    fn default() -> Page {
        Page {
            limit: 50,
            offset: 0,
        }
    }
}

/// Rows of a page and how many there are in all.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Paged<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Rows matching in all.
    pub total: u64,
}

/// The principal behind an API token, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenOwner {
    /// The token.
    pub token: ApiToken,
    /// Its user's e-mail address.
    pub email: String,
    /// Its organisation's kind.
    pub org_kind: OrgKind,
}

/// An SBOM document as stored (without its content).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SbomRecord {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The product version it describes.
    pub product_version: String,
    /// `CycloneDX` or `SPDX`.
    pub format: String,
    /// The specification version.
    pub spec_version: String,
    /// The BLAKE3 digest of the uploaded bytes.
    pub digest: String,
    /// When it was uploaded.
    pub uploaded: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// Components it lists.
    pub components: u64,
    /// The quality reports (JSON).
    pub quality: String,
}

/// A finding as stored for a product version.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StoredFinding {
    /// Its id.
    pub id: String,
    /// The product version.
    pub product_version: String,
    /// The component's identity across versions: its purl, else `name@version`.
    pub component_key: String,
    /// The current analysis (the newest decision for this version or for every version).
    pub analysis: Option<Analysis>,
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
}

/// The state filter's name for findings without an analysis.
pub const UNANALYSED: &str = "unanalysed";

/// The current analysis state of a `finding` row (the newest applicable decision), as SQL.
const CURRENT_STATE: &str = "COALESCE((SELECT a.state FROM analysis a WHERE a.org = finding.org \
     AND a.vulnerability = finding.vulnerability AND a.component_key = finding.component_key \
     AND (a.product_version = finding.product_version OR a.product_version IS NULL) \
     ORDER BY a.at DESC, a.id DESC LIMIT 1), 'unanalysed')";

/// How a findings list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingSort {
    /// KEV first, then severity, most severe first (the default).
    Severity,
    /// By vulnerability id.
    Vulnerability,
    /// By component name.
    Component,
    /// By EPSS score, highest first.
    Epss,
}

/// Which findings a list returns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FindingFilter {
    /// At least this severity rank (0 none … 4 critical).
    pub min_severity: Option<i64>,
    /// Only KEV findings.
    pub kev: Option<bool>,
    /// Only this vulnerability id.
    pub vulnerability: Option<String>,
    /// Only components whose name contains this text.
    pub component: Option<String>,
    /// Only findings whose current analysis has this state ([`UNANALYSED`] for none).
    pub state: Option<String>,
}

/// One audit event as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditRow {
    /// Its position in the chain, from 1.
    pub seq: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// The organisation the change belongs to (none for platform-wide changes).
    pub org: Option<String>,
    /// Who made it (`user:<email>`, `cli:<login>`).
    pub actor: String,
    /// What was done (`product.create`).
    pub action: String,
    /// The kind of object changed.
    pub object_kind: String,
    /// Its id.
    pub object_id: String,
    /// The object before (JSON), when it existed.
    pub before: Option<String>,
    /// The object after (JSON), when it still exists.
    pub after: Option<String>,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// The chain's head: the last event's number and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditHead {
    /// The last event's `seq` (0 for an empty log).
    pub seq: i64,
    /// Its hash (64 zeros for an empty log).
    pub hash: String,
}

pub(crate) fn text(row: &AnyRow, i: usize, what: &str) -> Result<String> {
    row.try_get(i).map_err(db(format!("reading {what}")))
}

pub(crate) fn opt(row: &AnyRow, i: usize, what: &str) -> Result<Option<String>> {
    row.try_get(i).map_err(db(format!("reading {what}")))
}

pub(crate) fn count(row: &AnyRow, i: usize, what: &str) -> Result<u64> {
    let n: i64 = row.try_get(i).map_err(db(format!("reading {what}")))?;
    Ok(n.unsigned_abs())
}

fn corrupt(key: &str, message: impl ToString) -> StoreError {
    StoreError::Corrupt {
        key: key.to_owned(),
        message: message.to_string(),
    }
}

pub(crate) fn kind_of(name: &str, key: &str) -> Result<OrgKind> {
    OrgKind::parse(name).ok_or_else(|| corrupt(key, format!("unknown organisation kind `{name}`")))
}

fn role_of(name: &str, key: &str) -> Result<Role> {
    Role::parse(name).ok_or_else(|| corrupt(key, format!("unknown role `{name}`")))
}

fn org_of(row: &AnyRow) -> Result<Org> {
    let id = text(row, 0, "an organisation")?;
    let kind = kind_of(&text(row, 2, "an organisation")?, &id)?;
    Ok(Org {
        name: text(row, 1, "an organisation")?,
        created: text(row, 3, "an organisation")?,
        kind,
        id,
    })
}

pub(crate) fn user_of(row: &AnyRow) -> Result<User> {
    let id = text(row, 0, "a user")?;
    let role = role_of(&text(row, 3, "a user")?, &id)?;
    Ok(User {
        org: text(row, 1, "a user")?,
        email: text(row, 2, "a user")?,
        created: text(row, 4, "a user")?,
        disabled: opt(row, 5, "a user")?,
        role,
        id,
    })
}

fn token_of(row: &AnyRow) -> Result<ApiToken> {
    let id = text(row, 0, "a token")?;
    let role = role_of(&text(row, 3, "a token")?, &id)?;
    Ok(ApiToken {
        user: text(row, 1, "a token")?,
        org: text(row, 2, "a token")?,
        created: text(row, 4, "a token")?,
        expires: opt(row, 5, "a token")?,
        revoked: opt(row, 6, "a token")?,
        role,
        id,
    })
}

fn product_of(row: &AnyRow) -> Result<Product> {
    Ok(Product {
        id: text(row, 0, "a product")?,
        org: text(row, 1, "a product")?,
        name: text(row, 2, "a product")?,
        created: text(row, 3, "a product")?,
        versions: count(row, 4, "a product")?,
    })
}

fn version_of(row: &AnyRow) -> Result<ProductVersion> {
    Ok(ProductVersion {
        id: text(row, 0, "a product version")?,
        org: text(row, 1, "a product version")?,
        product: text(row, 2, "a product version")?,
        version: text(row, 3, "a product version")?,
        created: text(row, 4, "a product version")?,
        sbom: opt(row, 5, "a product version")?,
    })
}

fn sbom_of(row: &AnyRow) -> Result<SbomRecord> {
    Ok(SbomRecord {
        id: text(row, 0, "an SBOM")?,
        org: text(row, 1, "an SBOM")?,
        product_version: text(row, 2, "an SBOM")?,
        format: text(row, 3, "an SBOM")?,
        spec_version: text(row, 4, "an SBOM")?,
        digest: text(row, 5, "an SBOM")?,
        uploaded: text(row, 6, "an SBOM")?,
        uploaded_by: text(row, 7, "an SBOM")?,
        components: count(row, 8, "an SBOM")?,
        quality: text(row, 9, "an SBOM")?,
    })
}

fn audit_of(row: &AnyRow) -> Result<AuditRow> {
    Ok(AuditRow {
        seq: row.try_get(0).map_err(db("reading the audit log"))?,
        at: text(row, 1, "the audit log")?,
        org: opt(row, 2, "the audit log")?,
        actor: text(row, 3, "the audit log")?,
        action: text(row, 4, "the audit log")?,
        object_kind: text(row, 5, "the audit log")?,
        object_id: text(row, 6, "the audit log")?,
        before: opt(row, 7, "the audit log")?,
        after: opt(row, 8, "the audit log")?,
        prev_hash: text(row, 9, "the audit log")?,
        hash: text(row, 10, "the audit log")?,
    })
}

fn analysis_of(row: &AnyRow) -> Result<Analysis> {
    let id = text(row, 0, "an analysis")?;
    let state = text(row, 5, "an analysis")?;
    let state = AnalysisState::parse(&state)
        .ok_or_else(|| corrupt(&id, format!("unknown analysis state `{state}`")))?;
    let justification = match opt(row, 6, "an analysis")? {
        None => None,
        Some(j) => Some(
            Justification::parse(&j)
                .ok_or_else(|| corrupt(&id, format!("unknown justification `{j}`")))?,
        ),
    };
    let response: Vec<String> =
        serde_json::from_str(&text(row, 7, "an analysis")?).map_err(|e| corrupt(&id, e))?;
    let response = response
        .iter()
        .map(|r| Response::parse(r).ok_or_else(|| corrupt(&id, format!("unknown response `{r}`"))))
        .collect::<Result<Vec<_>>>()?;
    Ok(Analysis {
        org: text(row, 1, "an analysis")?,
        product_version: opt(row, 2, "an analysis")?,
        component: text(row, 3, "an analysis")?,
        vulnerability: text(row, 4, "an analysis")?,
        state,
        justification,
        response,
        detail: text(row, 8, "an analysis")?,
        author: text(row, 9, "an analysis")?,
        at: text(row, 10, "an analysis")?,
        id,
    })
}

fn grant_of(row: &AnyRow) -> Result<ShareGrant> {
    Ok(ShareGrant {
        id: text(row, 0, "a grant")?,
        org: text(row, 1, "a grant")?,
        grantee: text(row, 2, "a grant")?,
        product: text(row, 3, "a grant")?,
        share_findings: row.try_get::<i64, _>(4).map_err(db("reading a grant"))? != 0,
        created: text(row, 5, "a grant")?,
        created_by: text(row, 6, "a grant")?,
    })
}

/// A `finding` row (`id, product_version, component_key, vulnerability, record`) with its
/// current analysis.
fn finding_of(
    row: &AnyRow,
    current: &std::collections::HashMap<(String, String), Analysis>,
) -> Result<StoredFinding> {
    let id = text(row, 0, "a finding")?;
    let component_key = text(row, 2, "a finding")?;
    let vulnerability = text(row, 3, "a finding")?;
    let record = text(row, 4, "a finding")?;
    Ok(StoredFinding {
        product_version: text(row, 1, "a finding")?,
        analysis: current
            .get(&(component_key.clone(), vulnerability))
            .cloned(),
        component_key,
        finding: serde_json::from_str(&record).map_err(|e| corrupt(&id, e))?,
        id,
    })
}

fn limit(page: Page) -> (i64, i64) {
    (
        i64::from(page.limit),
        i64::try_from(page.offset).unwrap_or(i64::MAX),
    )
}

const ORG: &str = "SELECT id, name, kind, created FROM org";
const USER: &str = "SELECT id, org, email, role, created, disabled FROM app_user";
const PRODUCT: &str = "SELECT p.id, p.org, p.name, p.created, \
     (SELECT COUNT(*) FROM product_version v WHERE v.product = p.id) FROM product p";
const VERSION: &str = "SELECT id, org, product, version, created, sbom FROM product_version";
const SBOM: &str = "SELECT id, org, product_version, format, spec_version, digest, uploaded, \
     uploaded_by, components, quality FROM sbom_document";
const ANALYSIS: &str = "SELECT id, org, product_version, component_key, vulnerability, state, \
     justification, response, detail, author, at FROM analysis";
const GRANT: &str = "SELECT id, org, grantee, product, share_findings, created, created_by \
     FROM share_grant";
const AUDIT: &str = "SELECT seq, at, org, actor, action, object_kind, object_id, before, after, \
     prev_hash, hash FROM audit_event";

impl Store {
    /// Starts a change: one transaction holding the audit log's head until [`Change::commit`].
    pub async fn change(&self) -> Result<Change> {
        let mut tx = self.pool.begin().await.map_err(db("starting a change"))?;
        // A write first: on SQLite it takes the writer lock at once (a read first could be
        // overtaken by another writer and fail), on PostgreSQL it locks the head row.
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await
            .map_err(db("locking the audit log"))?;
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await
            .map_err(db("reading the audit log's head"))?;
        let head = AuditHead {
            seq: row.try_get(0).map_err(db("reading the audit log's head"))?,
            hash: text(&row, 1, "the audit log's head")?,
        };
        Ok(Change {
            tx,
            backend: self.backend,
            head,
        })
    }

    /// The organisation named `name`.
    pub async fn org_by_name(&self, name: &str) -> Result<Option<Org>> {
        sqlx::query(AssertSqlSafe(format!("{ORG} WHERE name = $1")))
            .bind(name.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db("reading an organisation"))?
            .as_ref()
            .map(org_of)
            .transpose()
    }

    /// The organisation with `id`.
    pub async fn org(&self, id: &str) -> Result<Option<Org>> {
        sqlx::query(AssertSqlSafe(format!("{ORG} WHERE id = $1")))
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db("reading an organisation"))?
            .as_ref()
            .map(org_of)
            .transpose()
    }

    /// The user with `email`, and their password hash (PHC string) when they have one.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<(User, Option<String>)>> {
        let row = sqlx::query(
            "SELECT id, org, email, role, created, disabled, password FROM app_user WHERE email = $1",
        )
        .bind(email.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a user"))?;
        row.map(|r| Ok((user_of(&r)?, opt(&r, 6, "a user")?)))
            .transpose()
    }

    /// The users of an organisation.
    pub async fn users(&self, org: &str) -> Result<Vec<User>> {
        sqlx::query(AssertSqlSafe(format!(
            "{USER} WHERE org = $1 ORDER BY email"
        )))
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading users"))?
        .iter()
        .map(user_of)
        .collect()
    }

    /// The user with `id` in an organisation.
    pub async fn user(&self, org: &str, id: &str) -> Result<Option<User>> {
        sqlx::query(AssertSqlSafe(format!("{USER} WHERE org = $1 AND id = $2")))
            .bind(org.to_owned())
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db("reading a user"))?
            .as_ref()
            .map(user_of)
            .transpose()
    }

    /// The token whose secret hashes to `hash` (of a user who is not disabled), with its owner.
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenOwner>> {
        let row = sqlx::query(
            "SELECT t.id, t.app_user, t.org, t.role, t.created, t.expires, t.revoked, u.email, o.kind \
             FROM api_token t JOIN app_user u ON u.id = t.app_user JOIN org o ON o.id = t.org \
             WHERE t.hash = $1 AND u.disabled IS NULL",
        )
        .bind(hash.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a token"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let token = token_of(&row)?;
        let kind = kind_of(&text(&row, 8, "a token")?, &token.id)?;
        Ok(Some(TokenOwner {
            email: text(&row, 7, "a token")?,
            org_kind: kind,
            token,
        }))
    }

    /// The tokens of an organisation (public parts).
    pub async fn tokens(&self, org: &str) -> Result<Vec<ApiToken>> {
        sqlx::query(
            "SELECT id, app_user, org, role, created, expires, revoked FROM api_token \
             WHERE org = $1 ORDER BY created, id",
        )
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading tokens"))?
        .iter()
        .map(token_of)
        .collect()
    }

    /// A page of an organisation's products, by name.
    pub async fn products(&self, org: &str, page: Page) -> Result<Paged<Product>> {
        let (n, skip) = limit(page);
        let items = sqlx::query(AssertSqlSafe(format!(
            "{PRODUCT} WHERE p.org = $1 ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
        )))
        .bind(org.to_owned())
        .bind(n)
        .bind(skip)
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading products"))?
        .iter()
        .map(product_of)
        .collect::<Result<Vec<_>>>()?;
        let total = self
            .scalar("SELECT COUNT(*) FROM product WHERE org = $1", org)
            .await?;
        Ok(Paged { items, total })
    }

    /// One product of an organisation.
    pub async fn product(&self, org: &str, id: &str) -> Result<Option<Product>> {
        self.scoped(
            format!("{PRODUCT} WHERE p.org = $1 AND p.id = $2"),
            org,
            id,
            "a product",
            product_of,
        )
        .await
    }

    /// The versions of a product of an organisation, oldest first.
    pub async fn versions(&self, org: &str, product: &str) -> Result<Vec<ProductVersion>> {
        sqlx::query(AssertSqlSafe(format!(
            "{VERSION} WHERE org = $1 AND product = $2 ORDER BY created, id"
        )))
        .bind(org.to_owned())
        .bind(product.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading product versions"))?
        .iter()
        .map(version_of)
        .collect()
    }

    /// One product version of an organisation.
    pub async fn version(&self, org: &str, id: &str) -> Result<Option<ProductVersion>> {
        self.scoped(
            format!("{VERSION} WHERE org = $1 AND id = $2"),
            org,
            id,
            "a product version",
            version_of,
        )
        .await
    }

    /// One SBOM document of an organisation (without its content).
    pub async fn sbom(&self, org: &str, id: &str) -> Result<Option<SbomRecord>> {
        self.scoped(
            format!("{SBOM} WHERE org = $1 AND id = $2"),
            org,
            id,
            "an SBOM",
            sbom_of,
        )
        .await
    }

    /// The row of `select` (which binds the organisation as `$1` and the id as `$2`).
    async fn scoped<T>(
        &self,
        select: String,
        org: &str,
        id: &str,
        what: &str,
        map: fn(&AnyRow) -> Result<T>,
    ) -> Result<Option<T>> {
        sqlx::query(AssertSqlSafe(select))
            .bind(org.to_owned())
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db(format!("reading {what}")))?
            .as_ref()
            .map(map)
            .transpose()
    }

    /// The uploaded bytes of an SBOM document of an organisation.
    pub async fn sbom_content(&self, org: &str, id: &str) -> Result<Option<String>> {
        sqlx::query("SELECT content FROM sbom_document WHERE org = $1 AND id = $2")
            .bind(org.to_owned())
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db("reading an SBOM"))?
            .map(|r| text(&r, 0, "an SBOM"))
            .transpose()
    }

    /// The versions of an organisation that have an SBOM, with it: `(version, sbom)`, by id.
    pub async fn scannable_versions(&self, org: &str) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT id, sbom FROM product_version WHERE org = $1 AND sbom IS NOT NULL ORDER BY id",
        )
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading the versions"))?;
        rows.iter()
            .map(|r| Ok((text(r, 0, "a version")?, text(r, 1, "a version")?)))
            .collect()
    }

    /// The organisations with at least one SBOM, by id.
    pub async fn orgs_with_sboms(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT org FROM product_version WHERE sbom IS NOT NULL ORDER BY org",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading the organisations"))?;
        rows.iter().map(|r| text(r, 0, "an organisation")).collect()
    }

    /// The identity and record of each finding of a version.
    pub async fn finding_keys(&self, org: &str, version: &str) -> Result<Vec<FindingKey>> {
        let rows = sqlx::query(
            "SELECT id, component_key, bom_ref, vulnerability, source, record FROM finding \
             WHERE org = $1 AND product_version = $2",
        )
        .bind(org.to_owned())
        .bind(version.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading findings"))?;
        rows.iter()
            .map(|r| {
                Ok(FindingKey {
                    id: text(r, 0, "a finding")?,
                    component_key: text(r, 1, "a finding")?,
                    bom_ref: text(r, 2, "a finding")?,
                    vulnerability: text(r, 3, "a finding")?,
                    source: text(r, 4, "a finding")?,
                    record: text(r, 5, "a finding")?,
                })
            })
            .collect()
    }

    /// A page of the components of an SBOM document of an organisation, in document order.
    pub async fn components(&self, org: &str, sbom: &str, page: Page) -> Result<Paged<Component>> {
        let (n, skip) = limit(page);
        let rows = sqlx::query(
            "SELECT record FROM component WHERE org = $1 AND sbom = $2 \
             ORDER BY position LIMIT $3 OFFSET $4",
        )
        .bind(org.to_owned())
        .bind(sbom.to_owned())
        .bind(n)
        .bind(skip)
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading components"))?;
        let items = rows
            .iter()
            .map(|r| {
                let record = text(r, 0, "a component")?;
                serde_json::from_str(&record).map_err(|e| corrupt(sbom, e))
            })
            .collect::<Result<Vec<_>>>()?;
        let row = sqlx::query("SELECT COUNT(*) FROM component WHERE org = $1 AND sbom = $2")
            .bind(org.to_owned())
            .bind(sbom.to_owned())
            .fetch_one(&self.pool)
            .await
            .map_err(db("counting components"))?;
        Ok(Paged {
            items,
            total: count(&row, 0, "components")?,
        })
    }

    /// A page of the findings of a product version of an organisation.
    pub async fn findings(
        &self,
        org: &str,
        version: &str,
        filter: &FindingFilter,
        sort: FindingSort,
        page: Page,
    ) -> Result<Paged<StoredFinding>> {
        // Every condition is a fixed fragment with its own placeholder; values are bound.
        let mut conditions = vec!["org = $1".to_owned(), "product_version = $2".to_owned()];
        let mut values: Vec<Value> = vec![Value::Text(org.into()), Value::Text(version.into())];
        if let Some(min) = filter.min_severity {
            values.push(Value::Int(min));
            conditions.push(format!("severity >= ${}", values.len()));
        }
        if let Some(kev) = filter.kev {
            values.push(Value::Int(i64::from(kev)));
            conditions.push(format!("kev = ${}", values.len()));
        }
        if let Some(v) = &filter.vulnerability {
            values.push(Value::Text(v.clone()));
            conditions.push(format!("vulnerability = ${}", values.len()));
        }
        if let Some(c) = &filter.component {
            let escaped = c
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            values.push(Value::Text(format!("%{}%", escaped.to_lowercase())));
            conditions.push(format!(
                "LOWER(component) LIKE ${} ESCAPE '\\'",
                values.len()
            ));
        }
        if let Some(state) = &filter.state {
            values.push(Value::Text(state.clone()));
            conditions.push(format!("{CURRENT_STATE} = ${}", values.len()));
        }
        let order = match sort {
            FindingSort::Severity => "kev DESC, severity DESC, component, vulnerability, id",
            FindingSort::Vulnerability => "vulnerability, component, id",
            FindingSort::Component => "component, vulnerability, id",
            FindingSort::Epss => "COALESCE(epss, -1) DESC, severity DESC, id",
        };
        let condition = conditions.join(" AND ");
        let (n, skip) = limit(page);
        let list = format!(
            "SELECT id, product_version, component_key, vulnerability, record FROM finding \
             WHERE {condition} ORDER BY {order} LIMIT ${} OFFSET ${}",
            values.len() + 1,
            values.len() + 2
        );
        let mut query = sqlx::query(AssertSqlSafe(list));
        for v in &values {
            query = v.bind(query);
        }
        let rows = query
            .bind(n)
            .bind(skip)
            .fetch_all(&self.pool)
            .await
            .map_err(db("reading findings"))?;
        let current = self.current_analyses(org, version).await?;
        let items = rows
            .iter()
            .map(|r| finding_of(r, &current))
            .collect::<Result<Vec<_>>>()?;
        // Unfiltered, the total is the version's latest recorded count (written with its
        // findings), not a count of its rows on every page.
        let total = if values.len() == 2 {
            sqlx::query(
                "SELECT findings FROM finding_count WHERE org = $1 AND product_version = $2 \
                 ORDER BY seq DESC LIMIT 1",
            )
            .bind(org.to_owned())
            .bind(version.to_owned())
            .fetch_optional(&self.pool)
            .await
            .map_err(db("counting findings"))?
            .map(|row| count(&row, 0, "findings"))
            .transpose()?
            .unwrap_or(0)
        } else {
            let mut query = sqlx::query(AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM finding WHERE {condition}"
            )));
            for v in &values {
                query = v.bind(query);
            }
            let row = query
                .fetch_one(&self.pool)
                .await
                .map_err(db("counting findings"))?;
            count(&row, 0, "findings")?
        };
        Ok(Paged { items, total })
    }

    /// One finding of an organisation.
    pub async fn finding(&self, org: &str, id: &str) -> Result<Option<StoredFinding>> {
        let row = sqlx::query(
            "SELECT id, product_version, component_key, vulnerability, record FROM finding \
             WHERE org = $1 AND id = $2",
        )
        .bind(org.to_owned())
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a finding"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let version = text(&row, 1, "a finding")?;
        let current = self.current_analyses(org, &version).await?;
        finding_of(&row, &current).map(Some)
    }

    /// The decisions that apply to a version's component and vulnerability (those for the
    /// version and those for every version), newest first: the first is current.
    pub async fn analysis_history(
        &self,
        org: &str,
        version: &str,
        component_key: &str,
        vulnerability: &str,
    ) -> Result<Vec<Analysis>> {
        sqlx::query(AssertSqlSafe(format!(
            "{ANALYSIS} WHERE org = $1 AND (product_version = $2 OR product_version IS NULL) \
             AND component_key = $3 AND vulnerability = $4 ORDER BY at DESC, id DESC"
        )))
        .bind(org.to_owned())
        .bind(version.to_owned())
        .bind(component_key.to_owned())
        .bind(vulnerability.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading analyses"))?
        .iter()
        .map(analysis_of)
        .collect()
    }

    /// The current decision per `(component key, vulnerability)` for a version.
    async fn current_analyses(
        &self,
        org: &str,
        version: &str,
    ) -> Result<std::collections::HashMap<(String, String), Analysis>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{ANALYSIS} WHERE org = $1 AND (product_version = $2 OR product_version IS NULL) \
             ORDER BY at, id"
        )))
        .bind(org.to_owned())
        .bind(version.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading analyses"))?;
        let mut out = std::collections::HashMap::new();
        for row in &rows {
            let a = analysis_of(row)?;
            out.insert((a.component.clone(), a.vulnerability.clone()), a);
        }
        Ok(out)
    }

    /// The grants an organisation has made.
    pub async fn grants(&self, org: &str) -> Result<Vec<ShareGrant>> {
        sqlx::query(AssertSqlSafe(format!(
            "{GRANT} WHERE org = $1 ORDER BY created, id"
        )))
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading grants"))?
        .iter()
        .map(grant_of)
        .collect()
    }

    /// The grants made to an organisation, with each product.
    pub async fn grants_to(&self, grantee: &str) -> Result<Vec<(ShareGrant, Product)>> {
        let rows = sqlx::query(
            "SELECT g.id, g.org, g.grantee, g.product, g.share_findings, g.created, g.created_by, \
             p.id, p.org, p.name, p.created, \
             (SELECT COUNT(*) FROM product_version v WHERE v.product = p.id) \
             FROM share_grant g JOIN product p ON p.id = g.product \
             WHERE g.grantee = $1 ORDER BY p.name, g.id",
        )
        .bind(grantee.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading grants"))?;
        rows.iter()
            .map(|r| {
                Ok((
                    grant_of(r)?,
                    Product {
                        id: text(r, 7, "a product")?,
                        org: text(r, 8, "a product")?,
                        name: text(r, 9, "a product")?,
                        created: text(r, 10, "a product")?,
                        versions: count(r, 11, "a product")?,
                    },
                ))
            })
            .collect()
    }

    /// A product version shared with `grantee`, with the grant that shares it.
    pub async fn shared_version(
        &self,
        grantee: &str,
        version: &str,
    ) -> Result<Option<(ProductVersion, ShareGrant)>> {
        let row = sqlx::query(
            "SELECT v.id, v.org, v.product, v.version, v.created, v.sbom, \
             g.id, g.org, g.grantee, g.product, g.share_findings, g.created, g.created_by \
             FROM product_version v JOIN share_grant g ON g.product = v.product AND g.org = v.org \
             WHERE g.grantee = $1 AND v.id = $2",
        )
        .bind(grantee.to_owned())
        .bind(version.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a shared version"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let v = version_of(&row)?;
        let g = ShareGrant {
            id: text(&row, 6, "a grant")?,
            org: text(&row, 7, "a grant")?,
            grantee: text(&row, 8, "a grant")?,
            product: text(&row, 9, "a grant")?,
            share_findings: row.try_get::<i64, _>(10).map_err(db("reading a grant"))? != 0,
            created: text(&row, 11, "a grant")?,
            created_by: text(&row, 12, "a grant")?,
        };
        Ok(Some((v, g)))
    }

    /// A page of an organisation's audit events, newest first.
    pub async fn audit_events(&self, org: &str, page: Page) -> Result<Paged<AuditRow>> {
        let (n, skip) = limit(page);
        let items = sqlx::query(AssertSqlSafe(format!(
            "{AUDIT} WHERE org = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3"
        )))
        .bind(org.to_owned())
        .bind(n)
        .bind(skip)
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading the audit log"))?
        .iter()
        .map(audit_of)
        .collect::<Result<Vec<_>>>()?;
        let total = self
            .scalar("SELECT COUNT(*) FROM audit_event WHERE org = $1", org)
            .await?;
        Ok(Paged { items, total })
    }

    /// The whole audit chain from `after` (exclusive), in order, at most `limit` events: the
    /// verifier reads it in slices.
    pub async fn audit_chain(&self, after: i64, limit: u32) -> Result<Vec<AuditRow>> {
        sqlx::query(AssertSqlSafe(format!(
            "{AUDIT} WHERE seq > $1 ORDER BY seq LIMIT $2"
        )))
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading the audit log"))?
        .iter()
        .map(audit_of)
        .collect()
    }

    /// The chain's head as recorded.
    pub async fn audit_head(&self) -> Result<AuditHead> {
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(db("reading the audit log's head"))?;
        Ok(AuditHead {
            seq: row.try_get(0).map_err(db("reading the audit log's head"))?,
            hash: text(&row, 1, "the audit log's head")?,
        })
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db("pinging the database"))?;
        Ok(())
    }

    async fn scalar(&self, sql: &'static str, org: &str) -> Result<u64> {
        let row = sqlx::query(sql)
            .bind(org.to_owned())
            .fetch_one(&self.pool)
            .await
            .map_err(db("counting"))?;
        count(&row, 0, "a count")
    }
}

/// A bound value of a dynamically built query.
enum Value {
    Text(String),
    Int(i64),
}

impl Value {
    fn bind<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        match self {
            Value::Text(s) => query.bind(s.clone()),
            Value::Int(n) => query.bind(*n),
        }
    }
}

/// A new SBOM document for [`Change::insert_sbom`].
#[derive(Clone, Debug)]
pub struct NewSbom<'a> {
    /// Its record (id, organisation, version, format, ...).
    pub record: &'a SbomRecord,
    /// The uploaded text.
    pub content: &'a str,
    /// Its components, in document order.
    pub components: &'a [Component],
    /// Its findings: `(id, component key, finding)`, the key naming the component the same
    /// way across versions (see [`Change::insert_analysis`]).
    pub findings: &'a [(String, String, Finding)],
}

/// A stored finding's identity (what makes it the same finding in the next analysis of its
/// SBOM) and its record as stored (JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingKey {
    /// Its id.
    pub id: String,
    /// Its component's key across versions.
    pub component_key: String,
    /// Its component's bom-ref.
    pub bom_ref: String,
    /// The vulnerability's id.
    pub vulnerability: String,
    /// The advisory's source.
    pub source: String,
    /// The finding (JSON).
    pub record: String,
}

/// One change of the platform's data: a transaction that holds the audit log's head. Dropping
/// it without [`Change::commit`] rolls everything back.
pub struct Change {
    pub(crate) tx: sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
    head: AuditHead,
}

impl Change {
    /// The audit chain's head when the change started (the event it appends follows it).
    pub fn head(&self) -> &AuditHead {
        &self.head
    }

    /// Appends an audit event; its `seq` must follow the head and its `prev_hash` be the
    /// head's hash (the caller computes its hash over those).
    pub async fn audit(&mut self, event: &AuditRow) -> Result<()> {
        if event.seq != self.head.seq + 1 || event.prev_hash != self.head.hash {
            return Err(corrupt(
                "audit_head",
                format!(
                    "audit event {} does not follow the chain's head {}",
                    event.seq, self.head.seq
                ),
            ));
        }
        sqlx::query(
            "INSERT INTO audit_event (seq, at, org, actor, action, object_kind, object_id, \
             before, after, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(event.seq)
        .bind(event.at.clone())
        .bind(event.org.clone())
        .bind(event.actor.clone())
        .bind(event.action.clone())
        .bind(event.object_kind.clone())
        .bind(event.object_id.clone())
        .bind(event.before.clone())
        .bind(event.after.clone())
        .bind(event.prev_hash.clone())
        .bind(event.hash.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("appending to the audit log"))?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(event.seq)
            .bind(event.hash.clone())
            .execute(&mut *self.tx)
            .await
            .map_err(db("moving the audit log's head"))?;
        self.head = AuditHead {
            seq: event.seq,
            hash: event.hash.clone(),
        };
        Ok(())
    }

    /// Creates an organisation.
    pub async fn insert_org(&mut self, org: &Org) -> Result<()> {
        self.exec(
            "INSERT INTO org (id, name, kind, created) VALUES ($1, $2, $3, $4)",
            &[&org.id, &org.name, org.kind.as_str(), &org.created],
            "organisation",
        )
        .await
    }

    /// Creates a user with an optional password hash (PHC string).
    pub async fn insert_user(&mut self, user: &User, password: Option<&str>) -> Result<()> {
        sqlx::query(
            "INSERT INTO app_user (id, org, email, role, password, created) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user.id.clone())
        .bind(user.org.clone())
        .bind(user.email.clone())
        .bind(user.role.as_str())
        .bind(password.map(str::to_owned))
        .bind(user.created.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(conflict("user"))?;
        Ok(())
    }

    /// Sets a user's role and disabled time; disabling also ends the user's sessions.
    pub async fn update_user(&mut self, user: &User) -> Result<()> {
        sqlx::query("UPDATE app_user SET role = $1, disabled = $2 WHERE org = $3 AND id = $4")
            .bind(user.role.as_str())
            .bind(user.disabled.clone())
            .bind(user.org.clone())
            .bind(user.id.clone())
            .execute(&mut *self.tx)
            .await
            .map_err(db("updating a user"))?;
        if user.disabled.is_some() {
            sqlx::query("DELETE FROM ui_session WHERE app_user = $1")
                .bind(user.id.clone())
                .execute(&mut *self.tx)
                .await
                .map_err(db("ending a user's sessions"))?;
        }
        Ok(())
    }

    /// Creates an API token stored by the hash of its secret.
    pub async fn insert_token(&mut self, token: &ApiToken, hash: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO api_token (id, org, app_user, role, hash, created, expires, revoked) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(token.id.clone())
        .bind(token.org.clone())
        .bind(token.user.clone())
        .bind(token.role.as_str())
        .bind(hash.to_owned())
        .bind(token.created.clone())
        .bind(token.expires.clone())
        .bind(token.revoked.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(conflict("token"))?;
        Ok(())
    }

    /// Revokes a token of an organisation; false when it does not exist there.
    pub async fn revoke_token(&mut self, org: &str, id: &str, at: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_token SET revoked = $3 WHERE org = $1 AND id = $2 AND revoked IS NULL",
        )
        .bind(org.to_owned())
        .bind(id.to_owned())
        .bind(at.to_owned())
        .execute(&mut *self.tx)
        .await
        .map_err(db("revoking a token"))?;
        Ok(done.rows_affected() > 0)
    }

    /// Creates a product.
    pub async fn insert_product(&mut self, product: &Product) -> Result<()> {
        self.exec(
            "INSERT INTO product (id, org, name, created) VALUES ($1, $2, $3, $4)",
            &[&product.id, &product.org, &product.name, &product.created],
            "product",
        )
        .await
    }

    /// Creates a product version.
    pub async fn insert_version(&mut self, version: &ProductVersion) -> Result<()> {
        self.exec(
            "INSERT INTO product_version (id, org, product, version, created) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &version.id,
                &version.org,
                &version.product,
                &version.version,
                &version.created,
            ],
            "product version",
        )
        .await
    }

    /// Stores an SBOM document with its components and findings and makes it the version's
    /// current SBOM (the findings of the previous one are replaced).
    pub async fn insert_sbom(&mut self, sbom: NewSbom<'_>) -> Result<()> {
        let r = sbom.record;
        sqlx::query(
            "INSERT INTO sbom_document (id, org, product_version, format, spec_version, digest, \
             uploaded, uploaded_by, components, quality, content) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(r.id.clone())
        .bind(r.org.clone())
        .bind(r.product_version.clone())
        .bind(r.format.clone())
        .bind(r.spec_version.clone())
        .bind(r.digest.clone())
        .bind(r.uploaded.clone())
        .bind(r.uploaded_by.clone())
        .bind(i64::try_from(r.components).unwrap_or(i64::MAX))
        .bind(r.quality.clone())
        .bind(sbom.content.to_owned())
        .execute(&mut *self.tx)
        .await
        .map_err(conflict("SBOM"))?;
        for (chunk_index, chunk) in sbom.components.chunks(COMPONENT_BATCH).enumerate() {
            let sql = insert_sql(
                self.backend,
                "INSERT INTO component (org, sbom, position, bom_ref, name, version, purl, cpe, \
                 record) VALUES ",
                9,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (i, c) in chunk.iter().enumerate() {
                let position = chunk_index * COMPONENT_BATCH + i;
                let record = serde_json::to_string(c).map_err(|e| corrupt(&c.bom_ref, e))?;
                query = query
                    .bind(r.org.clone())
                    .bind(r.id.clone())
                    .bind(i64::try_from(position).unwrap_or(i64::MAX))
                    .bind(c.bom_ref.clone())
                    .bind(c.name.clone())
                    .bind(c.version.clone())
                    .bind(c.purl.clone())
                    .bind(c.cpe.clone())
                    .bind(record);
            }
            query
                .execute(&mut *self.tx)
                .await
                .map_err(db("storing components"))?;
        }
        self.write_findings(
            &r.org,
            &r.product_version,
            &r.id,
            &r.uploaded,
            sbom.findings,
        )
        .await?;
        sqlx::query("UPDATE product_version SET sbom = $1 WHERE org = $2 AND id = $3")
            .bind(r.id.clone())
            .bind(r.org.clone())
            .bind(r.product_version.clone())
            .execute(&mut *self.tx)
            .await
            .map_err(db("setting the version's SBOM"))?;
        Ok(())
    }

    /// Replaces the findings of version `version` by a new analysis of its current SBOM
    /// `sbom` (the ids of findings that stay are the caller's to keep); false, with nothing
    /// written, when the version's current SBOM is no longer `sbom` (an upload came first).
    pub async fn replace_findings(
        &mut self,
        org: &str,
        version: &str,
        sbom: &str,
        findings: &[(String, String, Finding)],
        at: &str,
    ) -> Result<bool> {
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let current: Option<Option<String>> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT sbom FROM product_version WHERE org = $1 AND id = $2{lock}"
        )))
        .bind(org.to_owned())
        .bind(version.to_owned())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db("reading a version's SBOM"))?;
        if current.flatten().as_deref() != Some(sbom) {
            return Ok(false);
        }
        self.write_findings(org, version, sbom, at, findings)
            .await?;
        Ok(true)
    }

    /// Replaces a version's findings, and records their counts at `at` (the dashboard's trend;
    /// the latest count is also the total of the version's unfiltered findings list, so the
    /// two are written together, here only).
    async fn write_findings(
        &mut self,
        org: &str,
        version: &str,
        sbom: &str,
        at: &str,
        findings: &[(String, String, Finding)],
    ) -> Result<()> {
        sqlx::query("DELETE FROM finding WHERE org = $1 AND product_version = $2")
            .bind(org.to_owned())
            .bind(version.to_owned())
            .execute(&mut *self.tx)
            .await
            .map_err(db("replacing findings"))?;
        for chunk in findings.chunks(COMPONENT_BATCH) {
            let sql = insert_sql(
                self.backend,
                "INSERT INTO finding (id, org, product_version, sbom, bom_ref, component, \
                 component_key, vulnerability, source, severity, kev, epss, record) VALUES ",
                13,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (id, key, f) in chunk {
                let record = serde_json::to_string(f).map_err(|e| corrupt(id, e))?;
                query = query
                    .bind(id.clone())
                    .bind(org.to_owned())
                    .bind(version.to_owned())
                    .bind(sbom.to_owned())
                    .bind(f.component.bom_ref.clone())
                    .bind(f.component.name.clone())
                    .bind(key.clone())
                    .bind(f.vulnerability.id.clone())
                    .bind(f.source.as_str().to_owned())
                    .bind(f.severity_level.map_or(-1, |s| s as i64))
                    .bind(i64::from(f.kev));
                // sqlx's Any driver (0.9.0) sends a NULL `f64` as PostgreSQL `float4` and a
                // value as `float8`; a statement cached with one then fails with the other
                // ("incorrect binary data format"). A NULL `f32` goes as `float8`: the same
                // type as a value.
                query = match f.epss.as_ref() {
                    Some(e) => query.bind(Some(e.score)),
                    None => query.bind(None::<f32>),
                };
                query = query.bind(record);
            }
            query
                .execute(&mut *self.tx)
                .await
                .map_err(db("storing findings"))?;
        }
        self.record_counts(org, version, at, findings).await
    }

    /// Records a version's finding counts at `at` (the dashboard's trend).
    async fn record_counts(
        &mut self,
        org: &str,
        version: &str,
        at: &str,
        findings: &[(String, String, Finding)],
    ) -> Result<()> {
        let n = |count: usize| i64::try_from(count).unwrap_or(i64::MAX);
        let severe = findings
            .iter()
            .filter(|(_, _, f)| f.severity_level >= Some(medcyber_model::Severity::High))
            .count();
        let kev = findings.iter().filter(|(_, _, f)| f.kev).count();
        // Changes are serialised (each holds the audit log's head), so the next number is
        // this change's alone.
        sqlx::query(
            "INSERT INTO finding_count (seq, org, product_version, at, findings, severe, kev) \
             SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4, $5, $6 FROM finding_count",
        )
        .bind(org.to_owned())
        .bind(version.to_owned())
        .bind(at.to_owned())
        .bind(n(findings.len()))
        .bind(n(severe))
        .bind(n(kev))
        .execute(&mut *self.tx)
        .await
        .map_err(db("recording finding counts"))?;
        // The version's current counts by severity rank (none … critical; else unknown).
        let mut ranks = [0usize; 6];
        for (_, _, f) in findings {
            let rank = f.severity_level.map_or(5, |s| (s as usize).min(5));
            ranks[rank] += 1;
        }
        sqlx::query(
            "INSERT INTO version_counts (product_version, org, findings, sev_none, sev_low, \
             sev_medium, sev_high, sev_critical, sev_unknown, kev) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (product_version) DO UPDATE SET findings = $3, sev_none = $4, \
             sev_low = $5, sev_medium = $6, sev_high = $7, sev_critical = $8, \
             sev_unknown = $9, kev = $10",
        )
        .bind(version.to_owned())
        .bind(org.to_owned())
        .bind(n(findings.len()))
        .bind(n(ranks[0]))
        .bind(n(ranks[1]))
        .bind(n(ranks[2]))
        .bind(n(ranks[3]))
        .bind(n(ranks[4]))
        .bind(n(ranks[5]))
        .bind(n(kev))
        .execute(&mut *self.tx)
        .await
        .map_err(db("recording finding counts"))?;
        Ok(())
    }

    /// Records a triage decision.
    pub async fn insert_analysis(&mut self, a: &Analysis) -> Result<()> {
        let response: Vec<&str> = a.response.iter().map(|r| r.as_str()).collect();
        sqlx::query(
            "INSERT INTO analysis (id, org, product_version, component_key, vulnerability, state, \
             justification, response, detail, author, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(a.id.clone())
        .bind(a.org.clone())
        .bind(a.product_version.clone())
        .bind(a.component.clone())
        .bind(a.vulnerability.clone())
        .bind(a.state.as_str())
        .bind(a.justification.map(|j| j.as_str().to_owned()))
        .bind(serde_json::to_string(&response).map_err(|e| corrupt(&a.id, e))?)
        .bind(a.detail.clone())
        .bind(a.author.clone())
        .bind(a.at.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing an analysis"))?;
        Ok(())
    }

    /// Grants a customer organisation read access to a product.
    pub async fn insert_grant(&mut self, g: &ShareGrant) -> Result<()> {
        sqlx::query(
            "INSERT INTO share_grant (id, org, grantee, product, share_findings, created, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(g.id.clone())
        .bind(g.org.clone())
        .bind(g.grantee.clone())
        .bind(g.product.clone())
        .bind(i64::from(g.share_findings))
        .bind(g.created.clone())
        .bind(g.created_by.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(conflict("grant"))?;
        Ok(())
    }

    /// Withdraws a grant of an organisation; the grant as it was, when it existed.
    pub async fn delete_grant(&mut self, org: &str, id: &str) -> Result<Option<ShareGrant>> {
        let row = sqlx::query(AssertSqlSafe(format!("{GRANT} WHERE org = $1 AND id = $2")))
            .bind(org.to_owned())
            .bind(id.to_owned())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db("reading a grant"))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let grant = grant_of(&row)?;
        sqlx::query("DELETE FROM share_grant WHERE org = $1 AND id = $2")
            .bind(org.to_owned())
            .bind(id.to_owned())
            .execute(&mut *self.tx)
            .await
            .map_err(db("withdrawing a grant"))?;
        Ok(Some(grant))
    }

    /// Commits the change and its audit event.
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await.map_err(db("committing a change"))
    }

    async fn exec(&mut self, sql: &'static str, values: &[&str], what: &str) -> Result<()> {
        let mut query = sqlx::query(sql);
        for v in values {
            query = query.bind((*v).to_owned());
        }
        query.execute(&mut *self.tx).await.map_err(conflict(what))?;
        Ok(())
    }
}

const COMPONENT_BATCH: usize = 500;

/// Maps a unique-key violation to [`StoreError::Conflict`], other errors to
/// [`StoreError::Database`].
pub(crate) fn conflict(what: &str) -> impl FnOnce(sqlx::Error) -> StoreError {
    let what = what.to_owned();
    move |e| {
        if e.as_database_error()
            .is_some_and(|d| d.is_unique_violation())
        {
            StoreError::Conflict { what }
        } else {
            StoreError::Database {
                context: format!("storing a {what}"),
                source: e,
            }
        }
    }
}

//! The lifecycle of product versions: their dates, the customer communications recorded
//! against the lifecycle checklist, the manufacturer's entries on components' support, and
//! the components whose support the SBOMs state.

use medcyber_model::lifecycle::{CommunicationRecord, ComponentSupportEntry, VersionLifecycle};
use medcyber_model::sbom::Support;
use sqlx::any::AnyRow;

use crate::platform::{opt, text};
use crate::{Change, Result, Store, StoreError, db};

/// A product version of the portfolio with its lifecycle dates, when it has any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LifecycleRow {
    /// The product's id.
    pub product: String,
    /// The product's name.
    pub product_name: String,
    /// The version's id.
    pub version_id: String,
    /// The version string.
    pub version: String,
    /// Its lifecycle dates.
    pub lifecycle: Option<VersionLifecycle>,
}

/// A component of a stored SBOM with the support its SBOM states (none when it states none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportRow {
    /// The product version whose current SBOM holds it.
    pub version_id: String,
    /// Its bom-ref.
    pub bom_ref: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its purl.
    pub purl: Option<String>,
    /// The support its SBOM states.
    pub support: Option<Support>,
}

fn lifecycle_of(row: &AnyRow, at: usize) -> Result<VersionLifecycle> {
    Ok(VersionLifecycle {
        product_version: text(row, at, "a lifecycle")?,
        org: text(row, at + 1, "a lifecycle")?,
        release: opt(row, at + 2, "a lifecycle")?,
        end_of_life: opt(row, at + 3, "a lifecycle")?,
        end_of_support: opt(row, at + 4, "a lifecycle")?,
        note: text(row, at + 5, "a lifecycle")?,
        updated: text(row, at + 6, "a lifecycle")?,
        updated_by: text(row, at + 7, "a lifecycle")?,
    })
}

fn communication_of(row: &AnyRow) -> Result<CommunicationRecord> {
    Ok(CommunicationRecord {
        id: text(row, 0, "a communication")?,
        org: text(row, 1, "a communication")?,
        product_version: text(row, 2, "a communication")?,
        item: text(row, 3, "a communication")?,
        done: text(row, 4, "a communication")?,
        evidence: text(row, 5, "a communication")?,
        recorded_by: text(row, 6, "a communication")?,
        at: text(row, 7, "a communication")?,
    })
}

fn entry_of(row: &AnyRow) -> Result<ComponentSupportEntry> {
    Ok(ComponentSupportEntry {
        id: text(row, 0, "a component support entry")?,
        org: text(row, 1, "a component support entry")?,
        component: text(row, 2, "a component support entry")?,
        level: opt(row, 3, "a component support entry")?,
        end_of_support: opt(row, 4, "a component support entry")?,
        note: text(row, 5, "a component support entry")?,
        recorded_by: text(row, 6, "a component support entry")?,
        at: text(row, 7, "a component support entry")?,
    })
}

/// `version_id, bom_ref, name, version, purl, record-when-it-states-support`.
fn support_row_of(row: &AnyRow) -> Result<SupportRow> {
    let bom_ref = text(row, 1, "a component")?;
    let support = match opt(row, 5, "a component")? {
        None => None,
        Some(record) => {
            #[derive(serde::Deserialize)]
            struct WithSupport {
                #[serde(default)]
                support: Support,
            }
            let parsed: WithSupport =
                serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
                    key: bom_ref.clone(),
                    message: e.to_string(),
                })?;
            Some(parsed.support).filter(|s| !s.is_empty())
        }
    };
    Ok(SupportRow {
        version_id: text(row, 0, "a component")?,
        name: text(row, 2, "a component")?,
        version: opt(row, 3, "a component")?,
        purl: opt(row, 4, "a component")?,
        support,
        bom_ref,
    })
}

const LIFECYCLE: &str = "product_version, org, released, end_of_life, end_of_support, note, \
     updated, updated_by";
const COMMUNICATION: &str = "SELECT id, org, product_version, item, done, evidence, recorded_by, \
     at FROM lifecycle_communication";
const ENTRY: &str = "SELECT id, org, component, level, end_of_support, note, recorded_by, at \
     FROM component_support";
/// Components of the current SBOMs, the record only when it states support (a component's
/// JSON has the key `support` only then; a quote inside a string is escaped, so the pattern
/// matches keys only).
const SUPPORT_ROW: &str = "SELECT v.id, c.bom_ref, c.name, c.version, c.purl, \
     CASE WHEN c.record LIKE '%\"support\":%' THEN c.record END \
     FROM component c JOIN product_version v ON v.sbom = c.sbom AND v.org = c.org";

impl Store {
    /// The lifecycle dates of a product version of an organisation.
    pub async fn lifecycle(&self, org: &str, version: &str) -> Result<Option<VersionLifecycle>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {LIFECYCLE} FROM version_lifecycle WHERE org = $1 AND product_version = $2"
        )))
        .bind(org.to_owned())
        .bind(version.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a lifecycle"))?
        .map(|r| lifecycle_of(&r, 0))
        .transpose()
    }

    /// Every product version of an organisation with its lifecycle dates, by product name and
    /// version creation.
    pub async fn lifecycles(&self, org: &str) -> Result<Vec<LifecycleRow>> {
        let columns = LIFECYCLE
            .split(", ")
            .map(|c| format!("l.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.name, v.id, v.version, {columns} \
             FROM product_version v JOIN product p ON p.id = v.product \
             LEFT JOIN version_lifecycle l ON l.product_version = v.id \
             WHERE v.org = $1 ORDER BY p.name, v.created, v.id"
        )))
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading lifecycles"))?;
        rows.iter()
            .map(|r| {
                let has: Option<String> = opt(r, 4, "a lifecycle")?;
                Ok(LifecycleRow {
                    product: text(r, 0, "a product")?,
                    product_name: text(r, 1, "a product")?,
                    version_id: text(r, 2, "a product version")?,
                    version: text(r, 3, "a product version")?,
                    lifecycle: has.map(|_| lifecycle_of(r, 4)).transpose()?,
                })
            })
            .collect()
    }

    /// The communications recorded for one version of an organisation (or for all its
    /// versions), oldest first.
    pub async fn communications(
        &self,
        org: &str,
        version: Option<&str>,
    ) -> Result<Vec<CommunicationRecord>> {
        let query = match version {
            Some(v) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{COMMUNICATION} WHERE org = $1 AND product_version = $2 ORDER BY at, id"
            )))
            .bind(org.to_owned())
            .bind(v.to_owned()),
            None => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{COMMUNICATION} WHERE org = $1 ORDER BY at, id"
            )))
            .bind(org.to_owned()),
        };
        query
            .fetch_all(&self.pool)
            .await
            .map_err(db("reading communications"))?
            .iter()
            .map(communication_of)
            .collect()
    }

    /// The component support entries of an organisation, oldest first.
    pub async fn component_supports(&self, org: &str) -> Result<Vec<ComponentSupportEntry>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{ENTRY} WHERE org = $1 ORDER BY at, id"
        )))
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading component support"))?
        .iter()
        .map(entry_of)
        .collect()
    }

    /// Every component of a version's current SBOM, in document order, with the support the
    /// SBOM states.
    pub async fn version_support(&self, org: &str, version: &str) -> Result<Vec<SupportRow>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SUPPORT_ROW} WHERE v.org = $1 AND v.id = $2 ORDER BY c.position"
        )))
        .bind(org.to_owned())
        .bind(version.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading components"))?
        .iter()
        .map(support_row_of)
        .collect()
    }

    /// The components of an organisation's current SBOMs that state their support, or whose
    /// identity is one of `keys` (a purl without qualifiers, or `name@version` for a component
    /// without a purl).
    pub async fn portfolio_support(&self, org: &str, keys: &[String]) -> Result<Vec<SupportRow>> {
        let mut sql = format!("{SUPPORT_ROW} WHERE v.org = $1 AND (c.record LIKE '%\"support\":%'");
        for i in 0..keys.len() {
            let n = i + 2;
            sql.push_str(&format!(
                " OR c.purl = ${n} OR c.purl LIKE ${n} || '?%' OR c.purl LIKE ${n} || '#%' \
                 OR (c.purl IS NULL AND c.name || '@' || COALESCE(c.version, '') = ${n})"
            ));
        }
        sql.push_str(") ORDER BY v.id, c.position");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.to_owned());
        for key in keys {
            // A purl's `%` and `_` are LIKE wildcards here: the prefilter may over-match,
            // and callers compare the keys exactly.
            query = query.bind(key.clone());
        }
        query
            .fetch_all(&self.pool)
            .await
            .map_err(db("reading components"))?
            .iter()
            .map(support_row_of)
            .collect()
    }
}

impl Change {
    /// Sets the lifecycle dates of a product version (replacing what was set); what was set
    /// before, if anything.
    pub async fn set_lifecycle(
        &mut self,
        l: &VersionLifecycle,
    ) -> Result<Option<VersionLifecycle>> {
        let before = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {LIFECYCLE} FROM version_lifecycle WHERE org = $1 AND product_version = $2"
        )))
        .bind(l.org.clone())
        .bind(l.product_version.clone())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db("reading a lifecycle"))?
        .map(|r| lifecycle_of(&r, 0))
        .transpose()?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO version_lifecycle ({LIFECYCLE}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (product_version) DO UPDATE SET released = $3, end_of_life = $4, \
             end_of_support = $5, note = $6, updated = $7, updated_by = $8"
        )))
        .bind(l.product_version.clone())
        .bind(l.org.clone())
        .bind(l.release.clone())
        .bind(l.end_of_life.clone())
        .bind(l.end_of_support.clone())
        .bind(l.note.clone())
        .bind(l.updated.clone())
        .bind(l.updated_by.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing a lifecycle"))?;
        Ok(before)
    }

    /// Records a customer communication of the lifecycle checklist.
    pub async fn insert_communication(&mut self, c: &CommunicationRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO lifecycle_communication \
             (id, org, product_version, item, done, evidence, recorded_by, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.id.clone())
        .bind(c.org.clone())
        .bind(c.product_version.clone())
        .bind(c.item.clone())
        .bind(c.done.clone())
        .bind(c.evidence.clone())
        .bind(c.recorded_by.clone())
        .bind(c.at.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing a communication"))?;
        Ok(())
    }

    /// Records the support status of a component.
    pub async fn insert_component_support(&mut self, e: &ComponentSupportEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO component_support \
             (id, org, component, level, end_of_support, note, recorded_by, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.id.clone())
        .bind(e.org.clone())
        .bind(e.component.clone())
        .bind(e.level.clone())
        .bind(e.end_of_support.clone())
        .bind(e.note.clone())
        .bind(e.recorded_by.clone())
        .bind(e.at.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing component support"))?;
        Ok(())
    }
}

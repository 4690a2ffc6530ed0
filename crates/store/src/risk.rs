//! Risk decisions on findings and the regulatory steps recorded against their clocks.

use medcyber_model::risk::{CvssProfile, HarmSeverity, RiskAssessment, RiskControl, Submission};
use sqlx::any::AnyRow;

use crate::platform::{opt, text};
use crate::{Change, Result, Store, StoreError, db};

/// A stored risk decision with what the calendar shows of its finding (kept with the decision,
/// so it survives the finding's resolution by a later SBOM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskRow {
    /// The decision.
    pub assessment: RiskAssessment,
    /// The vulnerability's id.
    pub vulnerability: String,
    /// The component's identity.
    pub component: String,
    /// The product's name.
    pub product_name: String,
    /// The version string.
    pub version: String,
}

fn corrupt(key: &str, message: String) -> StoreError {
    StoreError::Corrupt {
        key: key.to_owned(),
        message,
    }
}

fn risk_of(row: &AnyRow) -> Result<RiskRow> {
    let id = text(row, 0, "a risk decision")?;
    let harm = text(row, 4, "a risk decision")?;
    let harm = HarmSeverity::parse(&harm)
        .ok_or_else(|| corrupt(&id, format!("unknown harm severity `{harm}`")))?;
    let control = text(row, 5, "a risk decision")?;
    let control = RiskControl::parse(&control)
        .ok_or_else(|| corrupt(&id, format!("unknown risk control `{control}`")))?;
    let reports: Vec<String> = serde_json::from_str(&text(row, 9, "a risk decision")?)
        .map_err(|e| corrupt(&id, e.to_string()))?;
    Ok(RiskRow {
        assessment: RiskAssessment {
            org: text(row, 1, "a risk decision")?,
            finding: text(row, 2, "a risk decision")?,
            product_version: text(row, 3, "a risk decision")?,
            harm,
            control,
            rationale: text(row, 6, "a risk decision")?,
            aware: text(row, 7, "a risk decision")?,
            fix_available: opt(row, 8, "a risk decision")?,
            reports,
            author: text(row, 10, "a risk decision")?,
            at: text(row, 11, "a risk decision")?,
            accepted_until: opt(row, 16, "a risk decision")?,
            acceptance_owner: opt(row, 17, "a risk decision")?,
            id,
        },
        vulnerability: text(row, 12, "a risk decision")?,
        component: text(row, 13, "a risk decision")?,
        product_name: opt(row, 14, "a risk decision")?.unwrap_or_default(),
        version: opt(row, 15, "a risk decision")?.unwrap_or_default(),
    })
}

fn submission_of(row: &AnyRow) -> Result<Submission> {
    Ok(Submission {
        id: text(row, 0, "a submission")?,
        org: text(row, 1, "a submission")?,
        finding: text(row, 2, "a submission")?,
        clock: text(row, 3, "a submission")?,
        done: text(row, 4, "a submission")?,
        reference: text(row, 5, "a submission")?,
        recorded_by: text(row, 6, "a submission")?,
        at: text(row, 7, "a submission")?,
    })
}

fn profile_of(row: &AnyRow) -> Result<CvssProfile> {
    Ok(CvssProfile {
        id: text(row, 0, "a CVSS profile")?,
        org: text(row, 1, "a CVSS profile")?,
        product: text(row, 2, "a CVSS profile")?,
        name: text(row, 3, "a CVSS profile")?,
        v3: opt(row, 4, "a CVSS profile")?,
        v4: opt(row, 5, "a CVSS profile")?,
        note: text(row, 6, "a CVSS profile")?,
        created_by: text(row, 7, "a CVSS profile")?,
        at: text(row, 8, "a CVSS profile")?,
    })
}

const RISK: &str = "SELECT r.id, r.org, r.finding, r.product_version, r.harm, r.control, \
     r.rationale, r.aware, r.fix_available, r.reports, r.author, r.at, r.vulnerability, \
     r.component, p.name, v.version, r.accepted_until, r.acceptance_owner \
     FROM risk_assessment r LEFT JOIN product_version v ON v.id = r.product_version \
     LEFT JOIN product p ON p.id = v.product";
const SUBMISSION: &str = "SELECT id, org, finding, clock, done, reference, recorded_by, at \
     FROM regulatory_submission";

impl Store {
    /// The CVSS profiles of a product of an organisation, by name.
    pub async fn cvss_profiles(&self, org: &str, product: &str) -> Result<Vec<CvssProfile>> {
        sqlx::query(
            "SELECT id, org, product, name, v3, v4, note, created_by, at FROM cvss_profile \
             WHERE org = $1 AND product = $2 ORDER BY name, id",
        )
        .bind(org.to_owned())
        .bind(product.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading CVSS profiles"))?
        .iter()
        .map(profile_of)
        .collect()
    }

    /// The risk decisions of an organisation (of one finding, or of all), oldest first.
    pub async fn risks(&self, org: &str, finding: Option<&str>) -> Result<Vec<RiskRow>> {
        let query = match finding {
            Some(f) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{RISK} WHERE r.org = $1 AND r.finding = $2 ORDER BY r.at, r.id"
            )))
            .bind(org.to_owned())
            .bind(f.to_owned()),
            None => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{RISK} WHERE r.org = $1 ORDER BY r.at, r.id"
            )))
            .bind(org.to_owned()),
        };
        query
            .fetch_all(&self.pool)
            .await
            .map_err(db("reading risk decisions"))?
            .iter()
            .map(risk_of)
            .collect()
    }

    /// The regulatory steps recorded by an organisation (for one finding, or for all), oldest
    /// first.
    pub async fn submissions(&self, org: &str, finding: Option<&str>) -> Result<Vec<Submission>> {
        let query = match finding {
            Some(f) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{SUBMISSION} WHERE org = $1 AND finding = $2 ORDER BY at, id"
            )))
            .bind(org.to_owned())
            .bind(f.to_owned()),
            None => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{SUBMISSION} WHERE org = $1 ORDER BY at, id"
            )))
            .bind(org.to_owned()),
        };
        query
            .fetch_all(&self.pool)
            .await
            .map_err(db("reading submissions"))?
            .iter()
            .map(submission_of)
            .collect()
    }
}

impl Change {
    /// Records a risk decision on a finding, with the finding's vulnerability and component.
    pub async fn insert_risk(
        &mut self,
        a: &RiskAssessment,
        vulnerability: &str,
        component: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO risk_assessment (id, org, finding, product_version, harm, control, \
             rationale, aware, fix_available, reports, author, at, vulnerability, component, \
             accepted_until, acceptance_owner) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(a.id.clone())
        .bind(a.org.clone())
        .bind(a.finding.clone())
        .bind(a.product_version.clone())
        .bind(a.harm.as_str())
        .bind(a.control.as_str())
        .bind(a.rationale.clone())
        .bind(a.aware.clone())
        .bind(a.fix_available.clone())
        .bind(serde_json::to_string(&a.reports).map_err(|e| corrupt(&a.id, e.to_string()))?)
        .bind(a.author.clone())
        .bind(a.at.clone())
        .bind(vulnerability.to_owned())
        .bind(component.to_owned())
        .bind(a.accepted_until.clone())
        .bind(a.acceptance_owner.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing a risk decision"))?;
        Ok(())
    }

    /// Creates a CVSS profile of a product ([`StoreError::Conflict`] when its name is taken).
    pub async fn insert_cvss_profile(&mut self, p: &CvssProfile) -> Result<()> {
        sqlx::query(
            "INSERT INTO cvss_profile (id, org, product, name, v3, v4, note, created_by, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(p.id.clone())
        .bind(p.org.clone())
        .bind(p.product.clone())
        .bind(p.name.clone())
        .bind(p.v3.clone())
        .bind(p.v4.clone())
        .bind(p.note.clone())
        .bind(p.created_by.clone())
        .bind(p.at.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(crate::platform::conflict("CVSS profile"))?;
        Ok(())
    }

    /// Records a regulatory step done for a finding.
    pub async fn insert_submission(&mut self, s: &Submission) -> Result<()> {
        sqlx::query(
            "INSERT INTO regulatory_submission (id, org, finding, clock, done, reference, \
             recorded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.id.clone())
        .bind(s.org.clone())
        .bind(s.finding.clone())
        .bind(s.clock.clone())
        .bind(s.done.clone())
        .bind(s.reference.clone())
        .bind(s.recorded_by.clone())
        .bind(s.at.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db("storing a submission"))?;
        Ok(())
    }
}

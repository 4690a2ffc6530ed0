//! The portfolio dashboard's figures: the findings of every version's current SBOM by
//! severity, KEV and analysis state, the highest EPSS scores, and the exposure over time.

use sqlx::Row;

use crate::platform::{count, opt, text};
use crate::{Result, Store, db};

/// Findings of an organisation's current SBOMs.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Products.
    pub products: u64,
    /// Product versions.
    pub versions: u64,
    /// Findings in all.
    pub findings: u64,
    /// Findings by severity rank: none, low, medium, high, critical.
    pub by_severity: [u64; 5],
    /// Findings without a severity.
    pub unknown: u64,
    /// Findings on CISA's KEV list.
    pub kev: u64,
    /// Findings without an analysis.
    pub unanalysed: u64,
}

/// One of the findings with the highest EPSS scores.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EpssRow {
    /// The finding's id.
    pub finding: String,
    /// The product's name.
    pub product: String,
    /// The product version's id.
    pub version_id: String,
    /// The version string.
    pub version: String,
    /// The component's name.
    pub component: String,
    /// The vulnerability's id.
    pub vulnerability: String,
    /// The EPSS probability, 0–1.
    pub epss: f64,
    /// On the KEV list.
    pub kev: bool,
}

/// A version's finding counts from one moment: an SBOM upload, or a re-analysis that changed
/// its findings (the exposure series is built from these).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UploadCounts {
    /// The product version.
    pub version: String,
    /// When (RFC 3339).
    pub at: String,
    /// Its findings.
    pub findings: u64,
    /// Its high and critical findings.
    pub severe: u64,
    /// Its KEV findings.
    pub kev: u64,
}

impl Store {
    /// The counts of an organisation's portfolio.
    pub async fn dashboard_counts(&self, org: &str) -> Result<Counts> {
        let mut counts = Counts::default();
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM product WHERE org = $1), \
             (SELECT COUNT(*) FROM product_version WHERE org = $1)",
        )
        .bind(org.to_owned())
        .fetch_one(&self.pool)
        .await
        .map_err(db("counting products"))?;
        counts.products = count(&row, 0, "products")?;
        counts.versions = count(&row, 1, "versions")?;
        // Each version's current counts, written with its findings: one row per version with
        // an SBOM, not one per finding.
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(findings), 0) AS BIGINT), \
             CAST(COALESCE(SUM(sev_none), 0) AS BIGINT), CAST(COALESCE(SUM(sev_low), 0) AS BIGINT), \
             CAST(COALESCE(SUM(sev_medium), 0) AS BIGINT), CAST(COALESCE(SUM(sev_high), 0) AS BIGINT), \
             CAST(COALESCE(SUM(sev_critical), 0) AS BIGINT), \
             CAST(COALESCE(SUM(sev_unknown), 0) AS BIGINT), CAST(COALESCE(SUM(kev), 0) AS BIGINT) \
             FROM version_counts WHERE org = $1",
        )
        .bind(org.to_owned())
        .fetch_one(&self.pool)
        .await
        .map_err(db("counting findings"))?;
        counts.findings = count(&row, 0, "findings")?;
        for (i, n) in counts.by_severity.iter_mut().enumerate() {
            *n = count(&row, i + 1, "findings by severity")?;
        }
        counts.unknown = count(&row, 6, "findings without a severity")?;
        counts.kev = count(&row, 7, "KEV findings")?;
        // Analysed findings, found from the (few) decisions rather than per finding.
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT f.id) FROM analysis a JOIN finding f ON f.org = a.org \
             AND f.vulnerability = a.vulnerability AND f.component_key = a.component_key \
             AND (a.product_version IS NULL OR a.product_version = f.product_version) \
             WHERE a.org = $1",
        )
        .bind(org.to_owned())
        .fetch_one(&self.pool)
        .await
        .map_err(db("counting analysed findings"))?;
        counts.unanalysed = counts
            .findings
            .saturating_sub(count(&row, 0, "analysed findings")?);
        Ok(counts)
    }

    /// The `limit` findings with the highest EPSS scores.
    pub async fn top_epss(&self, org: &str, limit: u32) -> Result<Vec<EpssRow>> {
        let rows = sqlx::query(
            "SELECT f.id, p.name, v.id, v.version, f.component, f.vulnerability, f.epss, f.kev \
             FROM finding f JOIN product_version v ON v.id = f.product_version \
             AND v.sbom = f.sbom JOIN product p ON p.id = v.product \
             WHERE f.org = $1 AND f.epss IS NOT NULL ORDER BY f.epss DESC, f.id LIMIT $2",
        )
        .bind(org.to_owned())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading the EPSS list"))?;
        rows.iter()
            .map(|r| {
                let kev: i64 = r.try_get(7).map_err(db("reading the EPSS list"))?;
                Ok(EpssRow {
                    finding: text(r, 0, "a finding")?,
                    product: text(r, 1, "a finding")?,
                    version_id: text(r, 2, "a finding")?,
                    version: text(r, 3, "a finding")?,
                    component: text(r, 4, "a finding")?,
                    vulnerability: text(r, 5, "a finding")?,
                    epss: r.try_get(6).map_err(db("reading the EPSS list"))?,
                    kev: kev != 0,
                })
            })
            .collect()
    }

    /// Every recorded finding count of an organisation's versions, oldest first.
    pub async fn upload_counts(&self, org: &str) -> Result<Vec<UploadCounts>> {
        let rows = sqlx::query(
            "SELECT product_version, at, findings, severe, kev FROM finding_count \
             WHERE org = $1 ORDER BY seq",
        )
        .bind(org.to_owned())
        .fetch_all(&self.pool)
        .await
        .map_err(db("reading finding counts"))?;
        rows.iter()
            .map(|r| {
                let n = |i: usize| -> Result<u64> {
                    let v: i64 = r.try_get(i).map_err(db("reading finding counts"))?;
                    Ok(u64::try_from(v).unwrap_or(0))
                };
                Ok(UploadCounts {
                    version: text(r, 0, "finding counts")?,
                    at: text(r, 1, "finding counts")?,
                    findings: n(2)?,
                    severe: n(3)?,
                    kev: n(4)?,
                })
            })
            .collect()
    }

    /// The product name and version string of a product version of an organisation.
    pub async fn version_label(
        &self,
        org: &str,
        version: &str,
    ) -> Result<Option<(String, String)>> {
        let row = sqlx::query(
            "SELECT p.name, v.version FROM product_version v JOIN product p ON p.id = v.product \
             WHERE v.org = $1 AND v.id = $2",
        )
        .bind(org.to_owned())
        .bind(version.to_owned())
        .fetch_optional(&self.pool)
        .await
        .map_err(db("reading a version"))?;
        row.map(|r| {
            Ok((
                text(&r, 0, "a version")?,
                opt(&r, 1, "a version")?.unwrap_or_default(),
            ))
        })
        .transpose()
    }
}

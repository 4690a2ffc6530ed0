//! The lifecycle of a product version, as IMDRF N70 and the MHLW guidance (手引書 第2版 6.6)
//! lay it out: development → support (from the commercial release) → limited support (from
//! end of life, EOL) → end of support (from EOS); the customer communications each milestone
//! requires, recorded with their evidence; and the support status of components that the
//! manufacturer enters where the SBOM says nothing (or says something out of date).

use serde::{Deserialize, Serialize};

/// A lifecycle stage (IMDRF N70 §5; 手引書 6.6: 設計・開発段階, サポート段階, 限定的サポート段階,
/// サポート終了段階).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    /// Before the commercial release (or no release date known).
    Development,
    /// On the market, fully supported.
    Support,
    /// Past end of life: no longer sold; security updates and limited support only.
    LimitedSupport,
    /// Past end of support: every support activity has ended.
    EndOfSupport,
}

impl LifecycleStage {
    /// Every stage, in order.
    pub const ALL: [LifecycleStage; 4] = [
        LifecycleStage::Development,
        LifecycleStage::Support,
        LifecycleStage::LimitedSupport,
        LifecycleStage::EndOfSupport,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStage::Development => "development",
            LifecycleStage::Support => "support",
            LifecycleStage::LimitedSupport => "limited_support",
            LifecycleStage::EndOfSupport => "end_of_support",
        }
    }

    /// The stage of a wire name.
    pub fn parse(name: &str) -> Option<LifecycleStage> {
        LifecycleStage::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The lifecycle dates of a product version (ISO 8601 dates, `YYYY-MM-DD`), as its
/// manufacturer planned or declared them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionLifecycle {
    /// The organisation.
    pub org: String,
    /// The product version.
    pub product_version: String,
    /// The commercial release (販売開始): support begins.
    pub release: Option<String>,
    /// End of life (EOL): no longer sold; limited support begins.
    pub end_of_life: Option<String>,
    /// End of support (EOS): every support activity ends.
    pub end_of_support: Option<String>,
    /// Free text: the basis of the dates, compensating controls that extend limited support.
    pub note: String,
    /// When the dates were last changed (RFC 3339 UTC).
    pub updated: String,
    /// Who changed them (`user:<email>`).
    pub updated_by: String,
}

/// A customer communication of the lifecycle checklist, recorded as done with its evidence.
/// Records are never edited: a later record of the same item supersedes the earlier one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunicationRecord {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The product version.
    pub product_version: String,
    /// The checklist item's id (`data/lifecycle/communications.yaml`).
    pub item: String,
    /// When the communication was made (ISO 8601 date).
    pub done: String,
    /// The evidence: where the notice, letter or document is (a reference, a link).
    pub evidence: String,
    /// Who recorded it (`user:<email>`).
    pub recorded_by: String,
    /// When it was recorded (RFC 3339 UTC).
    pub at: String,
}

/// The support status of a component as its manufacturer entered it; it applies to every
/// version of the organisation that has the component, and takes precedence over what the
/// SBOMs say. A later entry for the same component supersedes the earlier one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentSupportEntry {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub org: String,
    /// The component's identity across versions: its purl without qualifiers and subpath,
    /// else `name@version`.
    pub component: String,
    /// The level of support (`active`, `limited`, `none`, `manufacturer`, `unknown`, or as the
    /// supplier words it).
    pub level: Option<String>,
    /// The end-of-support date (ISO 8601 date).
    pub end_of_support: Option<String>,
    /// Free text: the source of the information.
    pub note: String,
    /// Who entered it (`user:<email>`).
    pub recorded_by: String,
    /// When (RFC 3339 UTC).
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_their_wire_names() {
        for s in LifecycleStage::ALL {
            assert_eq!(LifecycleStage::parse(s.as_str()), Some(s));
        }
        assert_eq!(LifecycleStage::parse("eol"), None);
        assert!(LifecycleStage::Support < LifecycleStage::LimitedSupport);
    }
}

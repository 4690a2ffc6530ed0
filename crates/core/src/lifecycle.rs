//! The lifecycle of a manufacturer's product versions (IMDRF N70; MHLW 手引書 第2版 6.6):
//! the stage of each version on a given day from its dates (development → support from the
//! commercial release → limited support from end of life → end of support), the customer
//! communications each milestone requires as a checklist with evidence and due dates
//! (`data/lifecycle/communications.yaml`, each item citing its source), the support status of
//! components (from the SBOMs, or entered by the manufacturer for every version that has the
//! component), and the portfolio's views: versions nearing end of support, overdue
//! communications, components past their end of support.
//!
//! Every use case takes the day it judges by (`today`), so views are reproducible; the server
//! passes the current UTC date ([`today`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::Date;
use medcyber_model::Localized;
use medcyber_model::lifecycle::{
    CommunicationRecord, ComponentSupportEntry, LifecycleStage, VersionLifecycle,
};
use medcyber_model::platform::ProductVersion;
use medcyber_model::sbom::SupportLevel;
use medcyber_store::{LifecycleRow, Store, SupportRow};
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::audit::{self, Event, snapshot};
use crate::portfolio::identity_key;
use crate::refusal::Refusal;
use crate::tenancy::{Action, Principal};

/// Days before a due date in which an open item is "due soon".
pub const DUE_SOON_DAYS: i64 = 90;

/// A lifecycle milestone of a product version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// The commercial release (販売開始).
    Release,
    /// End of life (EOL).
    Eol,
    /// End of support (EOS).
    Eos,
}

impl Milestone {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Release => "release",
            Milestone::Eol => "eol",
            Milestone::Eos => "eos",
        }
    }
}

/// When a checklist item is due: a milestone's date moved by some months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueRule {
    /// The milestone.
    pub from: Milestone,
    /// Months after it (negative: before).
    #[serde(default)]
    pub months: i32,
}

/// A customer communication a milestone requires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunicationItem {
    /// Its stable id.
    pub id: String,
    /// The milestone whose information it is.
    pub milestone: Milestone,
    /// What is communicated, in English and Japanese.
    pub text: Localized,
    /// Due on the earliest of these dates that is known.
    pub due: Vec<DueRule>,
    /// The source document and section.
    pub source: String,
    /// How well the wording was verified against the source (`V` read in the primary
    /// document, `P` partially).
    pub verified: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    items: Vec<CommunicationItem>,
}

static ITEMS: LazyLock<Result<Vec<CommunicationItem>, String>> = LazyLock::new(|| {
    serde_norway::from_str::<ItemFile>(include_str!("../../../data/lifecycle/communications.yaml"))
        .map(|f| f.items)
        .map_err(|e| format!("data/lifecycle/communications.yaml: {e}"))
});

/// The lifecycle checklist's items, in order (`data/lifecycle/communications.yaml`, embedded).
pub fn items() -> Result<&'static [CommunicationItem], CoreError> {
    ITEMS
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| CoreError::Input(e.clone()))
}

/// Today's date in UTC.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// A version's lifecycle dates, parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    /// The commercial release.
    pub release: Option<Date>,
    /// End of life.
    pub end_of_life: Option<Date>,
    /// End of support.
    pub end_of_support: Option<Date>,
}

impl Dates {
    fn of(l: Option<&VersionLifecycle>) -> Dates {
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<Date>().ok());
        l.map_or_else(Dates::default, |l| Dates {
            release: parse(&l.release),
            end_of_life: parse(&l.end_of_life),
            end_of_support: parse(&l.end_of_support),
        })
    }

    fn at(&self, m: Milestone) -> Option<Date> {
        match m {
            Milestone::Release => self.release,
            Milestone::Eol => self.end_of_life,
            Milestone::Eos => self.end_of_support,
        }
    }

    /// The stage on `day`: end of support from EOS, limited support from EOL, support from
    /// the release, development before (or without a release date).
    pub fn stage_on(&self, day: Date) -> LifecycleStage {
        if self.end_of_support.is_some_and(|d| day >= d) {
            LifecycleStage::EndOfSupport
        } else if self.end_of_life.is_some_and(|d| day >= d) {
            LifecycleStage::LimitedSupport
        } else if self.release.is_some_and(|d| day >= d) {
            LifecycleStage::Support
        } else {
            LifecycleStage::Development
        }
    }

    /// When an item is due: the earliest of its rules' dates that is known.
    pub fn due(&self, item: &CommunicationItem) -> Option<Date> {
        item.due
            .iter()
            .filter_map(|r| {
                let base = self.at(r.from)?;
                base.checked_add(i64::from(r.months).months()).ok()
            })
            .min()
    }
}

/// Where a checklist item stands on the day judged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Recorded as done.
    Done,
    /// Open and past its due date.
    Overdue,
    /// Open and due within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Open and due later.
    Open,
    /// Open, and its milestone is not dated yet.
    Undated,
}

impl ItemStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Done => "done",
            ItemStatus::Overdue => "overdue",
            ItemStatus::DueSoon => "due_soon",
            ItemStatus::Open => "open",
            ItemStatus::Undated => "undated",
        }
    }
}

/// One item of a version's lifecycle checklist.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChecklistItem {
    /// The item.
    pub item: CommunicationItem,
    /// When it is due (ISO 8601 date), once its milestone is dated.
    pub due: Option<String>,
    /// Where it stands.
    pub status: ItemStatus,
    /// The latest record of it.
    pub record: Option<CommunicationRecord>,
}

/// The checklist of a version with these dates and records, on `day`.
pub fn checklist(
    dates: &Dates,
    records: &[CommunicationRecord],
    day: Date,
) -> Result<Vec<ChecklistItem>, CoreError> {
    let mut latest: HashMap<&str, &CommunicationRecord> = HashMap::new();
    for r in records {
        latest.insert(&r.item, r);
    }
    Ok(items()?
        .iter()
        .map(|item| {
            let due = dates.due(item);
            let record = latest.get(item.id.as_str()).map(|r| (*r).clone());
            let status = match (&record, due) {
                (Some(_), _) => ItemStatus::Done,
                (None, None) => ItemStatus::Undated,
                (None, Some(d)) if d < day => ItemStatus::Overdue,
                (None, Some(d)) if days_until(day, d) <= DUE_SOON_DAYS => ItemStatus::DueSoon,
                (None, Some(_)) => ItemStatus::Open,
            };
            ChecklistItem {
                item: item.clone(),
                due: due.map(|d| d.to_string()),
                status,
                record,
            }
        })
        .collect())
}

/// Days from `day` to `to` (negative when `to` is past).
pub(crate) fn days_until(day: Date, to: Date) -> i64 {
    day.until(to)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or_default()
}

/// A component's support: from its SBOM, or from the manufacturer's entry (which wins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComponentSupport {
    /// The product version whose current SBOM has it.
    pub version_id: String,
    /// Its bom-ref.
    pub bom_ref: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: Option<String>,
    /// Its purl.
    pub purl: Option<String>,
    /// Its identity across versions (what an entry names).
    pub component: String,
    /// The level of support.
    pub level: Option<String>,
    /// The end-of-support date.
    pub end_of_support: Option<String>,
    /// Where this comes from: `sbom` or `entered`.
    pub source: &'static str,
    /// Past its end-of-support date on the day judged by.
    pub past_end_of_support: bool,
    /// Its level says its supplier no longer supports it.
    pub unsupported: bool,
}

fn support_of(
    row: SupportRow,
    entries: &HashMap<String, &ComponentSupportEntry>,
    day: Date,
) -> Option<ComponentSupport> {
    let component = identity_key(&row.name, row.version.as_deref(), row.purl.as_deref());
    let (level, end_of_support, source) = match entries.get(&component) {
        Some(e) => (e.level.clone(), e.end_of_support.clone(), "entered"),
        None => {
            let s = row.support?;
            (s.level, s.end_of_support, "sbom")
        }
    };
    let support = medcyber_model::sbom::Support {
        level,
        end_of_support,
    };
    let past_end_of_support = support
        .end_of_support_date()
        .and_then(|(y, m, d)| {
            Date::new(
                i16::try_from(y).ok()?,
                i8::try_from(m).ok()?,
                i8::try_from(d).ok()?,
            )
            .ok()
        })
        .is_some_and(|d| d <= day);
    let unsupported = support.level_kind() == Some(SupportLevel::None);
    Some(ComponentSupport {
        version_id: row.version_id,
        bom_ref: row.bom_ref,
        name: row.name,
        version: row.version,
        purl: row.purl,
        component,
        level: support.level,
        end_of_support: support.end_of_support,
        source,
        past_end_of_support,
        unsupported,
    })
}

/// The latest entry of each component.
fn latest_entries(entries: &[ComponentSupportEntry]) -> HashMap<String, &ComponentSupportEntry> {
    let mut latest = HashMap::new();
    for e in entries {
        latest.insert(e.component.clone(), e);
    }
    latest
}

/// A product version's lifecycle on a day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LifecycleView {
    /// The version.
    pub version: ProductVersion,
    /// Its dates as set (empty when none are).
    pub lifecycle: VersionLifecycle,
    /// The day judged by.
    pub today: String,
    /// Its stage that day.
    pub stage: LifecycleStage,
    /// Days until its end of support (negative: past), once dated.
    pub days_to_end_of_support: Option<i64>,
    /// The customer communications checklist.
    pub checklist: Vec<ChecklistItem>,
    /// The components of its current SBOM whose support is known, those past their end of
    /// support first.
    pub components: Vec<ComponentSupport>,
}

fn not_found(what: &str, id: &str) -> CoreError {
    CoreError::NotFound(format!("no {what} `{id}`"))
}

async fn own_version(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> Result<ProductVersion, CoreError> {
    store
        .version(&principal.org, id)
        .await?
        .ok_or_else(|| not_found("product version", id))
}

/// The lifecycle of a product version of the principal's organisation, on `day`.
pub async fn version_lifecycle(
    store: &Store,
    principal: &Principal,
    id: &str,
    day: Date,
) -> Result<LifecycleView, CoreError> {
    principal.require(Action::Read)?;
    let version = own_version(store, principal, id).await?;
    let lifecycle = store
        .lifecycle(&principal.org, id)
        .await?
        .unwrap_or_else(|| VersionLifecycle {
            org: principal.org.clone(),
            product_version: id.to_owned(),
            ..VersionLifecycle::default()
        });
    let dates = Dates::of(Some(&lifecycle));
    let records = store.communications(&principal.org, Some(id)).await?;
    let entries = store.component_supports(&principal.org).await?;
    let latest = latest_entries(&entries);
    let mut components: Vec<ComponentSupport> = store
        .version_support(&principal.org, id)
        .await?
        .into_iter()
        .filter_map(|row| support_of(row, &latest, day))
        .collect();
    components.sort_by(|a, b| {
        (b.past_end_of_support || b.unsupported)
            .cmp(&(a.past_end_of_support || a.unsupported))
            .then_with(|| a.end_of_support.cmp(&b.end_of_support))
    });
    Ok(LifecycleView {
        stage: dates.stage_on(day),
        days_to_end_of_support: dates.end_of_support.map(|d| days_until(day, d)),
        checklist: checklist(&dates, &records, day)?,
        today: day.to_string(),
        version,
        lifecycle,
        components,
    })
}

/// New lifecycle dates of a version (ISO 8601 dates; empty or absent: not set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct LifecycleInput {
    /// The commercial release.
    pub release: Option<String>,
    /// End of life.
    pub end_of_life: Option<String>,
    /// End of support.
    pub end_of_support: Option<String>,
    /// The basis of the dates.
    pub note: Option<String>,
}

/// A date field: absent or blank is none; otherwise it must be a calendar date.
fn date_field(field: &str, value: Option<&str>) -> Result<Option<Date>, CoreError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse::<Date>().map(Some).map_err(|_| {
            CoreError::Refused(Refusal::new(
                "lifecycle-date-invalid",
                &[("field", field), ("value", v)],
            ))
        }),
    }
}

fn text_field(value: Option<&str>) -> Result<String, CoreError> {
    crate::refusal::long_text("lifecycle-text-invalid", value.unwrap_or(""))
        .map_err(CoreError::Refused)
}

/// Sets the lifecycle dates of a version of the principal's organisation: each a calendar
/// date, in order (release before end of life, end of life no later than end of support).
pub async fn set_lifecycle(
    store: &Store,
    principal: &Principal,
    id: &str,
    input: &LifecycleInput,
) -> Result<VersionLifecycle, CoreError> {
    principal.require(Action::Write)?;
    own_version(store, principal, id).await?;
    let release = date_field("release", input.release.as_deref())?;
    let eol = date_field("end_of_life", input.end_of_life.as_deref())?;
    let eos = date_field("end_of_support", input.end_of_support.as_deref())?;
    let order = [
        ("release", release, "end_of_life", eol, false),
        ("release", release, "end_of_support", eos, false),
        ("end_of_life", eol, "end_of_support", eos, true),
    ];
    for (first, a, second, b, equal_ok) in order {
        if let (Some(a), Some(b)) = (a, b)
            && (a > b || (a == b && !equal_ok))
        {
            return Err(CoreError::Refused(Refusal::new(
                "lifecycle-date-order",
                &[("field", first), ("later", second)],
            )));
        }
    }
    let lifecycle = VersionLifecycle {
        org: principal.org.clone(),
        product_version: id.to_owned(),
        release: release.map(|d| d.to_string()),
        end_of_life: eol.map(|d| d.to_string()),
        end_of_support: eos.map(|d| d.to_string()),
        note: text_field(input.note.as_deref())?,
        updated: medcyber_store::now(),
        updated_by: principal.actor(),
    };
    let mut change = store.change().await?;
    let before = change.set_lifecycle(&lifecycle).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "lifecycle.update",
            object_kind: "product_version",
            object_id: id,
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&lifecycle),
        },
    )
    .await?;
    change.commit().await?;
    Ok(lifecycle)
}

/// Records a customer communication of a version's lifecycle checklist as done on `done` (not
/// after `day`), with its evidence.
pub async fn record_communication(
    store: &Store,
    principal: &Principal,
    id: &str,
    item: &str,
    done: &str,
    evidence: &str,
    day: Date,
) -> Result<CommunicationRecord, CoreError> {
    principal.require(Action::Write)?;
    own_version(store, principal, id).await?;
    if !items()?.iter().any(|i| i.id == item) {
        return Err(CoreError::Refused(Refusal::new(
            "lifecycle-item-unknown",
            &[("item", item)],
        )));
    }
    let Some(done) = date_field("done", Some(done))? else {
        return Err(CoreError::Refused(Refusal::new(
            "lifecycle-date-invalid",
            &[("field", "done"), ("value", "")],
        )));
    };
    if done > day {
        return Err(CoreError::Refused(Refusal::new(
            "lifecycle-done-future",
            &[],
        )));
    }
    let evidence = text_field(Some(evidence))?;
    if evidence.is_empty() {
        return Err(CoreError::Refused(Refusal::new(
            "lifecycle-evidence-needed",
            &[],
        )));
    }
    let record = CommunicationRecord {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        product_version: id.to_owned(),
        item: item.to_owned(),
        done: done.to_string(),
        evidence,
        recorded_by: principal.actor(),
        at: medcyber_store::now_micros(),
    };
    let mut change = store.change().await?;
    change.insert_communication(&record).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "lifecycle.communication",
            object_kind: "product_version",
            object_id: id,
            before: None,
            after: snapshot(&record),
        },
    )
    .await?;
    change.commit().await?;
    Ok(record)
}

/// A component's support as the manufacturer enters it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SupportInput {
    /// The component: its purl (qualifiers are dropped), or `name@version`.
    pub component: String,
    /// The level of support.
    pub level: Option<String>,
    /// The end-of-support date.
    pub end_of_support: Option<String>,
    /// The source of the information.
    pub note: Option<String>,
}

/// Enters the support status of a component for every version of the principal's
/// organisation that has it (superseding what its SBOMs say).
pub async fn set_component_support(
    store: &Store,
    principal: &Principal,
    input: &SupportInput,
) -> Result<ComponentSupportEntry, CoreError> {
    principal.require(Action::Write)?;
    let component = input.component.trim();
    let component = crate::portfolio::without_qualifiers(component);
    if component.is_empty() || component.len() > 2_000 || component.chars().any(char::is_control) {
        return Err(CoreError::Refused(Refusal::new(
            "support-component-invalid",
            &[],
        )));
    }
    let level = match input.level.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(l) => match SupportLevel::parse(l) {
            Some(kind) => Some(kind.as_str().to_owned()),
            None => {
                return Err(CoreError::Refused(Refusal::new(
                    "support-level-unknown",
                    &[("level", l)],
                )));
            }
        },
    };
    let end_of_support = date_field("end_of_support", input.end_of_support.as_deref())?;
    if level.is_none() && end_of_support.is_none() {
        return Err(CoreError::Refused(Refusal::new("support-empty", &[])));
    }
    let entry = ComponentSupportEntry {
        id: uuid::Uuid::new_v4().to_string(),
        org: principal.org.clone(),
        component: component.to_owned(),
        level,
        end_of_support: end_of_support.map(|d| d.to_string()),
        note: text_field(input.note.as_deref())?,
        recorded_by: principal.actor(),
        at: medcyber_store::now_micros(),
    };
    let mut change = store.change().await?;
    change.insert_component_support(&entry).await?;
    audit::record(
        &mut change,
        Event {
            org: Some(&principal.org),
            actor: &principal.actor(),
            action: "lifecycle.component_support",
            object_kind: "component_support",
            object_id: &entry.id,
            before: None,
            after: snapshot(&entry),
        },
    )
    .await?;
    change.commit().await?;
    Ok(entry)
}

/// A version in the portfolio's lifecycle view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionStatus {
    /// The product's id.
    pub product: String,
    /// The product's name.
    pub product_name: String,
    /// The version's id.
    pub version_id: String,
    /// The version string.
    pub version: String,
    /// The stage on the day judged by.
    pub stage: LifecycleStage,
    /// The commercial release.
    pub release: Option<String>,
    /// End of life.
    pub end_of_life: Option<String>,
    /// End of support.
    pub end_of_support: Option<String>,
    /// Days until end of support (negative: past), once dated.
    pub days_to_end_of_support: Option<i64>,
    /// End of support falls within the window asked for and has not passed.
    pub nearing_end_of_support: bool,
    /// Checklist items past their due date.
    pub overdue: u32,
    /// Checklist items due within [`DUE_SOON_DAYS`].
    pub due_soon: u32,
}

/// The portfolio's lifecycle on a day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortfolioLifecycle {
    /// The day judged by.
    pub today: String,
    /// The window for "nearing end of support", in days.
    pub within_days: i64,
    /// Every version, those nearing or past end of support and with overdue items first.
    pub versions: Vec<VersionStatus>,
    /// Components of current SBOMs past their end of support or no longer supported.
    pub components_past_support: Vec<ComponentSupport>,
}

/// The lifecycle of the principal's whole portfolio on `day`: each version's stage and
/// checklist standing, versions whose end of support falls within `within_days`, and the
/// components of current SBOMs past their end of support.
pub async fn portfolio(
    store: &Store,
    principal: &Principal,
    day: Date,
    within_days: i64,
) -> Result<PortfolioLifecycle, CoreError> {
    principal.require(Action::Read)?;
    let within_days = within_days.clamp(0, 36_500);
    let rows = store.lifecycles(&principal.org).await?;
    let mut records: HashMap<String, Vec<CommunicationRecord>> = HashMap::new();
    for r in store.communications(&principal.org, None).await? {
        records
            .entry(r.product_version.clone())
            .or_default()
            .push(r);
    }
    let mut versions = Vec::with_capacity(rows.len());
    for LifecycleRow {
        product,
        product_name,
        version_id,
        version,
        lifecycle,
    } in rows
    {
        let dates = Dates::of(lifecycle.as_ref());
        let list = checklist(
            &dates,
            records.get(&version_id).map_or(&[][..], Vec::as_slice),
            day,
        )?;
        let count =
            |s| u32::try_from(list.iter().filter(|i| i.status == s).count()).unwrap_or(u32::MAX);
        let days = dates.end_of_support.map(|d| days_until(day, d));
        let (release, end_of_life, end_of_support) = lifecycle
            .map(|l| (l.release, l.end_of_life, l.end_of_support))
            .unwrap_or_default();
        versions.push(VersionStatus {
            stage: dates.stage_on(day),
            nearing_end_of_support: days.is_some_and(|d| (0..=within_days).contains(&d)),
            overdue: count(ItemStatus::Overdue),
            due_soon: count(ItemStatus::DueSoon),
            days_to_end_of_support: days,
            product,
            product_name,
            version_id,
            version,
            release,
            end_of_life,
            end_of_support,
        });
    }
    // Most urgent first: past or nearing end of support, then overdue items; the store's
    // order (product, version) otherwise.
    versions.sort_by_key(|v| {
        (
            v.days_to_end_of_support.is_none_or(|d| d > within_days),
            v.days_to_end_of_support.unwrap_or(i64::MAX),
            std::cmp::Reverse(v.overdue),
        )
    });
    let entries = store.component_supports(&principal.org).await?;
    let latest = latest_entries(&entries);
    let keys: Vec<String> = latest.keys().cloned().collect();
    let mut components_past_support: Vec<ComponentSupport> = store
        .portfolio_support(&principal.org, &keys)
        .await?
        .into_iter()
        .filter_map(|row| support_of(row, &latest, day))
        .filter(|c| c.past_end_of_support || c.unsupported)
        .collect();
    components_past_support.sort_by(|a, b| {
        a.end_of_support
            .cmp(&b.end_of_support)
            .then_with(|| a.component.cmp(&b.component))
            .then_with(|| a.version_id.cmp(&b.version_id))
    });
    Ok(PortfolioLifecycle {
        today: day.to_string(),
        within_days,
        versions,
        components_past_support,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn dates(release: &str, eol: &str, eos: &str) -> Dates {
        let o = |s: &str| (!s.is_empty()).then(|| d(s));
        Dates {
            release: o(release),
            end_of_life: o(eol),
            end_of_support: o(eos),
        }
    }

    #[test]
    fn the_checklist_data_is_complete() {
        let items = items().expect("the embedded checklist reads");
        assert!(items.len() >= 12);
        let mut ids = std::collections::HashSet::new();
        for i in items {
            assert!(ids.insert(i.id.as_str()), "duplicate id {}", i.id);
            assert!(
                !i.text.en.trim().is_empty() && !i.text.ja.trim().is_empty(),
                "{}",
                i.id
            );
            assert!(!i.source.trim().is_empty(), "{} has no source", i.id);
            assert!(matches!(i.verified.as_str(), "V" | "P"), "{}", i.id);
            assert!(!i.due.is_empty(), "{} has no due rule", i.id);
        }
        // Every milestone of 手引書 表2 has items.
        for m in [Milestone::Release, Milestone::Eol, Milestone::Eos] {
            assert!(items.iter().any(|i| i.milestone == m), "{m:?}");
        }
    }

    #[test]
    fn stages_follow_the_dates() {
        let x = dates("2020-04-01", "2026-03-31", "2028-03-31");
        assert_eq!(x.stage_on(d("2020-03-31")), LifecycleStage::Development);
        assert_eq!(x.stage_on(d("2020-04-01")), LifecycleStage::Support);
        assert_eq!(x.stage_on(d("2026-03-30")), LifecycleStage::Support);
        assert_eq!(x.stage_on(d("2026-03-31")), LifecycleStage::LimitedSupport);
        assert_eq!(x.stage_on(d("2028-03-30")), LifecycleStage::LimitedSupport);
        assert_eq!(x.stage_on(d("2028-03-31")), LifecycleStage::EndOfSupport);
        // Undated: development; only an EOS: support ends on it.
        assert_eq!(
            Dates::default().stage_on(d("2026-01-01")),
            LifecycleStage::Development
        );
        let eos_only = dates("2020-01-01", "", "2025-01-01");
        assert_eq!(eos_only.stage_on(d("2024-12-31")), LifecycleStage::Support);
        assert_eq!(
            eos_only.stage_on(d("2025-01-01")),
            LifecycleStage::EndOfSupport
        );
    }

    /// Golden due dates: the EOS notice is due at EOL at the latest and two years before EOS
    /// (the earlier); the EOL notice two years before EOL.
    #[test]
    fn due_dates_take_the_earliest_rule() {
        let items = items().expect("items");
        let item = |id: &str| items.iter().find(|i| i.id == id).expect(id);
        let x = dates("2020-04-01", "2026-03-31", "2029-06-30");
        assert_eq!(x.due(item("eos-notice")), Some(d("2026-03-31")));
        let y = dates("2020-04-01", "2026-03-31", "2027-06-30");
        assert_eq!(y.due(item("eos-notice")), Some(d("2025-06-30")));
        assert_eq!(x.due(item("eol-notice")), Some(d("2024-03-31")));
        assert_eq!(x.due(item("release-sbom-mds2")), Some(d("2020-04-01")));
        assert_eq!(x.due(item("eos-public-notice")), Some(d("2029-06-30")));
        // Only the rules whose milestone is dated count.
        let no_eol = dates("2020-04-01", "", "2029-06-30");
        assert_eq!(no_eol.due(item("eos-notice")), Some(d("2027-06-30")));
        assert_eq!(Dates::default().due(item("eos-notice")), None);
    }

    #[test]
    fn checklist_statuses_on_a_day() {
        let x = dates("2020-04-01", "2027-01-31", "2029-01-31");
        let done = CommunicationRecord {
            id: "r1".into(),
            org: "o".into(),
            product_version: "v".into(),
            item: "release-sbom-mds2".into(),
            done: "2020-04-01".into(),
            evidence: "customer portal, document SEC-001".into(),
            recorded_by: "user:a@example".into(),
            at: "2020-04-02T00:00:00Z".into(),
        };
        let list = checklist(&x, &[done], d("2026-12-07")).expect("checklist");
        let status = |id: &str| list.iter().find(|i| i.item.id == id).expect(id).status;
        assert_eq!(status("release-sbom-mds2"), ItemStatus::Done);
        assert_eq!(status("release-security-policy"), ItemStatus::Overdue);
        // EOL notice due 2025-01-31: overdue; the EOS notice due at EOL (2027-01-31): 55 days.
        assert_eq!(status("eol-notice"), ItemStatus::Overdue);
        assert_eq!(status("eos-notice"), ItemStatus::DueSoon);
        assert_eq!(status("eos-public-notice"), ItemStatus::Open);
        let undated = checklist(&Dates::default(), &[], d("2026-12-07")).expect("checklist");
        assert!(undated.iter().all(|i| i.status == ItemStatus::Undated));
    }

    #[test]
    fn component_keys_drop_qualifiers() {
        assert_eq!(
            identity_key(
                "openssl",
                Some("1.1.1"),
                Some("pkg:generic/openssl@1.1.1?arch=arm#x")
            ),
            "pkg:generic/openssl@1.1.1"
        );
        assert_eq!(
            identity_key("FreeRTOS", Some("10.0.1"), None),
            "FreeRTOS@10.0.1"
        );
        assert_eq!(identity_key("blob", None, None), "blob@");
    }
}

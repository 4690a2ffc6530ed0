//! The checks of each profile, with their sources.
//!
//! Verification: the NTIA elements are quoted from NTIA, "The Minimum Elements For a Software
//! Bill of Materials (SBOM)", 2021-07-12, §IV; the MHLW annex A.3 lists the same seven elements
//! (手引書 第2版 附属書A, verified in `shared/reference/regulatory.md` §3.6); the FDA additions
//! are from the premarket guidance §V.A.4(b) ("level of support", "end-of-support date"). The
//! IMDRF N73 text itself and BSI TR-03183-2 v2.0.0 are encoded from secondary sources and marked
//! `verified: false` until checked against the primary PDFs.

use medcyber_model::Localized;
use medcyber_model::sbom::{Component, Sbom, SbomFormat};

use super::{Check, Context, Profile, Requirement, Target};

const NTIA: &str = "NTIA, Minimum Elements for an SBOM (2021) §IV";
const MHLW: &str = "MHLW 医療機器のサイバーセキュリティ導入に関する手引書 第2版 附属書A.3";
const N73: &str = "IMDRF/CYBER WG/N73FINAL:2023 §5";
const FDA: &str = "FDA, Cybersecurity in Medical Devices (2023/2025) §V.A.4(b)";
const BSI: &str = "BSI TR-03183-2 v2.0.0 §5";

fn l(en: &str, ja: &str) -> Localized {
    Localized::new(en, ja)
}

fn present(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let v = v.trim();
        !v.is_empty() && !v.eq_ignore_ascii_case("NOASSERTION") && !v.eq_ignore_ascii_case("NONE")
    })
}

fn supplier(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    supplier_of(c)
}

fn supplier_of(c: &Component) -> Result<(), Localized> {
    let named = |p: &Option<Box<medcyber_model::sbom::Party>>| {
        p.as_ref().is_some_and(|p| present(p.name.as_deref()))
    };
    if named(&c.supplier) || named(&c.manufacturer) || present(c.publisher.as_deref()) {
        Ok(())
    } else {
        Err(l(
            "no supplier, manufacturer or publisher name",
            "サプライヤー名（供給者・製造元・発行者）がない",
        ))
    }
}

fn name(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(Some(&c.name)) {
        Ok(())
    } else {
        Err(l("no component name", "コンポーネント名がない"))
    }
}

fn version(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(c.version.as_deref()) {
        Ok(())
    } else {
        Err(l("no version", "バージョンがない"))
    }
}

fn identifier(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(c.purl.as_deref())
        || present(c.cpe.as_deref())
        || c.swid.is_some()
        || !c.other_identifiers.is_empty()
    {
        Ok(())
    } else {
        Err(l(
            "no unique identifier (purl, CPE or SWID)",
            "固有識別子（purl・CPE・SWID）がない",
        ))
    }
}

fn matchable_identifier(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(c.purl.as_deref()) || present(c.cpe.as_deref()) {
        Ok(())
    } else {
        Err(l(
            "no purl or CPE: vulnerabilities cannot be matched automatically",
            "purl も CPE もない：脆弱性を自動照合できない",
        ))
    }
}

/// A component takes part in the dependency graph: it is the subject, has an edge, or is nested.
fn in_graph(ctx: &Context<'_>, c: &Component) -> Result<(), Localized> {
    let linked = ctx.sbom.subject.contains(&c.bom_ref)
        || c.parent.is_some()
        || ctx.related.contains(c.bom_ref.as_str());
    if linked {
        Ok(())
    } else {
        Err(l(
            "not in the dependency graph (no relationship to another component)",
            "依存関係がない（他のコンポーネントとの関係が記載されていない）",
        ))
    }
}

fn subject_relationships(sbom: &Sbom) -> Result<(), Localized> {
    if sbom.subject.is_empty() {
        return Err(l(
            "the SBOM does not say which product it describes (CycloneDX metadata.component / SPDX DESCRIBES)",
            "SBOM が記述対象の製品を示していない（CycloneDX metadata.component / SPDX DESCRIBES）",
        ));
    }
    let has_edges = sbom.components.len() <= 1
        || sbom
            .dependencies
            .iter()
            .any(|d| sbom.subject.contains(&d.from))
        || sbom
            .components
            .iter()
            .any(|c| c.parent.as_ref().is_some_and(|p| sbom.subject.contains(p)));
    if has_edges {
        Ok(())
    } else {
        Err(l(
            "the described product has no dependency relationships to its components",
            "記述対象の製品からコンポーネントへの依存関係がない",
        ))
    }
}

fn author(sbom: &Sbom) -> Result<(), Localized> {
    let people = sbom
        .authors
        .iter()
        .any(|a| present(a.name.as_deref()) || a.email.is_some());
    if people || !sbom.tools.is_empty() {
        Ok(())
    } else {
        Err(l("no author of the SBOM data", "SBOM データの作成者がない"))
    }
}

fn timestamp(sbom: &Sbom) -> Result<(), Localized> {
    match sbom.timestamp.as_deref() {
        Some(t) if medcyber_model::sbom::parse_iso_date(t).is_some() => Ok(()),
        Some(t) => Err(l(
            &format!("the timestamp `{t}` is not an ISO 8601 date-time"),
            &format!("タイムスタンプ `{t}` が ISO 8601 形式ではない"),
        )),
        None => Err(l("no timestamp", "タイムスタンプがない")),
    }
}

fn subject_identified(sbom: &Sbom) -> Result<(), Localized> {
    let Some(subject) = sbom.subjects().next() else {
        return Err(l(
            "no described product (device)",
            "記述対象の製品（医療機器）がない",
        ));
    };
    let mut missing = Vec::new();
    if !present(Some(&subject.name)) {
        missing.push(("name", "名称"));
    }
    if !present(subject.version.as_deref()) {
        missing.push(("version", "バージョン"));
    }
    if supplier_of(subject).is_err() && sbom.supplier.is_none() && sbom.manufacturer.is_none() {
        missing.push(("manufacturer", "製造販売業者"));
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(l(
            &format!(
                "the described product lacks: {}",
                missing.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
            ),
            &format!(
                "記述対象の製品に不足：{}",
                missing.iter().map(|m| m.1).collect::<Vec<_>>().join("、")
            ),
        ))
    }
}

fn support_level(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(c.support.level.as_deref()) {
        Ok(())
    } else {
        Err(l("no level of support", "サポートレベルがない"))
    }
}

fn end_of_support(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(c.support.end_of_support.as_deref()) {
        Ok(())
    } else {
        Err(l("no end-of-support date", "サポート終了日がない"))
    }
}

fn end_of_support_is_date(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    match c.support.end_of_support.as_deref() {
        None => Err(l("no end-of-support date", "サポート終了日がない")),
        Some(_) if c.support.end_of_support_date().is_some() => Ok(()),
        Some(text) => Err(l(
            &format!("end of support `{text}` is not a date (YYYY-MM-DD)"),
            &format!("サポート終了日 `{text}` が日付（YYYY-MM-DD）ではない"),
        )),
    }
}

fn contact(p: &medcyber_model::sbom::Party) -> bool {
    p.email.as_deref().is_some_and(|e| e.contains('@')) || !p.urls.is_empty()
}

fn sbom_creator_contact(sbom: &Sbom) -> Result<(), Localized> {
    let parties = sbom
        .authors
        .iter()
        .chain(sbom.manufacturer.iter())
        .chain(sbom.supplier.iter());
    if parties.into_iter().any(contact) {
        Ok(())
    } else {
        Err(l(
            "no e-mail address or URL of the SBOM's creator",
            "SBOM 作成者のメールアドレスまたは URL がない",
        ))
    }
}

fn component_creator_contact(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if c.supplier
        .iter()
        .chain(c.manufacturer.iter())
        .any(|p| contact(p))
    {
        Ok(())
    } else {
        Err(l(
            "no e-mail address or URL of the component's creator",
            "コンポーネント作成者のメールアドレスまたは URL がない",
        ))
    }
}

fn property<'a>(c: &'a Component, names: &[&str]) -> Option<&'a str> {
    c.properties
        .iter()
        .find(|p| names.iter().any(|n| p.name.eq_ignore_ascii_case(n)))
        .map(|p| p.value.as_str())
}

fn filename(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if present(property(
        c,
        &["bsi:component:filename", "spdx:packageFileName"],
    )) {
        Ok(())
    } else {
        Err(l(
            "no filename of the component",
            "コンポーネントのファイル名がない",
        ))
    }
}

fn licences(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if c.licenses.is_empty() {
        Err(l("no licence", "ライセンスがない"))
    } else {
        Ok(())
    }
}

fn sha512(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    if c.hashes
        .iter()
        .any(|h| h.alg.eq_ignore_ascii_case("SHA-512"))
    {
        Ok(())
    } else {
        Err(l(
            "no SHA-512 hash of the executable component",
            "実行形式コンポーネントの SHA-512 ハッシュがない",
        ))
    }
}

fn bsi_property(c: &Component, name: &str, en: &str, ja: &str) -> Result<(), Localized> {
    if present(property(c, &[name])) {
        Ok(())
    } else {
        Err(l(
            &format!("no {en} property (`{name}`)"),
            &format!("{ja}プロパティ（`{name}`）がない"),
        ))
    }
}

fn executable(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    bsi_property(c, "bsi:component:executable", "executable", "実行可能")
}

fn archive(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    bsi_property(c, "bsi:component:archive", "archive", "アーカイブ")
}

fn structured(_: &Context<'_>, c: &Component) -> Result<(), Localized> {
    bsi_property(c, "bsi:component:structured", "structured", "構造化")
}

fn bsi_format(sbom: &Sbom) -> Result<(), Localized> {
    let version = sbom.spec_version.as_deref().unwrap_or("");
    let parts: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    let ok = match sbom.format {
        Some(SbomFormat::CycloneDx) => parts.as_slice() >= [1, 5].as_slice(),
        Some(SbomFormat::Spdx) => parts.as_slice() >= [2, 2, 1].as_slice(),
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(l(
            &format!("format version `{version}` is older than CycloneDX 1.5 / SPDX 2.2.1"),
            &format!("形式のバージョン `{version}` が CycloneDX 1.5 / SPDX 2.2.1 より古い"),
        ))
    }
}

fn sbom_uri(sbom: &Sbom) -> Result<(), Localized> {
    if present(sbom.serial_number.as_deref()) {
        Ok(())
    } else {
        Err(l(
            "no SBOM URI (serial number / document namespace)",
            "SBOM-URI（シリアル番号・文書名前空間）がない",
        ))
    }
}

fn check(
    id: impl Into<String>,
    (en, ja): (&str, &str),
    requirement: Requirement,
    source: &'static str,
    verified: bool,
    target: Target,
) -> Check {
    Check {
        id: id.into(),
        title: Localized::new(en, ja),
        requirement,
        source,
        verified,
        target,
    }
}

use Requirement::{Recommended, Required};
use Target::{Component as C, Document as D};

/// The seven NTIA data fields (plus the orphan check), as `<prefix>.*` checks citing `source`.
fn ntia_checks(prefix: &str, source: &'static str, verified: bool) -> Vec<Check> {
    let id = |s: &str| format!("{prefix}.{s}");
    vec![
        check(
            id("supplier"),
            (
                "Supplier name of every component",
                "各コンポーネントのサプライヤー名",
            ),
            Required,
            source,
            verified,
            C(supplier),
        ),
        check(
            id("name"),
            ("Name of every component", "各コンポーネントの名称"),
            Required,
            source,
            verified,
            C(name),
        ),
        check(
            id("version"),
            ("Version of every component", "各コンポーネントのバージョン"),
            Required,
            source,
            verified,
            C(version),
        ),
        check(
            id("identifier"),
            (
                "Other unique identifier of every component (purl, CPE, SWID)",
                "各コンポーネントのその他の固有識別子（purl・CPE・SWID）",
            ),
            Required,
            source,
            verified,
            C(identifier),
        ),
        check(
            id("dependencies"),
            (
                "Dependency relationships of the described product",
                "記述対象製品の依存関係",
            ),
            Required,
            source,
            verified,
            D(subject_relationships),
        ),
        check(
            id("graph"),
            (
                "Every component is related to another (no orphans)",
                "全コンポーネントが依存関係に含まれる（孤立なし）",
            ),
            Recommended,
            source,
            verified,
            C(in_graph),
        ),
        check(
            id("author"),
            ("Author of the SBOM data", "SBOM データの作成者"),
            Required,
            source,
            verified,
            D(author),
        ),
        check(
            id("timestamp"),
            ("Timestamp of the SBOM data", "SBOM データのタイムスタンプ"),
            Required,
            source,
            verified,
            D(timestamp),
        ),
    ]
}

/// The checks of a profile, in report order.
pub fn checks_for(profile: Profile) -> Vec<Check> {
    match profile {
        Profile::Ntia => ntia_checks("ntia", NTIA, true),
        Profile::Imdrf => {
            let mut rows = ntia_checks("imdrf", MHLW, true);
            rows.push(check(
                "imdrf.subject",
                (
                    "The described device is identified (name, version, manufacturer)",
                    "記述対象の医療機器が特定されている（名称・バージョン・製造販売業者）",
                ),
                Required,
                N73,
                false,
                D(subject_identified),
            ));
            rows.push(check(
                "imdrf.matchable",
                (
                    "Every component has a purl or CPE for vulnerability monitoring",
                    "全コンポーネントに脆弱性監視用の purl または CPE がある",
                ),
                Recommended,
                MHLW,
                true,
                C(matchable_identifier),
            ));
            rows.push(check(
                "imdrf.support",
                (
                    "Level of support of every component",
                    "各コンポーネントのサポートレベル",
                ),
                Recommended,
                N73,
                false,
                C(support_level),
            ));
            rows.push(check(
                "imdrf.end-of-support",
                (
                    "End-of-support date of every component",
                    "各コンポーネントのサポート終了日",
                ),
                Recommended,
                N73,
                false,
                C(end_of_support),
            ));
            rows
        }
        Profile::Fda => {
            let mut rows = ntia_checks("fda", FDA, true);
            rows.push(check(
                "fda.support",
                (
                    "Level of support of every component",
                    "各コンポーネントのサポートレベル",
                ),
                Required,
                FDA,
                true,
                C(support_level),
            ));
            rows.push(check(
                "fda.end-of-support",
                (
                    "End-of-support date of every component",
                    "各コンポーネントのサポート終了日",
                ),
                Required,
                FDA,
                true,
                C(end_of_support),
            ));
            rows.push(check(
                "fda.end-of-support-date",
                (
                    "End of support written as a date",
                    "サポート終了日が日付で記載されている",
                ),
                Recommended,
                FDA,
                true,
                C(end_of_support_is_date),
            ));
            rows
        }
        Profile::Bsi => vec![
            check(
                "bsi.format",
                (
                    "CycloneDX 1.5+ or SPDX 2.2.1+",
                    "CycloneDX 1.5 以降または SPDX 2.2.1 以降",
                ),
                Required,
                BSI,
                false,
                D(bsi_format),
            ),
            check(
                "bsi.creator",
                (
                    "E-mail or URL of the SBOM's creator",
                    "SBOM 作成者のメールアドレスまたは URL",
                ),
                Required,
                BSI,
                false,
                D(sbom_creator_contact),
            ),
            check(
                "bsi.timestamp",
                ("Timestamp", "タイムスタンプ"),
                Required,
                BSI,
                false,
                D(timestamp),
            ),
            check(
                "bsi.component-creator",
                (
                    "E-mail or URL of every component's creator",
                    "各コンポーネント作成者のメールアドレスまたは URL",
                ),
                Required,
                BSI,
                false,
                C(component_creator_contact),
            ),
            check(
                "bsi.name",
                ("Component name", "コンポーネント名"),
                Required,
                BSI,
                false,
                C(name),
            ),
            check(
                "bsi.version",
                ("Component version", "コンポーネントのバージョン"),
                Required,
                BSI,
                false,
                C(version),
            ),
            check(
                "bsi.filename",
                ("Filename of the component", "コンポーネントのファイル名"),
                Required,
                BSI,
                false,
                C(filename),
            ),
            check(
                "bsi.dependencies",
                (
                    "Dependencies on other components",
                    "他コンポーネントへの依存関係",
                ),
                Required,
                BSI,
                false,
                C(in_graph),
            ),
            check(
                "bsi.licences",
                ("Associated licences", "関連ライセンス"),
                Required,
                BSI,
                false,
                C(licences),
            ),
            check(
                "bsi.hash",
                (
                    "SHA-512 hash of the executable component",
                    "実行形式コンポーネントの SHA-512 ハッシュ",
                ),
                Required,
                BSI,
                false,
                C(sha512),
            ),
            check(
                "bsi.executable",
                ("Executable property", "実行可能プロパティ"),
                Required,
                BSI,
                false,
                C(executable),
            ),
            check(
                "bsi.archive",
                ("Archive property", "アーカイブプロパティ"),
                Required,
                BSI,
                false,
                C(archive),
            ),
            check(
                "bsi.structured",
                ("Structured property", "構造化プロパティ"),
                Required,
                BSI,
                false,
                C(structured),
            ),
            check(
                "bsi.uri",
                ("SBOM URI", "SBOM-URI"),
                Recommended,
                BSI,
                false,
                D(sbom_uri),
            ),
            check(
                "bsi.identifier",
                (
                    "Other unique identifiers (CPE, purl)",
                    "その他の固有識別子（CPE・purl）",
                ),
                Recommended,
                BSI,
                false,
                C(matchable_identifier),
            ),
        ],
    }
}

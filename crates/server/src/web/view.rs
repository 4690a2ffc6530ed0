//! What every page shows: the request's language, the user, the CSRF token, and helpers the
//! templates call to translate and format.

use medcyber_core::tenancy::{Action, Principal, permits};
use medcyber_model::Severity;

use super::i18n::{Arg, Lang};

/// The logged-in user, as the page header shows them.
#[derive(Clone, Debug)]
pub struct UiUser {
    /// E-mail address.
    pub email: String,
    /// The organisation's name.
    pub org: String,
    /// The organisation's kind (`manufacturer`, `hospital`, `sharing`).
    pub org_kind: String,
    /// The role's name.
    pub role: String,
    /// May change the portfolio.
    pub can_write: bool,
    /// May record analyses.
    pub can_triage: bool,
    /// May manage users, tokens and grants.
    pub can_admin: bool,
    /// May read the audit log.
    pub can_audit: bool,
}

impl UiUser {
    /// The user of a principal.
    pub fn of(p: &Principal, org: String) -> UiUser {
        UiUser {
            email: p.email.clone(),
            org,
            org_kind: p.org_kind.as_str().to_owned(),
            role: p.role.as_str().to_owned(),
            can_write: permits(p.role, Action::Write),
            can_triage: permits(p.role, Action::Triage),
            can_admin: permits(p.role, Action::Administer),
            can_audit: permits(p.role, Action::ReadAudit),
        }
    }
}

/// The page context.
#[derive(Clone, Debug)]
pub struct Ui {
    /// The language.
    pub lang: Lang,
    /// The session's CSRF token (empty before login).
    pub csrf: String,
    /// The user, once logged in.
    pub user: Option<UiUser>,
    /// The navigation section of the page (`dashboard`, `products`, ...).
    pub section: &'static str,
    /// The request's path and query (the language switch returns to it).
    pub path: String,
}

impl Ui {
    /// The same context in another section.
    pub fn at(mut self, section: &'static str) -> Ui {
        self.section = section;
        self
    }

    /// A message.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with one text argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t_args(key, &[(name, Arg::Text(value))])
    }

    /// A message with a `count` (pluralised).
    pub fn n(&self, key: &str, count: impl Count) -> String {
        self.lang
            .t_args(key, &[("count", Arg::Number(count.value()))])
    }

    /// A time in the user's locale.
    pub fn date(&self, rfc3339: &str) -> String {
        self.lang.date(rfc3339)
    }

    /// An optional time in the user's locale (empty without one).
    pub fn date_opt(&self, rfc3339: &Option<String>) -> String {
        rfc3339
            .as_deref()
            .map(|d| self.lang.date(d))
            .unwrap_or_default()
    }

    /// A plain day (`YYYY-MM-DD`) in the user's locale.
    pub fn day(&self, day: &str) -> String {
        self.lang.day(day)
    }

    /// An optional plain day in the user's locale (empty without one).
    pub fn day_opt(&self, day: &Option<String>) -> String {
        day.as_deref().map(|d| self.lang.day(d)).unwrap_or_default()
    }

    /// A month (`YYYY-MM`) as this language writes it (`December 2026`, `2026年12月`).
    pub fn month(&self, month: &str) -> String {
        let Ok(d) = format!("{month}-01").parse::<jiff::civil::Date>() else {
            return month.to_owned();
        };
        match self.lang {
            super::i18n::Lang::Ja => d.strftime("%Y年%-m月").to_string(),
            super::i18n::Lang::En => d.strftime("%B %Y").to_string(),
        }
    }

    /// A lifecycle stage's name.
    pub fn stage(&self, stage: &str) -> String {
        self.t(&format!("stage-{}", stage.replace('_', "-")))
    }

    /// A level of support's name (as written when it is none of the known levels).
    pub fn support_level(&self, level: &str) -> String {
        match medcyber_model::sbom::SupportLevel::parse(level) {
            Some(l) => self.t(&format!("support-level-{}", l.as_str())),
            None => level.to_owned(),
        }
    }

    /// A text in the user's language.
    pub fn localized(&self, text: &medcyber_model::Localized) -> String {
        match self.lang {
            super::i18n::Lang::Ja => text.ja.clone(),
            super::i18n::Lang::En => text.en.clone(),
        }
    }

    /// A role's name.
    pub fn role(&self, role: &str) -> String {
        self.t(&format!("role-{}", role.replace('_', "-")))
    }

    /// A severity's name (`unknown` without one).
    pub fn severity(&self, level: &Option<Severity>) -> String {
        self.t(severity_key(*level))
    }

    /// The user's organisation's kind, translated.
    pub fn org_kind(&self, kind: &str) -> String {
        self.t(&format!("org-kind-{kind}"))
    }

    /// An analysis state's name (`unanalysed` included).
    pub fn state(&self, state: &str) -> String {
        self.t(&format!("state-{}", state.replace('_', "-")))
    }

    /// A justification's name.
    pub fn justification(&self, j: &str) -> String {
        self.t(&format!("justification-{}", j.replace('_', "-")))
    }

    /// A response's name.
    pub fn response(&self, r: &str) -> String {
        self.t(&format!("response-{}", r.replace('_', "-")))
    }

    /// Whether the page is in `section` (for `aria-current`).
    pub fn is(&self, section: &str) -> bool {
        self.section == section
    }
}

/// A count shown in a message (templates pass references).
pub trait Count {
    /// As Fluent's number.
    fn value(&self) -> f64;
}

// Counts shown are far below 2^53.
#[allow(clippy::cast_precision_loss)]
impl Count for u64 {
    fn value(&self) -> f64 {
        *self as f64
    }
}

#[allow(clippy::cast_precision_loss)]
impl Count for usize {
    fn value(&self) -> f64 {
        *self as f64
    }
}

impl<T: Count + ?Sized> Count for &T {
    fn value(&self) -> f64 {
        (**self).value()
    }
}

/// The catalogue key of a severity.
pub fn severity_key(level: Option<Severity>) -> &'static str {
    match level {
        Some(Severity::Critical) => "severity-critical",
        Some(Severity::High) => "severity-high",
        Some(Severity::Medium) => "severity-medium",
        Some(Severity::Low) => "severity-low",
        Some(Severity::None) => "severity-none",
        None => "severity-unknown",
    }
}

/// One row per severity, most severe first and unknown last: its name, its CSS class and
/// `count` of it.
pub fn severity_rows<N>(
    ui: &Ui,
    count: impl Fn(Option<Severity>) -> N,
) -> Vec<(String, &'static str, N)> {
    Severity::ALL
        .iter()
        .rev()
        .map(|s| Some(*s))
        .chain(std::iter::once(None))
        .map(|level| {
            (
                ui.t(severity_key(level)),
                severity_class(level),
                count(level),
            )
        })
        .collect()
}

/// The CSS class of a severity.
pub fn severity_class(level: Option<Severity>) -> &'static str {
    match level {
        Some(Severity::Critical) => "sev-critical",
        Some(Severity::High) => "sev-high",
        Some(Severity::Medium) => "sev-medium",
        Some(Severity::Low) => "sev-low",
        Some(Severity::None) => "sev-none",
        None => "sev-unknown",
    }
}

/// A step line of open findings over days, drawn as SVG (the dashboard's trend).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trend {
    /// `(day, all findings, high and critical)`, oldest first.
    pub points: Vec<(String, u64, u64)>,
}

impl Trend {
    /// The series from every upload's counts: each version's latest upload up to each day.
    pub fn from_uploads(uploads: &[medcyber_store::UploadCounts], days: usize) -> Trend {
        use std::collections::BTreeMap;
        let today = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let mut per_day: Vec<jiff::civil::Date> = Vec::with_capacity(days);
        for back in (0..days).rev() {
            let back = i64::try_from(back).unwrap_or(0);
            if let Ok(d) = today.checked_sub(jiff::Span::new().days(back)) {
                per_day.push(d);
            }
        }
        let mut current: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        let mut uploads = uploads.iter().peekable();
        let mut points = Vec::with_capacity(per_day.len());
        for day in per_day {
            let end = day.to_string();
            while let Some(u) = uploads.peek() {
                if u.at.get(..10).unwrap_or("") <= end.as_str() {
                    current.insert(&u.version, (u.findings, u.severe));
                    uploads.next();
                } else {
                    break;
                }
            }
            let all = current.values().map(|c| c.0).sum();
            let severe = current.values().map(|c| c.1).sum();
            points.push((end, all, severe));
        }
        Trend { points }
    }

    /// The chart as an SVG element (accessible: a title and a text summary of the last day).
    pub fn svg(&self, ui: &Ui) -> String {
        use std::fmt::Write as _;
        let (w, h, pad) = (640.0_f64, 180.0_f64, 32.0_f64);
        let max = self.points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
        let n = self.points.len().max(2) - 1;
        #[allow(clippy::cast_precision_loss)]
        let x = |i: usize| pad + (w - 2.0 * pad) * (i as f64) / (n as f64);
        #[allow(clippy::cast_precision_loss)]
        let y = |v: u64| h - pad - (h - 2.0 * pad) * (v as f64) / (max as f64);
        let line = |pick: fn(&(String, u64, u64)) -> u64| {
            let mut d = String::new();
            for (i, p) in self.points.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{:.1},{:.1}",
                    if i == 0 { "M" } else { " L" },
                    x(i),
                    y(pick(p))
                );
            }
            d
        };
        let title = escape(&ui.t("dashboard-trend"));
        let mut svg = format!(
            "<svg class=\"trend\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"trend-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"trend-title\">{title}</title>"
        );
        let _ = write!(
            svg,
            "<line x1=\"{pad}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" class=\"axis\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{0}\" class=\"axis\"/>",
            h - pad,
            w - pad
        );
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">{max}</text><text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">0</text>",
            pad - 4.0,
            pad + 4.0,
            pad - 4.0,
            h - pad + 4.0
        );
        if let (Some(first), Some(last)) = (self.points.first(), self.points.last()) {
            let _ = write!(
                svg,
                "<text x=\"{pad}\" y=\"{}\" class=\"label\">{}</text><text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"end\">{}</text>",
                h - 8.0,
                escape(&ui.lang.day(&first.0)),
                w - pad,
                h - 8.0,
                escape(&ui.lang.day(&last.0))
            );
        }
        let _ = write!(
            svg,
            "<path d=\"{}\" class=\"all\"/><path d=\"{}\" class=\"severe\"/></svg>",
            line(|p| p.1),
            line(|p| p.2)
        );
        svg
    }
}

/// HTML text escaping (for the hand-built SVG; templates escape by themselves).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(
        version: &str,
        uploaded: &str,
        findings: u64,
        severe: u64,
    ) -> medcyber_store::UploadCounts {
        medcyber_store::UploadCounts {
            version: version.to_owned(),
            at: uploaded.to_owned(),
            findings,
            severe,
            kev: 0,
        }
    }

    #[test]
    fn the_trend_follows_each_versions_latest_upload() {
        let today = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let day = |back: i64| {
            today
                .checked_sub(jiff::Span::new().days(back))
                .map(|d| format!("{d}T10:00:00Z"))
                .unwrap_or_default()
        };
        let uploads = vec![
            upload("a", &day(5), 10, 2),
            upload("b", &day(3), 4, 1),
            upload("a", &day(1), 6, 0),
        ];
        let trend = Trend::from_uploads(&uploads, 7);
        let counts: Vec<(u64, u64)> = trend.points.iter().map(|p| (p.1, p.2)).collect();
        assert_eq!(
            counts,
            vec![(0, 0), (10, 2), (10, 2), (14, 3), (14, 3), (10, 1), (10, 1)]
        );
        let ui = Ui {
            lang: Lang::Ja,
            csrf: String::new(),
            user: None,
            section: "",
            path: "/".to_owned(),
        };
        let svg = trend.svg(&ui);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"trend-title\">"));
        assert!(svg.contains("class=\"severe\""));
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}

//! The UI's languages: one Fluent catalogue per language (`locales/{en,ja}/main.ftl`, embedded
//! at build time), the language of a request (the `medcyber_lang` cookie, else the browser's
//! `Accept-Language`), and dates in the user's locale.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around placeables would show up in HTML.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages of the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
}

static EN: LanguageIdentifier = langid!("en");
static JA: LanguageIdentifier = langid!("ja");

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// Its BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language with this tag.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
    }

    /// The best language for an `Accept-Language` header (English when nothing matches).
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for item in accept_language.unwrap_or("").split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::from_tag(primary) else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }

    /// The message `key`; the key itself when the catalogue lacks it (a test asserts that
    /// every key used exists in every language).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .lookup_single_language::<&str>(self.id(), key, None)
            .unwrap_or_else(|_| key.to_owned())
    }

    /// The message `key` with arguments (numbers are formatted and pluralised by Fluent).
    pub fn t_args(self, key: &str, args: &[(&'static str, Arg<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(s) => FluentValue::from(*s),
                    Arg::Number(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .lookup_single_language(self.id(), key, Some(&map))
            .unwrap_or_else(|_| key.to_owned())
    }

    /// Whether the catalogue of this language has `key` (a message whose arguments are
    /// missing still exists).
    pub fn has(self, key: &str) -> bool {
        // The crate does not export its error type: a formatting error ("Fluent errors")
        // means the message was found.
        match LOCALES.lookup_single_language::<&str>(self.id(), key, None) {
            Ok(_) => true,
            Err(e) => e.to_string().starts_with("Fluent errors"),
        }
    }

    /// An RFC 3339 UTC time as this language writes dates (`4 Dec 2026, 20:03 UTC`,
    /// `2026年12月4日 20:03 UTC`); the text itself when it is not such a time.
    pub fn date(self, rfc3339: &str) -> String {
        let Ok(at) = rfc3339.parse::<jiff::Timestamp>() else {
            return rfc3339.to_owned();
        };
        let t = at.to_zoned(jiff::tz::TimeZone::UTC);
        match self {
            Lang::En => t.strftime("%-d %b %Y, %H:%M UTC").to_string(),
            Lang::Ja => t.strftime("%Y年%-m月%-d日 %H:%M UTC").to_string(),
        }
    }

    /// A plain day (`YYYY-MM-DD`) as this language writes it.
    pub fn day(self, day: &str) -> String {
        let Ok(d) = day.parse::<jiff::civil::Date>() else {
            return day.to_owned();
        };
        match self {
            Lang::En => d.strftime("%-d %b %Y").to_string(),
            Lang::Ja => d.strftime("%Y年%-m月%-d日").to_string(),
        }
    }
}

/// A Fluent argument.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    /// Text.
    Text(&'a str),
    /// A number (plural rules apply).
    Number(f64),
}

/// The message ids of a Fluent file, in order (for the catalogue tests).
pub fn message_ids(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && !l.trim().is_empty())
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.starts_with('-') && !k.is_empty())
        .collect()
}

/// The catalogues' sources, for the tests.
pub const SOURCES: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../../locales/en/main.ftl")),
    (Lang::Ja, include_str!("../../locales/ja/main.ftl")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language() {
        assert_eq!(Lang::negotiate(None), Lang::En);
        assert_eq!(Lang::negotiate(Some("ja,en-US;q=0.9")), Lang::Ja);
        assert_eq!(Lang::negotiate(Some("en-GB,ja;q=0.5")), Lang::En);
        assert_eq!(Lang::negotiate(Some("fr,ja;q=0.3,en;q=0.2")), Lang::Ja);
        assert_eq!(Lang::negotiate(Some("ja-JP;q=0")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de")), Lang::En);
        assert_eq!(Lang::negotiate(Some(";;,=,q=x")), Lang::En);
    }

    #[test]
    fn dates_in_each_locale() {
        assert_eq!(
            Lang::En.date("2026-12-04T20:03:50Z"),
            "4 Dec 2026, 20:03 UTC"
        );
        assert_eq!(
            Lang::Ja.date("2026-12-04T20:03:50Z"),
            "2026年12月4日 20:03 UTC"
        );
        assert_eq!(
            Lang::Ja.date("2026-12-04T20:03:50.123456Z"),
            "2026年12月4日 20:03 UTC"
        );
        assert_eq!(Lang::En.date("not a date"), "not a date");
        assert_eq!(Lang::Ja.day("2026-01-09"), "2026年1月9日");
    }

    #[test]
    fn both_catalogues_have_the_same_messages() {
        let en = message_ids(SOURCES[0].1);
        let ja = message_ids(SOURCES[1].1);
        assert!(en.len() > 50, "{}", en.len());
        let missing_ja: Vec<_> = en.iter().filter(|k| !ja.contains(k)).collect();
        let missing_en: Vec<_> = ja.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_ja.is_empty(), "not in ja: {missing_ja:?}");
        assert!(missing_en.is_empty(), "not in en: {missing_en:?}");
        for (lang, source) in SOURCES {
            for key in message_ids(source) {
                assert!(lang.has(&key), "{key} does not load for {lang:?}");
            }
        }
    }

    #[test]
    fn every_refusal_of_the_use_cases_is_translated_with_its_arguments() {
        for (code, _, english) in medcyber_core::refusal::ALL {
            let key = format!("refused-{code}");
            let wanted: Vec<&str> = medcyber_core::refusal::arguments(english);
            for (lang, source) in SOURCES {
                let line = source
                    .lines()
                    .find(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == key))
                    .unwrap_or_else(|| panic!("{key} is not in the {lang:?} catalogue"));
                let mut used: Vec<&str> = line
                    .match_indices("{ $")
                    .filter_map(|(i, _)| line[i + 3..].split(' ').next())
                    .collect();
                used.sort_unstable();
                let mut wanted = wanted.clone();
                wanted.sort_unstable();
                assert_eq!(used, wanted, "{key} in {lang:?}");
            }
        }
        let r =
            medcyber_core::refusal::Refusal::new("share-taken", &[("grantee", "City Hospital")]);
        let args = [("grantee", Arg::Text("City Hospital"))];
        assert_eq!(
            Lang::Ja.t_args(&format!("refused-{}", r.code), &args),
            "この製品は既に「City Hospital」と共有されています。"
        );
    }

    #[test]
    fn plurals_and_arguments() {
        assert_eq!(
            Lang::En.t_args("count-findings", &[("count", Arg::Number(1.0))]),
            "1 finding"
        );
        assert_eq!(
            Lang::En.t_args("count-findings", &[("count", Arg::Number(3.0))]),
            "3 findings"
        );
        assert_eq!(
            Lang::Ja.t_args("count-findings", &[("count", Arg::Number(3.0))]),
            "3 件の検出"
        );
    }
}

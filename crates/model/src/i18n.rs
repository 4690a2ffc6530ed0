use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language medcyber speaks to people in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// The BCP 47 tag of the language (`en`, `ja`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// Accepts `en`, `ja` and regional variants such as `en-US` or `ja-JP` (case-insensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Ok(Lang::En),
            "ja" | "jp" => Ok(Lang::Ja),
            _ => Err(format!(
                "unsupported language `{s}` (expected `en` or `ja`)"
            )),
        }
    }
}

/// A text in both first-class languages.
///
/// Both are required: medcyber never shows a person an untranslated string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Localized {
    /// English text.
    pub en: String,
    /// Japanese text.
    pub ja: String,
}

impl Localized {
    /// Builds a text from its English and Japanese versions.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Localized {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parses_regional_tags() {
        assert_eq!("ja-JP".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("EN_us".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn localized_picks_language() {
        let t = Localized::new("Attack Vector", "攻撃元区分");
        assert_eq!(t.get(Lang::Ja), "攻撃元区分");
        assert_eq!(t.get(Lang::En), "Attack Vector");
    }
}

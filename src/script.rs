//! A language's writing system, from its locale: the one place the engine decides how a
//! language's text behaves. `zh-CN` is Han, `ja-JP` Japanese, `en` Latin; ICU4X's likely
//! subtags fill in what a locale leaves out (`zh-TW` → Traditional Han).

use icu_locale::LocaleExpander;
use icu_locale_core::LanguageIdentifier;
use icu_locale_core::subtags::{Script as IcuScript, script};

/// How a language is written, as far as the engine cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Script {
    /// Chinese characters (Simplified or Traditional).
    Han,
    /// Japanese: kanji and kana.
    Japanese,
    /// Korean: hangul, with spaces between words.
    Hangul,
    /// Any other script (Latin, Cyrillic, Greek, …), with spaces between words.
    #[default]
    Alphabetic,
}

impl Script {
    /// The script of a BCP 47 locale such as `zh-CN`, `ja-JP` or `en`; an unreadable
    /// locale is taken as alphabetic.
    pub fn of_locale(locale: &str) -> Script {
        let Ok(mut id) = locale.parse::<LanguageIdentifier>() else {
            return Script::Alphabetic;
        };
        LocaleExpander::new_common().maximize(&mut id);
        Script::of(id.script)
    }

    fn of(script: Option<IcuScript>) -> Script {
        match script {
            Some(s) if s == script!("Hans") || s == script!("Hant") || s == script!("Hani") => {
                Script::Han
            }
            Some(s) if s == script!("Jpan") || s == script!("Hira") || s == script!("Kana") => {
                Script::Japanese
            }
            Some(s) if s == script!("Kore") || s == script!("Hang") => Script::Hangul,
            _ => Script::Alphabetic,
        }
    }

    /// Whether straight quotes and dashes may be curled: not where the script has its own
    /// full-width punctuation, which smart punctuation would turn into Latin quotes.
    pub fn smart_punctuation(self) -> bool {
        matches!(self, Script::Alphabetic | Script::Hangul)
    }

    /// Whether words run together without spaces (lines are joined without one).
    pub fn is_cjk(self) -> bool {
        matches!(self, Script::Han | Script::Japanese)
    }

    /// The name templates see (`script`): `han`, `japanese`, `hangul` or `alphabetic`.
    pub fn name(self) -> &'static str {
        match self {
            Script::Han => "han",
            Script::Japanese => "japanese",
            Script::Hangul => "hangul",
            Script::Alphabetic => "alphabetic",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_come_from_locales() {
        assert_eq!(Script::of_locale("zh-CN"), Script::Han);
        assert_eq!(Script::of_locale("zh"), Script::Han);
        assert_eq!(Script::of_locale("zh-TW"), Script::Han);
        assert_eq!(Script::of_locale("zh-Hant-HK"), Script::Han);
        assert_eq!(Script::of_locale("ja-JP"), Script::Japanese);
        assert_eq!(Script::of_locale("ja"), Script::Japanese);
        assert_eq!(Script::of_locale("ko-KR"), Script::Hangul);
        assert_eq!(Script::of_locale("en"), Script::Alphabetic);
        assert_eq!(Script::of_locale("en-GB"), Script::Alphabetic);
        assert_eq!(Script::of_locale("de-DE"), Script::Alphabetic);
        assert_eq!(Script::of_locale("not a locale!"), Script::Alphabetic);
    }

    #[test]
    fn no_smart_quotes_for_han_or_japanese() {
        assert!(!Script::Han.smart_punctuation());
        assert!(!Script::Japanese.smart_punctuation());
        assert!(Script::Alphabetic.smart_punctuation());
    }
}

//! The search tokenizer: text to terms, the same at build time (here) and in the browser
//! (`runtime.js`, which mirrors these rules line by line; `tests/search_tokens.rs` runs both
//! on the same strings).
//!
//! The rules, in order:
//! 1. The text is put in NFKC (full-width `ＡＢＣ１２３` becomes `ABC123`).
//! 2. A run of Han, hiragana or katakana characters ([`is_cjk`]) is one [`Token::Cjk`]: the
//!    index turns it into character bigrams, so any run of two or more characters finds
//!    the pages that hold it. Which text is Chinese or Japanese is decided by its
//!    characters, never by the language's code.
//! 3. Any other run of letters, digits and marks is a [`Token::Word`], which also keeps
//!    `'` between letters (`mit's`), `,` and `.` between digits (`2,664`, `2.5`), and a
//!    closing `+`/`++`/`#` (`c++`, `c#`). It is folded: lower case, NFD, marks removed
//!    (`Café` → `cafe`), `,` dropped (`2,664` → `2664`, so it is found as `2664` too).
//! 4. A word of ASCII letters (and `'`) is stemmed when the language has a stemmer
//!    ([`Stemmer::for_locale`]: Snowball's English, through `rust-stemmers`).
//!
//! Everything else (spaces, punctuation, symbols) separates tokens.

use std::borrow::Cow;

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};

/// One token of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A run of Han or kana characters, as written.
    Cjk(String),
    /// A folded (and maybe stemmed) word, number or mixed token.
    Word(String),
}

impl Token {
    /// The token's text.
    pub fn text(&self) -> &str {
        match self {
            Token::Cjk(s) | Token::Word(s) => s,
        }
    }
}

/// Whether `c` is written without spaces between words: Han (with 々 and 〇), hiragana,
/// katakana and the prolonged sound mark ー. The same ranges as `isCjk` in `runtime.js`.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}'
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309D}'..='\u{309F}'   // hiragana iteration marks, ゟ
        | '\u{30A1}'..='\u{30FA}'   // katakana
        | '\u{30FC}'..='\u{30FF}'   // ー, katakana iteration marks, ヿ
        | '\u{31F0}'..='\u{31FF}'   // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{4E00}'..='\u{9FFF}'   // unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{20000}'..='\u{3134F}') // extensions B to G
}

fn is_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(c))
}

/// A letter, digit or mark that is not CJK: what words are made of. In JavaScript,
/// `/[\p{Alphabetic}\p{N}\p{M}]/u`.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !is_cjk(c) && (c.is_alphanumeric() || is_mark(c))
}

/// A language's stemmer, chosen by its locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stemmer {
    /// Snowball's English (Porter 2).
    English,
}

impl Stemmer {
    /// The stemmer for a BCP 47 locale, if brochure has one for its language (English:
    /// the browser must stem queries the same way, and `runtime.js` carries English only).
    pub fn for_locale(locale: &str) -> Option<Stemmer> {
        let language = locale.split(['-', '_']).next().unwrap_or("");
        match language.to_ascii_lowercase().as_str() {
            "en" => Some(Stemmer::English),
            _ => None,
        }
    }

    /// The name the browser's runtime knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Stemmer::English => "english",
        }
    }

    fn stem<'a>(self, word: &'a str) -> Cow<'a, str> {
        thread_local! {
            static ENGLISH: rust_stemmers::Stemmer =
                rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
            /// A site's words repeat: each is stemmed once per thread.
            static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
                std::cell::RefCell::default();
        }
        let stemmed = STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(s) = cache.get(word) {
                return s.clone();
            }
            let stemmed = match self {
                Stemmer::English => ENGLISH.with(|s| s.stem(word).into_owned()),
            };
            if cache.len() > 200_000 {
                cache.clear();
            }
            cache.insert(word.to_string(), stemmed.clone());
            stemmed
        });
        if stemmed == word {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(stemmed)
        }
    }
}

/// Splits `text` into tokens (see the module's rules), stemming words with `stemmer`.
pub fn tokens(text: &str, stemmer: Option<Stemmer>) -> Vec<Token> {
    let text = ComposingNormalizerBorrowed::new_nfkc().normalize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            out.push(Token::Cjk(chars[start..i].iter().collect()));
        } else if is_word_char(c) {
            let start = i;
            i = word_end(&chars, i);
            let raw: String = chars[start..i].iter().collect();
            let folded = fold(&raw);
            if !folded.is_empty() {
                out.push(Token::Word(stem(folded, stemmer)));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Where the word starting at `start` ends (one past its last character).
fn word_end(chars: &[char], start: usize) -> usize {
    let at = |k: usize| chars.get(k).copied();
    let word = |k: usize| at(k).is_some_and(is_word_char);
    let digit = |k: usize| at(k).is_some_and(|c| c.is_ascii_digit());
    let joins = |k: usize| {
        let apostrophe = matches!(at(k), Some('\'' | '’'))
            && at(k - 1).is_some_and(char::is_alphabetic)
            && at(k + 1).is_some_and(|c| is_word_char(c) && c.is_alphabetic());
        let digit_group = matches!(at(k), Some(',' | '.')) && digit(k - 1) && digit(k + 1);
        apostrophe || digit_group
    };
    let mut i = start;
    while word(i) || (i > start && joins(i)) {
        i += 1;
    }
    let mut end = i;
    if at(end) == Some('#') {
        end += 1;
    } else {
        while at(end) == Some('+') {
            end += 1;
        }
    }
    if end > i && !word(end) { end } else { i }
}

/// Lower case, NFD, marks removed, `’` as `'`, digit-group commas dropped.
fn fold(raw: &str) -> String {
    if raw.is_ascii() {
        // No marks and nothing to decompose: the same as below, faster.
        return raw
            .bytes()
            .filter(|&b| b != b',')
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let lower = raw.to_lowercase();
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(&lower);
    decomposed
        .chars()
        .filter(|&c| !is_mark(c) && c != ',')
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

fn stem(word: String, stemmer: Option<Stemmer>) -> String {
    match stemmer {
        Some(s) if word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') => {
            match s.stem(&word) {
                Cow::Borrowed(_) => word,
                Cow::Owned(stemmed) => stemmed,
            }
        }
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text, Some(Stemmer::English))
            .iter()
            .map(|t| t.text().to_string())
            .collect()
    }

    #[test]
    fn chinese_runs_stay_whole_and_latin_words_split() {
        let t = tokens("上海理工大学与MIT合作，始于1995年。", None);
        assert_eq!(
            t,
            [
                Token::Cjk("上海理工大学与".into()),
                Token::Word("mit".into()),
                Token::Cjk("合作".into()),
                Token::Cjk("始于".into()),
                Token::Word("1995".into()),
                Token::Cjk("年".into()),
            ]
        );
    }

    #[test]
    fn japanese_kana_and_kanji_are_one_run() {
        let t = tokens("東京大学のキャンパス、ソフトウェア", None);
        assert_eq!(
            t,
            [
                Token::Cjk("東京大学のキャンパス".into()),
                Token::Cjk("ソフトウェア".into()),
            ]
        );
    }

    #[test]
    fn numbers_and_mixed_tokens_are_found_as_typed() {
        assert_eq!(words("2,664 students"), ["2664", "student"]);
        assert_eq!(words("2664"), ["2664"]);
        assert_eq!(
            words("C++ and C#, not C+1"),
            ["c++", "and", "c#", "not", "c", "1"]
        );
        assert_eq!(words("MIT, v2.1 (3.5%)."), ["mit", "v2.1", "3.5"]);
        assert_eq!(words("１９９５年"), ["1995", "年"]);
    }

    #[test]
    fn case_and_diacritics_fold_and_english_stems() {
        assert_eq!(words("Café Zürich"), ["cafe", "zurich"]);
        assert_eq!(
            words("Cooperation cooperative partners Partnering universities"),
            ["cooper", "cooper", "partner", "partner", "univers"]
        );
        assert_eq!(words("MIT’s programs"), ["mit", "program"]);
        assert_eq!(
            tokens("Partners", None),
            [Token::Word("partners".into())],
            "no stemmer: folded only"
        );
    }

    #[test]
    fn stemmers_come_from_locales() {
        assert_eq!(Stemmer::for_locale("en"), Some(Stemmer::English));
        assert_eq!(Stemmer::for_locale("en-GB"), Some(Stemmer::English));
        assert_eq!(Stemmer::for_locale("zh-CN"), None);
        assert_eq!(Stemmer::for_locale("de-DE"), None);
    }
}

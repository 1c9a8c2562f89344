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

    /// The token, borrowed.
    pub fn as_ref(&self) -> TokenRef<'_> {
        match self {
            Token::Cjk(s) => TokenRef::Cjk(s),
            Token::Word(s) => TokenRef::Word(s),
        }
    }
}

/// One token of text, borrowed from the text or from the tokenizer's buffer: what
/// [`for_each_token`] hands out, so that indexing a page allocates nothing per token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRef<'a> {
    Cjk(&'a str),
    Word(&'a str),
}

impl TokenRef<'_> {
    fn to_owned(self) -> Token {
        match self {
            TokenRef::Cjk(s) => Token::Cjk(s.to_string()),
            TokenRef::Word(s) => Token::Word(s.to_string()),
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

    /// Stems the word in `word`, in place. A site's words repeat: each is stemmed once per
    /// thread, and a stem found again is copied into `word`, not allocated.
    fn stem_in_place(self, word: &mut String) {
        thread_local! {
            static ENGLISH: rust_stemmers::Stemmer =
                rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
            static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
                std::cell::RefCell::default();
        }
        STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(stem) = cache.get(word.as_str()) {
                word.clear();
                word.push_str(stem);
                return;
            }
            let stem: Box<str> = match self {
                Stemmer::English => ENGLISH.with(|s| s.stem(word).into()),
            };
            if cache.len() > 200_000 {
                cache.clear();
            }
            cache.insert(word.as_str().into(), stem.clone());
            word.clear();
            word.push_str(&stem);
        });
    }
}

/// Splits `text` into tokens (see the module's rules), stemming words with `stemmer`.
pub fn tokens(text: &str, stemmer: Option<Stemmer>) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, stemmer, |t| out.push(t.to_owned()));
    out
}

/// Calls `f` with each token of `text`, in order: [`tokens`] without a `String` per token.
/// CJK runs are slices of the (normalized) text; words are folded and stemmed in one
/// buffer that is reused.
pub fn for_each_token(text: &str, stemmer: Option<Stemmer>, mut f: impl FnMut(TokenRef<'_>)) {
    let text = ComposingNormalizerBorrowed::new_nfkc().normalize(text);
    let text: &str = &text;
    let mut word = String::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if is_cjk(c) {
            let start = i;
            while let Some(c) = char_at(text, i).filter(|&c| is_cjk(c)) {
                i += c.len_utf8();
            }
            f(TokenRef::Cjk(&text[start..i]));
        } else if is_word_char(c) {
            let start = i;
            i = word_end(text, i);
            fold(&text[start..i], &mut word);
            if !word.is_empty() {
                if let Some(s) = stemmer
                    && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
                {
                    s.stem_in_place(&mut word);
                }
                f(TokenRef::Word(&word));
            }
        } else {
            i += c.len_utf8();
        }
    }
}

/// The character that starts at byte `i` of `s`, if any.
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|rest| rest.chars().next())
}

/// Where the word starting at byte `start` ends (one past its last character).
fn word_end(s: &str, start: usize) -> usize {
    let word = |c: Option<char>| c.is_some_and(is_word_char);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    // Between two characters of a word: `'` between letters, `,`/`.` between digits.
    let joins = |before: Option<char>, c: char, after: Option<char>| {
        let apostrophe = matches!(c, '\'' | '’')
            && before.is_some_and(char::is_alphabetic)
            && after.is_some_and(|a| is_word_char(a) && a.is_alphabetic());
        let digit_group = matches!(c, ',' | '.') && digit(before) && digit(after);
        apostrophe || digit_group
    };
    let mut i = start;
    let mut before = None;
    while let Some(c) = char_at(s, i) {
        let after = char_at(s, i + c.len_utf8());
        if !(is_word_char(c) || (i > start && joins(before, c, after))) {
            break;
        }
        before = Some(c);
        i += c.len_utf8();
    }
    let mut end = i;
    if char_at(s, end) == Some('#') {
        end += 1;
    } else {
        while char_at(s, end) == Some('+') {
            end += 1;
        }
    }
    if end > i && !word(char_at(s, end)) {
        end
    } else {
        i
    }
}

/// `raw` lower-cased, in NFD with its marks removed, `’` as `'` and digit-group commas
/// dropped, into `out` (cleared first).
fn fold(raw: &str, out: &mut String) {
    out.clear();
    if raw.is_ascii() {
        // No marks and nothing to decompose: the same as below, faster.
        out.extend(
            raw.bytes()
                .filter(|&b| b != b',')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    let lower = raw.to_lowercase();
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(&lower);
    out.extend(
        decomposed
            .chars()
            .filter(|&c| !is_mark(c) && c != ',')
            .map(|c| if c == '’' { '\'' } else { c }),
    );
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

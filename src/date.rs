//! Dates in front matter (`date`, and later `updated`): a calendar day (`2026-03-01`) or an
//! instant with its offset (`2026-03-01T10:00:00+08:00`, `2026-03-01T02:00:00Z`), as Git-
//! based CMSs write them. Typed from front matter to templates and the sitemap; anything
//! else is an error at its place in the file.

use std::cmp::Ordering;
use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A page's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageDate {
    /// A calendar day, with no time.
    Day(Date),
    /// An instant, with the offset it was written in (kept for display; `Z` is kept as
    /// `Z`).
    Instant(Timestamp, Offset, Zulu),
}

/// Whether an instant's offset was written `Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zulu(pub bool);

/// What a date must look like, for messages.
pub const EXPECTED: &str =
    "YYYY-MM-DD, or RFC 3339 with an offset such as 2026-03-01T10:00:00+08:00 or …Z";

impl PageDate {
    /// Parses a day or an RFC 3339 timestamp with an offset (or `Z`).
    pub fn parse(text: &str) -> Option<PageDate> {
        let pieces = Pieces::parse(text.trim()).ok()?;
        let (time, written) = match (pieces.time(), pieces.offset()) {
            (None, None) if pieces.time_zone_annotation().is_none() => {
                return Some(PageDate::Day(pieces.date()));
            }
            (Some(time), Some(written)) => (time, written),
            _ => return None,
        };
        let offset = written.to_numeric_offset();
        let timestamp = offset.to_timestamp(pieces.date().to_datetime(time)).ok()?;
        let zulu = Zulu(matches!(written, PiecesOffset::Zulu));
        Some(PageDate::Instant(timestamp, offset, zulu))
    }

    /// The calendar day, where the date was written.
    pub fn day(self) -> Date {
        match self {
            PageDate::Day(day) => day,
            PageDate::Instant(ts, offset, _) => offset.to_datetime(ts).date(),
        }
    }

    /// RFC 3339, as Atom wants it: an instant as written, a day at its start in UTC
    /// (`2026-03-01T00:00:00Z`).
    pub fn rfc3339(self) -> String {
        match self {
            PageDate::Day(day) => format!("{day}T00:00:00Z"),
            instant => instant.to_string(),
        }
    }

    /// The instant, a day taken at its start in UTC (to order days among instants).
    pub fn timestamp(self) -> Timestamp {
        match self {
            PageDate::Day(day) => Offset::UTC
                .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or(Timestamp::UNIX_EPOCH),
            PageDate::Instant(ts, ..) => ts,
        }
    }
}

impl fmt::Display for PageDate {
    /// `2026-03-01`, or RFC 3339 in the offset it was written in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageDate::Day(day) => write!(f, "{day}"),
            PageDate::Instant(ts, _, Zulu(true)) => write!(f, "{ts}"),
            PageDate::Instant(ts, offset, _) => write!(f, "{}", ts.display_with_offset(*offset)),
        }
    }
}

impl Ord for PageDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.timestamp().cmp(&other.timestamp())
    }
}

impl PartialOrd for PageDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for PageDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PageDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PageDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date: write {EXPECTED}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_instants_keep_what_was_written() {
        for text in [
            "2026-03-01",
            "2026-03-01T10:00:00+08:00",
            "2026-03-01T02:00:00Z",
            "2026-03-01T10:00:00-05:30",
        ] {
            assert_eq!(PageDate::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn an_instant_keeps_its_instant() {
        let shanghai = PageDate::parse("2026-03-01T10:00:00+08:00").unwrap();
        let utc = PageDate::parse("2026-03-01T02:00:00Z").unwrap();
        assert_eq!(shanghai.timestamp(), utc.timestamp());
        assert_eq!(shanghai.day().to_string(), "2026-03-01");
        let late = PageDate::parse("2026-03-01T23:30:00-05:00").unwrap();
        assert_eq!(
            late.day().to_string(),
            "2026-03-01",
            "the day where it was written"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "2026-13-01",
            "2026-03-01T10:00:00",
            "March 1, 2026",
            "2026/03/01",
            "",
        ] {
            assert!(PageDate::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn dates_order_by_instant() {
        let a = PageDate::parse("2026-03-01").unwrap();
        let b = PageDate::parse("2026-03-01T10:00:00+08:00").unwrap();
        let c = PageDate::parse("2026-03-02").unwrap();
        assert!(a < b && b < c);
    }
}

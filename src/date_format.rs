//! Dates for readers: the `date(format=…)` filter formats a page date by the page's locale
//! through ICU4X (`2026年3月1日`, `March 1, 2026`, `1 March 2026` for `en-GB`).

use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};
use icu_locale_core::Locale;

use crate::date::PageDate;

/// The formats templates ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Long,
    Medium,
    Short,
    YearMonth,
}

impl Format {
    /// The names `date(format=…)` takes.
    pub const NAMES: &'static str = "long, medium, short, year_month";

    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "long" => Format::Long,
            "medium" => Format::Medium,
            "short" => Format::Short,
            "year_month" => Format::YearMonth,
            _ => return None,
        })
    }
}

/// One locale's date formatters, built once per language.
pub struct DateFormats {
    long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    medium: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    short: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    year_month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
}

impl DateFormats {
    /// The formatters of `locale` (a BCP 47 tag such as `zh-CN`).
    pub fn new(locale: &str) -> Result<DateFormats, String> {
        let locale: Locale = locale.parse().map_err(|e| format!("{e:?}"))?;
        let prefs = (&locale).into();
        let ymd = |set: YMD| {
            FixedCalendarDateTimeFormatter::try_new(prefs, set).map_err(|e| e.to_string())
        };
        Ok(DateFormats {
            long: ymd(YMD::long())?,
            medium: ymd(YMD::medium())?,
            short: ymd(YMD::short())?,
            year_month: FixedCalendarDateTimeFormatter::try_new(prefs, YM::long())
                .map_err(|e| e.to_string())?,
        })
    }

    /// `date`'s calendar day (where it was written) in `format`.
    pub fn format(&self, date: PageDate, format: Format) -> String {
        let day = date.day();
        let Ok(gregorian) =
            Date::try_new_gregorian(i32::from(day.year()), day.month() as u8, day.day() as u8)
        else {
            return day.to_string();
        };
        match format {
            Format::Long => self.long.format(&gregorian).to_string(),
            Format::Medium => self.medium.format(&gregorian).to_string(),
            Format::Short => self.short.format(&gregorian).to_string(),
            Format::YearMonth => self.year_month.format(&gregorian).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> PageDate {
        PageDate::parse(text).unwrap()
    }

    #[test]
    fn formats_by_locale() {
        let zh = DateFormats::new("zh-CN").unwrap();
        assert_eq!(zh.format(day("2026-03-01"), Format::Long), "2026年3月1日");
        assert_eq!(zh.format(day("2026-03-01"), Format::YearMonth), "2026年3月");
        let en = DateFormats::new("en").unwrap();
        assert_eq!(en.format(day("2026-03-01"), Format::Long), "March 1, 2026");
        assert_eq!(en.format(day("2026-03-01"), Format::Medium), "Mar 1, 2026");
        let gb = DateFormats::new("en-GB").unwrap();
        assert_eq!(gb.format(day("2026-03-01"), Format::Long), "1 March 2026");
    }

    #[test]
    fn an_instant_is_formatted_on_the_day_it_was_written() {
        let zh = DateFormats::new("zh-CN").unwrap();
        let late = day("2026-03-01T23:30:00+08:00");
        assert_eq!(zh.format(late, Format::Long), "2026年3月1日");
    }
}

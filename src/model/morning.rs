//! The next-morning records the document keeps: one per walk day, in
//! date order, with the lookups and edits that keep that order and the
//! check the loader runs; fields this version does not know are kept as
//! they are. What a morning's pain means for the plan is `days::pain_above_threshold`'s.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Extra, MAX_PAIN};

/// One day's next-morning pain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Morning {
    /// The walk day whose next morning it was.
    pub date: NaiveDate,
    /// 0 (none) to 10 (worst).
    #[expect(
        clippy::struct_field_names,
        reason = "the store's key, and the name every day row gives the same value"
    )]
    pub morning_pain: u8,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The morning of `date` in a list in date order.
pub fn find(mornings: &[Morning], date: NaiveDate) -> Option<&Morning> {
    mornings
        .binary_search_by_key(&date, |m| m.date)
        .ok()
        .map(|at| &mornings[at])
}

/// Records `pain` for `date`, replacing what was said for it before
/// (its unknown fields kept).
pub fn set(mornings: &mut Vec<Morning>, date: NaiveDate, pain: u8) {
    match mornings.binary_search_by_key(&date, |m| m.date) {
        Ok(at) => mornings[at].morning_pain = pain,
        Err(at) => mornings.insert(
            at,
            Morning {
                date,
                morning_pain: pain,
                extra: Extra::new(),
            },
        ),
    }
}

/// Removes the record of `date`; whether there was one.
pub fn clear(mornings: &mut Vec<Morning>, date: NaiveDate) -> bool {
    match mornings.binary_search_by_key(&date, |m| m.date) {
        Ok(at) => {
            mornings.remove(at);
            true
        }
        Err(_) => false,
    }
}

/// Values in range, one record a day, in date order.
pub fn check(mornings: &[Morning]) -> Result<(), String> {
    for (index, morning) in mornings.iter().enumerate() {
        if morning.morning_pain > MAX_PAIN {
            return Err(format!(
                "mornings[{index}]: morning_pain {} is not within 0-{MAX_PAIN}",
                morning.morning_pain
            ));
        }
        if !crate::clock::YEARS.contains(&morning.date.year()) {
            return Err(format!(
                "mornings[{index}]: {} is outside the years 1-9999",
                morning.date
            ));
        }
        if index > 0 && mornings[index - 1].date >= morning.date {
            return Err(format!(
                "mornings[{index}]: \"date\" must be a day after the record before it"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn set_replaces_clear_removes_and_order_is_kept() {
        let mut mornings = Vec::new();
        set(&mut mornings, date(20), 3);
        set(&mut mornings, date(18), 6);
        mornings[1].extra.insert("x".into(), serde_json::json!(1));
        set(&mut mornings, date(20), 4);
        assert_eq!(find(&mornings, date(20)).map(|m| m.morning_pain), Some(4));
        assert_eq!(mornings[1].extra["x"], 1, "unknown fields kept");
        assert_eq!(mornings[0].date, date(18));
        check(&mornings).unwrap();
        assert!(clear(&mut mornings, date(18)));
        assert!(!clear(&mut mornings, date(18)));
        assert_eq!(mornings.len(), 1);
    }

    #[test]
    fn a_bad_list_says_where() {
        let morning = |day, pain| Morning {
            date: date(day),
            morning_pain: pain,
            extra: Extra::new(),
        };
        assert!(check(&[morning(1, 11)]).unwrap_err().contains("morning_pain 11"));
        assert!(
            check(&[morning(2, 1), morning(2, 3)])
                .unwrap_err()
                .contains("mornings[1]")
        );
    }
}

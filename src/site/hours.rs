//! Working hours: whether an incident started while the service was
//! staffed. A pure function of the configuration and an instant, so that
//! pages and counts (the metrics of issue 17) agree.

use crate::config::{Config, WorkingHours};
use crate::model::Report;
use chrono::{DateTime, Datelike, FixedOffset};

/// Whether `at` falls in any of `hours`; `None` when none are configured.
pub fn in_working_hours(hours: &[WorkingHours], at: &DateTime<FixedOffset>) -> Option<bool> {
    if hours.is_empty() {
        return None;
    }
    Some(hours.iter().any(|h| within(h, at)))
}

fn within(hours: &WorkingHours, at: &DateTime<FixedOffset>) -> bool {
    let local = at.with_timezone(&hours.zone.offset_at(at));
    let (day, time) = (local.weekday(), local.time());
    if hours.start < hours.end {
        hours.days.contains(&day) && time >= hours.start && time < hours.end
    } else {
        // Past midnight: the hours belong to the day they start on.
        (hours.days.contains(&day) && time >= hours.start)
            || (hours.days.contains(&day.pred()) && time < hours.end)
    }
}

/// Whether `report`'s incident started out of the site's working hours;
/// `None` when the site has none.
pub fn started_out_of_hours(config: &Config, report: &Report) -> Option<bool> {
    in_working_hours(&config.working_hours, &report.started).map(|inside| !inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Zone;
    use chrono::{NaiveTime, Weekday};

    fn hours(zone: &str, start: &str, end: &str) -> WorkingHours {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        WorkingHours {
            zone: Zone::parse(zone).unwrap(),
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: t(start),
            end: t(end),
        }
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn hours_are_read_in_their_own_zone_on_their_days() {
        let london = [hours("Europe/London", "09:00", "17:30")];
        // Friday 14 March 2025: 09:00 in London is 09:00Z (GMT).
        assert_eq!(
            in_working_hours(&london, &at("2025-03-14T09:00:00Z")),
            Some(true)
        );
        assert_eq!(
            in_working_hours(&london, &at("2025-03-14T08:59:00Z")),
            Some(false)
        );
        assert_eq!(
            in_working_hours(&london, &at("2025-03-14T17:30:00Z")),
            Some(false)
        );
        // Saturday.
        assert_eq!(
            in_working_hours(&london, &at("2025-03-15T10:00:00Z")),
            Some(false)
        );
        // Summer time: 09:00 in London is 08:00Z.
        assert_eq!(
            in_working_hours(&london, &at("2025-07-14T08:00:00Z")),
            Some(true)
        );
        // A second zone covers London's evening.
        let both = [
            london[0].clone(),
            hours("America/New_York", "09:00", "17:00"),
        ];
        assert_eq!(
            in_working_hours(&both, &at("2025-03-14T18:00:00Z")),
            Some(true)
        );
        assert_eq!(in_working_hours(&[], &at("2025-03-14T18:00:00Z")), None);
    }

    #[test]
    fn night_shifts_belong_to_the_day_they_start_on() {
        let nights = [hours("UTC", "22:00", "06:00")];
        // Friday 23:00 and Saturday 05:00 are Friday's shift.
        assert_eq!(
            in_working_hours(&nights, &at("2025-03-14T23:00:00Z")),
            Some(true)
        );
        assert_eq!(
            in_working_hours(&nights, &at("2025-03-15T05:00:00Z")),
            Some(true)
        );
        // Monday 05:00 follows Sunday, which has no shift.
        assert_eq!(
            in_working_hours(&nights, &at("2025-03-17T05:00:00Z")),
            Some(false)
        );
        assert_eq!(
            in_working_hours(&nights, &at("2025-03-14T12:00:00Z")),
            Some(false)
        );
    }
}

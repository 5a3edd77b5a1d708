//! Reminders without a server: for each owner of actions (and, on the
//! internal site, each team of `people:`), an `actions.ics` of their open
//! actions, each an all-day event on its due date with an alarm
//! `reminders.days_before` days before (default 3), and an Atom feed of
//! their open and overdue actions; and `reviews.ics`, the review meetings
//! still to come (internal only). Files, not a server: a calendar or a feed
//! reader subscribes to them, and the nightly build `init`'s CI files run
//! keeps them a day old at most.

use super::view::{ActionView, Views};
use crate::index::ActionRef;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

/// The site's address when it is absolute (`--base-url`), and a host for
/// UIDs.
fn address(views: &Views) -> (Option<String>, String) {
    let base = &views.site_view.base_url;
    let absolute = base.starts_with("http://") || base.starts_with("https://");
    let host = absolute
        .then(|| base.split('/').nth(2))
        .flatten()
        .filter(|h| !h.is_empty())
        .unwrap_or("retrospect")
        .to_string();
    (absolute.then(|| base.clone()), host)
}

/// What every event of a build's calendars shares: the build date as
/// DTSTAMP (same input, same bytes), and the site's address for links and
/// UIDs.
pub struct Calendars {
    stamp: DateTime<Utc>,
    base: Option<String>,
    host: String,
}

/// One open action, as its calendar event says it. The site's
/// `actions.ics` and each owner's and team's take these from different
/// places (the report, or the action's view with the owner's name).
pub struct DueAction<'a> {
    pub report_slug: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    pub owner: &'a str,
    pub report_title: &'a str,
    /// From the site's root: `reports/SLUG/`.
    pub report_path: &'a str,
    pub status: &'a str,
    pub due: NaiveDate,
}

impl Calendars {
    pub fn of(views: &Views) -> Calendars {
        let (base, host) = address(views);
        Calendars {
            stamp: Utc.from_utc_datetime(&views.site.today().and_time(NaiveTime::MIN)),
            base,
            host,
        }
    }

    /// An action's all-day event on its due date: transparent (it makes
    /// no one busy), with a UID of the report's slug, the action's id and
    /// the site's host, stable from build to build, the report's URL when
    /// the site's address is known, and an alarm `days_before` days before
    /// (none when 0).
    pub fn due_event(&self, a: &DueAction, days_before: u32) -> icalendar::Event {
        use icalendar::{Alarm, Component, EventLike, Trigger};
        let host = &self.host;
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}-{}@{host}", a.report_slug, a.id))
            .timestamp(self.stamp)
            .summary(&format!("{} ({})", a.title, a.owner))
            .description(&format!(
                "From \"{}\" ({}). Status: {}.",
                a.report_title, a.report_path, a.status
            ))
            .add_property("TRANSP", "TRANSPARENT")
            .starts(a.due)
            .ends(a.due.succ_opt().unwrap_or(a.due));
        if days_before > 0 {
            let mut alarm = Alarm::display(
                &format!("Due in {days_before} days: {}", a.title),
                Trigger::before_start(chrono::Duration::days(i64::from(days_before))),
            );
            // Made by the build, not the clock: the same bytes every time.
            alarm
                .uid(&format!("{}-{}-alarm@{host}", a.report_slug, a.id))
                .timestamp(self.stamp);
            event.alarm(alarm);
        }
        if let Some(base) = &self.base {
            event.url(&format!("{base}{}", a.report_path));
        }
        event.done()
    }
}

/// A calendar written one event at a time: the bytes `icalendar::Calendar`
/// gives for the same name and events, without holding every event until
/// the end (the site's `actions.ics` held each open action's event, a few
/// hundred bytes of properties each, beside the finished text), into a
/// file as it is made or into memory ([`crate::output::written`]).
pub struct Streamed<'w> {
    out: &'w mut dyn std::io::Write,
    /// The event being written, reused for the next.
    event: String,
}

/// How a calendar ends, after its events.
const CALENDAR_END: &str = "END:VCALENDAR\r\n";

impl<'w> Streamed<'w> {
    /// A calendar named `name`, with `icalendar::Calendar::new`'s
    /// properties.
    pub fn new(name: &str, out: &'w mut dyn std::io::Write) -> std::io::Result<Streamed<'w>> {
        let mut head = icalendar::Calendar::new();
        head.name(name);
        let mut text = head.to_string();
        text.truncate(text.len() - CALENDAR_END.len());
        out.write_all(text.as_bytes())?;
        Ok(Streamed {
            out,
            event: String::new(),
        })
    }

    pub fn push(&mut self, event: icalendar::Event) -> std::io::Result<()> {
        use icalendar::Component;
        self.event.clear();
        event
            .fmt_write(&mut self.event)
            .expect("writing to a String cannot fail");
        self.out.write_all(self.event.as_bytes())
    }

    /// Ends the calendar.
    pub fn done(self) -> std::io::Result<()> {
        self.out.write_all(CALENDAR_END.as_bytes())
    }
}

fn open<'a>(views: &Views<'a>, actions: &[ActionRef]) -> Vec<&'a ActionView> {
    actions
        .iter()
        .map(|a| views.action_of(*a))
        .filter(|a| matches!(a.status, "open" | "in-progress"))
        .collect()
}

/// `actions.ics` of one owner or team (`whose`): an all-day event per open
/// action with a due date, with an alarm `days_before` days before it (none
/// when 0).
pub fn actions_ics(views: &Views, whose: &str, actions: &[ActionRef], days_before: u32) -> String {
    crate::output::written(|out| {
        let name = format!("{}: actions of {whose}", views.site_view.title);
        push_due_events(views, Streamed::new(&name, out)?, actions, days_before)
    })
}

/// [`actions_ics`]'s events, into `calendar`, which they end.
fn push_due_events(
    views: &Views,
    mut calendar: Streamed,
    actions: &[ActionRef],
    days_before: u32,
) -> std::io::Result<()> {
    let calendars = Calendars::of(views);
    for a in open(views, actions) {
        let Some(due) = a
            .due
            .as_deref()
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        else {
            continue;
        };
        let action = DueAction {
            report_slug: &a.report_slug,
            id: &a.id,
            title: &a.title,
            owner: &a.owner,
            report_title: &a.report_title,
            report_path: &a.report_url,
            status: a.status,
            due,
        };
        calendar.push(calendars.due_event(&action, days_before))?;
    }
    calendar.done()
}

/// The Atom feed of one owner's or team's open actions (overdue ones
/// first, then by due date), at `path` (`actions/owners/x/feed.xml`).
/// Each entry is dated by the build: the feed says "as of" that day.
pub fn actions_feed(views: &Views, whose: &str, path: &str, actions: &[ActionRef]) -> String {
    use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
    let (base, _) = address(views);
    let url = |p: &str| match &base {
        Some(base) => format!("{base}{p}"),
        None => p.to_string(),
    };
    let id = |p: &str| match &base {
        Some(base) => format!("{base}{p}"),
        None => format!("urn:retrospect:{p}"),
    };
    let today: FixedDateTime = Utc
        .from_utc_datetime(&views.site.today().and_time(NaiveTime::MIN))
        .fixed_offset();
    let mut listed = open(views, actions);
    listed.sort_by_key(|a| std::cmp::Reverse(a.overdue_days.unwrap_or(-1).max(-1)));
    let entries: Vec<Entry> = listed
        .iter()
        .map(|a| {
            let mut entry = Entry::default();
            entry.set_id(id(&format!("{}#{}", a.report_url, a.id)));
            let state = match (a.overdue_days, &a.due_display) {
                (Some(days), _) => format!("overdue by {days} days"),
                (None, Some(due)) => format!("due {due}"),
                (None, None) => "no due date".to_string(),
            };
            entry.set_title(Text::plain(format!("{} ({state})", a.title)));
            entry.set_updated(today);
            let mut link = Link::default();
            link.set_href(url(&a.report_url));
            link.set_rel("alternate");
            entry.set_links(vec![link]);
            let mut summary = format!(
                "{} of \"{}\", owned by {}: {}.",
                a.id, a.report_title, a.owner, state
            );
            if a.history.slips > 0 {
                summary.push_str(&format!(" {}.", a.history.summary));
            }
            entry.set_summary(Some(Text::plain(summary)));
            entry
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(id(path));
    feed.set_title(Text::plain(format!(
        "{}: open actions of {whose}",
        views.site_view.title
    )));
    let mut author = atom_syndication::Person::default();
    author.set_name(views.site_view.title.clone());
    author.set_uri(base.clone());
    feed.set_authors(vec![author]);
    feed.set_updated(today);
    let mut self_link = Link::default();
    self_link.set_href(url(path));
    self_link.set_rel("self");
    feed.set_links(vec![self_link]);
    feed.set_entries(entries);
    feed.to_string()
}

/// `reviews.ics`: a day-long event for each review meeting dated today or
/// later (internal site only), linking to the report's review agenda.
pub fn reviews_ics(views: &Views) -> String {
    use icalendar::{Component, EventLike};
    let today = views.site.today();
    let stamp = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let (base, host) = address(views);
    crate::output::written(|out| {
        let name = format!("{}: review meetings", views.site_view.title);
        let mut calendar = Streamed::new(&name, out)?;
        for report in views.site.reports() {
            let Some(date) = report.review.as_ref().and_then(|r| r.date) else {
                continue;
            };
            if date < today {
                continue;
            }
            let path = format!("reports/{}/", report.slug);
            let mut event = icalendar::Event::new();
            event
                .uid(&format!("review-{}@{host}", report.slug))
                .timestamp(stamp)
                .summary(&format!("Review: {}", report.title))
                .description(&format!(
                    "The review of \"{}\" ({path}); its agenda: {path}agenda/",
                    report.title
                ))
                .starts(date)
                .ends(date.succ_opt().unwrap_or(date));
            if let Some(base) = &base {
                event.url(&format!("{base}{path}agenda/"));
            }
            calendar.push(event.done())?;
        }
        calendar.done()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{Alarm, Calendar, Component, EventLike, Trigger};

    fn event(n: u32) -> icalendar::Event {
        let day = NaiveDate::from_ymd_opt(2026, 3, n).unwrap();
        let stamp = Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN));
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("db-failover-A{n}@retrospect"))
            .timestamp(stamp)
            .summary(&format!(
                "Action {n}, with a comma; and a long title that folds past seventy-five octets"
            ))
            .add_property("TRANSP", "TRANSPARENT")
            .starts(day)
            .ends(day.succ_opt().unwrap());
        let mut alarm = Alarm::display(
            "Due in 3 days",
            Trigger::before_start(chrono::Duration::days(3)),
        );
        alarm
            .uid(&format!("db-failover-A{n}-alarm@retrospect"))
            .timestamp(stamp);
        event.alarm(alarm);
        event.done()
    }

    #[test]
    fn a_streamed_calendar_has_the_bytes_of_a_whole_one() {
        for count in [0, 1, 3] {
            let mut whole = Calendar::new();
            whole.name("Incidents: open actions");
            let streamed = crate::output::written(|out| {
                let mut streamed = Streamed::new("Incidents: open actions", out)?;
                for n in 1..=count {
                    whole.push(event(n));
                    streamed.push(event(n))?;
                }
                streamed.done()
            });
            assert_eq!(streamed, whole.done().to_string());
            assert_eq!(streamed.matches("BEGIN:VEVENT").count(), count as usize);
        }
    }
}

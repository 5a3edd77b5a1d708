//! Deterministic generator of a realistic Retrospect corpus (incident postmortems).
//!
//! ```text
//! cargo run --release --example gen_corpus -- <COUNT> <OUT_DIR> [--seed N] [--shape realistic|classic]
//! ```
//!
//! Creates OUT_DIR (exit status 2 if it exists and is not an empty directory) and writes
//! `OUT_DIR/retrospect.yaml` (20 people in 6 teams) plus COUNT reports named
//! `OUT_DIR/reports/YYYY/YYYY-MM-DD-<topic>-<NNNNN>.md`, meant to pass `retrospect check`
//! with no errors under the default configuration: per-severity requirements, required
//! sections, ordered times, unique ids and slugs, `related` entries that name earlier
//! reports, and no blame words.
//!
//! Two shapes. `realistic` (the default, `gen_corpus/realistic.rs`): ten years of
//! incidents, 20% internal, timelines of 8 to 30 entries, 1 to 8 actions (a share of old
//! ones left open, so overdue on the benchmarks' date), bodies of 2.3 to 9.6 KB with a
//! table in half of them and 0 to 3 code blocks whose lines rarely repeat. `classic`: the
//! shape of the first benchmarks (reports of 2,048 to 10,000 bytes, 0 to 12 timeline
//! entries, 0 to 6 actions, code blocks from a fixed set), byte for byte as before.
//!
//! Determinism: the output depends only on COUNT, the shape and the seed (default 1). Only the
//! standard library is used: a hand-written SplitMix64 PRNG, integer calendar arithmetic and
//! built-in DST rules for Europe/London and America/New_York. Nothing reads the clock, the
//! environment or a hash map's iteration order, so identical arguments give identical bytes
//! on every platform. Action statuses depend on the fixed date `OPEN_FROM`, not on today.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use text::*;

#[path = "gen_corpus/realistic.rs"]
mod realistic;

/// Which kind of corpus to write.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// Close to real postmortem collections (the default).
    Realistic,
    /// The corpus of the first benchmarks, byte for byte.
    Classic,
}

const MIN_SIZE: usize = 2048;
const MAX_SIZE: usize = 10_000;
/// Actions due before this day are `done` or `wont-do`, so a check run before then finds
/// no overdue actions.
const OPEN_FROM: (i64, i64, i64) = (2026, 12, 1);

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! put {
    ($dst:expr, $($arg:tt)*) => {{
        let _ = write!($dst, $($arg)*);
    }};
}

/// SplitMix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.range(0, s.len() as i64 - 1) as usize]
    }
    fn weighted(&mut self, w: &[u64]) -> usize {
        let mut r = self.next() % w.iter().sum::<u64>();
        for (i, &x) in w.iter().enumerate() {
            if r < x {
                return i;
            }
            r -= x;
        }
        unreachable!()
    }
    /// A value from one of several `(lo, hi, weight)` spans.
    fn span(&mut self, spans: &[(i64, i64, u64)]) -> i64 {
        let (lo, hi, _) = spans[self.weighted(&spans.iter().map(|s| s.2).collect::<Vec<_>>())];
        self.range(lo, hi)
    }
    /// `k` distinct indices below `n`, in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = self.range(i as i64, n as i64 - 1) as usize;
            v.swap(i, j);
        }
        v.truncate(k.min(n));
        v
    }
}

// ---------- calendar and time zones (instants are minutes since 1970-01-01 UTC) ----------

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
fn ymd(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}
/// The day of the `n`th Sunday of a month; `n = 0` means the last one.
fn sunday(y: i64, m: i64, n: i64) -> i64 {
    if n == 0 {
        let last = days_from_civil(y, m + 1, 1) - 1;
        return last - (last + 4).rem_euclid(7);
    }
    let first = days_from_civil(y, m, 1);
    first + (7 - (first + 4).rem_euclid(7)) % 7 + 7 * (n - 1)
}

#[derive(Clone, Copy, PartialEq)]
enum Tz {
    Utc,
    London,
    NewYork,
    Kolkata, // written as the offset "+05:30"
}
impl Tz {
    fn offset_at(self, t: i64) -> i64 {
        let y = civil_from_days(t.div_euclid(1440)).0;
        match self {
            Tz::Utc => 0,
            Tz::Kolkata => 330,
            Tz::London => {
                let dst = sunday(y, 3, 0) * 1440 + 60..sunday(y, 10, 0) * 1440 + 60;
                if dst.contains(&t) { 60 } else { 0 }
            }
            Tz::NewYork => {
                let dst = sunday(y, 3, 2) * 1440 + 420..sunday(y, 11, 1) * 1440 + 360;
                if dst.contains(&t) { -240 } else { -300 }
            }
        }
    }
    fn local(self, t: i64) -> i64 {
        t + self.offset_at(t)
    }
    /// True when the wall-clock time of `t` occurs twice (the DST fall-back hour).
    fn ambiguous(self, t: i64) -> bool {
        let offsets: &[i64] = match self {
            Tz::London => &[0, 60],
            Tz::NewYork => &[-300, -240],
            _ => return false,
        };
        let l = self.local(t);
        offsets
            .iter()
            .filter(|&&o| self.offset_at(l - o) == o)
            .count()
            > 1
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Z,
    Offset,
    Local,
    Bare,
}
fn hm(t: i64) -> String {
    format!("{:02}:{:02}", t.rem_euclid(1440) / 60, t.rem_euclid(60))
}
/// Formats instant `t` for a report in `tz` dated day `date`. Local forms fall back to an
/// explicit offset in the ambiguous DST hour; a bare time is only used on `date` itself.
fn fmt_time(tz: Tz, t: i64, form: Form, date: i64) -> String {
    let l = tz.local(t);
    let form = match form {
        Form::Local | Form::Bare if tz.ambiguous(t) => Form::Offset,
        Form::Bare if l.div_euclid(1440) != date => Form::Local,
        Form::Offset if tz == Tz::Utc => Form::Z,
        f => f,
    };
    let (day, o) = (ymd(l.div_euclid(1440)), tz.offset_at(t));
    match form {
        Form::Z => format!("{}T{}:00Z", ymd(t.div_euclid(1440)), hm(t)),
        Form::Offset => {
            let sign = if o < 0 { '-' } else { '+' };
            format!(
                "{day}T{}:00{sign}{:02}:{:02}",
                hm(l),
                o.abs() / 60,
                o.abs() % 60
            )
        }
        Form::Local => format!("{day} {}", hm(l)),
        Form::Bare => format!("\"{}\"", hm(l)),
    }
}
fn human(min: i64) -> String {
    let unit = |n: i64, u: &str| format!("{n} {u}{}", if n == 1 { "" } else { "s" });
    match min {
        0..60 => unit(min.max(1), "minute"),
        60..1440 if min % 60 == 0 => unit(min / 60, "hour"),
        60..1440 => format!("{} {}", unit(min / 60, "hour"), unit(min % 60, "minute")),
        _ => format!(
            "{} {}",
            unit(min / 1440, "day"),
            unit(min % 1440 / 60, "hour")
        ),
    }
}
/// A YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
fn yaml_list(fm: &mut String, key: &str, items: &[String], flow: bool) {
    if flow {
        put!(fm, "{key}: [{}]\n", items.join(", "));
    } else {
        put!(fm, "{key}:\n");
        items.iter().for_each(|i| put!(fm, "  - {i}\n"));
    }
}

// ---------- text assembly ----------

/// Per-report state: the PRNG, placeholder values and shuffled decks of pool entries.
struct Gen {
    rng: Rng,
    shape: Shape,
    vars: Vec<(&'static str, String)>,
    decks: HashMap<usize, Vec<usize>>,
}
impl Gen {
    /// Replaces `{name}` for known names; other braces (as in code) are left alone.
    fn fill(&self, t: &str) -> String {
        let mut out = String::with_capacity(t.len() + 32);
        let mut rest = t;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            rest = &rest[i + 1..];
            let known = rest.find('}').and_then(|j| {
                let v = self.vars.iter().find(|(k, _)| *k == &rest[..j]);
                v.map(|(_, v)| (j, v))
            });
            match known {
                Some((j, v)) => {
                    out.push_str(v);
                    rest = &rest[j + 1..];
                }
                None => out.push('{'),
            }
        }
        out + rest
    }
    fn var(&self, name: &str) -> &str {
        self.vars
            .iter()
            .find(|v| v.0 == name)
            .map_or("", |v| v.1.as_str())
    }
    /// The next index of a shuffled deck, so that nothing repeats until all have been used.
    fn deal_index(&mut self, key: usize, len: usize) -> usize {
        let deck = self.decks.entry(key).or_default();
        if deck.is_empty() {
            *deck = self.rng.sample(len, len);
        }
        deck.pop().unwrap()
    }
    fn deal(&mut self, pool: &'static [&'static str]) -> String {
        let i = self.deal_index(pool.as_ptr() as usize, pool.len());
        self.fill(pool[i])
    }
    fn para(&mut self, pool: &'static [&'static str], lo: i64, hi: i64) -> String {
        let n = self.rng.range(lo, hi);
        let sentences: Vec<String> = (0..n).map(|_| self.deal(pool)).collect();
        sentences.join(" ")
    }
    /// A list; numbered lists keep their pool's order, which is chronological.
    fn list(&mut self, pool: &'static [&'static str], lo: i64, hi: i64, numbered: bool) -> String {
        let n = self.rng.range(lo, hi.min(pool.len() as i64));
        let mut picked = self.rng.sample(pool.len(), n as usize);
        if numbered {
            picked.sort_unstable();
        }
        let items = picked.iter().enumerate().map(|(k, &i)| match numbered {
            true => format!("{}. {}", k + 1, self.fill(pool[i])),
            false => format!("- {}", self.fill(pool[i])),
        });
        items.collect::<Vec<_>>().join("\n")
    }
    fn code(&mut self, k: usize) -> String {
        let (lang, caption, body) = SNIPPETS[k];
        format!(
            "{}\n\n```{lang}\n{}\n```",
            self.fill(caption),
            self.fill(body)
        )
    }
    /// A code block not yet used in this report (until all have been).
    fn any_code(&mut self) -> String {
        let k = self.deal_index(SNIPPETS.as_ptr() as usize, SNIPPETS.len());
        self.code(k)
    }
}

struct Scenario {
    slug: &'static str,
    titles: [&'static str; 2],
    tags: [&'static str; 2],
    trigger: &'static str,
    factors: [(&'static str, &'static str); 3],
    fix: &'static str,
    code: usize,
    first: &'static str,
    rec: &'static str,
    action: &'static str,
}

/// A timeline entry: when, what, and its kind (`before` for context).
struct Event {
    at: i64,
    text: String,
    kind: Option<&'static str>,
}
impl Event {
    fn at(at: i64, text: String) -> Event {
        Event {
            at,
            text,
            kind: None,
        }
    }
}

struct Action {
    title: String,
    owner: usize, // index into `Incident::people`
    due: Option<i64>,
    status: &'static str,
    priority: Option<i64>,
    link: Option<String>,
}

/// Everything decided about one incident before its text is written.
struct Incident {
    seq: usize,
    id: String,
    sc: &'static Scenario,
    tz: Tz,
    date: i64,
    sev: &'static str,
    status: &'static str,
    public: bool,
    times: [i64; 4], // started, detected, mitigated, resolved
    omit: [bool; 4], // times left out of the front matter
    services: Vec<&'static str>,
    people: Vec<usize>, // indices into PEOPLE; [0] usually leads
    how_detected: usize,
    events: Vec<Event>,
    actions: Vec<Action>,
}
impl Incident {
    fn full(&self) -> bool {
        self.sev == "critical" || self.sev == "major"
    }
    fn handle(&self, i: usize) -> String {
        PEOPLE[self.people[i]].0.to_string()
    }
    fn day(&self, t: i64) -> i64 {
        self.tz.local(t).div_euclid(1440)
    }
}

fn plan(g: &mut Gen, seq: usize, started: i64, year_seq: &mut HashMap<i64, u32>) -> Incident {
    let r = &mut g.rng;
    let tz = [Tz::Utc, Tz::London, Tz::NewYork, Tz::Kolkata][r.weighted(&[70, 12, 12, 6])];
    let date = tz.local(started).div_euclid(1440);
    let year = civil_from_days(date).0;
    let n = year_seq.entry(year).or_insert(0);
    *n += 1;
    let id = format!("INC-{year}-{n:05}");
    let sev = ["critical", "major", "minor", "trivial"][r.weighted(&[10, 25, 40, 25])];
    let status = ["published", "in-review", "draft"][r.weighted(&[85, 10, 5])];
    let realistic = g.shape == Shape::Realistic;
    let (public, sc) = (
        r.chance(if realistic { 0.8 } else { 0.6 }),
        r.pick(&SCENARIOS),
    );
    // Minutes to a couple of days; trivial incidents are shorter.
    let scale = if sev == "trivial" { 3 } else { 1 };
    let detected =
        started + r.span(&[(0, 5, 30), (5, 30, 40), (30, 180, 25), (180, 720, 5)]) / scale;
    let mitigated = detected + r.span(&[(5, 60, 50), (60, 360, 35), (360, 1200, 15)]) / scale;
    let resolved = mitigated + r.span(&[(0, 120, 50), (120, 1440, 40), (1440, 1800, 10)]) / scale;
    let omit = [
        false,
        sev == "trivial" && r.chance(0.3),
        r.chance(0.1),
        status == "draft" && r.chance(0.4),
    ];
    let services: Vec<&str> = r
        .sample(SERVICES.len(), 3)
        .into_iter()
        .map(|i| SERVICES[i])
        .collect();
    let people = r.sample(PEOPLE.len(), 8);
    let pct = match sev {
        "critical" => r.range(20, 80),
        "major" => r.range(8, 50),
        "minor" => r.range(2, 20),
        _ => r.range(1, 5),
    };
    let num = r.range(200, 90_000);
    let ver = format!("v{}.{}.{}", r.range(1, 9), r.range(0, 40), r.range(0, 12));
    let mut word = |list: &[&str]| r.pick(list).to_string();
    g.vars = vec![
        ("svc", services[0].into()),
        ("svc2", services[1].into()),
        ("dep", word(&DEPS)),
        ("region", word(&REGIONS)),
        ("flag", word(&FLAGS)),
        ("alert", word(&ALERTS)),
        ("table", word(&TABLES)),
        ("topic", word(&TOPICS)),
        ("job", word(&JOBS)),
        ("pct", pct.to_string()),
        (
            "n",
            if num < 1000 {
                num.to_string()
            } else {
                format!("{},{:03}", num / 1000, num % 1000)
            },
        ),
        ("ver", ver),
        ("dur", human(mitigated - started)),
        ("ttd", human(detected - started)),
        ("sev", sev.into()),
        ("team", TEAMS[people[0] % TEAMS.len()].into()),
        ("id", id.clone()),
        ("d0", fmt_time(Tz::Utc, started, Form::Z, 0)),
        ("d1", fmt_time(Tz::Utc, resolved, Form::Z, 0)),
    ];
    let times = [started, detected, mitigated, resolved];
    let how_detected = g.rng.range(0, DETECTION.len() as i64 - 1) as usize;
    let events = match realistic {
        true => {
            let first =
                *g.rng
                    .pick(&[sc.first, sc.first, "First errors appear in `{svc}` metrics"]);
            realistic::timeline(g, first, times, how_detected)
        }
        false => timeline(g, sc, sev, times, how_detected),
    };

    let n_actions = if realistic {
        realistic::action_count(g)
    } else if sev == "trivial" {
        g.rng.range(0, 2)
    } else {
        g.rng.range(1, 6)
    };
    let open_from = days_from_civil(OPEN_FROM.0, OPEN_FROM.1, OPEN_FROM.2);
    let resolved_day = tz.local(resolved).div_euclid(1440);
    let mut actions = Vec::new();
    for a in 0..n_actions {
        let title = if realistic {
            realistic::action_title(g, sc.action, a)
        } else if a == 0 {
            g.fill(sc.action)
        } else {
            g.deal(&ACTIONS)
        };
        let due = resolved_day + g.rng.range(7, 120);
        let status = match (realistic, due < open_from) {
            (true, _) => realistic::action_status(g, due),
            (false, true) => ["done", "wont-do"][g.rng.weighted(&[85, 15])],
            (false, false) => {
                ["open", "in-progress", "done", "wont-do"][g.rng.weighted(&[40, 30, 25, 5])]
            }
        };
        let r = &mut g.rng;
        let finished = status == "done" || status == "wont-do";
        actions.push(Action {
            title,
            owner: r.range(0, 7) as usize,
            due: (!finished || r.chance(0.85)).then_some(due),
            status,
            priority: r.chance(0.5).then(|| r.range(1, 3)),
            link: r
                .chance(0.4)
                .then(|| format!("https://tracker.example/T-{}", r.range(1000, 9999))),
        });
    }
    Incident {
        seq,
        id,
        sc,
        tz,
        date,
        sev,
        status,
        public,
        times,
        omit,
        services,
        people,
        how_detected,
        events,
        actions,
    }
}

/// The timeline: milestones first, then response events between detection and mitigation
/// and recovery events after it, with distinct texts in their pools' natural order.
fn timeline(g: &mut Gen, sc: &Scenario, sev: &str, t: [i64; 4], how_detected: usize) -> Vec<Event> {
    let r = &mut g.rng;
    let k = match sev {
        "critical" => r.range(6, 12),
        "major" => r.range(4, 10),
        "minor" => r.range(2, 6),
        _ => r.range(0, 3),
    } as usize;
    let mut tl: Vec<(i64, usize)> = [(t[0], 0), (t[1], 1), (t[2], 3), (t[3], 5)]
        .into_iter()
        .take(k)
        .collect();
    for extra in 0..k.saturating_sub(4) {
        tl.push(match extra < EV_RECOVERY.len() && r.chance(0.25) {
            true => (r.range(t[2], t[3]), 4),
            false => (r.range(t[1], t[2]), 2),
        });
    }
    tl.sort();
    let mut ordered = |len: usize, phase: usize| {
        let mut v = r.sample(len, tl.iter().filter(|e| e.1 == phase).count());
        v.sort_unstable_by(|a, b| b.cmp(a)); // popped from the end, so lowest first
        v
    };
    let (mut response, mut recovery) =
        (ordered(EV_RESPONSE.len(), 2), ordered(EV_RECOVERY.len(), 4));
    let first = *r.pick(&[sc.first, sc.first, "First errors appear in `{svc}` metrics"]);
    tl.into_iter()
        .map(|(at, phase)| {
            let text = match phase {
                0 => g.fill(first),
                1 => g.fill(EV_DETECT[how_detected]),
                2 => g.fill(EV_RESPONSE[response.pop().unwrap()]),
                3 => g.deal(&EV_MITIGATE),
                4 => g.fill(EV_RECOVERY[recovery.pop().unwrap()]),
                _ => g.deal(&EV_RESOLVE),
            };
            Event::at(at, text)
        })
        .collect()
}

fn front_matter(g: &mut Gen, inc: &Incident, ids: &[String]) -> String {
    let draft = inc.status == "draft";
    let mut fm = String::with_capacity(4096);
    let title = *g.rng.pick(&inc.sc.titles);
    let title = g.fill(title);
    put!(
        fm,
        "---\ntitle: {}\nid: {}\ndate: {}\n",
        q(&title),
        inc.id,
        ymd(inc.date)
    );
    fm.push_str(match inc.tz {
        Tz::London => "timezone: Europe/London\n",
        Tz::NewYork => "timezone: America/New_York\n",
        Tz::Kolkata => "timezone: \"+05:30\"\n",
        Tz::Utc => "",
    });
    let visibility = if inc.public { "public" } else { "internal" };
    put!(
        fm,
        "severity: {}\nstatus: {}\nvisibility: {visibility}\n",
        inc.sev,
        inc.status
    );
    let impact = g.deal(&IMPACTS);
    if !draft || g.rng.chance(0.7) {
        put!(
            fm,
            "summary: {}\n",
            q(&format!("{impact} {}", g.fill(inc.sc.fix)))
        );
    }
    let r = &mut g.rng;
    let flow = r.chance(0.5);
    let services: Vec<String> = inc.services[..r.range(1, 3) as usize]
        .iter()
        .map(|s| s.to_string())
        .collect();
    yaml_list(&mut fm, "services", &services, flow);
    let n_tags = r.range(0, 2) as usize;
    let mut tags: Vec<String> = r
        .sample(TAGS.len(), n_tags)
        .into_iter()
        .map(|i| TAGS[i].into())
        .collect();
    for t in &inc.sc.tags[..r.range(0, 2) as usize] {
        if !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    }
    if !tags.is_empty() {
        yaml_list(&mut fm, "tags", &tags, flow);
    }
    let authors: Vec<String> = (0..r.range(1, 3) as usize).map(|i| inc.handle(i)).collect();
    yaml_list(&mut fm, "authors", &authors, r.chance(0.5));
    if r.chance(0.9) {
        put!(
            fm,
            "lead: {}\n",
            inc.handle(if r.chance(0.5) { 0 } else { 3 })
        );
    }
    // Each report leans towards local or RFC 3339 times, with some of the other.
    let p_local = *r.pick(&[0.15, 0.5, 0.85]);
    for (i, key) in ["started", "detected", "mitigated", "resolved"]
        .into_iter()
        .enumerate()
    {
        let form = match (r.chance(p_local), r.chance(0.6)) {
            (true, _) => Form::Local,
            (false, true) => Form::Z,
            (false, false) => Form::Offset,
        };
        if !inc.omit[i] {
            put!(
                fm,
                "{key}: {}\n",
                fmt_time(inc.tz, inc.times[i], form, inc.date)
            );
        }
    }
    if !draft || r.chance(0.7) {
        let loss = r.chance(0.04);
        let users = g.deal(&USERS);
        put!(
            fm,
            "impact:\n  summary: {}\n  users: {}\n  data_loss: {loss}\n",
            q(&impact),
            q(&users)
        );
    }
    let (bare, flow) = (g.rng.chance(0.6), g.rng.chance(0.3));
    for (i, e) in inc.events.iter().enumerate() {
        let at = fmt_time(
            inc.tz,
            e.at,
            if bare { Form::Bare } else { Form::Local },
            inc.date,
        );
        fm.push_str(if i == 0 { "timeline:\n" } else { "" });
        let event = q(&e.text);
        match (flow, e.kind) {
            (true, None) => put!(fm, "  - {{ at: {at}, event: {event} }}\n"),
            (false, None) => put!(fm, "  - at: {at}\n    event: {event}\n"),
            (true, Some(kind)) => put!(fm, "  - {{ at: {at}, event: {event}, kind: {kind} }}\n"),
            (false, Some(kind)) => put!(fm, "  - at: {at}\n    event: {event}\n    kind: {kind}\n"),
        }
    }
    let n_recs = if inc.sev == "trivial" {
        g.rng.range(0, 2)
    } else {
        g.rng.range(1, 5)
    };
    let recs: Vec<String> = (0..n_recs)
        .map(|i| {
            q(&if i == 0 {
                g.fill(inc.sc.rec)
            } else {
                g.deal(&RECOMMENDATIONS)
            })
        })
        .collect();
    if !recs.is_empty() {
        yaml_list(&mut fm, "recommendations", &recs, false);
    }
    for (i, a) in inc.actions.iter().enumerate() {
        fm.push_str(if i == 0 { "actions:\n" } else { "" });
        put!(
            fm,
            "  - id: A{}\n    title: {}\n    owner: {}\n",
            i + 1,
            q(&a.title),
            inc.handle(a.owner)
        );
        if let Some(due) = a.due {
            put!(fm, "    due: {}\n", ymd(due));
        }
        put!(fm, "    status: {}\n", a.status);
        if let Some(p) = a.priority {
            put!(fm, "    priority: p{p}\n");
        }
        if let Some(link) = &a.link {
            put!(fm, "    link: {link}\n");
        }
        if a.status == "done" {
            // What a done action achieved (issue 16's R107 asks for it in
            // critical and major incidents; real teams write it in all).
            put!(fm, "    outcome: Done as agreed; the runbook says how.\n");
        }
    }
    let r = &mut g.rng;
    if inc.seq > 0 && r.chance(0.25) {
        let k = r.range(1, 2) as usize;
        let related: Vec<String> = r
            .sample(inc.seq.min(300), k)
            .into_iter()
            .map(|p| ids[inc.seq - 1 - p].clone())
            .collect();
        yaml_list(&mut fm, "related", &related, r.chance(0.5));
    }
    if inc.full() || (inc.sev == "minor" && r.chance(0.3)) {
        let attendees: Vec<String> = (0..r.range(3, 7) as usize).map(|i| inc.handle(i)).collect();
        put!(
            fm,
            "review:\n  date: {}\n",
            // Within the 14 days a review is due in (R110).
            ymd((inc.day(inc.times[3]) + r.range(2, 14)).min(inc.day(inc.times[0]) + 14))
        );
        yaml_list(&mut fm, "  attendees", &attendees, true);
        let notes = g.para(&REVIEW_NOTES, 1, 3);
        match g.rng.chance(0.4) {
            true => put!(fm, "  notes: |\n    {}\n", notes.replace(". ", ".\n    ")),
            false => put!(fm, "  notes: {}\n", q(&notes)),
        }
    }
    fm.push_str("---\n");
    fm
}

/// A `##` section; `grow` names the filler that may be added to it (0 = none).
struct Section {
    head: String,
    blocks: Vec<String>,
    grow: u8,
}
impl Section {
    fn new(head: &str, blocks: Vec<String>, grow: u8) -> Self {
        Section {
            head: head.to_string(),
            blocks,
            grow,
        }
    }
    fn size(&self) -> usize {
        self.head.len() + 5 + self.blocks.iter().map(|b| b.len() + 2).sum::<usize>()
    }
}

/// The Markdown body, grown with filler towards a random target size without passing
/// `MAX_SIZE` (counting the `used` bytes of front matter).
fn body(g: &mut Gen, inc: &Incident, used: usize) -> String {
    let (trivial, draft, r) = (inc.sev == "trivial", inc.status == "draft", &mut g.rng);
    // Required sections sometimes use their accepted aliases.
    let mut head = |names: &[&'static str]| {
        *if r.chance(0.75) {
            &names[0]
        } else {
            r.pick(&names[1..])
        }
    };
    let what = head(&[
        "What happened",
        "Summary",
        "Overview",
        "Description",
        "What Happened",
    ]);
    let why = head(&[
        "Contributing factors",
        "Root causes",
        "Why it happened",
        "Causes",
        "Contributing Factors",
    ]);
    let learned = head(&[
        "Lessons learned",
        "What we learned",
        "Learnings",
        "Lessons Learned",
    ]);
    let mut secs = vec![Section::new(
        what,
        vec![g.fill(inc.sc.trigger), g.para(&NARRATIVE, 1, 2)],
        1,
    )];
    if !trivial && g.rng.chance(0.7) {
        let worst = g.var("region").to_string();
        let pct: i64 = g.var("pct").parse().unwrap();
        let (r, minutes) = (&mut g.rng, inc.times[2] - inc.times[0]);
        let mut regions: Vec<&str> = r
            .sample(REGIONS.len(), 4)
            .into_iter()
            .map(|i| REGIONS[i])
            .collect();
        regions.retain(|&x| x != worst);
        regions.truncate(r.range(1, 3) as usize);
        regions.insert(0, &worst);
        let mut rows = vec![
            "| Region | Error rate | Duration |".to_string(),
            "| --- | ---: | --- |".into(),
        ];
        let mut rate = pct * 10 + r.range(10, 200);
        for region in regions {
            let dur = human(r.range(5, minutes + 5));
            rows.push(format!("| {region} | {:.1}% | {dur} |", rate as f64 / 10.0));
            rate = r.range(rate / 5 + 1, (rate - 1).max(rate / 5 + 1));
        }
        let intro = g.fill("`{svc}` served errors in several regions; the worst hit was {region}.");
        secs.push(Section::new("Impact", vec![intro, rows.join("\n")], 0));
    }
    if inc.events.len() >= 3 && g.rng.chance(0.6) {
        let zone = [
            "UTC",
            "Europe/London time",
            "New York time",
            "India Standard Time",
        ][inc.tz as usize];
        let mut rows = vec!["| Time | Event |".to_string(), "| --- | --- |".into()];
        for e in &inc.events {
            rows.push(format!(
                "| {} | {} |",
                fmt_time(inc.tz, e.at, Form::Local, inc.date),
                e.text
            ));
        }
        secs.push(Section::new(
            "Timeline",
            vec![format!("All times are {zone}."), rows.join("\n")],
            0,
        ));
    }
    if !trivial {
        let detection = format!("### Detection\n\n{}", g.fill(DETECTION[inc.how_detected]));
        let response = format!("### Response\n\n{}", g.para(&RESPONSE, 2, 3));
        let steps = format!("Steps taken, in order:\n\n{}", g.list(&STEPS, 3, 5, true));
        secs.push(Section::new(
            "Detection and response",
            vec![detection, response, steps],
            3,
        ));
    }
    let factors = &inc.sc.factors[..if trivial { 1 } else { 3 }];
    let mut blocks: Vec<String> = factors
        .iter()
        .map(|(h, p)| format!("### {}\n\n{}", g.fill(h), g.fill(p)))
        .collect();
    if !trivial {
        blocks.push(g.code(inc.sc.code));
    }
    let deck = g
        .rng
        .sample(SNIPPETS.len(), SNIPPETS.len())
        .into_iter()
        .filter(|&k| k != inc.sc.code);
    g.decks.insert(SNIPPETS.as_ptr() as usize, deck.collect());
    secs.push(Section::new(why, blocks, 2));
    if !trivial && g.rng.chance(0.6) {
        secs.push(Section::new(
            "What went well",
            vec![g.list(&WENT_WELL, 2, 4, false)],
            0,
        ));
    }
    if !trivial && g.rng.chance(0.3) {
        secs.push(Section::new(
            "Where we got lucky",
            vec![g.list(&LUCKY, 1, 3, false)],
            0,
        ));
    }
    let (todo, numbered) = (draft && g.rng.chance(0.5), g.rng.chance(0.3));
    let lessons = if todo {
        "TODO".to_string()
    } else {
        g.list(&LESSONS, 2, 4, numbered)
    };
    secs.push(Section::new(
        learned,
        vec![lessons],
        if todo { 0 } else { 4 },
    ));
    if !inc.actions.is_empty() {
        let mut rows = vec![
            "| Action | Owner | Status |".to_string(),
            "| --- | --- | --- |".into(),
        ];
        for (i, a) in inc.actions.iter().enumerate() {
            let title = match &a.link {
                Some(link) => format!("[{}]({link})", a.title),
                None => a.title.clone(),
            };
            let team = TEAMS[inc.people[a.owner] % TEAMS.len()]; // as in retrospect.yaml
            rows.push(format!(
                "| A{}: {title} | {team} team | `{}` |",
                i + 1,
                a.status
            ));
        }
        let intro = "Actions agreed in the review, also listed in the front matter:".to_string();
        secs.push(Section::new("Follow-up", vec![intro, rows.join("\n")], 0));
    }
    secs.push(Section::new("Appendix", vec![], 5));
    // An internal-only passage, its markers alone on their lines.
    if g.rng.chance(if inc.public { 0.35 } else { 0.1 }) {
        let i = g.rng.range(0, secs.len() as i64 - 2) as usize;
        let text = g.deal(&INTERNAL);
        secs[i]
            .blocks
            .push(format!("<!-- internal -->\n{text}\n<!-- /internal -->"));
    }

    let size = |secs: &[Section]| {
        used + secs
            .iter()
            .filter(|s| !s.blocks.is_empty())
            .map(Section::size)
            .sum::<usize>()
    };
    let target = match inc.sev {
        "trivial" => g.rng.range(2200, 4500),
        "minor" => g.rng.range(2400, 7500),
        _ => g.rng.range(3500, 9800),
    } as usize;
    let growable: Vec<usize> = (0..secs.len()).filter(|&i| secs[i].grow > 0).collect();
    let mut misses = 0;
    while size(&secs) < target.max(MIN_SIZE) && misses < 20 {
        let i = *g.rng.pick(&growable);
        let block = match secs[i].grow {
            1 => g.para(&NARRATIVE, 1, 3),
            2 if g.rng.chance(0.3) => g.any_code(),
            2 => g.para(&FACTOR_EXTRAS, 1, 2),
            3 => g.para(&RESPONSE, 1, 3),
            4 => g.para(&LESSONS, 1, 2),
            _ => g.any_code(),
        };
        // Conservative: counts the heading again even if the section is already shown.
        if size(&secs) + block.len() + 2 + secs[i].head.len() + 5 <= MAX_SIZE {
            secs[i].blocks.push(block);
        } else {
            misses += 1;
        }
    }
    let mut out = String::with_capacity(MAX_SIZE);
    for s in secs.iter().filter(|s| !s.blocks.is_empty()) {
        put!(out, "\n## {}\n", s.head);
        s.blocks.iter().for_each(|b| put!(out, "\n{b}\n"));
    }
    out
}

/// Report `seq` (0-based): its year, file name, id and text.
fn report(
    seq: usize,
    seed: u64,
    shape: Shape,
    started: i64,
    ids: &[String],
    year_seq: &mut HashMap<i64, u32>,
) -> (i64, String, String, String) {
    let rng = Rng(seed ^ (seq as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut g = Gen {
        rng,
        shape,
        vars: Vec::new(),
        decks: HashMap::new(),
    };
    let inc = plan(&mut g, seq, started, year_seq);
    let mut text = front_matter(&mut g, &inc, ids);
    text += &match shape {
        Shape::Realistic => realistic::body(&mut g, &inc),
        Shape::Classic => body(&mut g, &inc, text.len()),
    };
    let name = format!("{}-{}-{:05}.md", ymd(inc.date), inc.sc.slug, seq + 1);
    (civil_from_days(inc.date).0, name, inc.id, text)
}

fn fail(msg: &str) -> ! {
    eprintln!(
        "gen_corpus: {msg}\nusage: gen_corpus <COUNT> <OUT_DIR> [--seed N] [--shape realistic|classic]"
    );
    std::process::exit(2)
}

fn io_fail(e: std::io::Error) -> ! {
    eprintln!("gen_corpus: {e}");
    std::process::exit(1)
}

fn main() {
    let (mut args, mut seed, mut shape) = (Vec::new(), 1u64, Shape::Realistic);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let shape_value = match a.as_str() {
            "--shape" => Some(it.next()),
            s if s.starts_with("--shape=") => Some(Some(s[8..].to_string())),
            _ => None,
        };
        if let Some(value) = shape_value {
            shape = match value.as_deref() {
                Some("realistic") => Shape::Realistic,
                Some("classic") => Shape::Classic,
                _ => fail("--shape is realistic or classic"),
            };
            continue;
        }
        let value = match a.as_str() {
            "--seed" => it.next(),
            s if s.starts_with("--seed=") => Some(s[7..].to_string()),
            "-h" | "--help" => fail("writes a deterministic corpus of incident reports"),
            _ => {
                args.push(a);
                continue;
            }
        };
        seed = value
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| fail("--seed needs an unsigned integer"));
    }
    if args.len() != 2 {
        fail("expected COUNT and OUT_DIR");
    }
    let count: usize = args[0]
        .parse()
        .unwrap_or_else(|_| fail("COUNT must be a non-negative integer"));
    let out = Path::new(&args[1]);
    let empty_dir = || std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
    if out.exists() && !empty_dir() {
        fail(&format!(
            "{} exists and is not an empty directory; refusing to write there",
            out.display()
        ));
    }
    generate(count, seed, shape, out).unwrap_or_else(|e| io_fail(e));
    eprintln!(
        "gen_corpus: wrote {count} reports ({shape:?} shape) to {}",
        out.display()
    );
}

/// Writes `retrospect.yaml` and `count` reports of `shape` into `out`
/// (created if need be), from `seed`. What `main` does once it has checked
/// its arguments; tests/cli/corpus.rs calls it too.
pub fn generate(count: usize, seed: u64, shape: Shape, out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out.join("reports"))?;
    let mut config = String::from(
        // Years of history: its drafts are old on purpose (R111 is for a
        // site's current drafts).
        "title: \"Generated corpus\"\ntimezone: \"UTC\"\ndefault_visibility: internal\n\
         lints:\n  stale-draft: off\npeople:\n",
    );
    for (i, (handle, name)) in PEOPLE.iter().enumerate() {
        put!(
            config,
            "  {handle}: {{ name: {}, team: {} }}\n",
            q(name),
            TEAMS[i % TEAMS.len()]
        );
    }
    std::fs::write(out.join("retrospect.yaml"), config)?;

    // Sorted start times, so that `related` can name earlier incidents. Business hours are
    // more likely; the range keeps every date within 2019-01-01..2026-10-31 in any zone.
    let mut rng = Rng(seed);
    let (first, last) = match shape {
        Shape::Realistic => realistic::date_range(),
        Shape::Classic => (days_from_civil(2019, 1, 2), days_from_civil(2026, 10, 28)),
    };
    let mut starts: Vec<i64> = (0..count)
        .map(|_| {
            let day = rng.range(first, last);
            let minute = if rng.chance(0.65) {
                rng.range(7 * 60, 21 * 60)
            } else {
                rng.range(0, 1439)
            };
            day * 1440 + minute
        })
        .collect();
    starts.sort_unstable();
    let (mut ids, mut year_seq, mut made) = (Vec::with_capacity(count), HashMap::new(), Vec::new());
    for (seq, &started) in starts.iter().enumerate() {
        let (year, name, id, text) = report(seq, seed, shape, started, &ids, &mut year_seq);
        let dir = out.join("reports").join(year.to_string());
        if !made.contains(&year) {
            std::fs::create_dir_all(&dir)?;
            made.push(year);
        }
        std::fs::write(dir.join(name), text)?;
        ids.push(id);
    }
    Ok(())
}

// ---------- vocabulary: placeholders such as {svc} are filled per report ----------

#[rustfmt::skip]
mod text {
    use super::Scenario;

    pub static TEAMS: [&str; 6] = ["payments", "platform", "data", "identity", "mobile", "sre"];
    pub static PEOPLE: [(&str, &str); 20] = [
        ("ana-k", "Ana Kowalski"), ("ben-o", "Ben Okafor"), ("chen-l", "Chen Li"), ("dara-m", "Dara Murphy"),
        ("eli-s", "Eli Schwartz"), ("fatima-h", "Fatima Haddad"), ("gus-p", "Gustavo Pereira"), ("hana-t", "Hana Tanaka"),
        ("ivan-d", "Ivan Dimitrov"), ("jo-b", "Jo Bloggs"), ("kwame-a", "Kwame Asante"), ("lena-f", "Lena Fischer"),
        ("mo-r", "Mohammed Rahman"), ("nina-v", "Nina Volkova"), ("omar-z", "Omar Zaidi"), ("priya-n", "Priya Nair"),
        ("quinn-e", "Quinn Evans"), ("rosa-g", "Rosa Garcia"), ("sam-w", "Sam Whitfield"), ("tomas-j", "Tomas Jansen"),
    ];
    pub static SERVICES: [&str; 30] = [
        "api-gateway", "checkout", "payments", "billing", "auth", "identity", "search", "catalog", "inventory",
        "orders", "shipping", "notifications", "email-sender", "mobile-api", "web-frontend", "cdn",
        "recommendations", "analytics-pipeline", "data-warehouse", "reporting", "user-profile", "sessions",
        "feature-flags", "scheduler", "webhooks", "media-upload", "image-resizer", "ledger", "fraud-detection",
        "support-portal",
    ];
    pub static TAGS: [&str; 25] = [
        "database", "deploy", "config", "network", "dns", "tls", "capacity", "cache", "third-party", "kafka",
        "queue", "memory", "monitoring", "alerting", "migration", "rate-limiting", "scheduler", "feature-flag",
        "security", "data-integrity", "latency", "availability", "customer-facing", "mobile", "cost",
    ];
    pub static DEPS: [&str; 10] = [
        "pg-orders-01", "redis-sessions", "kafka-events", "es-search-02", "pg-ledger", "memcached-catalog",
        "mysql-legacy", "s3-media", "rabbitmq-jobs", "vault-secrets",
    ];
    pub static REGIONS: [&str; 6] = ["eu-west-1", "us-east-1", "us-west-2", "ap-south-1", "eu-central-1", "ap-southeast-2"];
    pub static FLAGS: [&str; 6] = ["new-checkout-flow", "fast-path-pricing", "async-webhooks", "search-v2", "edge-caching", "batch-writes"];
    pub static ALERTS: [&str; 5] = ["HighErrorRate", "LatencySLOBurn", "ConsumerLagHigh", "DiskWillFillIn4h", "HealthcheckFailing"];
    pub static TABLES: [&str; 6] = ["orders", "payments", "sessions", "line_items", "invoices", "shipments"];
    pub static TOPICS: [&str; 4] = ["order-events", "user-signups", "payment-updates", "inventory-changes"];
    pub static JOBS: [&str; 4] = ["weekly-digest", "invoice-reminders", "trial-expiry-notice", "nightly-export"];

    pub static SCENARIOS: [Scenario; 12] = [
        Scenario { slug: "config-rollout", titles: ["Elevated 5xx errors on {svc} after config rollout", "Requests to {svc} rejected after a configuration change"], tags: ["config", "deploy"],
            trigger: "A configuration change to `{svc}` was rolled out to all regions at once. The new value of `upstream.timeout_ms` was valid syntax but shorter than the time {svc2} needs under load, and within minutes about {pct}% of requests to {svc} returned 502 or 503.",
            factors: [("Configuration changes skip the canary", "Code changes to {svc} spend thirty minutes in a canary in {region}, but configuration changes are applied everywhere at once by the same pipeline."),
                      ("Validation checks syntax, not meaning", "The config linter confirmed that the file parsed. Nothing compared the new timeout with the latency {svc2} actually has at peak."),
                      ("Alerting on averages", "The `{alert}` alert uses a fifteen-minute average, which hid the first minutes of errors.")],
            fix: "We reverted the configuration and error rates returned to baseline within four minutes.", code: 0,
            first: "Configuration change to `{svc}` applied in all regions", rec: "Add a canary stage for configuration changes to `{svc}`.", action: "Add canary stage for config rollouts" },
        Scenario { slug: "pool-exhaustion", titles: ["Connection pool exhaustion in {svc}", "Timeouts in {svc} from exhausted database connections"], tags: ["database", "capacity"],
            trigger: "A query introduced in {ver} held connections to {dep} for several seconds each. Under normal evening traffic the pool of 64 connections filled, and requests to {svc} queued until they timed out.",
            factors: [("A query without a supporting index", "The new report filter scanned the `{table}` table. It was fast in staging, where the table holds a few thousand rows instead of {n}."),
                      ("Pool size set years ago", "The pool size of {svc} was chosen when the service ran on four hosts; it now runs on twenty, and nobody had revisited the total against the database limit."),
                      ("Retries amplified load", "Clients retried timed-out requests three times without jitter, roughly tripling the load on {dep} at the worst moment.")],
            fix: "We rolled back to the previous release and added the missing index online.", code: 2,
            first: "Release {ver} of `{svc}` reaches all hosts", rec: "Add a pool saturation alert and review pool sizes against the database limit.", action: "Add pool saturation alert for {svc}" },
        Scenario { slug: "certificate-expiry", titles: ["Expired TLS certificate on {svc}", "TLS handshake failures for {svc}"], tags: ["tls", "security"],
            trigger: "The TLS certificate of the public `{svc}` endpoint expired. Clients that validate certificates, which is nearly all of them, could no longer connect.",
            factors: [("A manually installed certificate", "Most certificates renew automatically. This one was installed by hand during a migration and never moved to the automated issuer."),
                      ("Expiry monitoring covered the wrong endpoints", "The expiry check reads its list of hosts from the load balancer inventory, which did not include the legacy listener used by {svc}."),
                      ("Unclear ownership", "The certificate predates the current team structure and was not listed in any service catalogue entry.")],
            fix: "We issued a new certificate from the automated issuer and reloaded the load balancers.", code: 3,
            first: "Certificate for `{svc}` expires", rec: "Track certificate expiry for every public endpoint from a single inventory.", action: "Alert on certificate expiry 30 days ahead" },
        Scenario { slug: "cache-stampede", titles: ["Cache stampede overloaded {dep}", "Latency spike on {svc} after a cache flush"], tags: ["cache", "latency"],
            trigger: "A routine flush of the cache in front of {dep} in {region} coincided with peak traffic. Every miss went to the backing store at once, and p99 latency of {svc} rose from 120 ms to over four seconds.",
            factors: [("No request coalescing", "Concurrent misses for the same key each triggered their own load, so a popular key could be fetched hundreds of times at once."),
                      ("The flush was a single global operation", "The flush tool has no option to expire keys gradually or one shard at a time."),
                      ("The backing store has no load shedding", "`{dep}` accepted every request and slowed down for all callers instead of rejecting some of them early.")],
            fix: "We rate limited cache fills and warmed the hottest keys from a snapshot.", code: 5,
            first: "Cache flush for {dep} in {region} starts", rec: "Introduce request coalescing in front of {dep}.", action: "Add request coalescing to the {svc} cache client" },
        Scenario { slug: "disk-full", titles: ["Disk full on {dep} nodes", "Writes from {svc} failing on full disks"], tags: ["capacity", "monitoring"],
            trigger: "Log volume on the {dep} nodes grew by {pct}% after a verbose debug setting stayed enabled after an earlier investigation. The data volume filled up and {svc} could no longer write.",
            factors: [("Debug logging has no expiry", "Turning on debug logging is a single flag with no time limit and no reminder."),
                      ("Disk alerts fired late", "The disk usage alert fired at 95%, which at the new growth rate left less than twenty minutes."),
                      ("Logs and data share a volume", "On these nodes logs are written to the same volume as data, so log growth takes space the database needs.")],
            fix: "We removed rotated logs, turned debug logging off and extended the volume.", code: 4,
            first: "Disk usage on {dep} passes 90%", rec: "Keep logs and data on separate volumes, and give debug logging an expiry.", action: "Separate log and data volumes on {dep}" },
        Scenario { slug: "dns-record", titles: ["DNS cleanup made {svc} unreachable", "Resolution failures for internal {svc} endpoints"], tags: ["dns", "network"],
            trigger: "A cleanup of stale DNS records removed a CNAME that {svc} still used to reach {svc2}. Cached answers kept things working for the one-hour TTL, which delayed the impact and made it harder to connect to the change.",
            factors: [("No record of who uses a name", "The zone has no annotation of which services resolve which records, so the cleanup relied on a traffic sample that missed a nightly caller."),
                      ("Delayed effect", "The TTL meant the failure appeared an hour after the change, when the engineer who made it had moved on to other work."),
                      ("Misleading errors", "`{svc}` logged a generic connection error rather than the name it failed to resolve.")],
            fix: "We restored the record from the zone history in the DNS provider.", code: 7,
            first: "Cached DNS answers expire and lookups start failing", rec: "Annotate DNS records with the services that resolve them.", action: "Add owner annotations to internal DNS records" },
        Scenario { slug: "consumer-lag", titles: ["Event processing delays in {svc}", "Consumer lag delayed {svc} notifications"], tags: ["kafka", "queue"],
            trigger: "A rebalance loop in the {svc} consumer group stalled processing of the `{topic}` topic. Lag grew to {n} messages and downstream notifications were delayed by up to {dur}.",
            factors: [("Session timeout shorter than processing time", "Some batches took longer than `max.poll.interval.ms`, so consumers were evicted, rejoined and triggered another rebalance."),
                      ("Lag measured in messages, not time", "The `{alert}` alert counts messages. Overnight traffic is low, so the count stayed under the threshold long after messages were an hour old."),
                      ("All consumers restarted together", "The deploy restarted every consumer at once, which started the first rebalance.")],
            fix: "We raised the poll interval, restarted consumers one at a time and let the backlog drain.", code: 6,
            first: "Consumer group for `{topic}` starts rebalancing", rec: "Alert on consumer lag measured in time rather than messages.", action: "Alert on the age of the oldest unprocessed message" },
        Scenario { slug: "provider-outage", titles: ["Third-party outage degraded {svc}", "Upstream provider errors affecting {svc}"], tags: ["third-party", "availability"],
            trigger: "Our upstream provider behind {dep} had a partial outage in {region}, and {svc} had no fallback path, so {pct}% of requests that needed the provider failed.",
            factors: [("A single provider", "A second provider was evaluated last year but never integrated, because the first had been reliable."),
                      ("Long timeouts", "Calls to the provider time out after thirty seconds, far longer than users wait, which tied up workers in {svc}."),
                      ("The status page was our first signal", "We had no probe of our own against the provider, so we learned about the outage from their status page.")],
            fix: "We enabled the secondary path behind the `{flag}` flag once it was confirmed healthy.", code: 1,
            first: "Provider error rate in {region} starts rising", rec: "Add a fallback path for {dep} and exercise it monthly.", action: "Run a monthly failover to the secondary provider" },
        Scenario { slug: "memory-growth", titles: ["Memory growth caused {svc} restarts", "Out-of-memory kills in {svc} pods"], tags: ["memory", "deploy"],
            trigger: "Release {ver} of {svc} added an in-memory map keyed by request id with no upper bound. Pods grew steadily until the kernel killed them, and waves of restarts reduced capacity by up to {pct}%.",
            factors: [("An unbounded map", "Entries were removed only when a request completed, so requests that timed out left their entries behind for ever."),
                      ("Short load tests", "The release load test runs for ten minutes, and the growth only mattered after about six hours."),
                      ("Restarts masked the trend", "Pods restarting in rotation looked like normal churn on the dashboards.")],
            fix: "We rolled back to the previous version and later shipped the map with a size limit.", code: 1,
            first: "Release {ver} of `{svc}` reaches all pods", rec: "Run load tests for at least six hours before releases that change memory use.", action: "Add a six-hour soak test to the {svc} release pipeline" },
        Scenario { slug: "migration-lock", titles: ["Schema migration locked a {dep} table", "Write outage on {svc} during a schema migration"], tags: ["migration", "database"],
            trigger: "A migration adding a column with a default value to the `{table}` table took an exclusive lock on {dep}. Writes from {svc} queued behind it for {dur}.",
            factors: [("Migrations reviewed as code, not as operations", "The review looked at the schema change, not at the locks it would take on a table of {n} rows."),
                      ("No lock timeout", "The migration tool does not set `lock_timeout`, so the migration waited and then held its lock as long as it needed."),
                      ("Run at peak", "Migrations run automatically on deploy, and this deploy happened at the busiest hour of the day.")],
            fix: "We cancelled the migration, which released the lock, and reran it later as a batched backfill.", code: 8,
            first: "Migration on `{table}` starts and takes its lock", rec: "Give every migration a lock timeout and run long ones outside peak hours.", action: "Add lock_timeout to migration tooling" },
        Scenario { slug: "rate-limiter", titles: ["Rate limiter rejected legitimate {svc} traffic", "Spurious 429 responses from {svc}"], tags: ["rate-limiting", "customer-facing"],
            trigger: "A change to the rate limiter grouped clients by IP address instead of API key. Customers behind shared NAT gateways hit the limit almost at once, and {pct}% of API calls returned 429.",
            factors: [("Tests used one client per address", "Every test client had its own IP address, so the new grouping looked identical in tests."),
                      ("The change was flagged as low risk", "It was described as a refactoring and skipped the staged rollout used for behaviour changes."),
                      ("429s were not alerted on", "Our error alerts count 5xx responses only, so the first signal came from customers.")],
            fix: "We reverted the key derivation and raised limits temporarily for the affected customers.", code: 5,
            first: "Rate limiter change reaches production", rec: "Alert on 429 rates per customer, not only on 5xx responses.", action: "Add 429 rate alert per API key" },
        Scenario { slug: "duplicate-jobs", titles: ["Duplicate scheduled jobs in {svc}", "Duplicate notifications sent by {svc}"], tags: ["scheduler", "data-integrity"],
            trigger: "After a failover, two scheduler instances both believed they held the leader lease because of clock drift between hosts. The `{job}` job ran twice and about {n} customers received duplicate emails.",
            factors: [("The lease relied on wall-clock time", "Each instance compared the lease expiry with its own clock, which had drifted by ninety seconds."),
                      ("The job was not idempotent", "`{job}` keeps no record of what it sent, so a second run repeats every send."),
                      ("Clock drift was not monitored", "We alert when NTP stops, but not when the offset grows.")],
            fix: "We stopped the second scheduler and added a deduplication key to the remaining sends.", code: 9,
            first: "Second scheduler instance takes the leader lease", rec: "Make the `{job}` job idempotent.", action: "Make {job} idempotent" },
    ];

    /// (language, caption, body)
    pub static SNIPPETS: [(&str, &str, &str); 11] = [
        ("yaml", "The relevant part of the configuration at the time:", "# {svc} deployment config (excerpt)\nservice: {svc}\nregion: {region}\nupstream:\n  host: {svc2}.internal\n  timeout_ms: 250\n  retries: 3\nflags:\n  {flag}: true"),
        ("rust", "A simplified version of the code involved:", "// Simplified from {svc}: entries are only removed on success.\nfn remember(&mut self, id: RequestId, ctx: Context) {\n    self.inflight.insert(id, ctx);\n}\n\nfn complete(&mut self, id: &RequestId) -> Option<Context> {\n    self.inflight.remove(id)\n}"),
        ("sql", "The query we used to size the impact:", "-- Failed writes per minute during the incident\nSELECT date_trunc('minute', created_at) AS minute,\n       count(*) FILTER (WHERE status = 'failed') AS failed,\n       count(*) AS total\nFROM {table}\nWHERE created_at BETWEEN '{d0}' AND '{d1}'\nGROUP BY 1\nORDER BY 1;"),
        ("bash", "Commands run during mitigation:", "# Roll back and wait for the rollout to settle\nkubectl -n {svc} rollout undo deployment/{svc}\nkubectl -n {svc} rollout status deployment/{svc} --timeout=10m\ncurl -sf https://{svc}.internal/healthz && echo healthy"),
        ("bash", "How we found what was using the disk:", "df -h /var/lib/{dep}\ndu -sh /var/log/{dep}/* | sort -h | tail -5\nfind /var/log/{dep} -name '*.gz' -mtime +2 -delete"),
        ("go", "The request coalescing added after the incident:", "// Concurrent misses for the same key now share one load.\nfunc (c *Cache) Get(ctx context.Context, key string) ([]byte, error) {\n\tv, err, _ := c.group.Do(key, func() (any, error) {\n\t\treturn c.load(ctx, key)\n\t})\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn v.([]byte), nil\n}"),
        ("python", "The one-off script used to check the backlog:", "# Compare committed offsets with the end of each partition\nfor tp in consumer.assignment():\n    end = consumer.end_offsets([tp])[tp]\n    pos = consumer.committed(tp) or 0\n    print(f\"{tp.partition}: lag={end - pos}\")"),
        ("json", "A typical error logged by {svc} at the time:", "{\n  \"level\": \"error\",\n  \"service\": \"{svc}\",\n  \"region\": \"{region}\",\n  \"msg\": \"upstream request failed\",\n  \"upstream\": \"{svc2}\",\n  \"status\": 503,\n  \"elapsed_ms\": 30012\n}"),
        ("sql", "The migration as it was written:", "-- Takes an ACCESS EXCLUSIVE lock while the default is written\nALTER TABLE {table}\n  ADD COLUMN region text NOT NULL DEFAULT '{region}';"),
        ("python", "The deduplication check added to the job:", "def already_sent(db, customer_id, template, day):\n    row = db.fetch_one(\n        \"SELECT 1 FROM sends WHERE customer_id = %s AND template = %s AND day = %s\",\n        (customer_id, template, day),\n    )\n    return row is not None"),
        ("yaml", "The alert rule we added:", "- alert: {alert}\n  expr: sum(rate(http_requests_total{service=\"{svc}\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{service=\"{svc}\"}[5m])) > 0.02\n  for: 5m\n  labels:\n    severity: page"),
    ];

    pub static IMPACTS: [&str; 4] = [
        "About {pct}% of requests to `{svc}` failed or timed out for {dur}.",
        "Users of {svc} in {region} saw errors and slow responses for {dur}.",
        "`{svc}` was degraded for {dur}; roughly {n} requests failed.",
        "Customers could not complete actions that depend on {svc} for {dur}.",
    ];
    pub static USERS: [&str; 6] = [
        "about {pct}% of active users",
        "{n} customer accounts",
        "all users in {region}",
        "API clients of {svc}",
        "internal staff only",
        "a small number of enterprise customers",
    ];
    pub static NARRATIVE: [&str; 10] = [
        "Because {svc} sits on the request path of {svc2}, the errors spread to pages that do not obviously depend on it.",
        "The first symptom most people saw was a spinner that never finished, rather than an error message.",
        "Retries from mobile clients hid part of the problem, since many requests succeeded on the second or third attempt.",
        "Traffic was close to the weekly peak, which made the impact larger than it would have been a few hours earlier.",
        "Nothing in the deploy log for {svc} looked unusual, which sent the first round of investigation in the wrong direction.",
        "Error rates in {region} rose first and the other regions followed over the next ten minutes.",
        "Background jobs that depend on {svc} kept retrying and recovered on their own once the service was healthy.",
        "The incident was declared at severity {sev} and stayed at that level throughout.",
        "Customer support received a few hundred contacts about the problem, most of them in the first hour.",
        "The [{svc} dashboard](https://grafana.example/d/{svc}) showed the problem clearly once we knew where to look.",
    ];
    pub static DETECTION: [&str; 5] = [
        "The `{alert}` alert fired {ttd} after the incident began and paged the on-call engineer for {team}.",
        "A support agent noticed a rise in tickets mentioning {svc} and raised it in the incidents channel, {ttd} after the start.",
        "Synthetic checks from {region} started failing, which is how we first learned about the problem, {ttd} in.",
        "An engineer working on an unrelated change noticed errors on the {svc} dashboard {ttd} after they started.",
        "A large customer told us about the problem {ttd} after it began, before any of our alerts fired.",
    ];
    pub static RESPONSE: [&str; 10] = [
        "The incident lead opened a call and split the work between investigation, mitigation and communication.",
        "Our first hypothesis, a network problem in {region}, took about twenty minutes to rule out.",
        "We froze deploys to {svc} and {svc2} for the duration of the incident.",
        "A rollback was considered early but postponed because the previous release contained a security fix.",
        "Status page updates went out every thirty minutes until the incident was resolved.",
        "Traffic was shifted away from {region} to limit the impact while we investigated.",
        "The {svc2} team joined the call to confirm their service was healthy and to watch for knock-on effects.",
        "We followed the [runbook](https://runbooks.example/{svc}) up to the point where it assumed the old topology.",
        "An engineer from the {team} team paired with the on-call engineer once the investigation moved into less familiar code.",
        "Once the change was identified, mitigation took less than fifteen minutes.",
    ];
    pub static STEPS: [&str; 7] = [
        "Froze deploys to `{svc}`.",
        "Posted an update on the status page.",
        "Confirmed {svc2} and {dep} were healthy.",
        "Shifted traffic away from {region}.",
        "Applied the mitigation described above.",
        "Watched error rates and latency for thirty minutes.",
        "Handed over to the next on-call engineer with notes in the incident ticket.",
    ];
    pub static FACTOR_EXTRAS: [&str; 8] = [
        "The runbook for {svc} described the setup from before the move to {dep}, so it did not help during the incident.",
        "Dashboards showed metrics per host rather than per region, which hid the pattern for the first part of the incident.",
        "The change was reviewed and approved by two engineers; the review checklist does not ask about rollout order.",
        "Nobody on the on-call rotation that night had worked on {svc} in the last six months, so context had to be rebuilt from scratch.",
        "Alerts for {svc2} fired at the same time and drew attention away from the real source.",
        "There was no quick way to tell which release was running in which region.",
        "The capacity plan for {dep} assumed last year's growth rate, which turned out to be low.",
        "Tests for this path use a stub of {dep} that always responds instantly.",
    ];
    pub static WENT_WELL: [&str; 6] = [
        "The incident channel had a clear lead within minutes.",
        "Rolling back was a single, well-rehearsed command.",
        "Support had a holding message for customers early.",
        "The {svc2} team helped rule out their service quickly.",
        "Dashboards for {svc} made the recovery easy to confirm.",
        "Communication with customers was regular and accurate.",
    ];
    pub static LUCKY: [&str; 4] = [
        "The incident started outside the busiest hour in {region}.",
        "An engineer who knew {dep} well happened to be online.",
        "A planned marketing email was scheduled for the next day, not that evening.",
        "No data was written in an inconsistent state.",
    ];
    pub static LESSONS: [&str; 10] = [
        "A change that is safe in one region is not necessarily safe in all of them at once.",
        "Alerts on symptoms that users feel found this faster than alerts on causes.",
        "Rollback is only a fast mitigation if we know it is safe; recording that in release notes would have saved time.",
        "Limits set years ago deserve a review whenever traffic patterns change.",
        "Having one person own communication let the rest of the team focus on the fix.",
        "Runbooks age faster than code; linking them from alerts makes stale ones visible sooner.",
        "Retries are a form of load and need the same budgeting as any other traffic.",
        "Dependencies that are rarely exercised are the ones most likely to surprise us.",
        "Here the time to detect mattered more than the time to fix.",
        "Small, frequent game days would make the recovery steps familiar before we need them.",
    ];
    pub static INTERNAL: [&str; 4] = [
        "The affected enterprise accounts are listed in [the escalation sheet](https://wiki.example/escalations/{id}); account managers contacted each of them.",
        "Credits of roughly {n} in total were approved for affected customers; finance tracks them under the incident id.",
        "The vendor contract for {dep} is up for renewal this quarter, and this incident is part of that discussion.",
        "Security reviewed the logs and found no sign of unauthorised access during the incident.",
    ];
    pub static RECOMMENDATIONS: [&str; 10] = [
        "Alert on user-facing error rate rather than host metrics.",
        "Document the dependency between {svc} and {svc2} in the service catalogue.",
        "Review retry policies so that clients back off with jitter.",
        "Link the {svc} runbook from every alert that pages for it.",
        "Consider a second on-call rotation for {team}; not taken up for now because the page volume is low.",
        "Practise a failover of {dep} in a game day each quarter.",
        "Show which release runs in which region on the deploy dashboard.",
        "Add per-region panels to the {svc} dashboard.",
        "Review the template for on-call handover notes.",
        "Consider a full rewrite of the affected component; rejected in favour of the smaller fixes below.",
    ];
    pub static ACTIONS: [&str; 8] = [
        "Create per-region error dashboard for {svc}",
        "Write runbook section for {dep} failover",
        "Add jittered backoff to {svc} client retries",
        "Schedule a quarterly game day for {dep}",
        "Link the {svc} runbook from its paging alerts",
        "Document {svc} dependencies in the service catalogue",
        "Show running release per region on the deploy dashboard",
        "Update the status page templates for {svc}",
    ];
    pub static REVIEW_NOTES: [&str; 5] = [
        "The discussion focused on detection time and on how the rollback decision was made.",
        "Most of the meeting went on the detection gap; the action list was agreed quickly.",
        "The {svc2} team asked to be paged directly for similar incidents in future.",
        "We agreed to revisit the recommendations that were not taken up in three months.",
        "Attendees agreed the timeline was accurate after two small corrections.",
    ];
    /// Parallel to `DETECTION`: the same index tells the same story in the timeline.
    pub static EV_DETECT: [&str; 5] = [
        "Alert `{alert}` fires and pages on-call",
        "Support escalates customer reports about {svc}",
        "Synthetic checks from {region} start failing",
        "Engineer notices errors on the {svc} dashboard",
        "Customer reports problems with {svc}",
    ];
    /// Response and recovery events are listed in their natural order and used in that order.
    pub static EV_RESPONSE: [&str; 10] = [
        "Incident declared at severity {sev}",
        "Status page updated",
        "Customer support briefed with a holding message",
        "Team owning {svc2} joins the incident call",
        "Deploys to `{svc}` frozen",
        "Network issue in {region} ruled out",
        "Traffic shifted away from {region}",
        "Cause identified",
        "Mitigation plan agreed on the call",
        "Mitigation under way",
    ];
    pub static EV_MITIGATE: [&str; 3] = [
        "Error rates back to baseline",
        "Mitigation applied, users no longer affected",
        "Latency of `{svc}` back within SLO",
    ];
    pub static EV_RECOVERY: [&str; 4] = [
        "Monitoring period started",
        "Status page set to monitoring",
        "Affected records reconciled",
        "Backlog fully drained",
    ];
    pub static EV_RESOLVE: [&str; 3] = [
        "Incident closed after monitoring period",
        "Incident resolved",
        "Incident closed, review scheduled",
    ];
}

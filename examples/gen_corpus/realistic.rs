//! The realistic shape of the generated corpus (the default; `--shape
//! classic` gives the earlier one): what real postmortem collections look
//! like, as issue 19 measured them.
//!
//! - ten years of dates (2016 to 2025), 20% of reports internal;
//! - timelines of 8 to 30 entries, some of them context before the start;
//! - 1 to 8 actions, left open more often the older they are not (real
//!   teams leave a share of their actions open, and those become overdue);
//! - bodies of 2.3 to 9.6 KB (median about 5 KB), a table in half of them,
//!   and 0 to 3 fenced code blocks (about 1.3 per report) in yaml, bash,
//!   python, nginx, json, rust and sql whose lines rarely repeat: names,
//!   numbers and identifiers are drawn for each block, as in real excerpts.

use super::text::*;
use super::{Action, Event, Form, Gen, Incident, Section, days_from_civil, fmt_time, human};
use std::fmt::Write as _;

/// Body sizes, in bytes of Markdown after the front matter.
pub const MIN_BODY: usize = 2300;
pub const MAX_BODY: usize = 9600;

/// The first and last days of the incidents: ten years.
pub fn date_range() -> (i64, i64) {
    (days_from_civil(2016, 1, 2), days_from_civil(2025, 12, 28))
}

/// The day the benchmarks build for (`--today 2026-01-15`): actions due
/// before it and not finished are overdue on the built site.
fn bench_today() -> i64 {
    days_from_civil(2026, 1, 15)
}

/// How many actions a report has: 1 to 8, mostly 2 to 5.
pub fn action_count(g: &mut Gen) -> i64 {
    1 + g.rng.weighted(&[10, 18, 20, 17, 13, 10, 7, 5]) as i64
}

/// An action's status by how long ago it was due: most old actions are
/// done, but a share stays open, as on real sites.
pub fn action_status(g: &mut Gen, due: i64) -> &'static str {
    let statuses = ["open", "in-progress", "done", "wont-do"];
    let weights: [u64; 4] = if due < bench_today() - 365 {
        [14, 8, 68, 10]
    } else if due < bench_today() {
        [28, 20, 45, 7]
    } else {
        [45, 30, 20, 5]
    };
    statuses[g.rng.weighted(&weights)]
}

/// An action's title: the scenario's first, then varied ones.
pub fn action_title(g: &mut Gen, first: &'static str, a: i64) -> String {
    if a == 0 {
        return g.fill(first);
    }
    if g.rng.chance(0.3) {
        return g.deal(&ACTIONS);
    }
    let title = g.deal(&MORE_ACTIONS);
    let n = g.rng.range(2, 64);
    title.replace("{k}", &n.to_string())
}

/// The timeline: 8 to 30 entries between the start and the resolution,
/// sometimes with context before the start (`kind: before`).
pub fn timeline(g: &mut Gen, inc_first: &str, t: [i64; 4], how_detected: usize) -> Vec<Event> {
    let r = &mut g.rng;
    let k = r.span(&[(8, 12, 45), (13, 20, 40), (21, 30, 15)]) as usize;
    let mut events: Vec<Event> = Vec::with_capacity(k);
    let before = r.chance(0.15);
    if before {
        let at = t[0] - r.range(30, 600);
        let text = g.deal(&EV_BEFORE);
        events.push(Event {
            at,
            text,
            kind: Some("before"),
        });
    }
    let first = g.fill(inc_first);
    events.push(Event::at(t[0], first));
    let detect = g.fill(EV_DETECT[how_detected]);
    events.push(Event::at(t[1], detect));
    let middle = k - 4 - usize::from(before);
    // Most entries fall while the incident is being worked on; some after
    // mitigation, while it is watched.
    let mut times: Vec<(i64, bool)> = (0..middle)
        .map(|_| match g.rng.chance(0.75) {
            true => (g.rng.range(t[1], t[2]), true),
            false => (g.rng.range(t[2], t[3]), false),
        })
        .collect();
    times.sort();
    let mut during = Vec::new();
    let mut after = Vec::new();
    for (at, responding) in times {
        let text = match responding {
            true => response_event(g),
            false => recovery_event(g),
        };
        match responding {
            true => during.push(Event::at(at, text)),
            false => after.push(Event::at(at, text)),
        }
    }
    events.extend(during);
    let mitigated = g.deal(&EV_MITIGATE);
    events.push(Event::at(t[2], mitigated));
    events.extend(after);
    let resolved = g.deal(&EV_RESOLVE);
    events.push(Event::at(t[3], resolved));
    events
}

/// An event while the incident is worked on: from the classic pool or
/// composed, with its own numbers.
fn response_event(g: &mut Gen) -> String {
    if g.rng.chance(0.3) {
        return g.deal(&EV_RESPONSE);
    }
    let template = g.deal(&EV_VARIED);
    numbers(g, &template)
}

fn recovery_event(g: &mut Gen) -> String {
    if g.rng.chance(0.4) {
        return g.deal(&EV_RECOVERY);
    }
    let template = g.deal(&EV_VARIED_AFTER);
    numbers(g, &template)
}

/// Replaces `{x}` (a percentage), `{ms}` (milliseconds), `{k}` (a count)
/// and `{pod}` (a pod name) with values drawn now, one per occurrence.
fn numbers(g: &mut Gen, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let r = &mut g.rng;
        let (len, value) = if rest.starts_with("{x}") {
            (3, format!("{}.{}", r.range(1, 60), r.range(0, 9)))
        } else if rest.starts_with("{ms}") {
            (4, r.range(120, 9000).to_string())
        } else if rest.starts_with("{k}") {
            (3, r.range(2, 48).to_string())
        } else if rest.starts_with("{pod}") {
            let svc = g.var("svc").to_string();
            let r = &mut g.rng;
            (
                5,
                format!("{svc}-{:x}-{}", r.range(0x1000, 0xffff), pod_suffix(r)),
            )
        } else {
            (1, "{".to_string())
        };
        out.push_str(&value);
        rest = &rest[len..];
    }
    out + rest
}

fn pod_suffix(r: &mut super::Rng) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| ALPHABET[r.range(0, ALPHABET.len() as i64 - 1) as usize] as char)
        .collect()
}

/// The Markdown body: sections, a table in half the reports, 0 to 3 code
/// blocks, grown with prose towards a target size.
pub fn body(g: &mut Gen, inc: &Incident) -> String {
    let trivial = inc.sev == "trivial";
    let r = &mut g.rng;
    let target = r.span(&[
        (MIN_BODY as i64, 4000, 30),
        (4000, 6000, 45),
        (6000, MAX_BODY as i64 - 200, 25),
    ]) as usize;
    let code_blocks = r.weighted(&[25, 35, 25, 15]);
    let table = r.chance(0.5);
    let table_kind = r.range(0, 3);

    let mut secs = vec![Section::new(
        "What happened",
        vec![g.fill(inc.sc.trigger), g.para(&NARRATIVE, 1, 2)],
        1,
    )];
    if !trivial {
        let detection = format!("### Detection\n\n{}", g.fill(DETECTION[inc.how_detected]));
        let response = format!("### Response\n\n{}", prose(g, 2, 3));
        secs.push(Section::new(
            "Detection and response",
            vec![detection, response],
            3,
        ));
    }
    let factors = &inc.sc.factors[..if trivial { 1 } else { 3 }];
    let blocks: Vec<String> = factors
        .iter()
        .map(|(h, p)| format!("### {}\n\n{}", g.fill(h), g.fill(p)))
        .collect();
    secs.push(Section::new("Contributing factors", blocks, 2));
    if g.rng.chance(0.5) {
        secs.push(Section::new(
            "What went well",
            vec![g.list(&WENT_WELL, 2, 4, false)],
            0,
        ));
    }
    secs.push(Section::new(
        "Lessons learned",
        {
            let numbered = g.rng.chance(0.3);
            vec![g.list(&LESSONS, 2, 4, numbered)]
        },
        4,
    ));
    if table {
        let (section, block) = match table_kind {
            0 => ("Impact", impact_table(g, inc)),
            1 => ("Timeline", timeline_table(inc)),
            2 => ("Follow-up", follow_up_table(inc)),
            _ => ("Metrics", metrics_table(g)),
        };
        let at = if section == "Follow-up" {
            secs.len()
        } else {
            1
        };
        secs.insert(at, Section::new(section, vec![block], 0));
    }
    let mut appendix = Section::new("Appendix", Vec::new(), 0);
    for n in 0..code_blocks {
        let block = code(g);
        // The first in the contributing factors, the others where a
        // reader would look for them.
        let home = match n {
            0 => secs.iter().position(|s| s.head == "Contributing factors"),
            1 => secs.iter().position(|s| s.head == "Detection and response"),
            _ => None,
        };
        match home {
            Some(i) => secs[i].blocks.push(block),
            None => appendix.blocks.push(block),
        }
    }
    secs.push(appendix);
    if g.rng.chance(if inc.public { 0.3 } else { 0.1 }) {
        let i = g.rng.range(0, secs.len() as i64 - 2) as usize;
        let text = g.deal(&INTERNAL);
        secs[i]
            .blocks
            .push(format!("<!-- internal -->\n{text}\n<!-- /internal -->"));
    }

    let growable: Vec<usize> = (0..secs.len()).filter(|&i| secs[i].grow > 0).collect();
    let mut misses = 0;
    while size(&secs) < target && misses < 20 {
        let i = *g.rng.pick(&growable);
        let block = match secs[i].grow {
            1 if g.rng.chance(0.5) => g.para(&NARRATIVE, 1, 2),
            2 if g.rng.chance(0.4) => g.para(&FACTOR_EXTRAS, 1, 2),
            4 if g.rng.chance(0.5) => g.para(&LESSONS, 1, 2),
            _ => prose(g, 1, 3),
        };
        if size(&secs) + block.len() + 2 <= MAX_BODY {
            secs[i].blocks.push(block);
        } else {
            misses += 1;
        }
    }
    // Code blocks can pass the maximum on their own: drop the last ones.
    while size(&secs) > MAX_BODY {
        let last = secs.iter().rposition(|s| s.blocks.len() > 1).unwrap();
        secs[last].blocks.pop();
    }
    render(&secs)
}

fn render(secs: &[Section]) -> String {
    let mut out = String::with_capacity(MAX_BODY);
    for s in secs.iter().filter(|s| !s.blocks.is_empty()) {
        let _ = write!(out, "\n## {}\n", s.head);
        s.blocks.iter().for_each(|b| {
            let _ = write!(out, "\n{b}\n");
        });
    }
    out
}

fn size(secs: &[Section]) -> usize {
    secs.iter()
        .filter(|s| !s.blocks.is_empty())
        .map(Section::size)
        .sum()
}

/// Sentences composed from parts, with numbers drawn for each: a site's
/// prose repeats its phrases, not its sentences.
fn prose(g: &mut Gen, lo: i64, hi: i64) -> String {
    let n = g.rng.range(lo, hi);
    let sentences: Vec<String> = (0..n)
        .map(|_| {
            let opener = *g.rng.pick(&OPENERS);
            let subject = *g.rng.pick(&SUBJECTS);
            let verb = *g.rng.pick(&VERBS);
            let object = *g.rng.pick(&OBJECTS);
            let ending = *g.rng.pick(&ENDINGS);
            let sentence = g.fill(&format!("{opener} {subject} {verb} {object} {ending}."));
            numbers(g, &sentence)
        })
        .collect();
    sentences.join(" ")
}

fn impact_table(g: &mut Gen, inc: &Incident) -> String {
    let r = &mut g.rng;
    let minutes = (inc.times[2] - inc.times[0]).max(1);
    let k = r.range(2, 5) as usize;
    let regions = r.sample(REGIONS.len(), k);
    let mut rows = vec![
        "| Region | Error rate | Requests failed | Duration |".to_string(),
        "| --- | ---: | ---: | --- |".into(),
    ];
    for i in regions {
        rows.push(format!(
            "| {} | {}.{}% | {} | {} |",
            REGIONS[i],
            r.range(0, 40),
            r.range(0, 9),
            r.range(100, 250_000),
            human(r.range(1, minutes + 5))
        ));
    }
    rows.join("\n")
}

fn timeline_table(inc: &Incident) -> String {
    let mut rows = vec!["| Time | Event |".to_string(), "| --- | --- |".into()];
    for e in inc.events.iter().filter(|e| e.kind.is_none()) {
        rows.push(format!(
            "| {} | {} |",
            fmt_time(inc.tz, e.at, Form::Local, inc.date),
            e.text
        ));
    }
    format!(
        "The main moments, in {}:\n\n{}",
        [
            "UTC",
            "Europe/London time",
            "New York time",
            "India Standard Time"
        ][inc.tz as usize],
        rows.join("\n")
    )
}

fn follow_up_table(inc: &Incident) -> String {
    let mut rows = vec![
        "| Action | Owner | Status |".to_string(),
        "| --- | --- | --- |".into(),
    ];
    for (i, a) in inc.actions.iter().enumerate() {
        let a: &Action = a;
        let team = TEAMS[inc.people[a.owner] % TEAMS.len()];
        rows.push(format!(
            "| A{}: {} | {team} team | `{}` |",
            i + 1,
            a.title,
            a.status
        ));
    }
    format!(
        "Actions agreed in the review, also listed in the front matter:\n\n{}",
        rows.join("\n")
    )
}

fn metrics_table(g: &mut Gen) -> String {
    let r = &mut g.rng;
    let k = r.range(3, 6) as usize;
    let picked = r.sample(METRICS.len(), k);
    let mut rows = vec![
        "| Metric | Before | Worst | After |".to_string(),
        "| --- | ---: | ---: | ---: |".into(),
    ];
    for i in picked {
        let (name, unit) = METRICS[i];
        let before = r.range(1, 400);
        let worst = before * r.range(3, 40);
        let after = before + r.range(0, before / 2 + 1);
        rows.push(format!(
            "| {name} | {before}{unit} | {worst}{unit} | {after}{unit} |"
        ));
    }
    let svc = g.var("svc").to_string();
    format!(
        "Key metrics of `{svc}` before, during and after the incident:\n\n{}",
        rows.join("\n")
    )
}

/// A fenced code block with a caption, in one of the languages real
/// postmortems quote, with names and numbers drawn for it.
fn code(g: &mut Gen) -> String {
    let lang = *g
        .rng
        .pick(&["yaml", "bash", "python", "nginx", "json", "rust", "sql"]);
    let caption = *g.rng.pick(&CAPTIONS);
    let caption = g.fill(caption);
    let body = match lang {
        "yaml" => yaml(g),
        "bash" => bash(g),
        "python" => python(g),
        "nginx" => nginx(g),
        "json" => json(g),
        "rust" => rust(g),
        _ => sql(g),
    };
    format!("{caption}\n\n```{lang}\n{body}\n```")
}

/// `k` distinct entries of `pool`, each with `{svc}`-style names filled and
/// numbers drawn.
fn lines(g: &mut Gen, pool: &[&str], lo: i64, hi: i64) -> Vec<String> {
    let k = g.rng.range(lo, hi.min(pool.len() as i64)) as usize;
    let mut picked = g.rng.sample(pool.len(), k);
    picked.sort_unstable();
    picked
        .into_iter()
        .map(|i| {
            let line = g.fill(pool[i]);
            let r = &mut g.rng;
            line.replace("{num}", &r.range(2, 900).to_string())
                .replace("{big}", &r.range(1000, 2_000_000).to_string())
                .replace("{port}", &r.range(3000, 9900).to_string())
                .replace(
                    "{ip}",
                    &format!(
                        "10.{}.{}.{}",
                        r.range(0, 255),
                        r.range(0, 255),
                        r.range(2, 254)
                    ),
                )
                .replace("{hex}", &format!("{:012x}", r.next() >> 16))
                .replace(
                    "{name}",
                    IDENTS[r.range(0, IDENTS.len() as i64 - 1) as usize],
                )
        })
        .collect()
}

fn yaml(g: &mut Gen) -> String {
    let mut out = g.fill("# {svc} settings in {region} (excerpt)\n{svc}:\n");
    for line in lines(g, &YAML_KEYS, 4, 11) {
        let _ = writeln!(out, "  {line}");
    }
    out.pop();
    out
}

fn bash(g: &mut Gen) -> String {
    lines(g, &BASH_LINES, 3, 8).join("\n")
}

fn python(g: &mut Gen) -> String {
    let name = IDENTS[g.rng.range(0, IDENTS.len() as i64 - 1) as usize];
    let mut out = format!(
        "def check_{name}(client, limit={}):\n",
        g.rng.range(10, 5000)
    );
    for line in lines(g, &PYTHON_LINES, 3, 8) {
        let _ = writeln!(out, "    {line}");
    }
    out.push_str("    return found");
    out
}

fn nginx(g: &mut Gen) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "upstream {}_backend {{",
        g.var("svc").replace('-', "_")
    );
    for _ in 0..g.rng.range(2, 4) {
        let r = &mut g.rng;
        let _ = writeln!(
            out,
            "    server 10.{}.{}.{}:{} max_fails={};",
            r.range(0, 255),
            r.range(0, 255),
            r.range(2, 254),
            r.range(3000, 9900),
            r.range(1, 5)
        );
    }
    out.push_str("}\n\nserver {\n");
    for line in lines(g, &NGINX_LINES, 3, 7) {
        let _ = writeln!(out, "    {line}");
    }
    out.push('}');
    out
}

fn json(g: &mut Gen) -> String {
    let r = &mut g.rng;
    let mut out = String::from("{\n");
    let _ = writeln!(
        out,
        "  \"ts\": \"2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",",
        r.range(1, 12),
        r.range(1, 28),
        r.range(0, 23),
        r.range(0, 59),
        r.range(0, 59),
        r.range(0, 999)
    );
    for line in lines(g, &JSON_LINES, 3, 8) {
        let _ = writeln!(out, "  {line},");
    }
    let _ = write!(out, "  \"trace_id\": \"{:016x}\"\n}}", g.rng.next());
    out
}

fn rust(g: &mut Gen) -> String {
    let name = IDENTS[g.rng.range(0, IDENTS.len() as i64 - 1) as usize];
    let n = g.rng.range(1, 99);
    let mut out = format!(
        "// {}: what the fix changed\nfn {name}_{n}(&mut self, req: &Request) -> Result<Response, Error> {{\n",
        g.var("svc"),
    );
    for line in lines(g, &RUST_LINES, 3, 8) {
        let _ = writeln!(out, "    {line}");
    }
    out.push_str("    self.forward(req)\n}");
    out
}

fn sql(g: &mut Gen) -> String {
    let mut out = g.fill("-- Rows of {table} touched during the incident\n");
    out.push_str(&lines(g, &SQL_LINES, 3, 7).join("\n"));
    out.push(';');
    out
}

#[rustfmt::skip]
static OPENERS: [&str; 12] = [
    "At first", "Early on,", "During the investigation", "Shortly after the deploy", "Once the rollback finished,",
    "About {k} minutes in,", "While traffic was shifted,", "Later that hour", "Before the mitigation,",
    "After the first status update,", "In parallel", "Towards the end of the incident",
];
#[rustfmt::skip]
static SUBJECTS: [&str; 12] = [
    "the on-call engineer", "the incident lead", "the {team} team", "a support engineer", "the database on-call",
    "an engineer from {svc2}", "the platform team", "the communications lead", "a second responder",
    "the release manager", "the service owner", "the network team",
];
#[rustfmt::skip]
static VERBS: [&str; 14] = [
    "checked", "compared", "restarted", "scaled up", "drained", "reviewed", "paused", "rolled back", "raised",
    "lowered", "inspected", "replayed", "re-ran", "disabled",
];
#[rustfmt::skip]
static OBJECTS: [&str; 16] = [
    "the `{svc}` pods in {region}", "the connection pool of {dep}", "the consumer group for {topic}",
    "the `{flag}` flag", "the error budget dashboard", "the last {k} deploys of `{svc}`", "the load balancer logs",
    "the slow query log of {dep}", "the retry settings of {svc2}", "the `{job}` job", "the autoscaling limits",
    "the canary in {region}", "the trace of a failing request", "the cache hit rate of {svc}",
    "the queue depth of {topic}", "the DNS records for {svc}",
];
#[rustfmt::skip]
static ENDINGS: [&str; 16] = [
    "to see whether the errors followed", "which ruled out the network", "and the error rate dropped to {x}%",
    "but latency stayed above {ms} ms", "and found nothing unusual", "to confirm the hypothesis",
    "which bought about {k} minutes", "while the rest of the team watched the graphs",
    "and saw p99 latency fall from {ms} ms", "as the runbook suggests", "before anyone changed anything else",
    "with help from the {svc2} team", "and posted the result in the incident channel",
    "which showed {k} hosts out of rotation", "to limit the impact on {region}", "without any visible effect",
];
#[rustfmt::skip]
static EV_BEFORE: [&str; 5] = [
    "Release {ver} of `{svc}` deployed", "Scheduled maintenance on {dep} begins", "Traffic starts rising towards the weekly peak",
    "Configuration change to `{flag}` merged", "Certificate rotation job runs",
];
#[rustfmt::skip]
static EV_VARIED: [&str; 24] = [
    "Error rate of `{svc}` reaches {x}%", "p99 latency of `{svc}` at {ms} ms", "On-call engineer acknowledges the page",
    "Incident channel opened", "Pod `{pod}` restarted", "{k} pods of `{svc}` in CrashLoopBackOff",
    "Rollback of {ver} started in {region}", "Rollback of {ver} finished in {region}", "Connections to {dep} at {k}0% of the limit",
    "Second engineer joins the investigation", "Queue depth of {topic} at {k},000 messages", "Deploys frozen",
    "Traffic in {region} drained to {x}%", "Read replicas of {dep} lag by {k} seconds", "Hypothesis: a bad release of `{svc}`",
    "Hypothesis ruled out after checking the deploy log", "Feature flag `{flag}` turned off", "Cache of `{svc}` flushed",
    "Capacity added: {k} more instances of `{svc}`", "Customer support posts a holding message", "Status page updated",
    "Vendor support ticket opened for {dep}", "Error rate of `{svc}` down to {x}%", "Latency of `{svc2}` rising as retries pile up",
];
#[rustfmt::skip]
static EV_VARIED_AFTER: [&str; 8] = [
    "Error rate back under {x}% for {k} minutes", "Backlog of {topic} down to {k},000 messages", "Deploys unfrozen",
    "Extra capacity of `{svc}` scaled back down", "Affected requests replayed", "Status page set to monitoring",
    "p99 latency back to {ms} ms", "Monitoring period ends",
];
#[rustfmt::skip]
static MORE_ACTIONS: [&str; 24] = [
    "Add an alert on {svc} error rate per region", "Load-test {svc} at {k}x peak traffic", "Move {dep} credentials to the secret store",
    "Add a canary stage to the {svc} pipeline", "Document the rollback of {svc} in its runbook", "Add a dashboard panel for {dep} saturation",
    "Set connection limits on {svc2} clients", "Review timeouts between {svc} and {svc2}", "Automate failover of {dep}",
    "Add an end-to-end check for {svc} in {region}", "Shorten the {job} job's lock lease", "Remove the unused {flag} flag",
    "Cap retries of {svc2} at {k}", "Record release versions per region in the deploy log", "Add a game day for {dep} failover",
    "Alert when {topic} lag passes {k} minutes", "Tag {svc} logs with the request id", "Review the on-call handover checklist",
    "Split the {svc} deploy into regional waves", "Add a rate limit per API key to {svc}", "Test restores of {dep} monthly",
    "Expire stale sessions in {svc} after {k} hours", "Page the {team} team for {svc2} alerts", "Add {svc} to the service catalogue",
];
#[rustfmt::skip]
static METRICS: [(&str, &str); 8] = [
    ("p50 latency", " ms"), ("p99 latency", " ms"), ("Error rate", "‰"), ("Requests per second", ""),
    ("Queue depth", ""), ("CPU", "%"), ("Open connections", ""), ("Replication lag", " s"),
];
#[rustfmt::skip]
static CAPTIONS: [&str; 8] = [
    "The relevant excerpt, as it was at the time:", "What we ran while investigating:",
    "The change that fixed it:", "From the time of the incident:", "The excerpt we looked at first:",
    "What the on-call engineer found:", "Quoted in the incident channel:", "For reference, after the fix:",
];
#[rustfmt::skip]
static IDENTS: [&str; 24] = [
    "orders", "sessions", "refunds", "tokens", "invoices", "carts", "quotas", "leases", "webhooks", "batches",
    "shipments", "ledger", "payouts", "profiles", "uploads", "thumbnails", "events", "jobs", "limits", "routes",
    "replicas", "certs", "buckets", "streams",
];
#[rustfmt::skip]
static YAML_KEYS: [&str; 20] = [
    "replicas: {num}", "image: registry.example/{svc}:{ver}", "timeout_ms: {big}", "retries: {num}",
    "max_connections: {num}", "pool_size: {num}", "memory_limit: {num}Mi", "cpu_request: {num}m", "region: {region}",
    "upstream: {svc2}.internal:{port}", "feature_flags: [{flag}]", "cache_ttl_seconds: {num}",
    "queue: {topic}", "batch_size: {num}", "log_level: warn", "circuit_breaker: {threshold: {num}, window: {num}s}",
    "healthcheck: /healthz?probe={name}", "drain_seconds: {num}", "owner_team: {team}", "rollout: {maxSurge: {num}%, maxUnavailable: 0}",
];
#[rustfmt::skip]
static BASH_LINES: [&str; 16] = [
    "kubectl -n {svc} get pods -l app={svc} -o wide | grep -v Running",
    "kubectl -n {svc} rollout undo deployment/{svc} --to-revision={num}",
    "kubectl -n {svc} scale deployment/{svc} --replicas={num}",
    "curl -sf https://{svc}.internal/healthz?check={name} || echo unhealthy",
    "psql -h {dep} -c \"SELECT count(*) FROM {table} WHERE updated_at > now() - interval '{num} minutes'\"",
    "journalctl -u {svc} --since '{num} min ago' | grep -c ERROR",
    "redis-cli -h {dep} --scan --pattern '{name}:*' | head -{num}",
    "aws s3 ls s3://{name}-{region}/ --recursive | wc -l",
    "df -h /var/lib/{dep} && du -sh /var/log/{dep}/* | sort -h | tail -{num}",
    "dig +short {svc}.example.com @10.0.0.{num}",
    "for host in $(cat hosts-{region}.txt); do ssh \"$host\" uptime; done",
    "kafka-consumer-groups --bootstrap-server {ip}:9092 --describe --group {name}",
    "openssl s_client -connect {svc}.example.com:443 </dev/null | openssl x509 -noout -enddate",
    "grep -c 'upstream timed out' /var/log/nginx/{svc}.error.log",
    "ab -n {big} -c {num} https://{svc}.staging.example/{name}",
    "git log --oneline {ver}..HEAD -- services/{svc} | wc -l",
];
#[rustfmt::skip]
static PYTHON_LINES: [&str; 14] = [
    "found = []", "cursor = client.scan(prefix=\"{name}:\", count={num})", "for key in cursor:",
    "    if key.ttl() < {num}:", "        found.append(key)", "deadline = time.monotonic() + {num}",
    "rows = client.query(\"SELECT id FROM {table} LIMIT %s\", (limit,))", "lag = {p: end - pos for p, (pos, end) in offsets.items()}",
    "log.warning(\"{name}: %d over limit\", len(found))", "if len(found) > {big}:", "    raise TooMany(\"{svc}\")",
    "client.retry(max_attempts={num}, backoff={num}.0)", "metrics.gauge(\"{svc}.{name}.pending\", len(found))",
    "time.sleep(0.{num})",
];
#[rustfmt::skip]
static NGINX_LINES: [&str; 12] = [
    "listen 443 ssl http2;", "server_name {svc}.example.com;", "proxy_read_timeout {num}s;", "proxy_connect_timeout {num}s;",
    "client_max_body_size {num}m;", "keepalive_timeout {num};", "limit_req zone={name} burst={num} nodelay;",
    "location /api/{name}/ { proxy_pass http://{svc}_backend; }", "location /healthz { access_log off; return 200; }",
    "proxy_next_upstream error timeout http_502;", "ssl_certificate /etc/ssl/{svc}/fullchain.pem;",
    "add_header X-Request-Id $request_id always;",
];
#[rustfmt::skip]
static JSON_LINES: [&str; 14] = [
    "\"level\": \"error\"", "\"service\": \"{svc}\"", "\"region\": \"{region}\"", "\"msg\": \"upstream request failed\"",
    "\"upstream\": \"{svc2}:{port}\"", "\"status\": 503", "\"elapsed_ms\": {big}", "\"attempt\": {num}",
    "\"pod\": \"{svc}-{hex}\"", "\"route\": \"/v2/{name}\"", "\"error\": \"context deadline exceeded\"",
    "\"pool_in_use\": {num}", "\"user_agent\": \"mobile/{ver}\"", "\"request_id\": \"{hex}\"",
];
#[rustfmt::skip]
static RUST_LINES: [&str; 12] = [
    "let started = Instant::now();", "let permit = self.limiter.acquire({num}).await?;",
    "if self.{name}.len() > {big} { return Err(Error::Overloaded); }", "let key = format!(\"{name}:{}\", req.id);",
    "self.metrics.inc(\"{svc}.{name}\");", "let timeout = Duration::from_millis({big});",
    "let conn = self.pool.get_timeout(timeout)?;", "debug!(elapsed = ?started.elapsed(), \"{name} checked\");",
    "self.cache.remove(&key);", "drop(permit);", "let retries = req.retries.min({num});",
    "ensure!(conn.is_healthy(), \"{dep} connection unhealthy\");",
];
#[rustfmt::skip]
static SQL_LINES: [&str; 12] = [
    "SELECT date_trunc('minute', created_at) AS minute, count(*)", "FROM {table}",
    "WHERE created_at BETWEEN '{d0}' AND '{d1}'", "  AND status IN ('failed', 'timeout')", "  AND region = '{region}'",
    "  AND amount > {big}", "GROUP BY 1", "ORDER BY 1", "LIMIT {num}", "  AND {name}_id IS NOT NULL",
    "  AND attempts >= {num}", "HAVING count(*) > {num}",
];

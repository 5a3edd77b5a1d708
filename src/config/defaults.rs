//! The defaults of report-format.md, in one place.

use super::{Expectations, Requirements, SectionRule, SeverityLevel};

fn sections() -> Vec<SectionRule> {
    let rule = |title: &str, aliases: &[&str]| SectionRule {
        title: title.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    };
    vec![
        rule("What happened", &["Summary", "Overview", "Description"]),
        rule(
            "Contributing factors",
            &["Causes", "Root cause", "Root causes", "Why it happened"],
        ),
        rule("Lessons learned", &["What we learned", "Learnings"]),
    ]
}

pub fn severities() -> Vec<SeverityLevel> {
    let full = Requirements {
        timeline: 3,
        recommendations: 1,
        actions: 1,
        review: true,
        detected: true,
        sections: sections(),
        keys: Vec::new(),
    };
    let level =
        |name: &str, label: &str, description: &str, colour: &str, requires: Requirements| {
            let serious = requires.review;
            SeverityLevel {
                name: name.into(),
                label: label.into(),
                description: description.into(),
                colour: colour.into(),
                requires,
                expects: Expectations {
                    comms_role: serious,
                    outcomes: serious,
                },
            }
        };
    vec![
        level(
            "critical",
            "Critical",
            "A core service was down or data was at risk for many users.",
            "#b3261e",
            full.clone(),
        ),
        level(
            "major",
            "Major",
            "A significant part of the service was degraded for many users.",
            "#c4540c",
            full,
        ),
        level(
            "minor",
            "Minor",
            "Limited impact: a few users, a secondary feature, or a short degradation.",
            "#8a6a00",
            Requirements {
                timeline: 1,
                actions: 1,
                detected: true,
                sections: sections(),
                ..Requirements::default()
            },
        ),
        level(
            "trivial",
            "Trivial",
            "Worth writing down, not worth a review meeting.",
            "#46627f",
            Requirements::default(),
        ),
    ]
}

pub fn blame_phrases() -> Vec<String> {
    [
        "human error",
        "should have known",
        "should have noticed",
        "should have caught",
        "careless",
        "carelessness",
        "fault of",
        "at fault",
        "negligence",
        "negligent",
        "incompetent",
        "incompetence",
        "reckless",
        "failed to notice",
        "sloppy",
        "lazy",
        "stupid",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

pub fn placeholders() -> Vec<String> {
    [
        "TODO",
        "TBD",
        "TBC",
        "...",
        "…",
        "<fill in>",
        "fill in",
        "FIXME",
        "XXX",
        "N/A",
        "lorem ipsum",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

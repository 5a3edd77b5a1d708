//! `retrospect actions --format markdown`: a digest of the listed actions,
//! grouped by owner, ready to post in a chat or an issue (GitHub, GitLab,
//! Slack and Mattermost all read this subset of Markdown). Each action
//! links to its report when the site's address (`base_url`) is known.

use crate::config::Config;
use crate::diagnostic::plural;
use crate::render::view::ActionView;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The digest of `rows` (already filtered and sorted), titled `what`.
pub fn markdown(rows: &[&ActionView], what: &str, today: NaiveDate, config: &Config) -> String {
    let mut out = format!("## {what}, as of {today}\n\n");
    if rows.is_empty() {
        out.push_str("None.\n");
        return out;
    }
    let overdue = rows.iter().filter(|a| a.overdue_days.is_some()).count();
    out.push_str(&format!(
        "{}, {overdue} overdue.\n",
        plural(rows.len(), "action", "actions")
    ));
    // By owner, in name order; each owner's actions in the list's order.
    let mut by_owner: BTreeMap<&str, Vec<&ActionView>> = BTreeMap::new();
    for row in rows {
        by_owner.entry(row.owner.as_str()).or_default().push(row);
    }
    let base = config.base_url.trim_end_matches('/');
    let absolute = base.starts_with("https://") || base.starts_with("http://");
    for (owner, actions) in by_owner {
        out.push_str(&format!("\n### {} ({})\n\n", escape(owner), actions.len()));
        for a in actions {
            let report = a.report_id.as_deref().unwrap_or(&a.report_title);
            let report = if absolute {
                format!("[{}]({base}/{})", escape(report), a.report_url)
            } else {
                escape(report)
            };
            let mut facts = vec![match &a.due_display {
                Some(due) => format!("due {due}"),
                None => "no due date".to_string(),
            }];
            if let Some(days) = a.overdue_days {
                facts.push(format!(
                    "**{} overdue**",
                    plural(days as usize, "day", "days")
                ));
            }
            if a.history.slips > 0 {
                facts.push(format!(
                    "slipped {}",
                    plural(a.history.slips, "time", "times")
                ));
            }
            if a.status != "open" {
                facts.push(a.status_label.to_lowercase());
            }
            out.push_str(&format!(
                "- {} {}: {} ({})\n",
                escape(&a.id),
                escape(&a.title),
                report,
                facts.join(", ")
            ));
        }
    }
    out
}

/// Text with Markdown's marks escaped, on one line: a title cannot turn
/// into a link, a heading or a mention of everyone.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '<' | '>' | '!' | '|' | '~'
            | '@' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn marks_are_escaped_and_lines_joined() {
        assert_eq!(
            escape("Fix [x](http://e) *now*\n@here"),
            "Fix \\[x\\]\\(http://e\\) \\*now\\* \\@here"
        );
    }
}

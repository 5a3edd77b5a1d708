//! A report's page and, in a whole-site render of the internal site, its
//! review agenda: from the compiled copies of the built-in templates
//! (`compiled`), or through tera when the site has its own.

use super::attachments;
use super::compiled::{self, Kind};
use super::compiled_pages::Compiled;
use super::contract::ReportPage;
use super::engine;
use super::fragments::Table;
use super::markdown;
use super::pages::{Ctx, agenda_title, page_output};
use super::routes::{Page, depth, path_of};
use crate::error::Error;
use crate::output::Output;
use crate::site::Audience;
use serde_json::{Map, Value};

impl Ctx<'_> {
    /// `report.html`, with the attachments the report links to; in a
    /// whole-site render of the internal site, its agenda too.
    pub(super) fn report_page(&self, i: usize, path: &str) -> Result<Vec<Output>, Error> {
        let report = &self.site.reports()[i];
        // The body is rendered here, not kept for the whole site:
        // a large site's bodies need not fit in memory at once.
        let body = markdown::body(
            &report.body.markdown.unpack()?,
            self.site.config().allow_raw_html,
        );
        let files = attachments::of_report(report, &body.local_links, self.attachments);
        let similar: Vec<_> = self
            .learning
            .similar_to(self.site, i)
            .iter()
            .map(|&j| self.views.summary_of(j))
            .collect();
        let first = (report.recurrence_of.as_ref())
            .and_then(|slug| self.views.index_of(slug.as_str()))
            .map(|j| &*self.site.reports()[j]);
        let brief = super::summary::markdown(self.engine.tera(), self.site, report, first, true)?;
        let in_brief_html = super::summary::html(&brief, self.site.config().allow_raw_html);
        let action_rows_html = self.fragments.action_rows(
            &self.views,
            self.engine,
            (0..report.actions.len()).map(|a| (i, a)),
            Table::new(false, true, depth(path)),
        )?;
        let with_agenda = self.whole_site && self.site.audience() == Audience::Internal;
        let mut pages = Vec::with_capacity(2 + files.len());
        if self.engine.compiled_page(Compiled::Report) {
            let mut view = self.views.report(i, body);
            view.similar = similar;
            view.in_brief_html = in_brief_html;
            view.action_rows_html = action_rows_html;
            let site = self.views.site_view;
            let page = self.page_view(Page::Report(i), path, &report.title)?;
            let html = compiled::render(Kind::Report, site, &page, &view)?;
            pages.push(page_output(Page::Report(i), path, html));
            if with_agenda {
                let agenda = Page::Agenda(i);
                let agenda_path = path_of(agenda, self.site, self.indexes);
                let page = self.page_view(agenda, &agenda_path, &agenda_title(self.site, i))?;
                let html = compiled::render(Kind::Agenda, site, &page, &view)?;
                pages.push(page_output(agenda, &agenda_path, html));
            }
        } else {
            let own = ReportOwn {
                body_html: body.html,
                toc: engine::value(&body.toc),
                similar: engine::value(&similar),
                in_brief_html,
                action_rows_html,
            };
            // The view as the agenda has it (no body, no similar incidents,
            // no "In brief", no rows); the report page's own parts are
            // added to its variables after.
            let view = self.views.report(i, markdown::Rendered::default());
            let mut data = engine::object("report.html", &ReportPage { report: view })?;
            // The agenda is rendered first, from the same variables: the
            // view, the largest part of both, is made and serialised once.
            if with_agenda {
                let agenda = Page::Agenda(i);
                let agenda_path = path_of(agenda, self.site, self.indexes);
                let title = agenda_title(self.site, i);
                let (page, variables) =
                    self.emit_keeping("agenda.html", agenda, &agenda_path, &title, data)?;
                pages.push(page);
                data = variables;
            }
            // The body, the largest string of the page, is moved into
            // tera's value rather than serialised (a copy).
            if let Some(Value::Object(fields)) = data.get_mut("report") {
                own.insert_into(fields);
            }
            let page = self.emit_map("report.html", Page::Report(i), path, &report.title, data)?;
            pages.insert(0, page);
        }
        pages.extend(files);
        Ok(pages)
    }

    /// `agenda.html` alone (`serve`; a whole-site render makes each agenda
    /// with its report's page).
    pub(super) fn agenda_page(&self, i: usize, path: &str) -> Result<Output, Error> {
        let agenda = Page::Agenda(i);
        let title = agenda_title(self.site, i);
        if self.engine.compiled_page(Compiled::Report) {
            let view = self.views.report(i, markdown::Rendered::default());
            let page = self.page_view(agenda, path, &title)?;
            let html = compiled::render(Kind::Agenda, self.views.site_view, &page, &view)?;
            Ok(page_output(agenda, path, html))
        } else {
            self.emit("agenda.html", agenda, path, &title, &self.agenda(i))
        }
    }
}

/// What a report's page has that its agenda has not, as tera values.
struct ReportOwn {
    body_html: String,
    toc: Value,
    similar: Value,
    in_brief_html: String,
    action_rows_html: String,
}

impl ReportOwn {
    /// Puts them in the fields of the report's view.
    fn insert_into(self, fields: &mut Map<String, Value>) {
        fields.insert("body_html".into(), Value::String(self.body_html));
        fields.insert("toc".into(), self.toc);
        fields.insert("similar".into(), self.similar);
        fields.insert("in_brief_html".into(), Value::String(self.in_brief_html));
        fields.insert(
            "action_rows_html".into(),
            Value::String(self.action_rows_html),
        );
    }
}

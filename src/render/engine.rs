//! The tera call: a page's variables into its bytes, a fragment's into a
//! string, and what goes wrong on the way, as errors of the kind
//! `ErrorKind::Render` (a problem in the site: exit 1).

use super::compiled_pages::Compiled;
use crate::error::{Error, ErrorKind};
use serde::Serialize;
use serde_json::{Map, Value};
use tera::Tera;

/// The first size of a page's buffer: a report page is 20 to 60 KB.
const PAGE_BUFFER: usize = 64 * 1024;

/// The site's templates, ready to render.
pub(super) struct Engine {
    tera: Tera,
    /// Whether each page with a compiled copy is the built-in one, rendered
    /// by that copy, rather than a site's own: in the order of
    /// `Compiled::ALL`.
    compiled_pages: [bool; Compiled::ALL.len()],
}

impl Engine {
    pub(super) fn new(tera: Tera) -> Engine {
        let compiled_pages =
            Compiled::ALL.map(|p| super::templates::built_in(&tera, p.templates()));
        Engine {
            tera,
            compiled_pages,
        }
    }

    /// The templates, for the summary for stakeholders (`summary.md`).
    pub(super) fn tera(&self) -> &Tera {
        &self.tera
    }

    /// Whether `page` is rendered by the compiled copy of its built-in
    /// template.
    pub(super) fn compiled_page(&self, page: Compiled) -> bool {
        Compiled::ALL
            .iter()
            .position(|&p| p == page)
            .is_some_and(|i| self.compiled_pages[i])
    }

    /// Renders a page from its variables, straight into its bytes, in a
    /// buffer that holds a report page without growing: tera's own
    /// `render` starts from an empty buffer, copies it each time it
    /// doubles, and then checks the whole page is UTF-8 (it is: tera writes
    /// only strings).
    ///
    /// The variables are handed back, for another page that has most of
    /// them (a report's agenda).
    pub(super) fn page(
        &self,
        template: &str,
        variables: Map<String, Value>,
    ) -> Result<(Vec<u8>, Map<String, Value>), Error> {
        let context = tera::Context::from_value(Value::Object(variables))
            .map_err(|e| prepare_failed(template, &e))?;
        let mut html = Vec::with_capacity(PAGE_BUFFER);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| template_failed(&e))?;
        match context.into_json() {
            Value::Object(variables) => Ok((html, variables)),
            _ => Err(prepare_failed(template, &"its variables are not a map")),
        }
    }

    /// Renders a fragment (a row, the header) with only its own variables.
    pub(super) fn partial<T: Serialize>(&self, template: &str, data: &T) -> Result<String, Error> {
        let context =
            tera::Context::from_serialize(data).map_err(|e| prepare_failed(template, &e))?;
        self.fragment(template, &context)
    }

    /// A fragment, in a string of its own size: tera's grows by doubling,
    /// and the fragments are kept to the end of the build (keeping tera's
    /// strings took 155 MB more on 10,000 reports).
    pub(super) fn fragment(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, Error> {
        let html = self
            .tera
            .render(template, context)
            .map_err(|e| template_failed(&e))?;
        Ok(String::from(html.as_str()))
    }
}

/// A struct of variables as the map tera is handed.
pub(super) fn object<T: Serialize>(template: &str, data: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(data) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(prepare_failed(template, &"its variables are not a map")),
        Err(e) => Err(prepare_failed(template, &e)),
    }
}

/// A view as a tera value, for the contexts of rows.
pub(super) fn value<T: Serialize>(view: &T) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// A tera context of a row's variables.
pub(super) fn context(template: &str, variables: Value) -> Result<tera::Context, Error> {
    tera::Context::from_value(variables).map_err(|e| prepare_failed(template, &e))
}

/// A template that failed on a page: a problem in the site (exit 1).
fn template_failed(error: &tera::Error) -> Error {
    Error::new(
        ErrorKind::Render,
        format!("a template failed: {}", crate::error::tera_message(error)),
    )
}

/// A page's variables that cannot be handed to tera.
fn prepare_failed(template: &str, error: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Render,
        format!("cannot prepare {template}: {error}"),
    )
}

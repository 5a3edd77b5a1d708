//! A list of actions' slipped figures (how many slipped, the most
//! slipped), kept per list: every page of the list shows them.

use super::routes::Page;
use crate::index::ActionRef;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What every page of a list of actions shows of the whole list: how many
/// slipped, and the most slipped.
pub(super) struct Slipped {
    pub(super) count: usize,
    pub(super) most: Vec<ActionRef>,
}

/// Each list's [`Slipped`], worked out by the first of its pages rendered
/// and kept for the others: a list of every action has hundreds of pages,
/// and going through the whole list on each took 8% of a build.
#[derive(Default)]
pub(super) struct SlippedMemo(Mutex<HashMap<Page, Arc<Slipped>>>);

impl SlippedMemo {
    /// The figures of the list whose page `page` is, made by `make` when
    /// no page of it has asked yet (two pages asking at once may both make
    /// them: they are the same).
    pub(super) fn get(&self, page: Page, make: impl FnOnce() -> Slipped) -> Arc<Slipped> {
        let key = page.first();
        if let Some(found) = self.lock().get(&key) {
            return Arc::clone(found);
        }
        let made = Arc::new(make());
        Arc::clone(self.lock().entry(key).or_insert(made))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Page, Arc<Slipped>>> {
        // A panic elsewhere cannot leave the map half changed: take it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

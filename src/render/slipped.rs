//! What every page of a list of actions shows of the whole list (how many
//! slipped, the most slipped; an owner's or a team's counts), worked out
//! once per list and kept: a list of every action has hundreds of pages.

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

/// Each list's figures `T`, worked out by the first of its pages rendered
/// and kept for the others. Going through the whole list on each page took
/// 8% of a build of 10,000 reports for the slipped figures, and made the
/// counts of a team's pages grow with the square of its actions.
pub(super) struct ListMemo<T>(Mutex<HashMap<Page, Arc<T>>>);

impl<T> Default for ListMemo<T> {
    fn default() -> Self {
        Self(Mutex::default())
    }
}

impl<T> ListMemo<T> {
    /// The figures of the list whose page `page` is, made by `make` when
    /// no page of it has asked yet (two pages asking at once may both make
    /// them: they are the same).
    pub(super) fn get(&self, page: Page, make: impl FnOnce() -> T) -> Arc<T> {
        let key = page.first();
        if let Some(found) = self.lock().get(&key) {
            return Arc::clone(found);
        }
        let made = Arc::new(make());
        Arc::clone(self.lock().entry(key).or_insert(made))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Page, Arc<T>>> {
        // A panic elsewhere cannot leave the map half changed: take it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

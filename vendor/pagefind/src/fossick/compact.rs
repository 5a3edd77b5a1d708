//! Retrospect patch (see PATCHES.md): a page's words kept compactly
//! between fossicking and building the index.
//!
//! A fossicked page holds its words as a map from each word to its
//! occurrences, 32 bytes an occurrence and about 100 bytes a distinct word
//! more: about 100 KB a report, for every page at once until the index is
//! built. Here the same words take a sixth of that (each word's text once,
//! and five bytes an occurrence); `build_indexes` expands each page back
//! into the map as it reaches it, a chunk of pages at a time.

use hashbrown::HashMap;

use super::FossickedWord;

/// The words of one page: the same entries as `FossickedData::word_data`,
/// in one allocation per column.
#[derive(Debug, Clone, Default)]
pub struct CompactWords {
    /// Every word's text, one after another.
    text: String,
    /// For each word, where its text ends in `text` and where its
    /// occurrences end in `positions`.
    ends: Vec<(u32, u32)>,
    positions: Vec<u32>,
    weights: Vec<u8>,
    /// The occurrences whose original form differs from the word (diacritics),
    /// by index in `positions`: few pages have any.
    originals: Vec<(u32, String)>,
}

impl CompactWords {
    pub fn of(words: HashMap<String, Vec<FossickedWord>>) -> CompactWords {
        let occurrences: usize = words.values().map(Vec::len).sum();
        let mut compact = CompactWords {
            text: String::with_capacity(words.keys().map(String::len).sum()),
            ends: Vec::with_capacity(words.len()),
            positions: Vec::with_capacity(occurrences),
            weights: Vec::with_capacity(occurrences),
            originals: Vec::new(),
        };
        for (word, occurrences) in words {
            compact.text.push_str(&word);
            for occurrence in occurrences {
                if let Some(original) = occurrence.original_word {
                    compact
                        .originals
                        .push((compact.positions.len() as u32, original));
                }
                compact.positions.push(occurrence.position);
                compact.weights.push(occurrence.weight);
            }
            compact
                .ends
                .push((compact.text.len() as u32, compact.positions.len() as u32));
        }
        compact
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The map `of` was made from.
    pub fn into_map(self) -> HashMap<String, Vec<FossickedWord>> {
        let mut map = HashMap::with_capacity(self.ends.len());
        let mut originals = self.originals.into_iter().peekable();
        let (mut text_start, mut start) = (0, 0);
        for (text_end, end) in self.ends {
            let (text_end, end) = (text_end as usize, end as usize);
            let occurrences = (start..end)
                .map(|i| FossickedWord {
                    position: self.positions[i],
                    weight: self.weights[i],
                    original_word: originals
                        .next_if(|(at, _)| *at as usize == i)
                        .map(|(_, original)| original),
                })
                .collect();
            map.insert(self.text[text_start..text_end].to_string(), occurrences);
            (text_start, start) = (text_end, end);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_s_words_come_back_as_they_went_in() {
        let word = |position, weight, original: Option<&str>| FossickedWord {
            position,
            weight,
            original_word: original.map(str::to_string),
        };
        let mut words = HashMap::new();
        words.insert("cafe".to_string(), vec![word(3, 1, Some("café")), word(9, 7, None)]);
        words.insert("outage".to_string(), vec![word(0, 24, None)]);
        words.insert("résumé".to_string(), vec![word(5, 1, None), word(6, 1, Some("x"))]);
        let compact = CompactWords::of(words.clone());
        assert!(!compact.is_empty());
        assert_eq!(compact.into_map(), words);
        assert!(CompactWords::of(HashMap::new()).is_empty());
    }
}

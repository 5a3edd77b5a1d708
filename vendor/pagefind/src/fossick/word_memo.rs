//! Retrospect patch (see PATCHES.md): the words to index for a word of a
//! page, worked out once per thread rather than once per occurrence.
//!
//! `get_indexable_words` and `get_dotted_tails` depend only on the word,
//! the page's language (its stemmer) and `include_characters`; across a
//! site the same few thousand words come back on every page, and splitting
//! and stemming them again was a sixth of a build with search.

use std::cell::RefCell;

use hashbrown::HashMap;
use pagefind_stem::Stemmer;

use super::splitting::{get_dotted_tails, get_indexable_words, IndexableWord};

/// Past this many words a thread's memo starts again, so that a site of
/// mostly unique tokens (hashes, numbers) cannot grow it without bound.
const MAX_WORDS: usize = 200_000;

#[derive(Default)]
struct Memo {
    language: String,
    include_characters: Vec<char>,
    words: HashMap<String, Vec<IndexableWord>>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// `get_indexable_words` of `word`, followed by its `get_dotted_tails`.
pub fn indexable_words(
    word: &str,
    language: &str,
    stemmer: Option<&Stemmer>,
    include_characters: &[char],
) -> Vec<IndexableWord> {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.language != language || memo.include_characters != include_characters {
            *memo = Memo {
                language: language.to_string(),
                include_characters: include_characters.to_vec(),
                words: HashMap::new(),
            };
        }
        if let Some(words) = memo.words.get(word) {
            return words.clone();
        }
        let mut words = get_indexable_words(word, stemmer, include_characters);
        let tails = get_dotted_tails(word, stemmer, include_characters, &words);
        words.extend(tails);
        if memo.words.len() >= MAX_WORDS {
            memo.words.clear();
        }
        memo.words.insert(word.to_string(), words.clone());
        words
    })
}

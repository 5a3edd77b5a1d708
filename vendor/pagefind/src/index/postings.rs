//! Retrospect patch (see PATCHES.md): a word's pages, encoded as the index
//! chunk holds them while the pages are merged.
//!
//! Upstream keeps every page of every word as a `PackedPage` (32 bytes and
//! a boxed slice of positions, allocated on the thread that processed the
//! page) until the whole site is merged, and only then delta-encodes the
//! page numbers and encodes the chunks: about 60 bytes a page of a word,
//! millions of them. Here each page is encoded as it is merged, page
//! number already a delta from the word's previous page, into one growing
//! buffer per word: a few bytes a page of a word. The chunk then writes the
//! buffer as it is; the bytes are those `PackedWord` encodes to.

use minicbor::encode::{Error, Write};
use minicbor::{Encode, Encoder};

use super::index_words::{PackedPage, PackedVariant, PackedWord};

/// What splitting the words into chunks needs of a word.
pub trait ChunkWord {
    fn word(&self) -> &str;
    /// How much of a chunk the word fills.
    fn size(&self) -> usize;
}

fn pages_size<'a>(pages: impl Iterator<Item = &'a PackedPage>) -> usize {
    pages.map(|p| p.locs.len() + p.meta_locs.len() + 1).sum()
}

impl ChunkWord for PackedWord {
    fn word(&self) -> &str {
        &self.word
    }
    fn size(&self) -> usize {
        pages_size(
            self.pages
                .iter()
                .chain(self.additional_variants.iter().flat_map(|v| &v.pages)),
        ) + self.additional_variants.len()
    }
}

/// One word of the index while it is built: its pages encoded, its
/// variants (rare: forms with diacritics) as upstream holds them.
#[derive(Clone, Debug)]
pub struct Postings {
    word: String,
    /// How many pages are in `encoded`.
    pages: u64,
    last_page: usize,
    encoded: Vec<u8>,
    /// The size (`ChunkWord::size`) of the pages in `encoded`.
    encoded_size: usize,
    additional_variants: Vec<PackedVariant>,
}

impl Postings {
    pub fn new(word: String) -> Postings {
        Postings {
            word,
            pages: 0,
            last_page: 0,
            encoded: Vec::new(),
            encoded_size: 0,
            additional_variants: Vec::new(),
        }
    }

    /// Adds one page's entry for this word. Pages come in the order of
    /// their numbers, as `build_indexes` merges them.
    pub fn add(&mut self, packed: PackedWord) {
        for page in packed.pages {
            debug_assert!(self.pages == 0 || page.page_number > self.last_page);
            self.encoded_size += page.locs.len() + page.meta_locs.len() + 1;
            let delta = page.page_number - self.last_page;
            self.last_page = page.page_number;
            let page = PackedPage {
                page_number: delta,
                ..page
            };
            // Writing to a vector cannot fail.
            let _ = minicbor::encode(&page, &mut self.encoded);
            self.pages += 1;
        }
        for variant in packed.additional_variants {
            match self
                .additional_variants
                .iter_mut()
                .find(|v| v.form == variant.form)
            {
                Some(existing) => existing.pages.extend(variant.pages),
                None => self.additional_variants.push(variant),
            }
        }
    }

    /// The variants' pages in order and their numbers delta-encoded, as
    /// upstream does for every page before it encodes a chunk.
    pub fn finish(mut self) -> Postings {
        for variant in &mut self.additional_variants {
            variant.pages.sort_by_key(|p| p.page_number);
            let mut last_page = 0;
            for page in &mut variant.pages {
                let delta = page.page_number - last_page;
                last_page = page.page_number;
                page.page_number = delta;
            }
        }
        self
    }
}

impl ChunkWord for Postings {
    fn word(&self) -> &str {
        &self.word
    }
    fn size(&self) -> usize {
        self.encoded_size
            + pages_size(self.additional_variants.iter().flat_map(|v| &v.pages))
            + self.additional_variants.len()
    }
}

/// Encoded as `PackedWord` is: `[word, [page, ...], [variant, ...]]`.
impl<C> Encode<C> for Postings {
    fn encode<W: Write>(&self, e: &mut Encoder<W>, ctx: &mut C) -> Result<(), Error<W::Error>> {
        e.array(3)?.str(&self.word)?.array(self.pages)?;
        e.writer_mut().write_all(&self.encoded).map_err(Error::write)?;
        self.additional_variants.encode(e, ctx)
    }
}

/// A chunk of the word index, encoded as `WordIndex` is.
#[derive(Encode)]
pub struct PostingsIndex {
    #[n(0)]
    pub words: Vec<Postings>,
}

#[cfg(test)]
mod tests {
    use super::super::index_words::WordIndex;
    use super::*;

    fn page(page_number: usize, locs: Vec<i32>, meta_locs: Vec<i32>) -> PackedPage {
        PackedPage {
            page_number,
            locs: locs.into(),
            meta_locs: meta_locs.into(),
        }
    }

    /// Pages of three words as `build_indexes` merges them, one page's
    /// entry at a time, with meta positions, variants, and numbers large
    /// enough to need more than one byte.
    fn merged() -> Vec<Vec<PackedWord>> {
        let word = |w: &str, pages: Vec<PackedPage>, variants: Vec<PackedVariant>| PackedWord {
            word: w.to_string(),
            pages,
            additional_variants: variants,
        };
        let variant = |form: &str, pages| PackedVariant {
            form: form.to_string(),
            pages,
        };
        vec![
            vec![
                word("cafe", vec![page(3, vec![1, 4, -26, 900], vec![])], vec![]),
                word("cafe", vec![page(70_000, vec![2], vec![-1, 0, 3])], vec![]),
                word("cafe", vec![], vec![variant("café", vec![page(70_001, vec![5], vec![])])]),
                word(
                    "cafe",
                    vec![page(70_002, vec![7; 30], vec![])],
                    vec![variant("café", vec![page(70_002, vec![1], vec![])])],
                ),
            ],
            vec![word("outage", vec![page(0, vec![], vec![-3, 1])], vec![])],
            vec![
                word("z", vec![page(1, vec![1], vec![])], vec![]),
                word("z", vec![page(300, vec![100_000], vec![])], vec![]),
            ],
        ]
    }

    #[test]
    fn a_word_merged_encodes_as_upstream_encodes_it() {
        let mut upstream = Vec::new();
        let mut patched = Vec::new();
        for entries in merged() {
            let mut postings = Postings::new(entries[0].word.clone());
            let mut whole = PackedWord {
                word: entries[0].word.clone(),
                pages: Vec::new(),
                additional_variants: Vec::new(),
            };
            for entry in entries {
                postings.add(entry.clone());
                whole.pages.extend(entry.pages);
                for v in entry.additional_variants {
                    match whole.additional_variants.iter_mut().find(|w| w.form == v.form) {
                        Some(w) => w.pages.extend(v.pages),
                        None => whole.additional_variants.push(v),
                    }
                }
            }
            assert_eq!(postings.size(), whole.size());
            // Upstream: sort, then delta-encode every list of pages.
            let mut last = 0;
            for p in &mut whole.pages {
                (p.page_number, last) = (p.page_number - last, p.page_number);
            }
            for v in &mut whole.additional_variants {
                let mut last = 0;
                for p in &mut v.pages {
                    (p.page_number, last) = (p.page_number - last, p.page_number);
                }
            }
            upstream.push(whole);
            patched.push(postings.finish());
        }
        let mut a: Vec<u8> = Vec::new();
        let mut b: Vec<u8> = Vec::new();
        minicbor::encode(WordIndex { words: upstream }, &mut a).unwrap();
        minicbor::encode(PostingsIndex { words: patched }, &mut b).unwrap();
        assert!(a.len() > 60);
        assert_eq!(a, b);
    }
}

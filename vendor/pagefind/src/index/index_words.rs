use minicbor::Encode;

/// The word index chunks in `pagefind/index/`

/// A single word index chunk: `pagefind/index/*.pf_index`
/// Retrospect patch: chunks are encoded from `postings::PostingsIndex`;
/// this stays as what its bytes are tested against.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Encode)]
pub struct WordIndex {
    #[n(0)]
    pub words: Vec<PackedWord>,
}

/// A single word as an inverse index of all locations on the site
#[derive(Encode, Clone, Debug)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

/// A variant of a word with different diacritics (e.g., "café" vs "cafe")
#[derive(Encode, Clone, Debug)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// A set of locations on a given page
#[derive(Encode, Clone, Debug)]
pub struct PackedPage {
    #[n(0)]
    pub page_number: usize, // Won't exceed u32 but saves us some into()s
    // Retrospect patch (see PATCHES.md): a boxed slice and a thin box, not
    // two vectors: 32 bytes rather than 56 for each of the millions of
    // pages-of-a-word a large site holds while its index is built; encoded
    // the same.
    #[n(1)]
    pub locs: Box<[i32]>,
    #[n(2)]
    pub meta_locs: MetaLocs,
}

/// Retrospect patch (see PATCHES.md): a page's locations in meta fields,
/// empty for most words of most pages, in one pointer (the rare list in a
/// second box) rather than a slice's two words. Read as a slice, made from
/// a vector, encoded as the vector was.
#[derive(Clone, Debug, Default)]
pub struct MetaLocs(Option<Box<Box<[i32]>>>);

impl std::ops::Deref for MetaLocs {
    type Target = [i32];
    fn deref(&self) -> &[i32] {
        self.0.as_deref().map_or(&[], |locs| &**locs)
    }
}

impl From<Vec<i32>> for MetaLocs {
    fn from(locs: Vec<i32>) -> MetaLocs {
        MetaLocs((!locs.is_empty()).then(|| Box::new(locs.into_boxed_slice())))
    }
}

impl<C> Encode<C> for MetaLocs {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        ctx: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        (**self).encode(e, ctx)
    }
}

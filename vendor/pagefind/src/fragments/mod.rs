use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Serialize, Debug, Clone)]
pub struct PageAnchorData {
    pub element: String,
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub location: u32,
}

#[derive(Serialize, Debug, Clone)]
pub struct PageFragmentData {
    pub url: String,
    pub content: String,
    pub word_count: usize,
    pub filters: BTreeMap<String, Vec<String>>,
    pub meta: BTreeMap<String, String>,
    pub anchors: Vec<PageAnchorData>,
}

#[derive(Debug, Clone)]
pub struct PageFragment {
    pub page_number: usize,
    pub data: PageFragmentData,
}

/// Retrospect patch (see PATCHES.md): a page's fragment as the bundle holds
/// it, made when the page is fossicked rather than when the index is
/// built, so that the page's content is not held until then.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// The SHA-1 of the fragment's JSON, without the language prefix.
    pub hash: String,
    /// The fragment's file, compressed.
    pub gzipped: Vec<u8>,
}

impl Encoded {
    pub fn of(data: &PageFragmentData) -> Encoded {
        let json = serde_json::to_string(data).unwrap();
        Encoded {
            hash: crate::utils::full_hash(json.as_bytes()),
            // Held until the bundle is written: not with the slack the
            // encoder's growing buffer leaves (half of it, on average).
            gzipped: {
                let mut gzipped = crate::output::gzip(json.as_bytes());
                gzipped.shrink_to_fit();
                gzipped
            },
        }
    }
}

/// A fragment's file: its JSON, or the JSON already compressed.
#[derive(Debug, Clone)]
pub enum FragmentFile {
    Json(String),
    Gzipped(Vec<u8>),
}

impl FragmentFile {
    /// The JSON, uncompressed again if need be.
    pub fn json(&self) -> String {
        match self {
            FragmentFile::Json(json) => json.clone(),
            FragmentFile::Gzipped(gzipped) => {
                use std::io::Read;
                let mut bytes = Vec::new();
                let _ = flate2::read::GzDecoder::new(&gzipped[..]).read_to_end(&mut bytes);
                let json = bytes.strip_prefix(b"pagefind_dcd").unwrap_or(&bytes);
                String::from_utf8_lossy(json).into_owned()
            }
        }
    }
}

//! The kinds of token that highlighted code is marked with, one short
//! class per kind (`hl-k` a keyword, `hl-s` a string, `hl-c` a comment…),
//! as Pygments and Hugo's Chroma name them, and which scopes of syntect's
//! grammars each kind stands for. The highlighter marks tokens with them
//! (`super`), the stylesheet colours them (`stylesheet`).

use std::collections::HashMap;
use syntect::parsing::Scope;

/// A kind of token: its class (after `hl-`), the scopes it stands for (a
/// scope belongs to the kind with the longest of these prefixes), and the
/// scopes whose style the themes give it (outermost first).
pub(super) struct Kind {
    pub(super) class: &'static str,
    pub(super) prefixes: &'static [&'static str],
    pub(super) typical: &'static [&'static str],
}

/// The token kinds, named as Pygments names them. A token's kind is that
/// of its innermost scope that has one; a token with none (plain text,
/// punctuation, `meta.` scopes) gets no span and the code's own colour.
pub(super) const KINDS: &[Kind] = &[
    Kind {
        class: "c",
        prefixes: &["comment"],
        typical: &["comment.line"],
    },
    Kind {
        class: "s",
        prefixes: &["string"],
        typical: &["string.quoted.double"],
    },
    Kind {
        class: "sd",
        prefixes: &["punctuation.definition.string"],
        typical: &[
            "string.quoted.double",
            "punctuation.definition.string.begin",
        ],
    },
    Kind {
        class: "se",
        prefixes: &["constant.character.escape"],
        typical: &["string.quoted.double", "constant.character.escape"],
    },
    Kind {
        class: "sr",
        prefixes: &["string.regexp"],
        typical: &["string.regexp"],
    },
    Kind {
        class: "si",
        prefixes: &["punctuation.section.embedded"],
        typical: &["string.quoted.double", "punctuation.section.embedded"],
    },
    Kind {
        class: "m",
        prefixes: &["constant.numeric"],
        typical: &["constant.numeric"],
    },
    Kind {
        class: "kc",
        prefixes: &["constant.language"],
        typical: &["constant.language"],
    },
    Kind {
        class: "no",
        prefixes: &["constant", "support.constant", "variable.other.constant"],
        typical: &["constant.other"],
    },
    Kind {
        class: "k",
        prefixes: &["keyword", "storage"],
        typical: &["keyword.control"],
    },
    Kind {
        class: "o",
        prefixes: &["keyword.operator"],
        typical: &["keyword.operator"],
    },
    Kind {
        class: "nf",
        prefixes: &["entity.name.function"],
        typical: &["entity.name.function"],
    },
    Kind {
        class: "fc",
        prefixes: &["variable.function"],
        typical: &["variable.function"],
    },
    Kind {
        class: "nb",
        prefixes: &["support.function"],
        typical: &["support.function"],
    },
    Kind {
        class: "nc",
        prefixes: &[
            "entity.name.class",
            "support.class",
            "entity.other.inherited-class",
        ],
        typical: &["entity.name.class"],
    },
    Kind {
        class: "kt",
        prefixes: &["support.type"],
        typical: &["support.type"],
    },
    Kind {
        class: "nt",
        prefixes: &["entity.name.tag"],
        typical: &["entity.name.tag"],
    },
    Kind {
        class: "na",
        prefixes: &["entity.other.attribute-name"],
        typical: &["entity.other.attribute-name"],
    },
    Kind {
        class: "v",
        prefixes: &["variable"],
        typical: &["variable.other"],
    },
    Kind {
        class: "vp",
        prefixes: &["variable.parameter"],
        typical: &["variable.parameter"],
    },
    Kind {
        class: "gh",
        prefixes: &["markup.heading", "entity.name.section"],
        typical: &["markup.heading", "entity.name.section"],
    },
    Kind {
        class: "gi",
        prefixes: &["markup.inserted"],
        typical: &["markup.inserted"],
    },
    Kind {
        class: "gd",
        prefixes: &["markup.deleted"],
        typical: &["markup.deleted"],
    },
    Kind {
        class: "gc",
        prefixes: &["markup.changed"],
        typical: &["markup.changed"],
    },
    Kind {
        class: "gu",
        prefixes: &["meta.diff.header", "meta.diff.range"],
        typical: &["meta.diff.range"],
    },
    Kind {
        class: "gs",
        prefixes: &["markup.bold"],
        typical: &["markup.bold"],
    },
    Kind {
        class: "ge",
        prefixes: &["markup.italic"],
        typical: &["markup.italic"],
    },
    Kind {
        class: "gr",
        prefixes: &["markup.raw"],
        typical: &["markup.raw.inline"],
    },
    Kind {
        class: "gl",
        prefixes: &["markup.list"],
        typical: &["markup.list"],
    },
    Kind {
        class: "gq",
        prefixes: &["markup.quote"],
        typical: &["markup.quote"],
    },
    Kind {
        class: "err",
        prefixes: &["invalid"],
        typical: &["invalid.illegal"],
    },
];

/// The kind of a scope: the kind with the longest prefix of it (prefixes
/// end at a dot: `string` is a prefix of `string.quoted`, not of `strings`).
pub(super) fn kind_of_scope(scope: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, kind) in KINDS.iter().enumerate() {
        for prefix in kind.prefixes {
            let matches = scope.starts_with(prefix)
                && matches!(scope.as_bytes().get(prefix.len()), None | Some(b'.'));
            if matches && best.is_none_or(|(len, _)| prefix.len() > len) {
                best = Some((prefix.len(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The kind of the token under this stack of scopes.
pub(super) fn kind_of(stack: &[Scope], kinds: &mut HashMap<Scope, Option<usize>>) -> Option<usize> {
    stack.iter().rev().find_map(|scope| {
        *kinds
            .entry(*scope)
            .or_insert_with(|| kind_of_scope(&scope.build_string()))
    })
}

//! The fast path held to the full parser.

use super::*;

/// The texts the fast path takes, each with the full parser's tree.
#[test]
fn takes_the_usual_front_matter_and_agrees_with_the_full_parser() {
    let texts = [
        "title: \"Héllo\"\nid: INC-1\nimpact:\n  summary: \"x y\"\n  data_loss: true\nempty:\n",
        "services:\n  - orders\n  - b\nnext: [a, b]\ntimeline:\n  - { at: \"12:55\", event: \"First `x`\" }\n",
        "timeline:\n  - at: 2019-09-20 16:14\n    event: \"e\"\n  - {at: x}\nlast: z\ntail:\n",
        "\n\na: 1   \nb:   'q'  \nm:\n  x:\n    - p\n  y: 2\n\n  \n",
        "a:\n  - {a: 1}\n  - [x, \"y\"]\n  - x y\n  - k: v\n    j: [ ]\n  - e: {}\nz: x",
        "n: 0042\nf: 1.5\nt: true\nnull_one: ~\nurl: https://tracker.example/T-1\nneg: -3\nempty_list: []\n",
        "a:   \nb: x\nc:\n  d:\n  e: 1\n",
        "r:\n  notes: |\n    We agreed.\n      more\n\n    line2\n\n  x: 1\ns: |-\n  a\n  b\n\n\nt: z\nu: |\n  last\n",
        "r:\n  notes: |\n    We agreed.\n",
        "a: |\n  x\n\n\n",
        "a: |\n  x",
    ];
    for text in texts {
        let fast = parse(text).unwrap_or_else(|| panic!("not taken: {text:?}"));
        let full = crate::yaml::full(text).unwrap();
        assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{text:?}");
    }
}

/// Every text one edit away from the usual ones (a character put in or
/// taken out anywhere) is either left to the full parser or read as it
/// reads it, error or tree.
#[test]
fn texts_one_edit_away_agree_with_the_full_parser_when_taken() {
    let texts = [
        "title: \"Héllo\"\nid: INC-1\nimpact:\n  summary: 'x y'\n  data_loss: true\nempty:\n",
        "services:\n  - orders\n  - b\nnext: [a, \"b\"]\nt:\n  - { at: \"12:55\", event: x }\n",
        "a:\n  - at: 2019-09-20 16:14\n    event: e\n  - {}\nz: |\n  l1\n\n   l2\nlast: []\n",
    ];
    let edits = [
        "", " ", ":", "-", "\"", "'", "\n", "[", "]", "{", "}", ",", "|", "x", "é", "~",
    ];
    let mut taken = 0;
    for text in texts {
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (n, &at) in cuts.iter().enumerate() {
            let next = cuts.get(n + 1).copied().unwrap_or(at);
            for edit in edits {
                // Put `edit` in at `at`, or (for "") take out what is there.
                let edited = if edit.is_empty() {
                    format!("{}{}", &text[..at], &text[next..])
                } else {
                    format!("{}{edit}{}", &text[..at], &text[at..])
                };
                if let Some(fast) = parse(&edited) {
                    taken += 1;
                    let full = crate::yaml::full(&edited).map(|n| format!("{n:?}"));
                    assert_eq!(Ok(format!("{fast:?}")), full, "{edited:?}");
                }
            }
        }
    }
    // Two edits at places drawn by a fixed generator (the same every run).
    let mut seed: u64 = 19;
    let mut draw = |below: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % below
    };
    for _ in 0..20_000 {
        let mut edited = texts[draw(texts.len())].to_string();
        for _ in 0..2 {
            let cuts: Vec<usize> = (0..=edited.len())
                .filter(|&i| edited.is_char_boundary(i))
                .collect();
            let at = cuts[draw(cuts.len())];
            edited.insert_str(at, edits[1 + draw(edits.len() - 1)]);
        }
        if let Some(fast) = parse(&edited) {
            taken += 1;
            let full = crate::yaml::full(&edited).map(|n| format!("{n:?}"));
            assert_eq!(Ok(format!("{fast:?}")), full, "{edited:?}");
        }
    }
    // Most small edits leave a text the fast path still takes.
    assert!(taken > 1000, "{taken}");
}

/// What is left to the full parser.
#[test]
fn leaves_the_rest_to_the_full_parser() {
    for text in [
        "",
        "a: 1 # comment\n",
        "a: \"x\\ny\"\n",
        "a: 'it''s'\n",
        "a: >\n  text\n",
        "a: |+\n  text\n",
        "a: |2\n  text\n",
        "a: |\n\n  text\n",
        "a: |\n  text\n   \n",
        "a: |\nb: 1\n",
        "- |\n  text\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: b\n  continued\n",
        "a:\n- x\n",
        "a: [x,\n  y]\n",
        "a: [[x]]\n",
        "a: 1\na: 2\n",
        "\"q\": 1\n",
        "a:\tb\n",
        "a: b: c\n",
        "- a\n",
        "  a: 1\n",
        "a: {x: 1, x: 2}\n",
        "a: [x, ]\n",
        "a: \"open\n",
        "a: 1\n---\n",
        "a: b c: d\n",
        "- a b: c\n",
        "a:\n  - a b: c\n",
    ] {
        assert!(parse(text).is_none(), "{text:?}");
    }
}

//! Whether a text holds nothing but placeholders (`TODO`, `...`): a
//! section that says only that is empty (R051), and a field that says only
//! that holds a placeholder of punctuation (R061).

/// True when `text` has nothing but placeholders, punctuation and spaces.
pub fn is_placeholder_only(text: &str, placeholders: &[String]) -> bool {
    // Replacing placeholders only takes characters away: an ASCII letter
    // or digit that no lowercased placeholder holds stays, and most prose
    // has one in its first few letters. Texts without one go the whole way
    // below.
    let kept = allowed_ascii(placeholders);
    if text
        .bytes()
        .any(|b| b.is_ascii_alphanumeric() && kept & (1 << b.to_ascii_lowercase()) == 0)
    {
        return false;
    }
    let mut rest = text.to_lowercase();
    for placeholder in placeholders {
        let placeholder = placeholder.to_lowercase();
        if !placeholder.is_empty() && rest.contains(&placeholder) {
            rest = rest.replace(&placeholder, " ");
        }
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// The ASCII characters of the lowercased placeholders, as bits.
fn allowed_ascii(placeholders: &[String]) -> u128 {
    placeholders
        .iter()
        .flat_map(|p| p.chars().flat_map(char::to_lowercase))
        .filter(char::is_ascii)
        .fold(0, |bits, c| bits | 1 << (c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_answer_agrees_with_replacing_every_placeholder() {
        let p = crate::config::Config::default().placeholders;
        // A Kelvin sign lowercases to `k`: a placeholder holding one takes
        // away a `k`.
        let slow = |text: &str, p: &[String]| {
            let mut rest = text.to_lowercase();
            for placeholder in p.iter().map(|p| p.to_lowercase()) {
                rest = rest.replace(&placeholder, " ");
            }
            !rest.chars().any(char::is_alphanumeric)
        };
        let custom = vec!["\u{212a}eep".to_string(), "QQ".to_string(), "".to_string()];
        for text in [
            "",
            "todo",
            "TODO tbd",
            "Lorem Ipsum …",
            "fill in later",
            "N/A",
            "x",
            "tbc 2",
            "keep",
            "KEEP",
            "\u{212a}EEP",
            "qq QQ",
            "Qq!",
            "q",
            "TODO é",
            "ÉTÉ",
            "1",
        ] {
            for list in [&p, &custom] {
                assert_eq!(
                    is_placeholder_only(text, list),
                    slow(text, list),
                    "{text:?}"
                );
            }
        }
    }
}

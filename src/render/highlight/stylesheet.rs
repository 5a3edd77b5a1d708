//! The stylesheet for highlighted code (`assets/syntax.css`): a rule per
//! kind of token, from two of syntect's themes, with every colour raised
//! to WCAG AA contrast on the default theme's code background.

use super::kinds::KINDS;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, ThemeSet};
use syntect::parsing::Scope;

/// The stylesheet for highlighted code: a light theme, and a dark one for
/// `prefers-color-scheme: dark`, one rule per kind of token with the style
/// the theme gives the kind's typical scopes. The themes' colours are
/// adjusted until each reaches WCAG AA contrast (4.5:1) on the code
/// background the default theme draws (`--code-bg`): several of them are
/// fainter (2.7:1 to 3.9:1).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let rules = |name: &str, dark: bool| {
        let Some(theme) = themes.themes.get(name) else {
            return String::new();
        };
        let highlighter = Highlighter::new(theme);
        let default = highlighter.get_default();
        let mut css = String::new();
        for kind in KINDS {
            let scopes: Vec<Scope> = kind
                .typical
                .iter()
                .filter_map(|s| Scope::new(s).ok())
                .collect();
            let style = highlighter.style_for_stack(&scopes);
            css.push_str(&rule(kind.class, style, default, dark));
        }
        css
    };
    // The dark rules apply when the system asks for dark and the reader has
    // not chosen light, or when the reader has chosen dark (the theme's
    // theme.js sets `data-theme` on <html>).
    let dark = with_contrast(&rules("base16-ocean.dark", true), DARK_CODE_BG, true);
    format!(
        "/* Code highlighting: light, then dark (colours from syntect's InspiredGitHub and base16-ocean.dark themes, raised to WCAG AA). */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n{}",
        with_contrast(&rules("InspiredGitHub", false), LIGHT_CODE_BG, false),
        dark.replace(".hl-", ":root:not([data-theme=\"light\"]) .hl-"),
        dark.replace(".hl-", ":root[data-theme=\"dark\"] .hl-")
    )
}

/// One kind's rule. The dark rules come second and set every property, so
/// that nothing of the light rule shows through.
fn rule(class: &str, style: Style, default: Style, dark: bool) -> String {
    let hex = |c: Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    let mut css = format!(".hl-{class} {{\n color: {};\n", hex(style.foreground));
    if style.background != default.background {
        css.push_str(&format!(" background-color: {};\n", hex(style.background)));
    } else if dark {
        css.push_str(" background-color: transparent;\n");
    }
    let font = style.font_style;
    for (flag, property, on, off) in [
        (FontStyle::BOLD, "font-weight", "bold", "normal"),
        (FontStyle::ITALIC, "font-style", "italic", "normal"),
        (FontStyle::UNDERLINE, "text-decoration", "underline", "none"),
    ] {
        if font.contains(flag) {
            css.push_str(&format!(" {property}: {on};\n"));
        } else if dark {
            css.push_str(&format!(" {property}: {off};\n"));
        }
    }
    css.push_str("}\n");
    css
}

/// `--code-bg` of the default theme, light and dark.
const LIGHT_CODE_BG: (u8, u8, u8) = (0xf6, 0xf8, 0xfa);
const DARK_CODE_BG: (u8, u8, u8) = (0x2b, 0x30, 0x3b);
const MIN_CONTRAST: f64 = 4.6;

/// Rewrites every `color: #rrggbb` (not background colours) so that it
/// reaches `MIN_CONTRAST` on `background`, moving it towards black, or
/// towards white on a dark background.
fn with_contrast(css: &str, background: (u8, u8, u8), lighten: bool) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let hex = trimmed
            .strip_prefix("color: #")
            .and_then(|rest| rest.get(..6))
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex.and_then(parse_hex) {
            Some(colour) => {
                let fixed = raise_contrast(colour, background, lighten);
                out.push_str(&line.replacen(
                    hex.expect("matched"),
                    &format!("{:02x}{:02x}{:02x}", fixed.0, fixed.1, fixed.2),
                    1,
                ));
            }
            None => out.push_str(line),
        }
    }
    out
}

fn parse_hex(hex: &str) -> Option<(u8, u8, u8)> {
    let n = u32::from_str_radix(hex, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

fn raise_contrast(
    mut colour: (u8, u8, u8),
    background: (u8, u8, u8),
    lighten: bool,
) -> (u8, u8, u8) {
    let target: u8 = if lighten { 255 } else { 0 };
    let step = |c: u8| -> u8 {
        let c = f64::from(c);
        (c + (f64::from(target) - c) * 0.08).round() as u8
    };
    for _ in 0..60 {
        if contrast(colour, background) >= MIN_CONTRAST {
            break;
        }
        colour = (step(colour.0), step(colour.1), step(colour.2));
    }
    colour
}

/// WCAG 2 contrast ratio.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let luminance =
        |(r, g, b): (u8, u8, u8)| 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheet_has_both_schemes_and_every_colour_reaches_aa() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        let (light, dark) = css.split_once("prefers-color-scheme: dark").unwrap();
        for (part, background) in [(light, LIGHT_CODE_BG), (dark, DARK_CODE_BG)] {
            let mut seen = 0;
            for line in part.lines() {
                if let Some(hex) = line.trim_start().strip_prefix("color: #") {
                    let colour = parse_hex(&hex[..6]).unwrap();
                    assert!(
                        contrast(colour, background) >= 4.5,
                        "{line} on {background:?}"
                    );
                    seen += 1;
                }
            }
            assert!(seen > 20, "{seen} colours");
        }
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        // The reader's choice of dark (`data-theme`) gets the same rules as
        // the system's dark scheme.
        let (system, chosen) = dark.split_once("}\n\n}\n").unwrap();
        let system = system.replace(":root:not([data-theme=\"light\"]) ", "");
        let chosen = chosen.replace(":root[data-theme=\"dark\"] ", "");
        assert!(chosen.contains(".hl-k {"), "{chosen}");
        assert_eq!(
            format!("{}}}\n", system.trim_start_matches(") {\n")),
            chosen
        );
    }
}

//! Plain scalars resolved by the YAML 1.2 core schema: null, booleans,
//! numbers, else strings.

use super::NodeKind;

/// The YAML 1.2 core schema for plain scalars, with two safe choices of our
/// own: numbers with leading zeros (`0042`) and with underscores stay
/// strings, so an id is never mangled.
pub(super) fn resolve_plain(value: &str) -> NodeKind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeKind::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeKind::Float(f64::NAN),
        _ => {}
    }
    let bytes = value.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return NodeKind::Str(value.to_owned());
    }
    let unsigned = value.trim_start_matches(['-', '+']);
    if let Some(hex) = value.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return NodeKind::Int(i);
    }
    if let Some(oct) = value.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return NodeKind::Int(i);
    }
    let leading_zero =
        unsigned.len() > 1 && unsigned.starts_with('0') && unsigned.as_bytes()[1].is_ascii_digit();
    if leading_zero || value.contains('_') {
        return NodeKind::Str(value.to_owned());
    }
    if !unsigned.is_empty()
        && unsigned.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = value.parse::<i64>()
    {
        return NodeKind::Int(i);
    }
    let is_float = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && unsigned.bytes().any(|b| b.is_ascii_digit());
    if is_float && let Ok(f) = value.parse::<f64>() {
        return NodeKind::Float(f);
    }
    NodeKind::Str(value.to_owned())
}

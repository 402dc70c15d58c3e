//! Literal decoding for the lexer: backslash escapes in str and bytes literals
//! (Python's `unicodeescape` rules: unknown escapes are kept verbatim) and the
//! conversion of non-decimal integer literals too large for i64 into decimal
//! digits for `Const::BigInt`. Called by `lexer` and `fstring`.

/// Decode the escapes of a (non-raw) str literal body. Errors are the message only;
/// the caller positions them.
pub(crate) fn decode_str(body: &[char]) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&e) = body.get(i + 1) else {
            // A lone trailing backslash (only reachable inside f-string pieces).
            out.push('\\');
            break;
        };
        i += 2;
        match e {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let (value, used) = octal(&body[i - 1..]);
                i += used - 1;
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let (width, what) = match e {
                    'x' => (2, "\\xXX"),
                    'u' => (4, "\\uXXXX"),
                    _ => (8, "\\UXXXXXXXX"),
                };
                let digits = hex_digits(&body[i..], width);
                if digits.len() < width {
                    return Err(format!(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: truncated {} escape",
                        out.len(),
                        out.len() + 1 + digits.len(),
                        what
                    ));
                }
                i += width;
                let value = u32::from_str_radix(&digits, 16).unwrap_or(u32::MAX);
                match char::from_u32(value) {
                    Some(ch) => out.push(ch),
                    None if value > 0x10FFFF => {
                        return Err(format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: illegal Unicode character",
                            out.len(),
                            out.len() + 1 + width
                        ))
                    }
                    None => return Err("(unicode error) surrogate code points are not supported in ormsh strings".into()),
                }
            }
            'N' => return Err(super::error::unsupported("the \\N{...} escape")),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Decode a (non-raw) bytes literal body; non-ASCII characters were rejected by the caller.
pub(crate) fn decode_bytes(body: &[char]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != '\\' {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        let Some(&e) = body.get(i + 1) else {
            out.push(b'\\');
            break;
        };
        i += 2;
        match e {
            '\n' => {}
            '\\' => out.push(b'\\'),
            '\'' => out.push(b'\''),
            '"' => out.push(b'"'),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(11),
            '0'..='7' => {
                let (value, used) = octal(&body[i - 1..]);
                i += used - 1;
                out.push((value & 0xFF) as u8);
            }
            'x' => {
                let digits = hex_digits(&body[i..], 2);
                if digits.len() < 2 {
                    return Err(format!("(value error) invalid \\x escape at position {}", out.len()));
                }
                i += 2;
                out.push(u8::from_str_radix(&digits, 16).unwrap_or(0));
            }
            other => {
                out.push(b'\\');
                out.push(other as u32 as u8);
            }
        }
    }
    Ok(out)
}

/// Up to three octal digits at the start of `s`: (value, digits used).
fn octal(s: &[char]) -> (u32, usize) {
    let mut value = 0;
    let mut used = 0;
    while used < 3 {
        match s.get(used).and_then(|c| c.to_digit(8)) {
            Some(d) => value = value * 8 + d,
            None => break,
        }
        used += 1;
    }
    (value, used)
}

/// Up to `width` hex digits at the start of `s`.
fn hex_digits(s: &[char], width: usize) -> String {
    s.iter().take(width).take_while(|c| c.is_ascii_hexdigit()).collect()
}

/// Convert digits (already validated, no underscores) in `radix` to a decimal string.
pub(crate) fn to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian limbs of base 1e9.
    const LIMB: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for d in digits.chars().filter_map(|c| c.to_digit(radix)) {
        let mut carry = u64::from(d);
        for limb in limbs.iter_mut() {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        while carry > 0 {
            limbs.push(carry % LIMB);
            carry /= LIMB;
        }
    }
    let mut out = String::new();
    for (n, limb) in limbs.iter().rev().enumerate() {
        if n == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn str_escapes() {
        assert_eq!(decode_str(&chars(r"a\nb\t\\\'\x41\u00e9\U0001F600\101\0\q")).unwrap(), "a\nb\t\\'Aé😀A\0\\q");
        assert_eq!(decode_str(&chars("a\\\nb")).unwrap(), "ab");
        assert!(decode_str(&chars(r"\x4")).unwrap_err().contains("truncated \\xXX escape"));
        assert!(decode_str(&chars(r"\u12")).unwrap_err().contains("truncated \\uXXXX escape"));
        assert!(decode_str(&chars(r"\N{DASH}")).unwrap_err().contains("not supported"));
        assert!(decode_str(&chars(r"\ud800")).is_err());
    }

    #[test]
    fn bytes_escapes() {
        assert_eq!(decode_bytes(&chars(r"a\x00\xff\n\u1234\777")).unwrap(), b"a\x00\xff\n\\u1234\xff".to_vec());
        assert_eq!(decode_bytes(&chars(r"\x4")).unwrap_err(), "(value error) invalid \\x escape at position 0");
    }

    #[test]
    fn big_ints_to_decimal() {
        assert_eq!(to_decimal("ffffffffffffffffffff", 16), "1208925819614629174706175");
        assert_eq!(to_decimal("0", 2), "0");
        assert_eq!(to_decimal("1000000000000000000000", 10), "1000000000000000000000");
    }
}

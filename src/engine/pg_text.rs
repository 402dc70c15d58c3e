//! PostgreSQL types that psycopg2 hands to Python as their text output
//! (`inet`, `cidr`, `macaddr`, `money`, the geometric types, bit strings):
//! the `postgres` crate receives every column in the binary format, so these
//! functions rebuild the server's `*_out` text from the `*_send` bytes, the
//! text a SQLAlchemy user sees through psycopg2.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The text form of a value of one of these types, or None when `type_name`
/// is not one of them (or the bytes are malformed).
pub fn text_of(type_name: &str, raw: &[u8]) -> Option<String> {
    match type_name {
        "inet" => inet(raw, false),
        "cidr" => inet(raw, true),
        "macaddr" | "macaddr8" => Some(raw.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")),
        "money" => Some(money(i64::from_be_bytes(raw.try_into().ok()?))),
        "point" => point(raw),
        "lseg" => Some(format!("[{},{}]", point(raw.get(0..16)?)?, point(raw.get(16..32)?)?)),
        "box" => Some(format!("{},{}", point(raw.get(0..16)?)?, point(raw.get(16..32)?)?)),
        "line" => Some(format!("{{{},{},{}}}", float8(raw, 0)?, float8(raw, 8)?, float8(raw, 16)?)),
        "circle" => Some(format!("<{},{}>", point(raw.get(0..16)?)?, float8(raw, 16)?)),
        "path" => path(raw),
        "polygon" => {
            let n = u32::from_be_bytes(raw.get(0..4)?.try_into().ok()?) as usize;
            Some(format!("({})", points(raw.get(4..)?, n)?))
        }
        "bit" | "varbit" => bits(raw),
        _ => None,
    }
}

/// `inet_send`: family (2 = IPv4, 3 = IPv6), bits, is_cidr, length, address.
/// `inet_out` omits the prefix of a host address (/32, /128); `cidr_out` never does.
fn inet(raw: &[u8], cidr: bool) -> Option<String> {
    let (family, bits, len) = (*raw.first()?, *raw.get(1)?, *raw.get(3)? as usize);
    let addr = raw.get(4..4 + len)?;
    let (text, max) = match family {
        2 => (Ipv4Addr::from(<[u8; 4]>::try_from(addr).ok()?).to_string(), 32),
        3 => (Ipv6Addr::from(<[u8; 16]>::try_from(addr).ok()?).to_string(), 128),
        _ => return None,
    };
    Some(if cidr || bits != max { format!("{text}/{bits}") } else { text })
}

/// `cash_out` under the C locale the server runs with here: `$1,234.50`, `-$3.20`.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", abs % 100)
}

fn float8(raw: &[u8], at: usize) -> Option<String> {
    Some(float8_out(f64::from_be_bytes(raw.get(at..at + 8)?.try_into().ok()?)))
}

/// `float8out`: the shortest text that reads back, in exponent form below 1e-4
/// and from 1e15 up (`1e+20`, `1.5e-05`), as `%g` does.
pub fn float8_out(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let sci = format!("{f:e}"); // shortest digits: "1.5e-5", "1e20"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..15).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

fn point(raw: &[u8]) -> Option<String> {
    Some(format!("({},{})", float8(raw, 0)?, float8(raw, 8)?))
}

fn points(raw: &[u8], n: usize) -> Option<String> {
    (0..n).map(|i| point(raw.get(i * 16..i * 16 + 16)?)).collect::<Option<Vec<_>>>().map(|p| p.join(","))
}

/// `path_send`: closed flag, count, points; `path_out` brackets an open path.
fn path(raw: &[u8]) -> Option<String> {
    let closed = *raw.first()? != 0;
    let n = u32::from_be_bytes(raw.get(1..5)?.try_into().ok()?) as usize;
    let body = points(raw.get(5..)?, n)?;
    Some(if closed { format!("({body})") } else { format!("[{body}]") })
}

/// `bit_send`: the length in bits, then the bits, most significant first.
fn bits(raw: &[u8]) -> Option<String> {
    let n = u32::from_be_bytes(raw.get(0..4)?.try_into().ok()?) as usize;
    let data = raw.get(4..)?;
    (0..n).map(|i| data.get(i / 8).map(|b| if b & (0x80 >> (i % 8)) != 0 { '1' } else { '0' })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_addresses_as_inet_out_writes_them() {
        assert_eq!(text_of("inet", &[2, 24, 0, 4, 192, 168, 0, 1]).unwrap(), "192.168.0.1/24");
        assert_eq!(text_of("inet", &[2, 32, 0, 4, 192, 168, 0, 1]).unwrap(), "192.168.0.1");
        assert_eq!(text_of("cidr", &[2, 8, 1, 4, 10, 0, 0, 0]).unwrap(), "10.0.0.0/8");
        let mut v6 = vec![3, 128, 0, 16];
        v6.extend([0; 15]);
        v6.push(1);
        assert_eq!(text_of("inet", &v6).unwrap(), "::1");
        assert_eq!(text_of("macaddr", &[8, 0, 0x2b, 1, 2, 3]).unwrap(), "08:00:2b:01:02:03");
        assert_eq!(text_of("inet", &[2, 24, 0, 4, 192]), None, "truncated bytes are refused, not read past");
    }

    #[test]
    fn money_and_bits() {
        assert_eq!(money(123_456_750), "$1,234,567.50");
        assert_eq!(money(-320), "-$3.20");
        assert_eq!(money(5), "$0.05");
        assert_eq!(text_of("bit", &[0, 0, 0, 3, 0b1010_0000]).unwrap(), "101");
    }

    #[test]
    fn floats_as_float8out() {
        assert_eq!(float8_out(1.5), "1.5");
        assert_eq!(float8_out(2.0), "2");
        assert_eq!(float8_out(1e20), "1e+20");
        assert_eq!(float8_out(0.1), "0.1");
        assert_eq!(float8_out(1.5e-5), "1.5e-05");
        assert_eq!(float8_out(-3.25), "-3.25");
        let mut p = 1.5f64.to_be_bytes().to_vec();
        p.extend(2.0f64.to_be_bytes());
        assert_eq!(text_of("point", &p).unwrap(), "(1.5,2)");
    }
}

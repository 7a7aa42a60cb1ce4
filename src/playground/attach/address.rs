//! The `?endpoint=` parameter, read as an address the page may send calls to.

const MAX_ADDRESS_LEN: usize = 200;

/// The address to POST to for `?endpoint=`, or why it cannot be one: only `http(s)://host[:port]`
/// with an optional path, nothing a browser would read as script or as credentials.
pub fn endpoint_address(parameter: &str) -> Result<String, String> {
    let refused = || {
        format!(
            "\"{:.80}\" is not an endpoint address; use one like http://127.0.0.1:4567.",
            parameter.chars().filter(|c| !c.is_control()).collect::<String>()
        )
    };
    let parameter = parameter.trim();
    let (scheme, rest) = parameter.split_once("://").ok_or_else(refused)?;
    let scheme = scheme.to_ascii_lowercase();
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(host, path)| (host, path));
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\^`{|}@?#".contains(c);
    if !matches!(scheme.as_str(), "http" | "https")
        || parameter.len() > MAX_ADDRESS_LEN
        || host.is_empty()
        || rest.contains(bad_char)
    {
        return Err(refused());
    }
    // A bare host gets the root path; a path (a proxy's) is kept as given.
    Ok(if path.is_empty() { format!("{scheme}://{host}/") } else { format!("{scheme}://{host}/{path}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_addresses() {
        assert_eq!(endpoint_address("http://127.0.0.1:4567").unwrap(), "http://127.0.0.1:4567/");
        assert_eq!(endpoint_address(" https://kinesis.local/ ").unwrap(), "https://kinesis.local/");
        assert_eq!(endpoint_address("http://proxy.local/kinesis/").unwrap(), "http://proxy.local/kinesis/");
        assert_eq!(endpoint_address("http://proxy.local/kinesis").unwrap(), "http://proxy.local/kinesis");
        assert_eq!(endpoint_address("HTTP://127.0.0.1:4567").unwrap(), "http://127.0.0.1:4567/");
        for bad in [
            "javascript:alert(1)",
            "127.0.0.1:4567",
            "http://",
            "http:///path",
            "http://user:pw@127.0.0.1:4567",
            "http://127.0.0.1:4567/?x=1",
            "http://127.0.0.1\"><img src=x>",
            "http://a b",
            "ftp://127.0.0.1",
        ] {
            let refused = endpoint_address(bad).unwrap_err();
            assert!(refused.ends_with("use one like http://127.0.0.1:4567."), "{bad}: {refused}");
        }
        assert!(endpoint_address(&format!("http://{}", "a".repeat(300))).is_err());
    }
}

//! Who may call the endpoint. It has no real authentication, so two browser attacks are shut
//! out: a web page on another site calling it (CORS: only loopback pages by default), and DNS
//! rebinding, where a site's own name is pointed at 127.0.0.1 so that its page calls the
//! endpoint as "same origin" (the `Host` header then carries that name, so only IP addresses,
//! `localhost` and names given with `--allow-host` are accepted, as Jupyter does).

use std::net::{Ipv4Addr, Ipv6Addr};

use http::HeaderMap;

/// The origins and host names let in beyond the defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Access {
    /// Origins from `--allow-origin`, lower case and without a trailing slash, as browsers send them.
    origins: Vec<String>,
    any_origin: bool,
    /// Host names from `--allow-host`, lower case.
    hosts: Vec<String>,
    any_host: bool,
}

impl Access {
    /// Lets pages of `origin` call the endpoint: `scheme://host[:port]`, `null` (sandboxed frames,
    /// `file:` pages) or `*` for any.
    pub fn allow_origin(&mut self, origin: &str) -> Result<(), String> {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        let well_formed = origin == "null"
            || origin.split_once("://").is_some_and(|(scheme, rest)| {
                !scheme.is_empty() && !rest.is_empty() && !rest.contains(['/', '?', '#', ' '])
            });
        if origin == "*" {
            self.any_origin = true;
        } else if well_formed {
            self.origins.push(origin);
        } else {
            return Err(format!("--allow-origin: {origin:?} is not an origin like https://example.com:8080 (or *)"));
        }
        Ok(())
    }

    /// Accepts requests whose `Host` is `name` (any port), or any name with `*`.
    pub fn allow_host(&mut self, name: &str) -> Result<(), String> {
        if name == "*" {
            self.any_host = true;
            return Ok(());
        }
        if name.is_empty() || name.contains([':', '/', ' ', '[', ']']) {
            return Err(format!("--allow-host: {name:?} is not a host name (give it without scheme or port)"));
        }
        self.hosts.push(name.to_ascii_lowercase());
        Ok(())
    }

    /// Whether a browser page of `origin` (the `Origin` header) may call the endpoint.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        self.any_origin || is_loopback_origin(&origin) || self.origins.contains(&origin)
    }

    /// Whether the `Host` header names this endpoint.
    pub fn allows_host(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else { return false };
        self.any_host
            || name.eq_ignore_ascii_case("localhost")
            || name.parse::<Ipv4Addr>().is_ok()
            || name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).is_some_and(|n| n.parse::<Ipv6Addr>().is_ok())
            || self.hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(name))
    }

    /// Whether the request's `Host` and `Origin` may reach the endpoint; a missing (or empty)
    /// `Host` is fine, as HTTP/1.0 clients send none.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        self.refusal(headers).is_none()
    }

    /// Why the request may not reach the endpoint, for the 403 answer; None when it may.
    pub fn refusal(&self, headers: &HeaderMap) -> Option<String> {
        if let Some(host) = headers.get(http::header::HOST) {
            match host.to_str() {
                Ok(host) if host.is_empty() || self.allows_host(host) => {}
                Ok(host) => {
                    let name = host_name(host).unwrap_or(host);
                    return Some(format!(
                        "Host {host} is not this endpoint's address. To accept it, start kinesis-endpoint \
                         with --allow-host {name}."
                    ));
                }
                Err(_) => return Some("The Host header is not readable.".into()),
            }
        }
        match headers.get(http::header::ORIGIN).map(|origin| origin.to_str()) {
            None => None,
            Some(Ok(origin)) if self.allows_origin(origin) => None,
            Some(Ok(origin)) => Some(format!(
                "Pages of {origin} may not call this endpoint. To let them, start kinesis-endpoint \
                 with --allow-origin {origin}."
            )),
            Some(Err(_)) => Some("The Origin header is not readable.".into()),
        }
    }
}

/// The name or address part of a `Host` value (`name`, `name:port`, `[v6]` or `[v6]:port`), or
/// None when it is not of that form.
fn host_name(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        (&host[..=end], &host[end + 1..])
    } else {
        match host.split_once(':') {
            Some((name, _)) => (name, &host[name.len()..]),
            None => (host, ""),
        }
    };
    let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

/// `http(s)://127.0.0.1`, `localhost` or `[::1]`, with any port: the pages of a playground or tool
/// served on this machine, as in the README's workshop.
fn is_loopback_origin(origin: &str) -> bool {
    let Some(authority) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    host_name(authority).is_some_and(|name| matches!(name, "127.0.0.1" | "localhost" | "[::1]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_by_default_others_when_allowed() {
        let mut access = Access::default();
        for origin in ["http://127.0.0.1:8080", "http://localhost", "https://[::1]:443", "HTTP://LOCALHOST:3000"] {
            assert!(access.allows_origin(origin), "{origin}");
        }
        for origin in [
            "https://evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:80",
            "http://127.0.0.2",
            "null",
            "file://",
            "http://127.0.0.1:80/path",
            "http://127.0.0.1:x",
        ] {
            assert!(!access.allows_origin(origin), "{origin}");
        }
        access.allow_origin("https://Docs.Example.com/").unwrap();
        access.allow_origin("null").unwrap();
        assert!(access.allows_origin("https://docs.example.com") && access.allows_origin("null"));
        assert!(!access.allows_origin("https://docs.example.com:8443"));
        access.allow_origin("*").unwrap();
        assert!(access.allows_origin("https://anything.example"));
        assert!(Access::default().allow_origin("example.com").is_err());
        assert!(Access::default().allow_origin("https://example.com/path").is_err());
    }

    #[test]
    fn ip_addresses_and_localhost_by_default_names_when_allowed() {
        let mut access = Access::default();
        for host in ["127.0.0.1:4567", "127.0.0.1", "10.1.2.3:80", "[::1]:4567", "[::1]", "localhost:4567", "LocalHost"]
        {
            assert!(access.allows_host(host), "{host}");
        }
        for host in ["evil.example", "evil.example:4567", "127.0.0.1.nip.io", "[::1", "localhost:port", ":4567", "::1"]
        {
            assert!(!access.allows_host(host), "{host}");
        }
        access.allow_host("Kinesis").unwrap();
        assert!(access.allows_host("kinesis:4567") && !access.allows_host("kinesis.example"));
        access.allow_host("*").unwrap();
        assert!(access.allows_host("anything.example:1"));
        assert!(Access::default().allow_host("kinesis:4567").is_err());
        assert!(Access::default().allow_host("").is_err());
    }
}

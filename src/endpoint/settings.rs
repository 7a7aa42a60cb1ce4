//! Command-line flags. The names follow kinesalite's (`--createStreamMs`, `--shardLimit`) and
//! kinesis-mock's settings in the kebab case of this CLI, so users of those tools find them.

use std::net::IpAddr;
use std::path::PathBuf;

use super::access::Access;
use super::connections::DEFAULT_MAX_CONNECTIONS;
use crate::sim::{Config, Durations, Limits, Scaling};

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub host: IpAddr,
    pub port: u16,
    pub config: Config,
    /// Connections served at once (lowered to fit the open-file limit).
    pub max_connections: usize,
    /// Origins and host names let in beyond the loopback ones.
    pub access: Access,
    /// Where the account is kept across restarts (`state`); None keeps it in memory only.
    pub state_dir: Option<PathBuf>,
    /// Flush each kept write to the disk before answering it.
    pub sync_writes: bool,
}

/// `--record-memory-mib` unless given: what stored records may take before the oldest are
/// dropped early. A gibibyte holds a million records of 1 KiB, or a day of a shard written at 12
/// KiB a second, and fits a laptop beside everything else.
pub const DEFAULT_RECORD_MEMORY_MIB: u64 = 1024;

impl Default for Settings {
    fn default() -> Self {
        let mut config = Config::default();
        config.limits.record_memory_bytes = Some(DEFAULT_RECORD_MEMORY_MIB << 20);
        Self {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 4567,
            config,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            access: Access::default(),
            state_dir: None,
            sync_writes: false,
        }
    }
}

/// What to print on stderr when listening on `host`, which is not loopback: nothing here is
/// authenticated, so anyone who reaches it can change or delete the streams.
pub fn exposure_warning(host: IpAddr) -> Option<String> {
    (!host.is_loopback()).then(|| {
        format!(
            "kinesis-endpoint: warning: listening on {host}, not a loopback address: anyone who can reach \
             this machine can list, change and delete its streams (any credentials are accepted)."
        )
    })
}

/// What `--help` prints; the defaults shown are the code's defaults (checked by a test).
pub fn help() -> String {
    let d = Settings::default();
    let limits = Limits::default();
    let durations = Durations::REALISTIC;
    let scaling = Scaling::default();
    format!(
        "kinesis-endpoint: a local Amazon Kinesis Data Streams endpoint (API 2021-11-30) for the AWS CLI and SDKs

Usage: kinesis-endpoint [OPTIONS]

Options:
  --host <ADDR>                          address to listen on; warns if it is not loopback, as
                                         anyone who can reach it can change the streams [default: {host}]
  --port <PORT>                          port to listen on [default: {port}]
  --create-stream-ms <MS>                how long a stream stays CREATING [default: {create}]
  --update-stream-ms <MS>                how long a stream stays UPDATING [default: {update}]
  --delete-stream-ms <MS>                how long a stream stays DELETING [default: {delete}]
  --shard-limit <N>                      open shards of provisioned streams per account [default: {shards}]
  --on-demand-stream-count-limit <N>     on-demand streams per account [default: {on_demand}]
  --region <REGION>                      region in ARNs and error texts [default: {region}]
  --account-id <ID>                      12-digit account id in ARNs and error texts [default: {account}]
  --no-rate-limits                       do not throttle control-plane calls per second
  --no-throughput-limits                 do not throttle records per shard (1 MiB and 1,000
                                         records a second in, 2 MiB and 5 reads out), for load tests
  --on-demand-split-delay-ms <MS>        how long a hot shard of an on-demand stream waits to be
                                         split [default: {split}]
  --on-demand-merge-after-ms <MS>        how long two cold neighbouring shards of an on-demand
                                         stream wait to be merged [default: {merge}]
  --max-connections <N>                  connections served at once; at the limit, the one idle
                                         longest is closed to make room [default: {connections}]
  --record-memory-mib <MIB>              memory stored records may take; past it the oldest are
                                         dropped early, as if their retention had passed, with a
                                         warning [default: {record_memory}]
  --state-dir <DIR>                      keep streams, shards, records, tags and timers in DIR
                                         across restarts; a write answered with 200 survives the
                                         process being killed [default: in memory only]
  --sync-writes                          with --state-dir, flush each write to the disk before
                                         answering it, to survive a power cut too (slower)
  --allow-origin <ORIGIN>                also let browser pages of ORIGIN (https://example.com:8080,
                                         null, or * for any) call the endpoint; repeatable
                                         [default: pages on 127.0.0.1, localhost and [::1] only]
  --allow-host <NAME>                    also accept requests for host name NAME (* for any);
                                         repeatable [default: IP addresses and localhost only]
  -h, --help                             print this help

Example: aws --endpoint-url http://127.0.0.1:{port} kinesis list-streams",
        host = d.host,
        port = d.port,
        create = durations.create_stream_ms,
        update = durations.update_stream_ms,
        delete = durations.delete_stream_ms,
        shards = limits.shard_limit,
        on_demand = limits.on_demand_stream_count_limit,
        split = scaling.split_delay_ms,
        merge = scaling.merge_after_ms,
        region = d.config.region,
        account = d.config.account_id,
        connections = d.max_connections,
        record_memory = DEFAULT_RECORD_MEMORY_MIB,
    )
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Boxed: the settings are some 200 bytes, `Help` none (clippy's large_enum_variant).
    Serve(Box<Settings>),
    Help,
}

/// Parses the arguments after the program name. `--flag value` and `--flag=value` both work.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut settings = Settings::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        if matches!(flag.as_str(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        // Limits a load test lifts (docs/behaviour.md §8.2). `--no-throughput-limits`, not
        // `--no-shard-limits`, which would read as undoing `--shard-limit`, a count of shards.
        if matches!(flag.as_str(), "--no-rate-limits" | "--no-throughput-limits" | "--sync-writes") {
            if inline.is_some() {
                return Err(format!("{flag} takes no value"));
            }
            let limits = &mut settings.config.limits;
            match flag.as_str() {
                "--no-rate-limits" => limits.rate_limits = false,
                "--sync-writes" => settings.sync_writes = true,
                _ => limits.shard_throughput = false,
            }
            continue;
        }
        // Known before the value is read, so an unknown flag is not reported as missing a value.
        const VALUED: [&str; 16] = [
            "--host",
            "--port",
            "--create-stream-ms",
            "--update-stream-ms",
            "--delete-stream-ms",
            "--shard-limit",
            "--on-demand-stream-count-limit",
            "--on-demand-split-delay-ms",
            "--on-demand-merge-after-ms",
            "--region",
            "--account-id",
            "--max-connections",
            "--allow-origin",
            "--allow-host",
            "--state-dir",
            "--record-memory-mib",
        ];
        if !VALUED.contains(&flag.as_str()) {
            return Err(format!("unknown option {flag} (see --help)"));
        }
        let value = match inline {
            Some(value) => value,
            None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
            value.parse().map_err(|_| format!("{flag}: {value:?} is not a valid number"))
        }
        let config = &mut settings.config;
        match flag.as_str() {
            "--host" => settings.host = value.parse().map_err(|_| format!("--host: {value:?} is not an IP address"))?,
            "--port" => settings.port = number(&flag, &value)?,
            "--create-stream-ms" => config.durations.create_stream_ms = number(&flag, &value)?,
            "--update-stream-ms" => config.durations.update_stream_ms = number(&flag, &value)?,
            "--delete-stream-ms" => config.durations.delete_stream_ms = number(&flag, &value)?,
            "--shard-limit" => config.limits.shard_limit = number(&flag, &value)?,
            "--on-demand-stream-count-limit" => config.limits.on_demand_stream_count_limit = number(&flag, &value)?,
            "--on-demand-split-delay-ms" => config.scaling.split_delay_ms = number(&flag, &value)?,
            "--on-demand-merge-after-ms" => config.scaling.merge_after_ms = number(&flag, &value)?,
            "--region" => config.region = value,
            "--account-id" => {
                if value.len() != 12 || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("--account-id: {value:?} is not 12 digits"));
                }
                config.account_id = value;
            }
            "--max-connections" => {
                settings.max_connections = number(&flag, &value)?;
                if settings.max_connections == 0 {
                    return Err("--max-connections must be at least 1".into());
                }
            }
            "--allow-origin" => settings.access.allow_origin(&value)?,
            "--allow-host" => settings.access.allow_host(&value)?,
            "--record-memory-mib" => {
                let mib: u64 = number(&flag, &value)?;
                if mib == 0 || mib > 1 << 30 {
                    return Err("--record-memory-mib must be at least 1 (MiB)".into());
                }
                config.limits.record_memory_bytes = Some(mib << 20);
            }
            "--state-dir" => {
                if value.is_empty() {
                    return Err("--state-dir needs a directory".into());
                }
                settings.state_dir = Some(PathBuf::from(value));
            }
            other => return Err(format!("unknown option {other} (see --help)")),
        }
    }
    if settings.sync_writes && settings.state_dir.is_none() {
        return Err("--sync-writes needs --state-dir".into());
    }
    let (durations, scaling) = (settings.config.durations, settings.config.scaling);
    if [
        durations.create_stream_ms,
        durations.update_stream_ms,
        durations.delete_stream_ms,
        scaling.split_delay_ms,
        scaling.merge_after_ms,
    ]
    .iter()
    .any(|&ms| ms < 0)
    {
        return Err("durations cannot be negative".into());
    }
    Ok(Command::Serve(Box::new(settings)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn defaults_and_flags() {
        assert_eq!(parse(args("")), Ok(Command::Serve(Box::default())));
        assert_eq!(parse(args("--port 1 --help")), Ok(Command::Help));
        let Ok(Command::Serve(s)) = parse(args(
            "--port 4568 --host 0.0.0.0 --create-stream-ms=500 --update-stream-ms 1 --delete-stream-ms 2 \
             --shard-limit 10 --on-demand-stream-count-limit 3 --region eu-west-1 --account-id 000000000000 --no-rate-limits",
        )) else {
            panic!()
        };
        assert_eq!((s.port, s.host.to_string()), (4568, "0.0.0.0".to_owned()));
        assert_eq!(s.config.durations, Durations { create_stream_ms: 500, update_stream_ms: 1, delete_stream_ms: 2 });
        assert_eq!((s.config.limits.shard_limit, s.config.limits.on_demand_stream_count_limit), (10, 3));
        assert_eq!((s.config.region.as_str(), s.config.account_id.as_str()), ("eu-west-1", "000000000000"));
        assert!(!s.config.limits.rate_limits);
        assert!(s.config.limits.shard_throughput);
        assert_eq!(s.config.scaling, Scaling::default());
        assert_eq!(s.max_connections, DEFAULT_MAX_CONNECTIONS);

        let Ok(Command::Serve(s)) =
            parse(args("--no-throughput-limits --on-demand-split-delay-ms 1000 --on-demand-merge-after-ms=0"))
        else {
            panic!()
        };
        assert!(!s.config.limits.shard_throughput && s.config.limits.rate_limits);
        assert_eq!(s.config.scaling, Scaling { split_delay_ms: 1000, merge_after_ms: 0 });

        let Ok(Command::Serve(s)) = parse(args(
            "--max-connections 64 --allow-origin https://docs.example --allow-origin=null --allow-host kinesis",
        )) else {
            panic!()
        };
        assert_eq!(s.max_connections, 64);
        assert!(s.access.allows_origin("https://docs.example") && s.access.allows_origin("null"));
        assert!(s.access.allows_origin("http://localhost:8080") && !s.access.allows_origin("https://other.example"));
        assert!(s.access.allows_host("kinesis:4567") && !s.access.allows_host("other.example"));
    }

    #[test]
    fn bad_flags_are_explained() {
        assert!(parse(args("--port")).unwrap_err().contains("needs a value"));
        assert!(parse(args("--port http")).unwrap_err().contains("not a valid number"));
        assert!(parse(args("--account-id 12")).unwrap_err().contains("12 digits"));
        assert!(parse(args("--color")).unwrap_err().contains("unknown option"));
        assert!(parse(args("--create-stream-ms -5")).unwrap_err().contains("negative"));
        assert!(parse(args("--on-demand-split-delay-ms -1")).unwrap_err().contains("negative"));
        assert!(parse(args("--on-demand-merge-after-ms=-1")).unwrap_err().contains("negative"));
        assert!(parse(args("--on-demand-split-delay-ms")).unwrap_err().contains("needs a value"));
        assert!(parse(args("--no-throughput-limits=yes")).unwrap_err().contains("takes no value"));
        assert!(parse(args("--max-connections 0")).unwrap_err().contains("at least 1"));
        assert!(parse(args("--record-memory-mib 0")).unwrap_err().contains("at least 1"));
        assert!(parse(args("--sync-writes")).unwrap_err().contains("needs --state-dir"));
        assert!(parse(args("--max-connections many")).unwrap_err().contains("not a valid number"));
        assert!(parse(args("--allow-origin example.com")).unwrap_err().contains("not an origin"));
        assert!(parse(args("--allow-host kinesis:4567")).unwrap_err().contains("not a host name"));
    }

    #[test]
    fn help_shows_the_real_defaults() {
        let text = help();
        assert!(
            text.contains("[default: 4567]") && text.contains("[default: 30000]") && text.contains("[default: 500]")
        );
        assert!(text.contains("[default: 127.0.0.1]") && text.contains("[default: 123456789012]"));
        assert!(text.contains(&format!("[default: {DEFAULT_MAX_CONNECTIONS}]")));
        assert!(text.contains("--allow-origin <ORIGIN>") && text.contains("--allow-host <NAME>"));
        assert!(text.contains("--no-throughput-limits"));
        assert!(text.contains("--on-demand-split-delay-ms <MS>") && text.contains("[default: 900000]"));
        assert!(text.contains("--on-demand-merge-after-ms <MS>") && text.contains("[default: 86400000]"));
        assert!(text.contains("--record-memory-mib <MIB>") && text.contains("[default: 1024]"));
    }

    #[test]
    fn listening_beyond_loopback_is_warned_about() {
        assert_eq!(exposure_warning(IpAddr::from([127, 0, 0, 1])), None);
        assert_eq!(exposure_warning("::1".parse().unwrap()), None);
        assert!(exposure_warning(IpAddr::from([0, 0, 0, 0])).unwrap().contains("listening on 0.0.0.0"));
        assert!(exposure_warning("::".parse().unwrap()).is_some());
    }
}

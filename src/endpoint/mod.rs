//! The simulator core as a local Kinesis endpoint: awsJson 1.1 or CBOR over HTTP on loopback, so
//! the AWS CLI, boto3 and the AWS SDKs (Java's too) talk to it unchanged. Native only.
//!
//! * `settings`: the command-line flags (`kinesis-endpoint --help`).
//! * `access`: which `Host` names and browser origins may call it (loopback ones by default).
//! * `protocol`: one HTTP request to one HTTP response, as the service answers at the protocol
//!   level (host and origin, method, content type, CORS, authentication headers), then the
//!   core's front door. Pure, so it tests without sockets.
//! * `cbor`: Kinesis's CBOR protocol, the AWS SDK for Java's default, translated to and from the
//!   JSON the core speaks.
//! * `cloudwatch`: CloudWatch's GetMetricStatistics, GetMetricData and ListMetrics on the same
//!   port, from the core's per-minute metrics.
//! * `state`: `--state-dir`, the account kept on disk: a journal of the calls that changed it and
//!   snapshots, restored at start.
//! * `server`: the tokio/hyper accept loop, with a clean shutdown on SIGINT or SIGTERM.
//!   Wall-clock time drives the simulation clock.
//! * `connections`: how many connections are served at once (below the open-file limit), and
//!   closing the one idle longest to make room.
//! * `body`: reading a request body into one buffer, within a size limit and a budget shared by
//!   all connections.
//! * `io`: the socket with a write timeout, and a lingering close after a refused body.

pub mod access;
mod body;
pub mod cbor;
pub mod cloudwatch;
mod connections;
mod io;
pub mod protocol;
pub mod server;
pub mod settings;
pub mod state;

pub use server::serve;
pub use settings::Settings;

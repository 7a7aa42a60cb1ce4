//! CloudWatch's `GetMetricData`, `GetMetricStatistics` and `ListMetrics` for namespace
//! `AWS/Kinesis`, on the endpoint's own port, from the simulator's per-minute metrics
//! (docs/behaviour.md §8.4), so that `aws cloudwatch … --endpoint-url` and an application's
//! CloudWatch client read what the streams did.
//!
//! * `protocols`: telling a CloudWatch request from a Kinesis one, and the three protocols it
//!   may come in (RPC v2 CBOR, awsJson 1.0, awsQuery): reading bodies, writing answers and errors.
//! * `form`: awsQuery's form body as a tree; `input`: reading members from the tree, whichever
//!   protocol built it; `output`: the answer's tree and how each protocol writes it.
//! * `series`: the metrics the simulator holds, periods and statistics.
//! * `get_metric_statistics`, `get_metric_data`, `list_metrics`: the operations.
//! * `fault`: CloudWatch's errors; `paging`: the `NextToken`s of the answers cut into pages.

mod fault;
mod form;
mod get_metric_data;
mod get_metric_statistics;
mod input;
mod list_metrics;
mod output;
mod paging;
pub mod protocols;
mod series;

use http::Response;

use crate::sim::Simulator;

use fault::Fault;
use input::Field;
pub use protocols::{Protocol, Recognized, recognize};

/// Answers a CloudWatch request. `authentication` is the endpoint's verdict on the request's
/// credentials, as for Kinesis: `(error type, message)` when they are missing or incomplete.
pub fn answer(
    simulator: &mut Simulator,
    recognized: Recognized,
    body: &[u8],
    authentication: Option<(&'static str, String)>,
    now_ms: i64,
    request_id: &str,
) -> Response<Vec<u8>> {
    let protocol = recognized.protocol;
    let (operation, input) = match protocol.read(recognized.operation, body) {
        Ok(read) => read,
        Err(fault) => return protocol.error(&fault, request_id),
    };
    if let Some((type_name, message)) = authentication {
        return protocol.error(&Fault::authentication(type_name, message), request_id);
    }
    simulator.advance(now_ms);
    let input = Field::root(&input);
    let output = match operation.as_str() {
        "GetMetricStatistics" => get_metric_statistics::call(simulator, &input),
        "GetMetricData" => get_metric_data::call(simulator, &input),
        "ListMetrics" => list_metrics::call(simulator, &input, now_ms),
        other => Err(Fault::unknown_operation(other)),
    };
    match output {
        Ok(output) => protocol.success(&operation, &output, request_id),
        Err(fault) => protocol.error(&fault, request_id),
    }
}

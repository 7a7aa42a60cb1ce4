//! Request bodies the page sends: its forms and attach mode's polling, each through a typed
//! input shape named as in the model, with the core's own types for its enums and structures.
//! The forms do not hide the API from the learner: whatever was typed goes into the request as
//! typed, and the service's answer shows what it thinks of it.

use crate::sim::{RawJson, ScalingType, StreamMode, StreamModeDetails, json};
use serde::Serialize;

/// CreateStream's members in model order, as an SDK would send them.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CreateStreamRequest<'a> {
    stream_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard_count: Option<ShardCount<'a>>,
    stream_mode_details: StreamModeDetails,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ShardCount<'a> {
    /// Text that is a JSON number goes in as that number, exactly as typed.
    Number(RawJson<'a>),
    /// Anything else goes in as a string, which the service rejects as the wrong type.
    Text(&'a str),
}

/// The CreateStream body for the form's fields; an empty shard count leaves ShardCount out.
pub fn create_stream(stream_name: &str, mode: StreamMode, shard_count: &str) -> String {
    let shard_count = shard_count.trim();
    let shard_count = (!shard_count.is_empty()).then(|| {
        if json::is_number(shard_count) {
            ShardCount::Number(RawJson(shard_count))
        } else {
            ShardCount::Text(shard_count)
        }
    });
    let request =
        CreateStreamRequest { stream_name, shard_count, stream_mode_details: StreamModeDetails { stream_mode: mode } };
    serde_json::to_string(&request).unwrap_or_default()
}

/// `{"StreamName": …}`: the body of DeleteStream, DescribeStream, DescribeStreamSummary.
pub fn stream_name_only(stream_name: &str) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct StreamNameInput<'a> {
        stream_name: &'a str,
    }
    serde_json::to_string(&StreamNameInput { stream_name }).unwrap_or_default()
}

/// The DescribeStream page after the shard `exclusive_start_shard_id` (the detail view's "Next
/// page"). Members in the order the page has always sent them.
pub fn describe_stream_page(stream_name: &str, exclusive_start_shard_id: &str) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct DescribeStreamInput<'a> {
        exclusive_start_shard_id: &'a str,
        stream_name: &'a str,
    }
    serde_json::to_string(&DescribeStreamInput { exclusive_start_shard_id, stream_name }).unwrap_or_default()
}

/// ListStreams' first page, or the page after `exclusive_start`.
pub fn list_streams(exclusive_start: Option<&str>, limit: u32) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct ListStreamsInput<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        exclusive_start_stream_name: Option<&'a str>,
        limit: u32,
    }
    serde_json::to_string(&ListStreamsInput { exclusive_start_stream_name: exclusive_start, limit }).unwrap_or_default()
}

/// ListShards of a stream's first page, or the page a NextToken names. The token carries the
/// stream, and naming the stream as well is an InvalidArgumentException, so it goes alone.
pub fn list_shards(stream_name: Option<&str>, next_token: Option<&str>) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct ListShardsInput<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        stream_name: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        next_token: Option<&'a str>,
    }
    let stream_name = if next_token.is_some() { None } else { stream_name };
    serde_json::to_string(&ListShardsInput { stream_name, next_token }).unwrap_or_default()
}

/// UpdateStreamMode names the stream by ARN only.
pub fn update_stream_mode(stream_arn: &str, mode: StreamMode) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Request<'a> {
        #[serde(rename = "StreamARN")]
        stream_arn: &'a str,
        stream_mode_details: StreamModeDetails,
    }
    serde_json::to_string(&Request { stream_arn, stream_mode_details: StreamModeDetails { stream_mode: mode } })
        .unwrap_or_default()
}

/// UpdateShardCount with UNIFORM_SCALING, the only scaling type; the count goes in as typed.
pub fn update_shard_count(stream_name: &str, target_shard_count: &str) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Request<'a> {
        stream_name: &'a str,
        target_shard_count: ShardCount<'a>,
        scaling_type: ScalingType,
    }
    let target = target_shard_count.trim();
    let target_shard_count =
        if json::is_number(target) { ShardCount::Number(RawJson(target)) } else { ShardCount::Text(target) };
    serde_json::to_string(&Request { stream_name, target_shard_count, scaling_type: ScalingType::UniformScaling })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_go_in_as_typed() {
        assert_eq!(
            create_stream("orders", StreamMode::Provisioned, "2"),
            r#"{"StreamName":"orders","ShardCount":2,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#
        );
        assert_eq!(
            create_stream("a b", StreamMode::OnDemand, " "),
            r#"{"StreamName":"a b","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#
        );
        assert_eq!(
            create_stream("x", StreamMode::Provisioned, "-1.5"),
            r#"{"StreamName":"x","ShardCount":-1.5,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#
        );
        assert_eq!(
            create_stream("x", StreamMode::Provisioned, "two"),
            r#"{"StreamName":"x","ShardCount":"two","StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#
        );
        assert_eq!(
            create_stream("\"quoted\"", StreamMode::OnDemand, ""),
            r#"{"StreamName":"\"quoted\"","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#
        );
    }

    #[test]
    fn stream_actions() {
        let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/a";
        assert_eq!(
            update_stream_mode(arn, StreamMode::OnDemand),
            format!(r#"{{"StreamARN":"{arn}","StreamModeDetails":{{"StreamMode":"ON_DEMAND"}}}}"#)
        );
        assert_eq!(
            update_shard_count("a", "4"),
            r#"{"StreamName":"a","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}"#
        );
        assert_eq!(
            update_shard_count("a", ""),
            r#"{"StreamName":"a","TargetShardCount":"","ScalingType":"UNIFORM_SCALING"}"#
        );
        assert_eq!(stream_name_only("a"), r#"{"StreamName":"a"}"#);
    }

    #[test]
    fn polling_requests() {
        assert_eq!(list_streams(None, 100), r#"{"Limit":100}"#);
        assert_eq!(list_streams(Some("s099"), 100), r#"{"ExclusiveStartStreamName":"s099","Limit":100}"#);
        assert_eq!(list_shards(Some("a"), None), r#"{"StreamName":"a"}"#);
        assert_eq!(list_shards(Some("a"), Some("t")), r#"{"NextToken":"t"}"#);
        assert_eq!(
            describe_stream_page("a", "shardId-000000000099"),
            r#"{"ExclusiveStartShardId":"shardId-000000000099","StreamName":"a"}"#
        );
    }
}

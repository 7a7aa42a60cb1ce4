//! Request bodies the console starts from: for each simulated operation, every member of its
//! input shape in the 2021-11-30 model with an example value, in model order. A test checks them
//! against the model file.

use crate::sim::Operation;

/// The example body of `operation` for the stream `name` (and its `arn`), pretty-printed.
pub fn template(operation: Operation, name: &str, arn: &str) -> String {
    // Names and ARNs are JSON strings: escape them once here.
    let name = serde_json::to_string(name).unwrap_or_default();
    let arn = serde_json::to_string(arn).unwrap_or_default();
    use Operation::*;
    match operation {
        AddTagsToStream => format!("{{\n  \"StreamName\": {name},\n  \"Tags\": {{\n    \"team\": \"data\"\n  }}\n}}"),
        CreateStream => format!(
            "{{\n  \"StreamName\": {name},\n  \"ShardCount\": 1,\n  \"StreamModeDetails\": {{\n    \"StreamMode\": \"PROVISIONED\"\n  }}\n}}"
        ),
        DecreaseStreamRetentionPeriod => format!("{{\n  \"StreamName\": {name},\n  \"RetentionPeriodHours\": 24\n}}"),
        DeleteStream => format!("{{\n  \"StreamName\": {name},\n  \"EnforceConsumerDeletion\": false\n}}"),
        DescribeLimits => "{}".to_owned(),
        DescribeStream => format!(
            "{{\n  \"StreamName\": {name},\n  \"Limit\": 100,\n  \"ExclusiveStartShardId\": \"shardId-000000000000\"\n}}"
        ),
        DescribeStreamSummary => format!("{{\n  \"StreamName\": {name}\n}}"),
        DisableEnhancedMonitoring | EnableEnhancedMonitoring => {
            format!("{{\n  \"StreamName\": {name},\n  \"ShardLevelMetrics\": [\n    \"IncomingBytes\"\n  ]\n}}")
        }
        IncreaseStreamRetentionPeriod => format!("{{\n  \"StreamName\": {name},\n  \"RetentionPeriodHours\": 48\n}}"),
        ListShards => format!(
            "{{\n  \"StreamName\": {name},\n  \"MaxResults\": 100,\n  \"ShardFilter\": {{\n    \"Type\": \"AT_LATEST\"\n  }}\n}}"
        ),
        ListStreams => "{\n  \"Limit\": 100\n}".to_owned(),
        ListTagsForStream => format!("{{\n  \"StreamName\": {name},\n  \"Limit\": 50\n}}"),
        MergeShards => format!(
            "{{\n  \"StreamName\": {name},\n  \"ShardToMerge\": \"shardId-000000000000\",\n  \"AdjacentShardToMerge\": \"shardId-000000000001\"\n}}"
        ),
        RemoveTagsFromStream => format!("{{\n  \"StreamName\": {name},\n  \"TagKeys\": [\n    \"team\"\n  ]\n}}"),
        SplitShard => format!(
            "{{\n  \"StreamName\": {name},\n  \"ShardToSplit\": \"shardId-000000000000\",\n  \"NewStartingHashKey\": \"170141183460469231731687303715884105728\"\n}}"
        ),
        StartStreamEncryption | StopStreamEncryption => format!(
            "{{\n  \"StreamName\": {name},\n  \"EncryptionType\": \"KMS\",\n  \"KeyId\": \"alias/aws/kinesis\"\n}}"
        ),
        UpdateShardCount => format!(
            "{{\n  \"StreamName\": {name},\n  \"TargetShardCount\": 2,\n  \"ScalingType\": \"UNIFORM_SCALING\"\n}}"
        ),
        UpdateStreamMode => {
            format!(
                "{{\n  \"StreamARN\": {arn},\n  \"StreamModeDetails\": {{\n    \"StreamMode\": \"ON_DEMAND\"\n  }}\n}}"
            )
        }
        // Not simulated, so not offered by the console. An operation that becomes simulated
        // needs its template here: `console_templates_follow_the_model` fails until it has one.
        _ => "{}".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_json_and_escape_names() {
        for &operation in Operation::ALL.iter().filter(|op| op.is_simulated()) {
            let text = template(operation, "a\"b", "arn:aws:kinesis:us-east-1:123456789012:stream/a\"b");
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{operation:?}: {e}"));
            assert!(value.is_object());
        }
    }
}

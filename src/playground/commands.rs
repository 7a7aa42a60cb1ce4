//! The inspector's "Copy as AWS CLI" and "Copy as boto3": the same request as a command a learner
//! can run against the real service, or against the local endpoint with `--endpoint-url`.
//!
//! Each member of the body becomes what the CLI or boto3 makes of it, typed by the API model:
//! `--stream-name orders`, `--stream-mode-details StreamMode=ON_DEMAND`, `StreamName='orders'`.
//! A body those forms cannot carry exactly (malformed JSON, a member the model lacks, a value of
//! the wrong type) is given whole instead: `--cli-input-json '…'` and `**json.loads('…')`.
//!
//! What the AWS CLI does with the values was checked against the CLI itself (version 1, with
//! `--debug` printing the body it sends): flags are the members in kebab case; structures and
//! maps take its shorthand (`K=V,K2=V2`) or JSON; lists of strings are separate words; booleans
//! are `--flag` / `--no-flag`; a value starting with `-` must be written `--flag=-x`; values
//! starting with `file://`, `fileb://`, `http://` or `https://` are read from there. Paginated
//! operations (DescribeStream, ListShards, ListStreams) page on their own, so the page size is
//! `--page-size` and where to start is `--starting-token` (AWS CLI reference, "describe-stream",
//! "list-shards", "list-streams"); the command's first call is the one logged.

use crate::playground::json_tree::{self, Node};
use crate::playground::model_docs;
use crate::sim::{Operation, json};

/// `CreateStream` as `create-stream`, `StreamARN` as `stream-arn` (separator `-`), or
/// `create_stream` (`_`): a word starts at a capital after a small letter or digit, or at the
/// last capital of a run followed by a small letter, as botocore names them.
fn words(name: &str, separator: char) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_small = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_small)
            {
                out.push(separator);
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A member's value, typed by the model.
#[derive(Debug, PartialEq)]
enum Value {
    Text(String),
    /// An integer, or a timestamp in epoch seconds, as written.
    Number(String),
    Bool(bool),
    List(Vec<Value>),
    /// A structure's members or a map's entries, in body order.
    Object(Vec<(String, Value)>),
}

/// The body's members typed by the operation's input shape; `None` when they cannot be (the
/// body is then given whole).
fn read(operation: Operation, body: &str) -> Option<Vec<(String, Value)>> {
    let (input, _) = model_docs::shapes(operation);
    if input.is_empty() {
        return None;
    }
    match typed(&json_tree::parse(body)?, input)? {
        Value::Object(members) => Some(members),
        _ => None,
    }
}

fn typed(node: &Node, shape: &str) -> Option<Value> {
    let kind = model_docs::kind(shape)?;
    match (kind, node) {
        ("string", Node::Scalar(lexeme)) if lexeme.starts_with('"') => {
            // Fails on a lone surrogate (`"\ud800"`), which no argument can carry.
            json::string(lexeme).map(Value::Text)
        }
        ("integer" | "long", Node::Scalar(lexeme)) if is_integer(lexeme) => Some(Value::Number(lexeme.clone())),
        ("timestamp", Node::Scalar(lexeme)) if is_number(lexeme) => Some(Value::Number(lexeme.clone())),
        ("boolean", Node::Scalar(lexeme)) => match lexeme.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ("list", Node::Array(items)) => {
            let (item_shape, _) = model_docs::member(shape, "member")?;
            items.iter().map(|item| typed(item, item_shape)).collect::<Option<_>>().map(Value::List)
        }
        ("structure" | "map", Node::Object(members)) => {
            let mut out: Vec<(String, Value)> = Vec::with_capacity(members.len());
            for member in members {
                // A key given twice means whatever the reader makes of it: keep the body as sent.
                if out.iter().any(|(key, _)| *key == member.key) {
                    return None;
                }
                let target = if kind == "map" {
                    model_docs::member(shape, "value")?.0
                } else {
                    model_docs::member(shape, &member.key)?.0
                };
                out.push((member.key.clone(), typed(&member.value, target)?));
            }
            Some(Value::Object(out))
        }
        _ => None,
    }
}

fn is_integer(lexeme: &str) -> bool {
    let digits = lexeme.strip_prefix('-').unwrap_or(lexeme);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_number(lexeme: &str) -> bool {
    lexeme.starts_with(|c: char| c == '-' || c.is_ascii_digit())
}

/// The AWS CLI reads an argument starting with one of these from a file or an address.
fn is_param_file(text: &str) -> bool {
    ["file://", "fileb://", "http://", "https://"].iter().any(|prefix| text.starts_with(prefix))
}

/// A word the shell, the CLI's shorthand and its list parsing all take as it is.
fn is_plain(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !is_param_file(text)
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "_.:/@+-".contains(c))
}

/// `text` as one shell word: bare when it is safe, else in single quotes, inside which a shell
/// takes everything literally but a single quote.
fn quote(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A value as compact JSON (the CLI takes JSON for any structure, map or list).
fn json(value: &Value) -> String {
    match value {
        Value::Text(text) => serde_json::to_string(text).unwrap_or_default(),
        Value::Number(lexeme) => lexeme.clone(),
        Value::Bool(b) => b.to_string(),
        Value::List(items) => format!("[{}]", items.iter().map(json).collect::<Vec<_>>().join(",")),
        Value::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("{}:{}", json(&Value::Text(key.clone())), json(value)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
    }
}

/// `K=V,K2=V2`, when every key and value is plain.
fn shorthand(members: &[(String, Value)]) -> Option<String> {
    let pair = |(key, value): &(String, Value)| {
        let value = match value {
            Value::Text(text) | Value::Number(text) if is_plain(text) => text.clone(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        is_plain(key).then(|| format!("{key}={value}"))
    };
    let pairs = members.iter().map(pair).collect::<Option<Vec<_>>>()?;
    (!pairs.is_empty()).then(|| pairs.join(","))
}

/// One argument for a flag that takes a single value, or `None` when no argument can carry it.
fn argument(flag: &str, value: &Value) -> Option<String> {
    Some(match value {
        Value::Text(text) if is_param_file(text) => return None,
        // argparse would take `-x` for an option.
        Value::Text(text) | Value::Number(text) if text.starts_with('-') => format!("--{flag}={}", quote(text)),
        Value::Text(text) | Value::Number(text) => format!("--{flag} {}", quote(text)),
        Value::Bool(true) => format!("--{flag}"),
        Value::Bool(false) => format!("--no-{flag}"),
        Value::List(items) => {
            let plain: Option<Vec<&str>> = items
                .iter()
                .map(|item| match item {
                    Value::Text(text) if is_plain(text) && !text.starts_with('[') => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            match plain {
                Some(words) if !words.is_empty() => format!("--{flag} {}", words.join(" ")),
                _ => format!("--{flag} {}", quote(&json(value))),
            }
        }
        Value::Object(members) => match shorthand(members) {
            Some(short) => format!("--{flag} {short}"),
            None => format!("--{flag} {}", quote(&json(value))),
        },
    })
}

/// The input token and the page size of an operation the CLI pages (the model's paginators).
fn paging(operation: Operation) -> Option<(&'static str, &'static str)> {
    match operation {
        Operation::DescribeStream => Some(("ExclusiveStartShardId", "Limit")),
        Operation::ListShards => Some(("NextToken", "MaxResults")),
        // The CLI pages ListStreams by NextToken since 2022; ExclusiveStartStreamName, the
        // 2021-11-30 API's only way, stays a flag of its own that turns its paging off.
        Operation::ListStreams => Some(("", "Limit")),
        _ => None,
    }
}

/// Whether the CLI passes `--starting-token` on unchanged. It first tries to read it as base64
/// of JSON (its own tokens), and splits older tokens at `___`; a token with neither `=` nor
/// `___` whose base64 letters do not come in fours fails the first and has nothing to split.
fn is_plain_token(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/').count();
    is_plain(token) && !token.contains("___") && !token.contains('=') && letters % 4 != 0
}

/// The flags for the body's members, or `None` when the body must be given whole.
fn flags(operation: Operation, members: &[(String, Value)]) -> Option<Vec<String>> {
    let (token_member, limit_member) = paging(operation).unwrap_or(("", ""));
    let token = members.iter().find(|(name, _)| !token_member.is_empty() && *name == token_member);
    // Where the CLI pages, it starts at --starting-token; given the member's own flag instead,
    // it makes this one call and pages no further (then --page-size is refused).
    let pages = match token {
        Some((_, Value::Text(token))) => is_plain_token(token),
        Some(_) => return None,
        None => !(operation == Operation::ListStreams && members.iter().any(|(n, _)| n == "ExclusiveStartStreamName")),
    };
    members
        .iter()
        .map(|(name, value)| {
            let flag = match name.as_str() {
                name if pages && name == token_member => "starting-token".to_owned(),
                name if pages && name == limit_member => "page-size".to_owned(),
                name => words(name, '-'),
            };
            argument(&flag, value)
        })
        .collect()
}

/// `aws kinesis <operation>` with a flag for each member of the body, or with the body whole
/// (`--cli-input-json`) when flags cannot carry it exactly; with `--endpoint-url` when the call
/// went to an attached endpoint.
pub fn aws_cli(operation: Operation, body: &str, endpoint: Option<&str>) -> String {
    let endpoint = endpoint.map(|url| format!(" --endpoint-url {}", quote(url))).unwrap_or_default();
    let command = format!("aws{endpoint} kinesis {}", words(operation.name(), '-'));
    match read(operation, body).and_then(|members| flags(operation, &members)) {
        Some(flags) if flags.is_empty() => command,
        Some(flags) => format!("{command} {}", flags.join(" ")),
        None => format!("{command} --cli-input-json {}", quote(body)),
    }
}

/// A Python string literal: printable ASCII as it is, everything else escaped, so that no
/// control or invisible character reaches the learner's editor.
fn python_str(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\'' => out.push_str(r"\'"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!(r"\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!(r"\u{:04x}", c as u32)),
            c => out.push_str(&format!(r"\U{:08x}", c as u32)),
        }
    }
    out.push('\'');
    out
}

fn python(value: &Value) -> String {
    match value {
        Value::Text(text) => python_str(text),
        // Integers and epoch seconds (which boto3 takes for timestamps) are Python literals too.
        Value::Number(lexeme) => lexeme.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::List(items) => format!("[{}]", items.iter().map(python).collect::<Vec<_>>().join(", ")),
        Value::Object(members) => {
            let members: Vec<String> =
                members.iter().map(|(key, value)| format!("{}: {}", python_str(key), python(value))).collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

/// A boto3 snippet that sends the same body (to `endpoint` when the call went to one): keyword
/// arguments, or the body whole through `json.loads` when they cannot carry it exactly.
pub fn boto3(operation: Operation, body: &str, endpoint: Option<&str>) -> String {
    let method = words(operation.name(), '_');
    let (import, call) = match read(operation, body) {
        Some(members) => {
            let arguments: Vec<String> =
                members.iter().map(|(name, value)| format!("{name}={}", python(value))).collect();
            ("", format!("response = kinesis.{method}({})", arguments.join(", ")))
        }
        None => ("import json\n", format!("response = kinesis.{method}(**json.loads({}))", python_str(body))),
    };
    let client = match endpoint {
        Some(url) => format!("kinesis = boto3.client(\"kinesis\", endpoint_url={})", python_str(url)),
        None => "# For the local endpoint: boto3.client(\"kinesis\", endpoint_url=\"http://127.0.0.1:4567\")\n\
                 kinesis = boto3.client(\"kinesis\")"
            .to_owned(),
    };
    format!("{import}import boto3\n\n{client}\n{call}\nprint(response)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(operation: Operation, body: &str) -> String {
        aws_cli(operation, body, None)
    }

    /// The boto3 call line alone.
    fn call(operation: Operation, body: &str) -> String {
        boto3(operation, body, None).lines().find(|l| l.starts_with("response =")).unwrap().to_owned()
    }

    #[test]
    fn names_split_as_botocore_splits_them() {
        assert_eq!(words("StreamARN", '-'), "stream-arn");
        assert_eq!(words("ShardLevelMetrics", '-'), "shard-level-metrics");
        assert_eq!(words("DescribeStreamSummary", '_'), "describe_stream_summary");
        assert_eq!(words("ABCName", '-'), "abc-name");
    }

    #[test]
    fn members_become_flags() {
        use Operation::*;
        for (operation, body, command) in [
            (DescribeLimits, "{ }", "aws kinesis describe-limits"),
            (DescribeLimits, "{}", "aws kinesis describe-limits"),
            (
                CreateStream,
                r#"{"StreamName":"orders","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#,
                "aws kinesis create-stream --stream-name orders --stream-mode-details StreamMode=ON_DEMAND",
            ),
            (
                CreateStream,
                r#"{"StreamName":"logs","ShardCount":2,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}"#,
                "aws kinesis create-stream --stream-name logs --shard-count 2 --stream-mode-details StreamMode=PROVISIONED",
            ),
            (
                UpdateStreamMode,
                r#"{"StreamARN":"arn:aws:kinesis:us-east-1:123456789012:stream/a","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#,
                "aws kinesis update-stream-mode --stream-arn arn:aws:kinesis:us-east-1:123456789012:stream/a \
                 --stream-mode-details StreamMode=ON_DEMAND",
            ),
            (
                EnableEnhancedMonitoring,
                r#"{"StreamName":"a","ShardLevelMetrics":["IncomingBytes","OutgoingBytes"]}"#,
                "aws kinesis enable-enhanced-monitoring --stream-name a --shard-level-metrics IncomingBytes OutgoingBytes",
            ),
            (
                AddTagsToStream,
                r#"{"StreamName":"a","Tags":{"team":"data","env":"dev"}}"#,
                "aws kinesis add-tags-to-stream --stream-name a --tags team=data,env=dev",
            ),
            (
                DeleteStream,
                r#"{"StreamName":"a","EnforceConsumerDeletion":true}"#,
                "aws kinesis delete-stream --stream-name a --enforce-consumer-deletion",
            ),
            (
                DeleteStream,
                r#"{"StreamName":"a","EnforceConsumerDeletion":false}"#,
                "aws kinesis delete-stream --stream-name a --no-enforce-consumer-deletion",
            ),
            (
                ListShards,
                r#"{"StreamName":"a","ShardFilter":{"Type":"AT_LATEST"},"StreamCreationTimestamp":1.7000000005E9}"#,
                "aws kinesis list-shards --stream-name a --shard-filter Type=AT_LATEST --stream-creation-timestamp 1.7000000005E9",
            ),
            (
                ListShards,
                r#"{"StreamName":"a","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":1700000000}}"#,
                "aws kinesis list-shards --stream-name a --shard-filter Type=AT_TIMESTAMP,Timestamp=1700000000",
            ),
            (
                RemoveTagsFromStream,
                r#"{"StreamName":"a","TagKeys":["team","env"]}"#,
                "aws kinesis remove-tags-from-stream --stream-name a --tag-keys team env",
            ),
            (
                SplitShard,
                r#"{"StreamName":"a","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"170141183460469231731687303715884105728"}"#,
                "aws kinesis split-shard --stream-name a --shard-to-split shardId-000000000000 \
                 --new-starting-hash-key 170141183460469231731687303715884105728",
            ),
            (
                StartStreamEncryption,
                r#"{"StreamName":"a","EncryptionType":"KMS","KeyId":"alias/aws/kinesis"}"#,
                "aws kinesis start-stream-encryption --stream-name a --encryption-type KMS --key-id alias/aws/kinesis",
            ),
            (
                UpdateShardCount,
                r#"{"StreamName":"a","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}"#,
                "aws kinesis update-shard-count --stream-name a --target-shard-count 4 --scaling-type UNIFORM_SCALING",
            ),
            (
                ListTagsForStream,
                r#"{"StreamName":"a","ExclusiveStartTagKey":"env","Limit":10}"#,
                "aws kinesis list-tags-for-stream --stream-name a --exclusive-start-tag-key env --limit 10",
            ),
        ] {
            assert_eq!(cli(operation, body), command, "{body}");
        }
    }

    #[test]
    fn paginated_operations_use_the_cli_paging_flags() {
        use Operation::*;
        for (operation, body, command) in [
            (DescribeStream, r#"{"StreamName":"a"}"#, "aws kinesis describe-stream --stream-name a"),
            (
                DescribeStream,
                r#"{"StreamName":"a","Limit":2,"ExclusiveStartShardId":"shardId-000000000099"}"#,
                "aws kinesis describe-stream --stream-name a --page-size 2 --starting-token shardId-000000000099",
            ),
            (
                ListShards,
                r#"{"StreamName":"a","MaxResults":5}"#,
                "aws kinesis list-shards --stream-name a --page-size 5",
            ),
            (
                ListShards,
                r#"{"StreamName":"a","ExclusiveStartShardId":"shardId-000000000001"}"#,
                "aws kinesis list-shards --stream-name a --exclusive-start-shard-id shardId-000000000001",
            ),
            // The simulator's tokens are base64 in fours: the CLI would decode them, so they go
            // by the member's own flag, which makes it call once and not page.
            (
                ListShards,
                r#"{"NextToken":"MXwxNzk1OTc5MTE2NTkzfDE3OTU5NzkxMDMyNzd8MXwtfHMx","MaxResults":2}"#,
                "aws kinesis list-shards --next-token MXwxNzk1OTc5MTE2NTkzfDE3OTU5NzkxMDMyNzd8MXwtfHMx --max-results 2",
            ),
            (ListShards, r#"{"NextToken":"abc___5"}"#, "aws kinesis list-shards --next-token abc___5"),
            (ListStreams, r#"{"Limit":1}"#, "aws kinesis list-streams --page-size 1"),
            (
                ListStreams,
                r#"{"Limit":1,"ExclusiveStartStreamName":"a"}"#,
                "aws kinesis list-streams --limit 1 --exclusive-start-stream-name a",
            ),
        ] {
            assert_eq!(cli(operation, body), command, "{body}");
        }
    }

    #[test]
    fn hostile_values_are_quoted_or_given_as_json() {
        use Operation::*;
        for (operation, body, command) in [
            (CreateStream, r#"{"StreamName":"it's"}"#, r"aws kinesis create-stream --stream-name 'it'\''s'"),
            (
                CreateStream,
                r#"{"StreamName":"a b; rm -rf ~"}"#,
                "aws kinesis create-stream --stream-name 'a b; rm -rf ~'",
            ),
            (CreateStream, r#"{"StreamName":"$(id)`id`"}"#, "aws kinesis create-stream --stream-name '$(id)`id`'"),
            (CreateStream, r#"{"StreamName":"a\nb"}"#, "aws kinesis create-stream --stream-name 'a\nb'"),
            (CreateStream, r#"{"StreamName":""}"#, "aws kinesis create-stream --stream-name ''"),
            (CreateStream, r#"{"StreamName":"-x"}"#, "aws kinesis create-stream --stream-name=-x"),
            (
                CreateStream,
                r#"{"StreamName":"a","ShardCount":-1}"#,
                "aws kinesis create-stream --stream-name a --shard-count=-1",
            ),
            (
                AddTagsToStream,
                r#"{"StreamName":"a","Tags":{"a b":"c,d","e":"it's"}}"#,
                r#"aws kinesis add-tags-to-stream --stream-name a --tags '{"a b":"c,d","e":"it'\''s"}'"#,
            ),
            (
                AddTagsToStream,
                r#"{"StreamName":"a","Tags":{"k":""}}"#,
                r#"aws kinesis add-tags-to-stream --stream-name a --tags '{"k":""}'"#,
            ),
            (
                RemoveTagsFromStream,
                r#"{"StreamName":"a","TagKeys":["-x","[y"]}"#,
                r#"aws kinesis remove-tags-from-stream --stream-name a --tag-keys '["-x","[y"]'"#,
            ),
            (
                RemoveTagsFromStream,
                r#"{"StreamName":"a","TagKeys":[]}"#,
                "aws kinesis remove-tags-from-stream --stream-name a --tag-keys '[]'",
            ),
            (
                CreateStream,
                r#"{"StreamName":"a","StreamModeDetails":{"StreamMode":"ON,DEMAND"}}"#,
                r#"aws kinesis create-stream --stream-name a --stream-mode-details '{"StreamMode":"ON,DEMAND"}'"#,
            ),
            (
                CreateStream,
                r#"{"StreamName":"a","StreamModeDetails":{"StreamMode":"file://x"}}"#,
                r#"aws kinesis create-stream --stream-name a --stream-mode-details '{"StreamMode":"file://x"}'"#,
            ),
            (
                CreateStream,
                r#"{"StreamName":"a","StreamModeDetails":{}}"#,
                "aws kinesis create-stream --stream-name a --stream-mode-details '{}'",
            ),
        ] {
            assert_eq!(cli(operation, body), command, "{body}");
        }
    }

    #[test]
    fn bodies_flags_cannot_carry_are_given_whole() {
        use Operation::*;
        for (operation, body) in [
            (CreateStream, r#"{"StreamName": "broken","#),
            (CreateStream, "[]"),
            (CreateStream, r#""StreamName""#),
            (CreateStream, r#"{"StreamName":"a","Unknown":1}"#),
            (CreateStream, r#"{"StreamName":"a","ShardCount":"1"}"#),
            (CreateStream, r#"{"StreamName":"a","ShardCount":1.5}"#),
            (CreateStream, r#"{"StreamName":null}"#),
            (CreateStream, r#"{"StreamName":"a","StreamName":"b"}"#),
            (CreateStream, r#"{"StreamName":"\ud800"}"#),
            (CreateStream, r#"{"StreamName":"file:///etc/passwd"}"#),
            (CreateStream, r#"{"StreamName":"https://example.com/x"}"#),
            (CreateStream, r#"{"StreamName":"a","StreamModeDetails":{"Mode":"ON_DEMAND"}}"#),
            (DeleteStream, r#"{"StreamName":"a","EnforceConsumerDeletion":"true"}"#),
            (ListShards, r#"{"StreamName":"a","StreamCreationTimestamp":"2023-01-01"}"#),
            (ListShards, r#"{"NextToken":5}"#),
            (EnableEnhancedMonitoring, r#"{"StreamName":"a","ShardLevelMetrics":"ALL"}"#),
            (ListStreamConsumers, r#"{"StreamARN":"a"}"#),
            // A blob: the CLI's handling of base64 differs between its versions.
            (PutRecord, r#"{"StreamName":"a","Data":"eA==","PartitionKey":"k"}"#),
        ] {
            let command = cli(operation, body);
            assert!(command.contains(" --cli-input-json '"), "{body}: {command}");
            // Only the CLI reads files and addresses named in its arguments.
            assert_eq!(call(operation, body).contains("(**json.loads('"), !body.contains("://"), "{body}");
        }
        assert_eq!(
            cli(CreateStream, r#"{"StreamName":"it's","Bad":1}"#),
            r#"aws kinesis create-stream --cli-input-json '{"StreamName":"it'\''s","Bad":1}'"#
        );
    }

    #[test]
    fn attached_commands_name_the_endpoint() {
        assert_eq!(
            aws_cli(Operation::DescribeLimits, "{}", Some("http://127.0.0.1:4567/")),
            "aws --endpoint-url http://127.0.0.1:4567/ kinesis describe-limits"
        );
        let attached = boto3(Operation::DescribeLimits, "{}", Some("http://127.0.0.1:4567/"));
        assert!(
            attached.contains("kinesis = boto3.client(\"kinesis\", endpoint_url='http://127.0.0.1:4567/')\n"),
            "{attached}"
        );
        assert!(!attached.contains("# For the local endpoint"));
    }

    #[test]
    fn boto3_takes_keyword_arguments_as_python_literals() {
        use Operation::*;
        assert_eq!(
            call(CreateStream, r#"{"StreamName":"orders","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#),
            "response = kinesis.create_stream(StreamName='orders', StreamModeDetails={'StreamMode': 'ON_DEMAND'})"
        );
        assert_eq!(call(DescribeLimits, "{}"), "response = kinesis.describe_limits()");
        assert_eq!(
            call(DeleteStream, r#"{"StreamName":"a","EnforceConsumerDeletion":false}"#),
            "response = kinesis.delete_stream(StreamName='a', EnforceConsumerDeletion=False)"
        );
        assert_eq!(
            call(AddTagsToStream, r#"{"StreamName":"a","Tags":{"it's":"a\\b\n\u0007é😀"}}"#),
            r"response = kinesis.add_tags_to_stream(StreamName='a', Tags={'it\'s': 'a\\b\n\x07\xe9\U0001f600'})"
        );
        assert_eq!(
            call(
                ListShards,
                r#"{"StreamName":"a","MaxResults":2,"ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":1.7E9}}"#
            ),
            "response = kinesis.list_shards(StreamName='a', MaxResults=2, ShardFilter={'Type': 'AT_TIMESTAMP', 'Timestamp': 1.7E9})"
        );
        assert_eq!(
            call(RemoveTagsFromStream, r#"{"StreamName":"a","TagKeys":["x","y"]}"#),
            "response = kinesis.remove_tags_from_stream(StreamName='a', TagKeys=['x', 'y'])"
        );
        // No json import unless the body goes whole; the whole body is a Python literal too.
        assert!(!boto3(DescribeLimits, "{}", None).contains("import json"));
        let whole = boto3(UpdateStreamMode, "{\"StreamARN\":\"a\\\"b\",\n\"x\":'y'}", None);
        assert!(whole.starts_with("import json\nimport boto3\n"), "{whole}");
        assert!(
            whole.contains(r#"kinesis.update_stream_mode(**json.loads('{"StreamARN":"a\\"b",\n"x":\'y\'}'))"#),
            "{whole}"
        );
    }
}

//! The inspector's "Copy as AWS CLI" and "Copy as boto3": the same request as a command a learner
//! can run against the real service, or against the local endpoint with `--endpoint-url`.

use crate::sim::Operation;

/// `CreateStream` as `create-stream` (separator `-`) or `create_stream` (`_`).
fn words(operation: Operation, separator: char) -> String {
    let mut out = String::new();
    for (i, c) in operation.name().chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(separator);
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn is_empty_body(body: &str) -> bool {
    body.chars().filter(|c| !c.is_whitespace()).collect::<String>() == "{}"
}

/// `aws kinesis <operation> --cli-input-json '<body>'`, the body exactly as sent; with
/// `--endpoint-url` when the call went to an attached endpoint (addresses from
/// `attach::endpoint_address` hold no quotes or spaces).
pub fn aws_cli(operation: Operation, body: &str, endpoint: Option<&str>) -> String {
    let endpoint = endpoint.map(|url| format!(" --endpoint-url '{url}'")).unwrap_or_default();
    let command = format!("aws{endpoint} kinesis {}", words(operation, '-'));
    if is_empty_body(body) {
        return command;
    }
    // Inside single quotes a shell takes everything literally but a single quote.
    format!("{command} --cli-input-json '{}'", body.replace('\'', r"'\''"))
}

/// A boto3 snippet that sends the same body (to `endpoint` when the call went to one).
pub fn boto3(operation: Operation, body: &str, endpoint: Option<&str>) -> String {
    let method = words(operation, '_');
    let call = if is_empty_body(body) {
        format!("response = kinesis.{method}()")
    } else {
        let literal = body.replace('\\', r"\\").replace('\'', r"\'").replace('\n', r"\n");
        format!("response = kinesis.{method}(**json.loads('{literal}'))")
    };
    let client = match endpoint {
        Some(url) => format!("kinesis = boto3.client(\"kinesis\", endpoint_url=\"{url}\")"),
        None => "# For the local endpoint: boto3.client(\"kinesis\", endpoint_url=\"http://127.0.0.1:4567\")\n\
                 kinesis = boto3.client(\"kinesis\")"
            .to_owned(),
    };
    format!("import json\nimport boto3\n\n{client}\n{call}\nprint(response)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_commands() {
        assert_eq!(
            aws_cli(Operation::DescribeStreamSummary, r#"{"StreamName":"a"}"#, None),
            r#"aws kinesis describe-stream-summary --cli-input-json '{"StreamName":"a"}'"#
        );
        assert_eq!(aws_cli(Operation::DescribeLimits, "{ }", None), "aws kinesis describe-limits");
        assert_eq!(
            aws_cli(Operation::DescribeLimits, "{}", Some("http://127.0.0.1:4567/")),
            "aws --endpoint-url 'http://127.0.0.1:4567/' kinesis describe-limits"
        );
        assert_eq!(
            aws_cli(Operation::CreateStream, r#"{"StreamName":"it's"}"#, None),
            r#"aws kinesis create-stream --cli-input-json '{"StreamName":"it'\''s"}'"#
        );
    }

    #[test]
    fn boto3_snippets() {
        let snippet = boto3(Operation::UpdateStreamMode, "{\"StreamARN\":\"a\\\"b\",\n\"x\":'y'}", None);
        assert!(
            snippet.contains(r#"kinesis.update_stream_mode(**json.loads('{"StreamARN":"a\\"b",\n"x":\'y\'}'))"#),
            "{snippet}"
        );
        assert!(boto3(Operation::DescribeLimits, "{}", None).contains("response = kinesis.describe_limits()"));
        let attached = boto3(Operation::DescribeLimits, "{}", Some("http://127.0.0.1:4567/"));
        assert!(
            attached.contains("kinesis = boto3.client(\"kinesis\", endpoint_url=\"http://127.0.0.1:4567/\")\n"),
            "{attached}"
        );
        assert!(!attached.contains("# For the local endpoint"));
    }
}

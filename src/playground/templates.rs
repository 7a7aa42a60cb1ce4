//! Request bodies the console starts from: for each simulated operation, every member of its
//! input shape in the 2021-11-30 model with an example value, in model order (the table of
//! operations holds them; a test checks them against the model file).

use crate::sim::Operation;

/// The example body of `operation` for the stream `name` (and its `arn`), pretty-printed; `{}`
/// for an operation that is not simulated.
pub fn template(operation: Operation, name: &str, arn: &str) -> String {
    let Some(template) = operation.console_template() else { return "{}".to_owned() };
    // In one pass, so that a name that itself reads `{arn}` stays a name; escaped as JSON.
    let mut body = String::with_capacity(template.len() + name.len() + arn.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        body.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(tail) = after.strip_prefix("{name}") {
            body.push_str(&serde_json::to_string(name).unwrap_or_default());
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("{arn}") {
            body.push_str(&serde_json::to_string(arn).unwrap_or_default());
            rest = tail;
        } else {
            body.push('{');
            rest = &after[1..];
        }
    }
    body.push_str(rest);
    body
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
        let body = template(Operation::UpdateStreamMode, "{arn}", "arn:aws:kinesis:us-east-1:123456789012:stream/é");
        assert!(
            body.starts_with("{\n  \"StreamARN\": \"arn:aws:kinesis:us-east-1:123456789012:stream/é\",\n"),
            "{body}"
        );
        assert_eq!(template(Operation::DescribeStreamSummary, "{arn}", "x"), "{\n  \"StreamName\": \"{arn}\"\n}");
        assert_eq!(template(Operation::ListStreamConsumers, "s", "x"), "{}");
    }
}

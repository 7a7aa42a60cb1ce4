//! An awsQuery request body (`application/x-www-form-urlencoded`) as a tree: `Action` and
//! `Version` apart, and the parameters nested by their dotted names, where `X.member.N` is item N
//! (from 1) of list X. Every value stays a string; `input` reads numbers and times from them.
//!
//! `Action=ListMetrics&Version=2010-08-01&Dimensions.member.1.Name=StreamName` reads as action
//! `ListMetrics` and `{"Dimensions": [{"Name": "StreamName"}]}`.

use serde_json::{Map, Value};

pub struct Form {
    pub action: Option<String>,
    pub version: Option<String>,
    pub parameters: Value,
}

pub fn parse(body: &[u8]) -> Form {
    let mut form = Form { action: None, version: None, parameters: Value::Object(Map::new()) };
    for pair in body.split(|&b| b == b'&').filter(|pair| !pair.is_empty()) {
        let (key, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (decode(&pair[..at]), decode(&pair[at + 1..])),
            None => (decode(pair), String::new()),
        };
        match key.as_str() {
            "Action" => form.action = Some(value),
            "Version" => form.version = Some(value),
            _ => insert(&mut form.parameters, &key, value),
        }
    }
    lists(&mut form.parameters);
    form
}

/// Sets the dotted `path` to `value`, making objects on the way; a later value wins.
fn insert(root: &mut Value, path: &str, value: String) {
    let mut node = root;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        let Value::Object(members) = node else { return };
        if segments.peek().is_none() {
            members.insert(segment.to_owned(), Value::String(value));
            return;
        }
        node = members.entry(segment.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Turns every `{"member": {"1": a, "2": b}}` into `[a, b]`, in the order of the numbers.
fn lists(node: &mut Value) {
    let Value::Object(members) = node else { return };
    for value in members.values_mut() {
        lists(value);
    }
    let is_list = members.len() == 1
        && members
            .get("member")
            .and_then(Value::as_object)
            .is_some_and(|items| items.keys().all(|key| key.parse::<u32>().is_ok()));
    if !is_list {
        return;
    }
    let Some(Value::Object(items)) = members.remove("member") else { return };
    let mut items: Vec<(u32, Value)> = items.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
    items.sort_by_key(|(index, _)| *index);
    *node = Value::Array(items.into_iter().map(|(_, v)| v).collect());
}

/// Percent-decoding, with `+` for a space; invalid UTF-8 is replaced, not refused.
fn decode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_nest_by_their_dotted_names() {
        let body = b"Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FKinesis&MetricName=IncomingBytes\
            &Dimensions.member.2.Name=ShardId&Dimensions.member.1.Name=StreamName&Dimensions.member.1.Value=a+b\
            &Statistics.member.1=Sum&StartTime=2023-11-14T22%3A13%3A20Z&Bad=%zz&Tail=%4";
        let form = parse(body);
        assert_eq!(
            (form.action.as_deref(), form.version.as_deref()),
            (Some("GetMetricStatistics"), Some("2010-08-01"))
        );
        assert_eq!(
            form.parameters,
            json!({
                "Namespace": "AWS/Kinesis",
                "MetricName": "IncomingBytes",
                "Dimensions": [{"Name": "StreamName", "Value": "a b"}, {"Name": "ShardId"}],
                "Statistics": ["Sum"],
                "StartTime": "2023-11-14T22:13:20Z",
                "Bad": "%zz",
                "Tail": "%4",
            })
        );
        assert_eq!(parse(b"").parameters, json!({}));
        // An empty list is sent as the bare name.
        assert_eq!(parse(b"Action=ListMetrics&Dimensions=").parameters, json!({"Dimensions": ""}));
    }
}

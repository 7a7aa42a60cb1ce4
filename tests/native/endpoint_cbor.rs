#![cfg(not(target_arch = "wasm32"))]
//! Kinesis's CBOR protocol at the local endpoint (docs/behaviour.md §8.3). Every call of every
//! golden transcript is made a second time in CBOR, encoded as the AWS SDK for Java encodes it
//! (blobs as byte strings, timestamps as tag 1 and epoch milliseconds, by the model's input
//! shapes), through the endpoint's protocol layer, to a second simulator at the same time. Each
//! answer must be CBOR and decode to the values of the JSON answer, read by the model's output
//! shapes: the same statuses, errors and messages, and the same records, bytes for bytes.

use std::path::PathBuf;

use ciborium::Value as Cbor;
use kinesis_playground::endpoint::cbor;
use kinesis_playground::sim::json::{self, Value as Json};
use kinesis_playground::sim::{Config, Simulator, base64};
use serde_json::{Map, Value, json};

use crate::support::endpoint_call::Call;
use crate::support::model::model;
use crate::support::transcript::{self, Made};

const CBOR_TYPE: &str = "application/x-amz-cbor-1.1";

fn shape(name: &str) -> &'static Value {
    &model()["shapes"][name]
}

fn member_shape<'v>(shape: &'v Value, key: &str) -> Option<&'v str> {
    shape["members"][key]["shape"].as_str()
}

/// A JSON request body as the AWS SDK for Java writes it in CBOR, led by the input shape; where
/// the body does not follow the shape (the transcripts send wrong types on purpose), by JSON type.
fn java_cbor(value: Json, shape_name: Option<&str>) -> Cbor {
    let shape = shape_name.map(shape).unwrap_or(&Value::Null);
    match (shape["type"].as_str(), value) {
        (Some("blob"), Json::String(text)) => match base64::decode_strict(text).ok() {
            Some(bytes) => Cbor::Bytes(bytes),
            None => Cbor::Text(text.into()),
        },
        (Some("timestamp"), Json::Number(number)) => {
            let millis = number.as_f64() * 1000.0;
            let tagged =
                if millis.fract() == 0.0 { Cbor::Integer((millis as i64).into()) } else { Cbor::Float(millis) };
            Cbor::Tag(1, Box::new(tagged))
        }
        (_, Json::Null) => Cbor::Null,
        (_, Json::Bool(b)) => Cbor::Bool(b),
        (_, Json::Number(number)) => match number.as_i64() {
            Some(integer) => Cbor::Integer(integer.into()),
            None => Cbor::Float(number.as_f64()),
        },
        (_, Json::String(text)) => Cbor::Text(text.into()),
        (_, Json::Array(items)) => {
            let item_shape = shape["member"]["shape"].as_str();
            Cbor::Array(items.iter().map(|item| java_cbor(item, item_shape)).collect())
        }
        (_, Json::Object(members)) => Cbor::Map(
            members
                .iter()
                .map(|(key, item)| (Cbor::Text(key.into()), java_cbor(item, member_shape(shape, key))))
                .collect(),
        ),
    }
}

fn encode(value: &Cbor) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).unwrap();
    out
}

/// A CBOR answer as JSON values, with what JSON cannot tell apart marked: byte strings as
/// `{"$bytes": base64}` and tagged timestamps as `{"$epoch_ms": n}`.
fn decoded(value: &Cbor) -> Value {
    match value {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => json!(b),
        Cbor::Integer(i) => json!(i64::try_from(i128::from(*i)).unwrap()),
        Cbor::Float(f) => json!(f),
        Cbor::Text(text) => json!(text),
        Cbor::Bytes(bytes) => json!({ "$bytes": base64::encode(bytes) }),
        Cbor::Tag(1, inner) => json!({ "$epoch_ms": decoded(inner) }),
        Cbor::Tag(tag, inner) => json!({ "$tag": tag, "value": decoded(inner) }),
        Cbor::Array(items) => Value::Array(items.iter().map(decoded).collect()),
        Cbor::Map(entries) => Value::Object(
            entries.iter().map(|(key, item)| (key.as_text().expect("text keys").to_owned(), decoded(item))).collect(),
        ),
        other => panic!("unexpected CBOR {other:?}"),
    }
}

/// What a JSON answer must decode to in CBOR, read by the output shape: blobs as bytes and
/// timestamps as epoch milliseconds.
fn expected(value: &Value, shape_name: Option<&str>) -> Value {
    let shape = shape_name.map(shape).unwrap_or(&Value::Null);
    match (shape["type"].as_str(), value) {
        (Some("blob"), Value::String(text)) => json!({ "$bytes": text }),
        (Some("timestamp"), Value::Number(seconds)) => {
            json!({ "$epoch_ms": (seconds.as_f64().unwrap() * 1000.0).round() as i64 })
        }
        (_, Value::Array(items)) => {
            Value::Array(items.iter().map(|item| expected(item, shape["member"]["shape"].as_str())).collect())
        }
        (_, Value::Object(members)) => Value::Object(
            members
                .iter()
                .map(|(key, item)| {
                    let item_shape = member_shape(shape, key).or_else(|| shape["value"]["shape"].as_str());
                    (key.clone(), expected(item, item_shape))
                })
                .collect::<Map<_, _>>(),
        ),
        (_, other) => other.clone(),
    }
}

fn golden_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

/// Makes `made` again in CBOR on `simulator` and checks the answer; false when the call cannot
/// be said in CBOR (its body is not JSON).
fn check_in_cbor(simulator: &mut Simulator, made: &Made, place: &str) -> bool {
    let operation = &model()["operations"][made.operation];
    let body = if made.body.is_empty() {
        Vec::new()
    } else {
        let Ok(document) = json::parse(made.body) else { return false };
        encode(&java_cbor(document.root(), operation["input"]["shape"].as_str()))
    };
    let answer = Call::cbor("ListStreams", &body).with("x-amz-target", made.target).at(made.now_ms).send(simulator);
    assert_eq!(answer.status().as_u16(), made.response.status, "{place}");
    assert_eq!(answer.headers()["content-type"], CBOR_TYPE, "{place}");
    if made.response.body.is_empty() {
        assert!(answer.body().is_empty(), "{place}: an empty answer stays empty");
        return true;
    }
    let mut rest = &answer.body()[..];
    let value: Cbor = ciborium::de::from_reader(&mut rest).unwrap_or_else(|e| panic!("{place}: not CBOR: {e}"));
    assert!(rest.is_empty(), "{place}: bytes after the answer");
    let json_answer: Value = serde_json::from_slice(&made.response.body).unwrap();
    let output = if made.response.status == 200 { operation["output"]["shape"].as_str() } else { None };
    assert_eq!(decoded(&value), expected(&json_answer, output), "{place}");
    true
}

#[test]
fn every_golden_call_answers_the_same_in_cbor() {
    let (mut calls, mut in_cbor) = (0, 0);
    for file in golden_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut simulator: Option<Simulator> = None;
        transcript::replay_with(&text, |made| {
            let simulator = simulator.get_or_insert_with(|| Simulator::new(made.config.clone()));
            calls += 1;
            if check_in_cbor(simulator, &made, &format!("{name}:{}", made.line)) {
                in_cbor += 1;
            }
        });
    }
    // Every call but the few whose body is deliberately not JSON.
    assert!(calls > 400 && in_cbor + 10 > calls, "{in_cbor} of {calls} calls made in CBOR");
}

/// The endpoint translates by member name (src/endpoint/cbor.rs): each name it treats as a
/// timestamp or blob must be one in every shape that has it, and every timestamp and blob member
/// of the model must be among them.
#[test]
fn the_member_names_cbor_translates_match_the_model() {
    let operations = model()["operations"].as_object().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut types = std::collections::BTreeMap::<(bool, String), std::collections::BTreeSet<String>>::new();
    fn walk(
        shape_name: &str,
        input: bool,
        seen: &mut std::collections::BTreeSet<(bool, String)>,
        types: &mut std::collections::BTreeMap<(bool, String), std::collections::BTreeSet<String>>,
    ) {
        if !seen.insert((input, shape_name.to_owned())) {
            return;
        }
        let shape = shape(shape_name);
        for (key, member) in shape["members"].as_object().into_iter().flatten() {
            let member_shape = member["shape"].as_str().unwrap();
            let kind = crate::support::model::model()["shapes"][member_shape]["type"].as_str().unwrap().to_owned();
            types.entry((input, key.clone())).or_default().insert(kind);
            walk(member_shape, input, seen, types);
        }
        for nested in [&shape["member"]["shape"], &shape["value"]["shape"]] {
            if let Some(nested) = nested.as_str() {
                walk(nested, input, seen, types);
            }
        }
    }
    for (name, operation) in operations {
        // SubscribeToShard's event stream is HTTP/2 and not simulated.
        if name == "SubscribeToShard" {
            continue;
        }
        if let Some(input) = operation["input"]["shape"].as_str() {
            walk(input, true, &mut seen, &mut types);
        }
        if let Some(output) = operation["output"]["shape"].as_str() {
            walk(output, false, &mut seen, &mut types);
        }
    }
    let named = |input: bool, kind: &str| -> Vec<String> {
        types
            .iter()
            .filter(|((i, _), kinds)| *i == input && kinds.contains(kind))
            .map(|((_, k), _)| k.clone())
            .collect()
    };
    let sorted = |names: &[&str]| {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort();
        names
    };
    assert_eq!(named(true, "timestamp"), sorted(&cbor::REQUEST_TIMESTAMPS));
    assert_eq!(named(false, "timestamp"), sorted(&cbor::RESPONSE_TIMESTAMPS));
    assert_eq!(named(false, "blob"), sorted(&cbor::RESPONSE_BLOBS));
    for ((input, name), kinds) in &types {
        if kinds.contains("timestamp") || kinds.contains("blob") {
            assert_eq!(kinds.len(), 1, "{name} ({}) is also {kinds:?}", if *input { "input" } else { "output" });
        }
    }
}

fn decode(body: &[u8]) -> Value {
    decoded(&ciborium::de::from_reader::<Cbor, _>(body).expect("a CBOR answer"))
}

#[test]
fn protocol_errors_answer_cbor_in_cbor() {
    let mut sim = Simulator::new(Config::default());
    let list = encode(&Cbor::Map(vec![]));
    let answer = Call::cbor("ListStreams", &list).without("authorization").send(&mut sim);
    assert_eq!(answer.status().as_u16(), 400);
    assert_eq!(answer.headers()["content-type"], CBOR_TYPE);
    assert_eq!(
        decode(answer.body()),
        json!({"__type": "MissingAuthenticationTokenException", "message": "Missing Authentication Token"})
    );

    // Malformed CBOR, and CBOR that is not a map, are malformed bodies; an empty body is checked
    // as in JSON (SerializationException for a known operation, UnknownOperation otherwise).
    for body in [&b"\xbf"[..], b"\x80", b"{}", b"\xa1\x01\x02"] {
        let answer = Call::cbor("ListStreams", body).send(&mut sim);
        assert_eq!(answer.status().as_u16(), 400);
        assert_eq!(decode(answer.body()), json!({"__type": "SerializationException"}), "{body:?}");
    }
    let answer = Call::cbor("ListStreams", b"").send(&mut sim);
    assert_eq!(decode(answer.body()), json!({"__type": "SerializationException"}));
    let answer = Call::cbor("Nope", b"").send(&mut sim);
    assert_eq!(decode(answer.body()), json!({"__type": "UnknownOperationException"}));

    // Another site's page gets its refusal in the format it asked in.
    let answer = Call::cbor("ListStreams", &list).with("origin", "https://evil.example").send(&mut sim);
    assert_eq!(answer.status().as_u16(), 403);
    assert_eq!(decode(answer.body())["__type"], "AccessDeniedException");
}

#[test]
fn a_record_written_in_cbor_reads_back_in_json_and_the_reverse() {
    let mut sim = Simulator::new(Config { durations: kinesis_playground::sim::Durations::FAST, ..Config::default() });
    let create = encode(&Cbor::Map(vec![
        (Cbor::Text("StreamName".into()), Cbor::Text("s".into())),
        (Cbor::Text("ShardCount".into()), Cbor::Integer(1.into())),
    ]));
    assert_eq!(Call::cbor("CreateStream", &create).send(&mut sim).status().as_u16(), 200);
    let later = crate::support::endpoint_call::NOW + 60_000;
    let data: Vec<u8> = (0..=255).collect();
    let put = encode(&Cbor::Map(vec![
        (Cbor::Text("StreamName".into()), Cbor::Text("s".into())),
        (Cbor::Text("Data".into()), Cbor::Bytes(data.clone())),
        (Cbor::Text("PartitionKey".into()), Cbor::Text("k".into())),
    ]));
    let answer = Call::cbor("PutRecord", &put).at(later).send(&mut sim);
    assert_eq!(decode(answer.body())["ShardId"], "shardId-000000000000");
    let json_put = format!(r#"{{"StreamName":"s","Data":"{}","PartitionKey":"j"}}"#, base64::encode(b"from json"));
    assert_eq!(Call::sdk("PutRecord", &json_put).at(later).send(&mut sim).status().as_u16(), 200);

    // AT_TIMESTAMP in milliseconds: one millisecond after both records finds none.
    let iterator = |millis: i64, sim: &mut Simulator| {
        let body = encode(&Cbor::Map(vec![
            (Cbor::Text("StreamName".into()), Cbor::Text("s".into())),
            (Cbor::Text("ShardId".into()), Cbor::Text("shardId-000000000000".into())),
            (Cbor::Text("ShardIteratorType".into()), Cbor::Text("AT_TIMESTAMP".into())),
            (Cbor::Text("Timestamp".into()), Cbor::Tag(1, Box::new(Cbor::Integer(millis.into())))),
        ]));
        let answer = Call::cbor("GetShardIterator", &body).at(millis).send(sim);
        let answer = decode(answer.body());
        answer["ShardIterator"].as_str().unwrap_or_else(|| panic!("{answer}")).to_owned()
    };
    let records = |iterator: String, sim: &mut Simulator| {
        let body = encode(&Cbor::Map(vec![(Cbor::Text("ShardIterator".into()), Cbor::Text(iterator))]));
        decode(Call::cbor("GetRecords", &body).at(later).send(sim).body())["Records"].clone()
    };
    let read = records(iterator(later, &mut sim), &mut sim);
    assert_eq!(read[0]["Data"], json!({ "$bytes": base64::encode(&data) }));
    assert_eq!(read[0]["ApproximateArrivalTimestamp"], json!({ "$epoch_ms": later }));
    assert_eq!(read[1]["Data"], json!({ "$bytes": base64::encode(b"from json") }));
    assert_eq!(records(iterator(later + 1, &mut sim), &mut sim), json!([]));
}

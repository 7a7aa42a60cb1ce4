#![cfg(not(target_arch = "wasm32"))]
//! Replays every transcript in `tests/golden/` and checks each answer byte for byte, against the
//! API model, and for the service's key order. See `support/transcript.rs` for the format. Also
//! checks that every citation of the project's references names a section that exists
//! (`support/citations.rs`).

use crate::support;

use std::path::PathBuf;

fn golden_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_transcript_replays_exactly() {
    let files = golden_files();
    assert!(!files.is_empty(), "no transcripts found");
    for file in files {
        support::transcript::check_file(&file);
    }
}

/// The checks above must be able to fail: a wrong golden answer is caught.
#[test]
fn a_wrong_answer_is_caught() {
    let transcript = "-> DescribeStreamSummary {\"StreamName\":\"nope\"}\n<- 200\n";
    let replay = support::transcript::replay(transcript);
    assert_ne!(replay.actual, transcript);
    assert_eq!(replay.calls[0].status, 400);
}

#[test]
fn the_model_checker_rejects_what_the_service_would_not_send() {
    use support::model::check_response;
    // A member the 2021 model lacks, a missing required member, a bad enum value, a null member.
    let cases: [(&str, u16, &str); 6] = [
        (
            "DescribeLimits",
            200,
            r#"{"OpenShardCount":0,"ShardLimit":500,"OnDemandStreamCount":0,"OnDemandStreamCountLimit":50,"Extra":1}"#,
        ),
        ("DescribeLimits", 200, r#"{"OpenShardCount":0,"ShardLimit":500,"OnDemandStreamCount":0}"#),
        (
            "DescribeStreamSummary",
            200,
            r#"{"StreamDescriptionSummary":{"StreamName":"a","StreamARN":"x","StreamStatus":"READY","RetentionPeriodHours":24,"StreamCreationTimestamp":1.0E9,"EnhancedMonitoring":[],"OpenShardCount":1}}"#,
        ),
        ("CreateStream", 200, "{}"),
        (
            "DescribeStream",
            200,
            r#"{"StreamDescription":{"EncryptionType":"NONE","EnhancedMonitoring":[{"ShardLevelMetrics":[]}],"HasMoreShards":false,"KeyId":null,"RetentionPeriodHours":24,"Shards":[],"StreamARN":"x","StreamCreationTimestamp":1.7E9,"StreamModeDetails":{"StreamMode":"PROVISIONED"},"StreamName":"a","StreamStatus":"CREATING"}}"#,
        ),
        ("CreateStream", 400, r#"{"__type":"ExpiredIteratorException","message":"x"}"#),
    ];
    for (operation, status, body) in cases {
        assert!(check_response(operation, status, body.as_bytes()).is_err(), "{operation} {body} passed");
    }
    assert!(support::key_order::check_sorted(br#"{"b":1,"a":2}"#).is_err());
    assert!(support::key_order::check_sorted(br#"{"a":{"d":1,"c":2}}"#).is_err());
    assert!(support::key_order::check_sorted(br#"{"A":1,"B":[{"a":1,"b":2}],"__type":0}"#).is_ok());
}

/// The console's example bodies hold every member of each simulated operation's input shape in
/// the 2021-11-30 model, and nothing else.
#[test]
fn console_templates_follow_the_model() {
    use kinesis_playground::playground::templates::template;
    use kinesis_playground::sim::Operation;
    let model = support::model::model();
    for &operation in Operation::ALL.iter().filter(|op| op.is_simulated()) {
        let body: serde_json::Value =
            serde_json::from_str(&template(operation, "s", "arn:aws:kinesis:us-east-1:123456789012:stream/s")).unwrap();
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        let input = model["operations"][operation.name()]["input"]["shape"].as_str();
        let members: Vec<&String> = match input {
            Some(shape) => model["shapes"][shape]["members"].as_object().unwrap().keys().collect(),
            None => Vec::new(),
        };
        for key in &keys {
            assert!(members.contains(key), "{}: {key} is not a member of its input", operation.name());
        }
        // ListShards leaves out NextToken (it excludes StreamName) and StreamCreationTimestamp;
        // ListStreams its ExclusiveStartStreamName. Every other member is there.
        let optional_left_out = [
            "NextToken",
            "StreamCreationTimestamp",
            "ExclusiveStartShardId",
            "ExclusiveStartStreamName",
            "ExclusiveStartTagKey",
        ];
        // The data plane's templates leave out the members for special cases.
        let data_plane_left_out =
            ["ExplicitHashKey", "SequenceNumberForOrdering", "StartingSequenceNumber", "Timestamp"];
        for member in &members {
            let left_out = (optional_left_out.contains(&member.as_str()) && operation.name().starts_with("List"))
                || data_plane_left_out.contains(&member.as_str());
            assert!(keys.contains(member) || left_out, "{}: {member} is missing", operation.name());
        }
    }
}

/// The README's table of simulated operations is the table in `src/sim/ops/table.rs`: one row
/// per operation with its calls per second and summary. `UPDATE_GOLDEN=1` rewrites it.
#[test]
fn the_readme_lists_every_simulated_operation() {
    use kinesis_playground::sim::Operation;
    let mut table = String::from("| Operation | Calls per second | Notes |\n| --- | --- | --- |\n");
    for &operation in Operation::ALL.iter().filter(|op| op.is_simulated()) {
        let limit = operation.calls_per_second().map_or_else(|| "none documented".to_owned(), |n| n.to_string());
        let summary = operation.summary().unwrap_or_default();
        table.push_str(&format!("| {} | {limit} | {summary} |\n", operation.name()));
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find("| Operation |").expect("the README has a table of operations");
    let end = start + readme[start..].find("\n\n").expect("a blank line ends the table") + 1;
    if readme[start..end] != table {
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, format!("{}{table}{}", &readme[..start], &readme[end..])).unwrap();
        } else {
            panic!(
                "README.md's table of operations differs from src/sim/ops/table.rs; UPDATE_GOLDEN=1 rewrites it:\n{table}"
            );
        }
    }
}

/// Every citation of the project's own references (the behaviour reference and the toolchain
/// notes under `docs/`) names a document and a section that exist, in the one citation form, and
/// no file refers to a document outside the repository.
#[test]
fn every_cited_section_exists() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (citations, problems) = support::citations::check_repository(&root);
    assert!(problems.is_empty(), "{} problem(s) with citations:\n{}", problems.len(), problems.join("\n"));
    // The scan must see them: code, tests and scripts cite both documents.
    for document in ["behaviour.md", "toolchain.md"] {
        let count = citations.iter().filter(|c| c.document.ends_with(document)).count();
        assert!(count >= 5, "only {count} citations of {document} found");
    }
    assert!(citations.len() >= 100, "only {} citations found", citations.len());
}

/// The citation check must be able to fail: each kind of bad citation is caught, in a small
/// repository written for the test.
#[test]
fn bad_citations_are_caught() {
    use support::citations::check_repository;
    // Spelled in pieces, so that this file passes the check itself.
    const DOC: &str = concat!("docs/", "behaviour.md");
    const GUIDE: &str = concat!("docs/", "guide.md");
    const MISSING: &str = concat!("docs/", "missing.md");
    let sign = '\u{a7}';
    let outside = [concat!("KINESIS", ".md"), concat!("TOOLCHAIN", ".md"), concat!("..", "/shared/x")];

    let root = std::env::temp_dir().join(format!("citations-{}", std::process::id()));
    let files = [
        (DOC.to_owned(), format!("# R\n## 1. A\n### 1.2 B\nSee {sign}1.2 and {sign}3.\n## 10. C\n")),
        (GUIDE.to_owned(), "# A guide without numbered sections\n## Usage\n".to_owned()),
        ("README.md".to_owned(), format!("[{DOC}]({DOC}) and [{GUIDE}]({GUIDE}), {DOC} {sign}10.\n")),
        ("src/good.rs".to_owned(), format!("// ({DOC} {sign}1.2, {sign}10; {GUIDE})\n// (RFC 4648 {sign}5)\n")),
        (
            "src/not_ours.rs".to_owned(),
            format!("// <https://github.com/aws{DOC}>, {}\n", concat!("github.com/awsdocs/", "x.md")),
        ),
        ("src/heading.rs".to_owned(), format!("// ({DOC}, \"Bounded echoes\")\n")),
        ("src/no_section.rs".to_owned(), format!("// ({DOC})\n")),
        ("src/no_document.rs".to_owned(), format!("// ({sign}2.2)\n")),
        ("src/no_number.rs".to_owned(), format!("// ({DOC} {sign})\n")),
        ("src/unknown_section.rs".to_owned(), format!("// ({DOC} {sign}1.1, {sign}1.2)\n")),
        ("src/unknown_document.rs".to_owned(), format!("// ({MISSING} {sign}1)\n")),
        ("scripts/outside.sh".to_owned(), format!("# {}\n# {}\n# {}\n", outside[0], outside[1], outside[2])),
        ("target/ignored.rs".to_owned(), format!("// ({DOC} {sign}99)\n")),
        (".gitignore".to_owned(), "target/\n".to_owned()),
    ];
    for (path, text) in &files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (citations, problems) = check_repository(&root);
    std::fs::remove_dir_all(&root).unwrap();

    let in_file = |file: &str| problems.iter().filter(|p| p.starts_with(&format!("{file}:"))).count();
    for (file, expected) in [
        ("README.md", 0),
        (DOC, 1), // its bare section 3 does not exist
        (GUIDE, 0),
        ("src/good.rs", 0),
        ("src/not_ours.rs", 0),
        ("src/heading.rs", 1),
        ("src/no_section.rs", 1),
        ("src/no_document.rs", 1),
        ("src/no_number.rs", 1),
        ("src/unknown_section.rs", 1),
        ("src/unknown_document.rs", 1),
        ("scripts/outside.sh", 3),
    ] {
        assert_eq!(in_file(file), expected, "{file}: {problems:#?}");
    }
    assert_eq!(problems.len(), 10, "{problems:#?}");
    let cited = |file: &str| -> Vec<(usize, &str)> {
        citations.iter().filter(|c| c.file == file && c.document == DOC).map(|c| (c.line, c.section.as_str())).collect()
    };
    assert_eq!(cited("src/good.rs"), [(1, "1.2"), (1, "10")]);
    assert_eq!(cited("README.md"), [(1, "10")]);
    assert_eq!(cited(DOC), [(4, "1.2"), (4, "3")]);
}

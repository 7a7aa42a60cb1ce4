//! Checks the repository's citations of its own reference documents under `docs/`.
//!
//! A citation is a document's path, a space, a section sign and a section number, optionally
//! followed by more sections of the same document after commas: docs/behaviour.md §5.1, §6.1.
//! Inside a document under `docs/`, a section sign without a path refers to that document. A
//! section is a number that one of the document's headings starts with: `## 5. Operations` is
//! section 5, `### 5.1 CreateStream` is section 5.1.
//!
//! The checks, over every text file of the repository (the directories `.gitignore` names are
//! skipped, and so are files that are not UTF-8):
//! - every cited document exists and has every cited section;
//! - outside Markdown, a document with numbered sections is only ever named in the citation
//!   form, so a heading-style or section-less mention cannot slip in (other documents, such as
//!   the guides to scenarios and embedding, may be named plainly);
//! - outside `docs/`, a section sign belongs to a citation or to an RFC (RFC 4648 §5);
//! - no file names a document outside the repository (the team notes the references replace).
//!
//! This file spells the strings it looks for in pieces, so that it passes its own checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Names of documents outside the repository that no file may refer to. Spelled in pieces so
/// that this file does not name them itself.
const OUTSIDE: [&str; 5] = [
    concat!("KINESIS", ".md"),
    concat!("KINESIS-DATA", ".md"),
    concat!("TOOLCHAIN", ".md"),
    concat!("..", "/shared"),
    concat!("shared", "/reference"),
];

const SECTION_SIGN: char = '\u{a7}';

/// One cited section, with the document it belongs to.
#[derive(Debug, PartialEq, Eq)]
pub struct Citation {
    /// Where the citation is: the file's path in the repository and the line.
    pub file: String,
    pub line: usize,
    /// `docs/<name>.md`.
    pub document: String,
    pub section: String,
}

/// The section numbers of a Markdown document, from headings such as `## 5. Operations` and
/// `### 5.1 CreateStream`.
fn sections(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter_map(|line| {
            let title = line.trim_start_matches('#');
            if title.len() == line.len() || !title.starts_with(' ') {
                return None;
            }
            let number = title.trim_start().split(' ').next()?.trim_end_matches('.');
            let valid = !number.is_empty() && number.split('.').all(|part| part.parse::<u32>().is_ok());
            valid.then(|| number.to_owned())
        })
        .collect()
}

/// The section number at the start of `text` (after a section sign): digits and inner dots.
fn section_at(text: &str) -> Option<&str> {
    let end = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let number = text[..end].trim_end_matches('.');
    (!number.is_empty() && number.split('.').all(|part| !part.is_empty())).then_some(number)
}

/// The document whose path ends just before `at` in `line` (then a space, then the section sign
/// at `at`), or the document of the citation the section sign continues after a comma.
fn document_before<'a>(line: &'a str, at: usize, previous: Option<(&'a str, usize)>) -> Option<&'a str> {
    let before = &line[..at];
    if let Some(path) = before.strip_suffix(' ').and_then(reference_path_at_end) {
        return Some(path);
    }
    let (document, end) = previous?;
    (line[end..at].trim() == ",").then_some(document)
}

/// The path of a document under `docs/` if `text` ends with one (not `awsdocs/…` and the like).
fn reference_path_at_end(text: &str) -> Option<&str> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let stem = text.strip_suffix(".md")?;
    let start = stem.rfind("docs/")?;
    let name = &stem[start + "docs/".len()..];
    let valid = !name.is_empty() && name.chars().all(word) && !stem[..start].ends_with(word);
    valid.then(|| &text[start..])
}

/// What one file's text holds: its citations, its mentions of documents under `docs/` without a
/// section (outside Markdown), and the mentions that break the rules whatever the documents say.
#[derive(Default)]
struct Scan {
    citations: Vec<Citation>,
    /// (line, path) of a document named without a section number after it.
    bare_mentions: Vec<(usize, String)>,
    problems: Vec<String>,
}

/// Reads one file's text. `label` is the file's path in the repository.
fn scan(label: &str, text: &str) -> Scan {
    let own_document = label.starts_with("docs/").then_some(label).filter(|l| l.ends_with(".md"));
    let markdown = label.ends_with(".md");
    let mut found = Scan::default();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        for name in OUTSIDE {
            if line.contains(name) {
                found.problems.push(format!("{label}:{number}: refers to `{name}`, outside the repository"));
            }
        }
        let mut previous: Option<(&str, usize)> = None;
        for (at, _) in line.match_indices(SECTION_SIGN) {
            let rest = &line[at + SECTION_SIGN.len_utf8()..];
            let Some(section) = section_at(rest) else {
                found.problems.push(format!("{label}:{number}: a section sign without a section number"));
                continue;
            };
            let end = at + SECTION_SIGN.len_utf8() + section.len();
            let document = document_before(line, at, previous).or(own_document);
            let rfc = line[..at].trim_end().rsplit(' ').nth(1).is_some_and(|word| word.ends_with("RFC"));
            match document {
                Some(document) => {
                    found.citations.push(Citation {
                        file: label.to_owned(),
                        line: number,
                        document: document.to_owned(),
                        section: section.to_owned(),
                    });
                    previous = Some((document, end));
                }
                None if rfc => previous = None,
                None => found.problems.push(format!(
                    "{label}:{number}: section {section} names no document: put the document's path before it"
                )),
            }
        }
        if !markdown {
            for (at, _) in line.match_indices("docs/") {
                let Some(path_end) = line[at..].find(".md").map(|i| at + i + ".md".len()) else { continue };
                let path = &line[at..path_end];
                if reference_path_at_end(&line[..path_end]) != Some(path) {
                    continue;
                }
                if !line[path_end..].strip_prefix(' ').is_some_and(|rest| rest.starts_with(SECTION_SIGN)) {
                    found.bare_mentions.push((number, path.to_owned()));
                }
            }
        }
    }
    found
}

/// The repository's text files, without the directories `.gitignore` names and `.git`.
fn repository_files(root: &Path) -> Vec<PathBuf> {
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap_or_default();
    let mut skipped: Vec<String> = ignore
        .lines()
        .map(|line| line.trim().trim_matches('/').to_owned())
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.contains(['*', '/']))
        .collect();
    skipped.push(".git".to_owned());
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if skipped.contains(&name) {
                continue;
            }
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(kind) if kind.is_file() => files.push(path),
                _ => {}
            }
        }
    }
    files.sort();
    files
}

/// Every citation in the repository and every problem found: citations of documents or sections
/// that do not exist, a document with numbered sections named outside Markdown without a section,
/// and the mentions `scan` reports.
pub fn check_repository(root: &Path) -> (Vec<Citation>, Vec<String>) {
    let (mut all, mut problems) = (Vec::new(), Vec::new());
    let mut documents: BTreeMap<String, Option<Vec<String>>> = BTreeMap::new();
    let mut sections_of = |document: &str| -> Option<Vec<String>> {
        documents
            .entry(document.to_owned())
            .or_insert_with(|| std::fs::read_to_string(root.join(document)).ok().map(|text| sections(&text)))
            .clone()
    };
    for path in repository_files(root) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let label = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let mut found = scan(&label, &text);
        problems.append(&mut found.problems);
        for (line, document) in found.bare_mentions {
            if sections_of(&document).is_some_and(|sections| !sections.is_empty()) {
                problems.push(format!("{label}:{line}: `{document}` is named without a section number after it"));
            }
        }
        for citation in found.citations {
            match sections_of(&citation.document) {
                None => problems.push(format!(
                    "{}:{}: cites `{}`, which does not exist",
                    citation.file, citation.line, citation.document
                )),
                Some(sections) if !sections.contains(&citation.section) => problems.push(format!(
                    "{}:{}: cites section {} of {}, which has no such section",
                    citation.file, citation.line, citation.section, citation.document
                )),
                Some(_) => {}
            }
            all.push(citation);
        }
    }
    (all, problems)
}

//! The scenarios and tutorials the page offers in its start panel: the files of
//! `static/scenarios/` and `static/tutorials/`, listed by build.rs when the app is built.

mod generated {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

/// One file on offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The file name without `.json`, as `?scenario=` and `?tutorial=` name it.
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
}

fn entries(table: &'static [(&'static str, &'static str, &'static str)]) -> impl Iterator<Item = Entry> {
    table.iter().map(|&(id, title, summary)| Entry { id, title, summary })
}

pub fn scenarios() -> impl Iterator<Item = Entry> {
    entries(generated::SCENARIOS)
}

pub fn tutorials() -> impl Iterator<Item = Entry> {
    entries(generated::TUTORIALS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::scenario::{self, Scenario};
    use crate::playground::tutorial::Tutorial;

    /// Every file in the folder, and each one read as the playground will read it.
    fn files(folder: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static").join(folder);
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .map(|path| {
                let id = path.file_stem().unwrap().to_str().unwrap().to_owned();
                (id, std::fs::read_to_string(path).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn every_scenario_file_is_offered_and_plays() {
        let files = files("scenarios");
        assert_eq!(
            scenarios().map(|e| e.id.to_owned()).collect::<Vec<_>>(),
            files.iter().map(|f| f.0.clone()).collect::<Vec<_>>()
        );
        for ((id, text), entry) in files.iter().zip(scenarios()) {
            assert!(scenario::valid_id(id), "{id}");
            let scenario = Scenario::from_json(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!((entry.title, entry.summary), (scenario.title.as_str(), scenario.summary.as_str()));
            assert!(!entry.title.is_empty() && !entry.summary.is_empty(), "{id}: a menu entry needs both");
        }
    }

    #[test]
    fn every_tutorial_file_is_offered_and_reads() {
        let files = files("tutorials");
        assert!(!files.is_empty());
        assert_eq!(
            tutorials().map(|e| e.id.to_owned()).collect::<Vec<_>>(),
            files.iter().map(|f| f.0.clone()).collect::<Vec<_>>()
        );
        for ((id, text), entry) in files.iter().zip(tutorials()) {
            let tutorial = Tutorial::from_json(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(entry.title, tutorial.title);
            assert!(!entry.summary.is_empty(), "{id}: a menu entry needs a summary");
        }
    }
}

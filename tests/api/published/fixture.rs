//! The published text of the plan, with the markup removals the README lists, and the summary
//! table read from it.

use std::collections::BTreeSet;

/// The text extraction of the plan, committed unmodified.
const PUBLISHED: &str = include_str!("../../fixtures/plan/iq-ovt-2018-2020.txt");

/// The published text with exactly the markup removals the README lists: `**` and `*`
/// (bold, italics), the backslash of `M\$`, the `^` of `4^e`, and the `- ` that opens a list
/// item.
pub fn published_text() -> String {
    PUBLISHED
        .replace("**", "")
        .replace('*', "")
        .replace("\\$", "$")
        .replace("^e", "e")
        .split('\n')
        .map(|line| line.strip_prefix("- ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the published text from start to end, piece after piece.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    /// What is left to read.
    pub fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    /// The next printed piece is `piece`, with nothing before it but line breaks and spaces.
    pub fn next(&mut self, piece: &str) {
        let rest = self.rest();
        let gap = rest.len() - rest.trim_start().len();
        let ahead = &rest[gap..];
        assert!(
            ahead.starts_with(piece),
            "expected {piece:?} next; the published text reads {:?}",
            &ahead[..ahead
                .char_indices()
                .nth(160)
                .map_or(ahead.len(), |(i, _)| i)]
        );
        self.at += gap + piece.len();
    }

    /// Passes over a part the server does not serve, up to `piece`; returns that part.
    pub fn skip_to(&mut self, piece: &str) -> &'a str {
        let rest = self.rest();
        let length = rest
            .find(piece)
            .unwrap_or_else(|| panic!("{piece:?} ahead"));
        self.at += length;
        rest[..length].trim()
    }
}

/// A row of the summary table, as published.
#[derive(Debug)]
pub struct TableRow {
    pub number: i64,
    pub target: String,
    /// "RÉGIONS AYANT DÉFINI UNE PRIORITÉ LIÉE À L'ACTION".
    pub region_list: String,
}

/// The rows of the summary table, read from the published text: the tab-separated lines under
/// its column headings.
pub fn summary_table() -> Vec<TableRow> {
    let text = published_text();
    let mut lines = text.split('\n');
    lines
        .by_ref()
        .find(|line| line.starts_with("ACTIONS\tINDICATEURS\tCIBLES\t"))
        .expect("the summary table's headings");
    lines
        .take_while(|line| !line.trim().is_empty())
        .map(|line| {
            let [action, _indicator, target, region_list] =
                line.split('\t').collect::<Vec<_>>()[..]
            else {
                panic!("four columns in {line:?}")
            };
            let (number, _title) = action.split_once(' ').expect("a number and a title");
            TableRow {
                number: number.parse().expect("an action number"),
                target: target.to_owned(),
                region_list: region_list.to_owned(),
            }
        })
        .collect()
}

/// The region numbers of a published list: "1, 2, 4, 6, 7, 10 à 15, 17 et 18".
pub fn region_numbers(list: &str) -> BTreeSet<i64> {
    let mut numbers = BTreeSet::new();
    for item in list.split(", ").flat_map(|part| part.split(" et ")) {
        match item.split_once(" à ") {
            Some((first, last)) => {
                numbers.extend(first.parse::<i64>().unwrap()..=last.parse::<i64>().unwrap())
            }
            None => {
                numbers.insert(item.parse().unwrap());
            }
        }
    }
    numbers
}

/// The regions the summary table lists for action `number`.
pub fn listed_for(table: &[TableRow], number: i64) -> BTreeSet<i64> {
    let row = table
        .iter()
        .find(|row| row.number == number)
        .unwrap_or_else(|| panic!("action {number} in the summary table"));
    region_numbers(&row.region_list)
}

#[test]
fn reads_the_summary_tables_six_rows() {
    let table = summary_table();
    assert_eq!(
        table.iter().map(|row| row.number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(table[3].target, "129 M$ au 31 mars 2019 ¹");
    assert_eq!(
        listed_for(&table, 5),
        BTreeSet::from([4, 5, 7, 8, 12, 13, 14, 15])
    );
    assert_eq!(listed_for(&table, 1), (1..=18).collect());
}

//! Errors in a plan data file, located: the line (and column) and the field that are wrong.
//!
//! The `toml` crate gives its syntax and type errors a byte span; the checks and the loader
//! name a field by its path (`regions[2].priorities[0].title`), which is looked up in the
//! file's spanned TOML tree to find its line. Either way the message reads
//! `FILE:LINE: field `PATH`: what is wrong; allowed: …`.

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A located error in a plan data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// 1-based line and column of the field (or of the syntax error); none when the file
    /// holds no such place.
    pub at: Option<(usize, usize)>,
    /// The field's path, when the error is about one field.
    pub field: Option<String>,
    pub message: String,
}

impl FileError {
    /// The error as a user reads it about the file named `file`.
    pub fn in_file(&self, file: &str) -> String {
        format!("{file}:{self}")
    }

    /// Locates an error of the checks or the loader, `PATH: message`, in `text`.
    pub fn of_field(text: &str, error: &str) -> Self {
        let Some((field, message)) = error.split_once(": ") else {
            return Self {
                at: None,
                field: None,
                message: error.to_owned(),
            };
        };
        let at = DeTable::parse(text)
            .ok()
            .and_then(|root| span_of(&root, field))
            .map(|span| line_column(text, span.start));
        Self {
            at,
            field: Some(field.to_owned()),
            message: message.to_owned(),
        }
    }

    /// Locates an error of the `toml` crate (syntax, or a value of the wrong type or name).
    pub fn of_toml(text: &str, error: &toml::de::Error) -> Self {
        let span = error.span();
        let field = span.as_ref().and_then(|span| {
            DeTable::parse(text)
                .ok()
                .and_then(|root| path_at(root.get_ref(), span.start))
        });
        Self {
            at: span.map(|span| line_column(text, span.start)),
            field,
            message: error.message().trim_end().to_owned(),
        }
    }
}

/// `LINE:` (`LINE:COLUMN:` when no field names the place), then the field and the message.
impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.at, &self.field) {
            (Some((line, _)), Some(_)) => write!(f, "{line}: ")?,
            (Some((line, column)), None) => write!(f, "{line}:{column}: ")?,
            (None, _) => f.write_str(" ")?,
        }
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// 1-based line and column (in characters) of the byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

/// One step of a field's path: a key, an array index, or the array element whose `key`
/// field is `value` (`sections[key = CONTEXT]`).
enum Step<'a> {
    Key(&'a str),
    Index(usize),
    Where(&'a str, &'a str),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        steps.push(Step::Key(key));
        for selector in rest.split('[').map(|s| s.trim_end_matches(']')) {
            if let Ok(index) = selector.parse() {
                steps.push(Step::Index(index));
            } else if let Some((field, value)) = selector.split_once(" = ") {
                steps.push(Step::Where(field, value));
            }
        }
    }
    steps
}

/// The span of the deepest part of `path` that `root` holds: a key's own span, so that the
/// line is the one that names it.
fn span_of(root: &Spanned<DeTable<'_>>, path: &str) -> Option<Range<usize>> {
    let mut span = None;
    let mut table = Some(root.get_ref());
    let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
    for step in steps(path) {
        let value = match step {
            Step::Key(name) => {
                let (key, value) = table?.iter().find(|(key, _)| key.get_ref() == name)?;
                span = Some(key.span());
                value
            }
            Step::Index(index) => array?.get(index)?,
            Step::Where(field, wanted) => array?.iter().find(|element| {
                matches!(element.get_ref(), DeValue::Table(t) if t.iter().any(|(k, v)| {
                    k.get_ref() == field
                        && matches!(v.get_ref(), DeValue::String(s) if s == wanted)
                }))
            })?,
        };
        if !matches!(step, Step::Key(_)) {
            span = Some(value.span());
        }
        (table, array) = match value.get_ref() {
            DeValue::Table(inner) => (Some(inner), None),
            DeValue::Array(inner) => (None, Some(inner.as_ref())),
            _ => (None, None),
        };
    }
    span
}

/// The path of the field of `table` at byte `offset`: the entry named last before it, then,
/// within a table or array, the same again. (A table of an array of tables spans its header
/// alone, so containment cannot tell; everything in the file is in the tree, so the last entry
/// that starts before `offset` holds it.)
fn path_at(table: &DeTable<'_>, offset: usize) -> Option<String> {
    let (key, value) = table
        .iter()
        .filter(|(key, _)| key.span().start <= offset)
        .max_by_key(|(key, _)| key.span().start)?;
    let mut path = key.get_ref().to_string();
    if let Some(rest) = value_path_at(value, offset) {
        path.push_str(&rest);
    }
    Some(path)
}

fn value_path_at(value: &Spanned<DeValue<'_>>, offset: usize) -> Option<String> {
    match value.get_ref() {
        DeValue::Table(inner) => path_at(inner, offset).map(|rest| format!(".{rest}")),
        DeValue::Array(elements) => {
            let (index, element) = elements
                .iter()
                .enumerate()
                .filter(|(_, element)| element.span().start <= offset)
                .max_by_key(|(_, element)| element.span().start)?;
            Some(format!(
                "[{index}]{}",
                value_path_at(element, offset).unwrap_or_default()
            ))
        }
        _ => None,
    }
}

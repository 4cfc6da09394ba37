//! The shape of a document, checked before validation: how deep its data selection nests,
//! how far its introspection reaches, and how many fields it selects once its fragments are
//! expanded.
//!
//! Data and introspection are judged apart. The data selection may nest `max_depth` fields.
//! Under `__schema` and `__type` the schema itself bounds the answer: an `ofType` chain is
//! answered `null` past the schema's deepest wrapping, and a path that lists a type's members
//! once reads at most the whole schema. What would multiply the answer is listing members
//! again, on a type reached through a member (`fields { type { fields …`): a path may list
//! members once, as every standard introspection query does.
//!
//! Fragments are followed where they are spread, as execution would, with a guard against
//! cycles (validation, which refuses them, comes after this walk).

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::introspection::Meta;

/// Nesting of selection sets, fragments and inline fragments counted: async-graphql's own
/// recursion limit (`limit_recursive_depth`'s default), which it checks after this walk.
/// Checking it here first bounds the walk's recursion and gives the refusal a code.
pub const MAX_NESTING: usize = 32;

/// Why a document is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The data selection nests more fields than `max_depth`.
    TooDeep,
    /// Selection sets, fragments and inline fragments nest beyond [`MAX_NESTING`].
    TooNested,
    /// Introspection lists `field` on a type reached through another type's members.
    MembersListedAgain { field: String },
    /// More than `max_fields` fields are selected once fragments are expanded.
    TooManyFields,
    /// A fragment spreads itself, through the fragments of `cycle`.
    FragmentCycle { cycle: Vec<String> },
}

/// Where a selection set is: in the data, `depth` fields down; or in introspection, on a
/// `meta` type (`None` when the field is unknown: validation refuses it), its path having
/// `listed` a type's members or not.
#[derive(Clone, Copy)]
enum Position {
    Data { depth: usize },
    Introspection { meta: Option<Meta>, listed: bool },
}

/// Checks every operation of `document`: at most `max_depth` data fields deep, at most
/// `max_fields` fields selected with fragments expanded.
pub fn check(
    document: &ExecutableDocument,
    max_depth: usize,
    max_fields: usize,
) -> Result<(), Refusal> {
    let mut walk = Walk {
        document,
        max_depth,
        max_fields,
        fields: 0,
        expanding: Vec::new(),
    };
    document.operations.iter().try_for_each(|(_, operation)| {
        let root = &operation.node.selection_set.node;
        walk.selection_set(root, Position::Data { depth: 0 }, 0)
    })
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    max_depth: usize,
    max_fields: usize,
    /// Fields visited so far, each time a fragment holding them is spread.
    fields: usize,
    /// The fragments being expanded on the current path, outermost first.
    expanding: Vec<&'a str>,
}

impl<'a> Walk<'a> {
    fn selection_set(
        &mut self,
        set: &'a SelectionSet,
        position: Position,
        nesting: usize,
    ) -> Result<(), Refusal> {
        if nesting > MAX_NESTING {
            return Err(Refusal::TooNested);
        }
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    self.fields += 1;
                    if self.fields > self.max_fields {
                        return Err(Refusal::TooManyFields);
                    }
                    let name = field.node.name.node.as_str();
                    // `__typename` is a leaf anywhere and, as in async-graphql's depth, no
                    // level.
                    if name == "__typename" {
                        continue;
                    }
                    let inner = self.enter(position, name)?;
                    let children = &field.node.selection_set.node;
                    if !children.items.is_empty() {
                        self.selection_set(children, inner, nesting + 1)?;
                    }
                }
                Selection::InlineFragment(fragment) => {
                    self.selection_set(&fragment.node.selection_set.node, position, nesting + 1)?;
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    // An unknown fragment is left to validation, which names it.
                    let Some(fragment) = self.document.fragments.get(name) else {
                        continue;
                    };
                    if let Some(start) = self.expanding.iter().position(|open| *open == name) {
                        let mut cycle: Vec<String> = self.expanding[start..]
                            .iter()
                            .map(|open| (*open).to_owned())
                            .collect();
                        cycle.push(name.to_owned());
                        return Err(Refusal::FragmentCycle { cycle });
                    }
                    self.expanding.push(name);
                    self.selection_set(&fragment.node.selection_set.node, position, nesting + 1)?;
                    self.expanding.pop();
                }
            }
        }
        Ok(())
    }

    /// The position inside field `name` selected at `position`. `__schema` and `__type`
    /// start introspection wherever they stand: validation refuses them below the root.
    fn enter(&self, position: Position, name: &str) -> Result<Position, Refusal> {
        match position {
            Position::Data { depth } => match Meta::of_root_field(name) {
                Some(meta) => Ok(Position::Introspection {
                    meta: Some(meta),
                    listed: false,
                }),
                None if depth + 1 > self.max_depth => Err(Refusal::TooDeep),
                None => Ok(Position::Data { depth: depth + 1 }),
            },
            Position::Introspection { meta, listed } => {
                let lists = meta.is_some_and(|meta| meta.lists_members(name));
                if listed && lists {
                    return Err(Refusal::MembersListedAgain {
                        field: name.to_owned(),
                    });
                }
                Ok(Position::Introspection {
                    meta: meta.and_then(|meta| meta.field(name)),
                    listed: listed || lists,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn shape(query: &str) -> Result<(), Refusal> {
        check(&parse_query(query).unwrap(), 12, 20_000)
    }

    /// `a { a … { id } }`, `depth` fields deep.
    fn fields(depth: usize) -> String {
        format!("{}id{}", "a { ".repeat(depth - 1), " }".repeat(depth - 1))
    }

    #[test]
    fn counts_data_fields_through_fragments() {
        assert_eq!(shape(&format!("{{ {} }}", fields(12))), Ok(()));
        assert_eq!(
            shape(&format!("{{ {} }}", fields(13))),
            Err(Refusal::TooDeep)
        );
        let through_fragments = format!(
            "{{ a {{ ...F }} }} fragment F on A {{ ... on A {{ {} }} }}",
            fields(12)
        );
        assert_eq!(shape(&through_fragments), Err(Refusal::TooDeep));
        let typename = format!("{{ {}__typename{} }}", "a { ".repeat(12), " }".repeat(12));
        assert_eq!(shape(&typename), Ok(()), "__typename is not a level");
    }

    #[test]
    fn judges_introspection_apart_from_data() {
        let graphiql = include_str!("../../../tests/fixtures/introspection/graphiql-3.9.0.graphql");
        assert_eq!(shape(graphiql), Ok(()));
        let one_type = "{ __type(name: \"Region\") { fields { type { name ofType { name } } } } }";
        assert_eq!(shape(one_type), Ok(()));
        let chain = format!(
            "{{ __schema {{ types {{ fields {{ type {{ {}name{} }} }} }} }} }}",
            "ofType { ".repeat(28),
            " }".repeat(28)
        );
        assert_eq!(shape(&chain), Ok(()), "32 levels");
        let longer = chain.replacen("ofType {", "ofType { ofType {", 1) + " }";
        assert_eq!(shape(&longer), Err(Refusal::TooNested));
    }

    #[test]
    fn refuses_listing_members_again() {
        let again = "{ __schema { types { fields { type { ofType { fields { name } } } } } } }";
        let field = "fields".to_owned();
        assert_eq!(
            shape(again),
            Err(Refusal::MembersListedAgain {
                field: field.clone()
            })
        );
        let through_fragments = "{ __type(name: \"Query\") { ...T } }
            fragment T on __Type { possibleTypes { ...U } }
            fragment U on __Type { fields { name } }";
        assert_eq!(
            shape(through_fragments),
            Err(Refusal::MembersListedAgain { field })
        );
    }

    #[test]
    fn refuses_fragment_cycles() {
        let cycle =
            "query { ...A } fragment A on Query { ...B } fragment B on Query { a { ...A } }";
        let names = ["A", "B", "A"].map(str::to_owned).to_vec();
        assert_eq!(shape(cycle), Err(Refusal::FragmentCycle { cycle: names }));
    }

    #[test]
    fn counts_fields_each_time_their_fragment_is_spread() {
        // Each fragment spreads the next twice: 2^20 fields once expanded, in 1 KiB of text.
        let mut query = "query { ...F0 }".to_owned();
        for level in 0..20 {
            let next = level + 1;
            query.push_str(&format!(
                " fragment F{level} on Query {{ ...F{next} ...F{next} }}"
            ));
        }
        query.push_str(" fragment F20 on Query { __typename }");
        assert_eq!(shape(&query), Err(Refusal::TooManyFields));
    }
}

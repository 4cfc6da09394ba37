//! The introspection schema (`__Schema`, `__Type`…), as far as the introspection rule needs
//! it: which type each field leads to, and which fields list a type's members.
//!
//! The introspection schema is fixed by the GraphQL specification, so it is written down here
//! rather than read from the registry.

/// A type of the introspection schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meta {
    Schema,
    Type,
    Field,
    InputValue,
    EnumValue,
    Directive,
}

/// The fields of `__Type` that list its members. A path that lists them once reads at most
/// the whole schema; listing them again, on a type reached through a member, multiplies the
/// answer by the size of the schema each time.
const MEMBER_LISTS: [&str; 5] = [
    "fields",
    "inputFields",
    "enumValues",
    "interfaces",
    "possibleTypes",
];

impl Meta {
    /// The type a root field of introspection (`__schema`, `__type`) selects.
    pub fn of_root_field(name: &str) -> Option<Self> {
        match name {
            "__schema" => Some(Self::Schema),
            "__type" => Some(Self::Type),
            _ => None,
        }
    }

    /// The introspection type that field `name` of `self` holds; `None` for a leaf (a name, a
    /// kind, a description…) or a field the type does not have, which validation refuses.
    pub fn field(self, name: &str) -> Option<Self> {
        match (self, name) {
            (Self::Schema, "types" | "queryType" | "mutationType" | "subscriptionType") => {
                Some(Self::Type)
            }
            (Self::Schema, "directives") => Some(Self::Directive),
            (Self::Type, "fields") => Some(Self::Field),
            (Self::Type, "interfaces" | "possibleTypes" | "ofType") => Some(Self::Type),
            (Self::Type, "enumValues") => Some(Self::EnumValue),
            (Self::Type, "inputFields") => Some(Self::InputValue),
            (Self::Field | Self::Directive, "args") => Some(Self::InputValue),
            (Self::Field | Self::InputValue, "type") => Some(Self::Type),
            _ => None,
        }
    }

    /// Whether field `name` of `self` lists the members of a type.
    pub fn lists_members(self, name: &str) -> bool {
        self == Self::Type && MEMBER_LISTS.contains(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_paths_of_the_standard_query() {
        let path = ["types", "fields", "args", "type", "ofType", "ofType"];
        let reached = path
            .iter()
            .try_fold(Meta::Schema, |meta, name| meta.field(name));
        assert_eq!(reached, Some(Meta::Type));
        assert_eq!(Meta::Type.field("name"), None, "a leaf");
        assert_eq!(Meta::Field.field("ofType"), None, "not a field of __Field");
    }

    #[test]
    fn knows_which_fields_list_members() {
        assert!(Meta::Type.lists_members("fields"));
        assert!(Meta::Type.lists_members("possibleTypes"));
        assert!(!Meta::Type.lists_members("ofType"));
        assert!(!Meta::Schema.lists_members("types"));
        assert!(!Meta::Field.lists_members("args"));
    }
}

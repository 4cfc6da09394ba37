//! The columns of every open-data file, the one source of both the CSV header rows and the
//! datapackage.json schemas, so the two cannot drift.

/// A column: its header, its Frictionless type and what it holds, in French.
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

/// A reference from `fields` of a table to `key` of `resource`.
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub resource: &'static str,
    pub key: &'static [&'static str],
}

/// A file: its resource name, path, title, columns and keys.
pub struct Table {
    pub name: &'static str,
    pub path: &'static str,
    pub title: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
}

impl Table {
    /// The header row.
    pub fn header(&self) -> Vec<&'static str> {
        self.columns.iter().map(|column| column.name).collect()
    }

    /// The file's name in a download.
    pub fn filename(&self) -> &'static str {
        self.path
            .trim_start_matches('/')
            .trim_start_matches("plan/")
    }
}

const fn column(name: &'static str, kind: &'static str, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
    }
}

pub const REGIONS: Table = Table {
    name: "regions",
    path: "/plan/regions.csv",
    title: "Régions administratives du Québec",
    columns: &[
        column("numéro", "integer", "Numéro de la région (1 à 18)"),
        column("slug", "string", "Identifiant textuel stable de la région"),
        column("nom", "string", "Nom de la région"),
        column(
            "code_région_administrative",
            "string",
            "Code de la région administrative",
        ),
    ],
    primary_key: &["numéro"],
    foreign_keys: &[],
};

pub const PRIORITIES: Table = Table {
    name: "priorities",
    path: "/plan/priorities.csv",
    title: "Priorités régionales",
    columns: &[
        column("région", "integer", "Numéro de la région de la priorité"),
        column("numéro", "integer", "Numéro de la priorité dans sa région"),
        column("titre", "string", "Titre de la priorité"),
        column("extrait", "string", "Extrait du texte de la priorité"),
        column(
            "thèmes",
            "string",
            "Clés des thèmes du plan liés à la priorité, dans l'ordre du plan, séparées par « | »",
        ),
    ],
    primary_key: &["région", "numéro"],
    foreign_keys: &[ForeignKey {
        fields: &["région"],
        resource: "regions",
        key: &["numéro"],
    }],
};

pub const ACTIONS: Table = Table {
    name: "actions",
    path: "/plan/actions.csv",
    title: "Actions du plan et leurs indicateurs",
    columns: &[
        column("plan", "string", "Identifiant textuel du plan"),
        column("action", "integer", "Numéro de l'action dans son plan"),
        column("titre", "string", "Titre de l'action"),
        column(
            "indicateur",
            "string",
            "Identifiant global de l'indicateur de l'action dans l'API",
        ),
        column("nom_indicateur", "string", "Nom de l'indicateur"),
        column(
            "unité",
            "string",
            "Unité de l'indicateur : MILLION_CAD, PERCENT ou COUNT",
        ),
        column("cible_valeur", "number", "Valeur de la cible"),
        column(
            "comparateur",
            "string",
            "Sens de la cible : AT_LEAST, AT_MOST ou EQUAL",
        ),
        column(
            "échéance",
            "date",
            "Date d'échéance de la cible, s'il y en a une",
        ),
        column(
            "récurrence",
            "string",
            "Récurrence de la cible : NONE ou ANNUAL",
        ),
        column("libellé", "string", "Libellé de la cible, tel que publié"),
        column(
            "régions",
            "string",
            "Numéros des régions visées par l'action, séparés par « | »",
        ),
    ],
    primary_key: &["plan", "action"],
    foreign_keys: &[],
};

/// First the columns `POST /values.csv` reads back, then the export's own.
pub const VALUES: Table = Table {
    name: "values",
    path: "/values.csv",
    title: "Valeurs enregistrées des indicateurs",
    columns: &[
        column("indicateur", "string", "Identifiant global de l'indicateur"),
        column(
            "région",
            "integer",
            "Numéro de la région de la valeur; vide pour l'ensemble du Québec",
        ),
        column("date", "date", "Date à laquelle la valeur se rapporte"),
        column("valeur", "number", "Valeur, dans l'unité de l'indicateur"),
        column("source", "string", "Source de la valeur"),
        column("note", "string", "Note sur la valeur"),
        column(
            "clé",
            "string",
            "Clé d'importation (toujours vide à l'export, pour une réimportation)",
        ),
        column(
            "plan",
            "string",
            "Identifiant textuel du plan de l'indicateur",
        ),
        column("action", "integer", "Numéro de l'action de l'indicateur"),
        column("id", "string", "Identifiant global de la valeur dans l'API"),
        column("révision", "integer", "Numéro de révision de la valeur"),
        column(
            "enregistré_le",
            "datetime",
            "Date et heure d'enregistrement de la valeur (RFC 3339)",
        ),
    ],
    primary_key: &["id"],
    foreign_keys: &[
        ForeignKey {
            fields: &["région"],
            resource: "regions",
            key: &["numéro"],
        },
        ForeignKey {
            fields: &["plan", "action"],
            resource: "actions",
            key: &["plan", "action"],
        },
    ],
};

/// Every file the data package describes, in the package's order.
pub const ALL: [&Table; 4] = [&VALUES, &REGIONS, &PRIORITIES, &ACTIONS];

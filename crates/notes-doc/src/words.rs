//! The words a book prints of its own (not the notes' words): "Contents",
//! "Chapter", "Release", month names, the titles of admonitions, the
//! labels of the EPUB's landmarks. One table per language, built into the
//! program; a language without a table gets English.

use serde::Serialize;

/// The words of a book in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    /// The language's tag (`en`, `de`).
    pub language: &'static str,
    pub contents: &'static str,
    /// Before a part's number ("Chapter 3").
    pub chapter: &'static str,
    /// Before the release on the title page ("Release 0.1").
    pub release: &'static str,
    pub months: [&'static str; 12],
    /// How a date is written: `{day}`, `{month}` (a name from `months`)
    /// and `{year}`.
    pub date_pattern: &'static str,
    pub cover: &'static str,
    pub title_page: &'static str,
    /// The start of the book's text (an EPUB landmark).
    pub start: &'static str,
    /// The title of what has none.
    pub untitled: &'static str,
    pub speakers: &'static str,
    /// The title of the general index.
    pub index: &'static str,
    pub events: &'static str,
    /// Before the other terms of an index's cross-reference ("see also").
    pub see_also: &'static str,
    /// Before the term an index entry points to instead ("see").
    pub see: &'static str,
    /// Titles of admonitions that have none of their own, by kind.
    pub admonitions: Admonitions,
}

/// The titles of admonitions, by kind (the kinds' JSON names).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Admonitions {
    pub note: &'static str,
    pub warning: &'static str,
    pub tip: &'static str,
    pub important: &'static str,
    pub caution: &'static str,
    pub danger: &'static str,
    pub hint: &'static str,
    pub attention: &'static str,
    pub error: &'static str,
    pub see_also: &'static str,
    pub version_added: &'static str,
    pub version_changed: &'static str,
    pub deprecated: &'static str,
    #[serde(rename = "abstract")]
    pub abstract_: &'static str,
    pub info: &'static str,
    pub todo: &'static str,
    pub success: &'static str,
    pub question: &'static str,
    pub failure: &'static str,
    pub bug: &'static str,
    pub example: &'static str,
    pub quote: &'static str,
}

impl Admonitions {
    /// The title of an admonition of this kind; empty for kinds that have
    /// none (topics, sidebars, epigraphs, titled admonitions).
    pub fn of(&self, kind: crate::AdmonitionKind) -> &'static str {
        use crate::AdmonitionKind as K;
        match kind {
            K::Note => self.note,
            K::Warning => self.warning,
            K::Tip => self.tip,
            K::Important => self.important,
            K::Caution => self.caution,
            K::Danger => self.danger,
            K::Hint => self.hint,
            K::Attention => self.attention,
            K::Error => self.error,
            K::SeeAlso => self.see_also,
            K::VersionAdded => self.version_added,
            K::VersionChanged => self.version_changed,
            K::Deprecated => self.deprecated,
            K::Abstract => self.abstract_,
            K::Info => self.info,
            K::Todo => self.todo,
            K::Success => self.success,
            K::Question => self.question,
            K::Failure => self.failure,
            K::Bug => self.bug,
            K::Example => self.example,
            K::Quote => self.quote,
            K::Generic | K::Topic | K::Sidebar | K::Epigraph => "",
        }
    }
}

/// The quotation marks of a language: double (the outer) and single (the
/// inner) pairs, and what goes between a mark and the words it encloses
/// (French sets a narrow no-break space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    pub double: (char, char),
    pub single: (char, char),
    pub inner_space: Option<char>,
}

impl Quotes {
    /// The quotation marks for a language tag (`de`, `fr-CA`, `pt-BR`, `ja`).
    pub fn of(language: &str) -> Quotes {
        let tag = language.to_ascii_lowercase().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("");
        let (double, single, inner_space) = match primary {
            "de" => (('„', '“'), ('‚', '‘'), None),
            "fr" => (('«', '»'), ('‹', '›'), Some('\u{202f}')),
            "es" | "it" => (('«', '»'), ('“', '”'), None),
            "pt" if tag != "pt-br" => (('«', '»'), ('“', '”'), None),
            "ja" | "zh" => (('「', '」'), ('『', '』'), None),
            _ => (('“', '”'), ('‘', '’'), None),
        };
        Quotes { double, single, inner_space }
    }
}

impl Words {
    /// The words for a language tag (`de`, `pt-BR`: the language part
    /// decides), English for a language without a table.
    pub fn of(language: &str) -> &'static Words {
        let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        ALL.iter().find(|w| w.language == primary).unwrap_or(&ALL[0])
    }

    /// The languages that have a table.
    pub fn languages() -> impl Iterator<Item = &'static str> {
        ALL.iter().map(|w| w.language)
    }

    /// A `YYYY-MM-DD` date written out in words ("November 12, 2016");
    /// anything else as written.
    pub fn long_date(&self, iso: &str) -> String {
        let months = self.months.map(String::from);
        crate::dates::long_date(iso, &months, self.date_pattern)
    }
}

static ALL: [Words; 7] = [
    Words {
        language: "en",
        contents: "Contents",
        chapter: "Chapter",
        release: "Release",
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        date_pattern: "{month} {day}, {year}",
        cover: "Cover",
        title_page: "Title Page",
        start: "Start",
        untitled: "Untitled",
        speakers: "Speakers",
        index: "Index",
        events: "Events",
        see_also: "see also",
        see: "see",
        admonitions: Admonitions {
            note: "Note",
            warning: "Warning",
            tip: "Tip",
            important: "Important",
            caution: "Caution",
            danger: "Danger",
            hint: "Hint",
            attention: "Attention",
            error: "Error",
            see_also: "See also",
            version_added: "New in version",
            version_changed: "Changed in version",
            deprecated: "Deprecated since version",
            abstract_: "Abstract",
            info: "Info",
            todo: "To do",
            success: "Success",
            question: "Question",
            failure: "Failure",
            bug: "Bug",
            example: "Example",
            quote: "Quote",
        },
    },
    Words {
        language: "de",
        contents: "Inhalt",
        chapter: "Kapitel",
        release: "Version",
        months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        date_pattern: "{day}. {month} {year}",
        cover: "Umschlag",
        title_page: "Titelseite",
        start: "Beginn",
        untitled: "Ohne Titel",
        speakers: "Vortragende",
        index: "Register",
        events: "Veranstaltungen",
        see_also: "siehe auch",
        see: "siehe",
        admonitions: Admonitions {
            note: "Bemerkung",
            warning: "Warnung",
            tip: "Tipp",
            important: "Wichtig",
            caution: "Vorsicht",
            danger: "Gefahr",
            hint: "Hinweis",
            attention: "Achtung",
            error: "Fehler",
            see_also: "Siehe auch",
            version_added: "Neu in Version",
            version_changed: "Geändert in Version",
            deprecated: "Veraltet seit Version",
            abstract_: "Zusammenfassung",
            info: "Info",
            todo: "Zu erledigen",
            success: "Erfolg",
            question: "Frage",
            failure: "Fehlschlag",
            bug: "Programmfehler",
            example: "Beispiel",
            quote: "Zitat",
        },
    },
    Words {
        language: "fr",
        contents: "Table des matières",
        chapter: "Chapitre",
        release: "Version",
        months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        date_pattern: "{day} {month} {year}",
        cover: "Couverture",
        title_page: "Page de titre",
        start: "Début",
        untitled: "Sans titre",
        speakers: "Intervenants",
        index: "Index",
        events: "Événements",
        see_also: "voir aussi",
        see: "voir",
        admonitions: Admonitions {
            note: "Note",
            warning: "Avertissement",
            tip: "Astuce",
            important: "Important",
            caution: "Prudence",
            danger: "Danger",
            hint: "Indication",
            attention: "Attention",
            error: "Erreur",
            see_also: "Voir aussi",
            version_added: "Nouveau dans la version",
            version_changed: "Modifié dans la version",
            deprecated: "Obsolète depuis la version",
            abstract_: "Résumé",
            info: "Info",
            todo: "À faire",
            success: "Succès",
            question: "Question",
            failure: "Échec",
            bug: "Bogue",
            example: "Exemple",
            quote: "Citation",
        },
    },
    Words {
        language: "es",
        contents: "Contenido",
        chapter: "Capítulo",
        release: "Versión",
        months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        date_pattern: "{day} de {month} de {year}",
        cover: "Portada",
        title_page: "Página de título",
        start: "Inicio",
        untitled: "Sin título",
        speakers: "Ponentes",
        index: "Índice alfabético",
        events: "Eventos",
        see_also: "véase también",
        see: "véase",
        admonitions: Admonitions {
            note: "Nota",
            warning: "Advertencia",
            tip: "Consejo",
            important: "Importante",
            caution: "Precaución",
            danger: "Peligro",
            hint: "Sugerencia",
            attention: "Atención",
            error: "Error",
            see_also: "Ver también",
            version_added: "Nuevo en la versión",
            version_changed: "Cambiado en la versión",
            deprecated: "Obsoleto desde la versión",
            abstract_: "Resumen",
            info: "Información",
            todo: "Pendiente",
            success: "Éxito",
            question: "Pregunta",
            failure: "Fallo",
            bug: "Defecto",
            example: "Ejemplo",
            quote: "Cita",
        },
    },
    Words {
        language: "it",
        contents: "Indice",
        chapter: "Capitolo",
        release: "Versione",
        months: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        date_pattern: "{day} {month} {year}",
        cover: "Copertina",
        title_page: "Frontespizio",
        start: "Inizio",
        untitled: "Senza titolo",
        speakers: "Relatori",
        index: "Indice analitico",
        events: "Eventi",
        see_also: "vedi anche",
        see: "vedi",
        admonitions: Admonitions {
            note: "Nota",
            warning: "Avvertimento",
            tip: "Consiglio",
            important: "Importante",
            caution: "Cautela",
            danger: "Pericolo",
            hint: "Suggerimento",
            attention: "Attenzione",
            error: "Errore",
            see_also: "Vedi anche",
            version_added: "Nuovo nella versione",
            version_changed: "Cambiato nella versione",
            deprecated: "Deprecato dalla versione",
            abstract_: "Riassunto",
            info: "Informazione",
            todo: "Da fare",
            success: "Successo",
            question: "Domanda",
            failure: "Fallimento",
            bug: "Difetto",
            example: "Esempio",
            quote: "Citazione",
        },
    },
    Words {
        language: "pt",
        contents: "Sumário",
        chapter: "Capítulo",
        release: "Versão",
        months: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        date_pattern: "{day} de {month} de {year}",
        cover: "Capa",
        title_page: "Folha de rosto",
        start: "Início",
        untitled: "Sem título",
        speakers: "Palestrantes",
        index: "Índice remissivo",
        events: "Eventos",
        see_also: "ver também",
        see: "ver",
        admonitions: Admonitions {
            note: "Nota",
            warning: "Aviso",
            tip: "Dica",
            important: "Importante",
            caution: "Cuidado",
            danger: "Perigo",
            hint: "Sugestão",
            attention: "Atenção",
            error: "Erro",
            see_also: "Veja também",
            version_added: "Novo na versão",
            version_changed: "Alterado na versão",
            deprecated: "Obsoleto desde a versão",
            abstract_: "Resumo",
            info: "Informação",
            todo: "A fazer",
            success: "Sucesso",
            question: "Pergunta",
            failure: "Falha",
            bug: "Defeito",
            example: "Exemplo",
            quote: "Citação",
        },
    },
    Words {
        language: "nl",
        contents: "Inhoud",
        chapter: "Hoofdstuk",
        release: "Versie",
        months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        date_pattern: "{day} {month} {year}",
        cover: "Omslag",
        title_page: "Titelpagina",
        start: "Begin",
        untitled: "Zonder titel",
        speakers: "Sprekers",
        index: "Register",
        events: "Evenementen",
        see_also: "zie ook",
        see: "zie",
        admonitions: Admonitions {
            note: "Notitie",
            warning: "Waarschuwing",
            tip: "Tip",
            important: "Belangrijk",
            caution: "Voorzichtig",
            danger: "Gevaar",
            hint: "Hint",
            attention: "Let op",
            error: "Fout",
            see_also: "Zie ook",
            version_added: "Nieuw in versie",
            version_changed: "Gewijzigd in versie",
            deprecated: "Verouderd sinds versie",
            abstract_: "Samenvatting",
            info: "Info",
            todo: "Te doen",
            success: "Geslaagd",
            question: "Vraag",
            failure: "Mislukt",
            bug: "Fout",
            example: "Voorbeeld",
            quote: "Citaat",
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_fall_back_to_english() {
        assert_eq!(Words::of("de").contents, "Inhalt");
        assert_eq!(Words::of("pt-BR").language, "pt");
        assert_eq!(Words::of("xx").language, "en");
        assert_eq!(Words::languages().count(), 7);
    }

    #[test]
    fn quotation_marks_by_language() {
        assert_eq!(Quotes::of("en").double, ('“', '”'));
        assert_eq!(Quotes::of("de-AT").double, ('„', '“'));
        assert_eq!(Quotes::of("fr").inner_space, Some('\u{202f}'));
        assert_eq!(Quotes::of("pt-BR").double, ('“', '”'));
        assert_eq!(Quotes::of("pt").double, ('«', '»'));
        assert_eq!(Quotes::of("ja").double, ('「', '」'));
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(Words::of("en").long_date("2016-11-12"), "November 12, 2016");
        assert_eq!(Words::of("de").long_date("2016-03-09"), "9. März 2016");
        assert_eq!(Words::of("es").long_date("2016-03-09"), "9 de marzo de 2016");
        assert_eq!(Words::of("fr").long_date("soon"), "soon");
    }

    #[test]
    fn every_admonition_kind_but_the_untitled_has_a_title_in_every_language() {
        use crate::AdmonitionKind as K;
        for lang in Words::languages() {
            let w = Words::of(lang);
            for k in [
                K::Note,
                K::Warning,
                K::Tip,
                K::Important,
                K::Caution,
                K::Danger,
                K::Hint,
                K::Attention,
                K::Error,
                K::SeeAlso,
                K::Abstract,
                K::Info,
                K::Todo,
                K::Success,
                K::Question,
                K::Failure,
                K::Bug,
                K::Example,
                K::Quote,
            ] {
                assert!(!w.admonitions.of(k).is_empty(), "{lang} {k:?}");
            }
        }
    }
}

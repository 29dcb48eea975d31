//! Notices and document notes in Dutch: every file that was not read or not used, and why, rendered from the
//! notice's kind and fields (the JSON keeps the kind and fields themselves).

use apv_rules::WarningKind as W;
use apv_rules::{DocumentNote, FileProblem, Ignored, NoteKind, Notice, ScanNote};

/// One line of Dutch for a notice.
pub fn notice_nl(notice: &Notice) -> String {
    match notice {
        Notice::Unreadable { file, problem } => {
            format!("{file}: niet gelezen, {}", problem_nl(problem))
        }
        Notice::EmptyFolder { folder } => format!("{folder}: geen documenten in deze map"),
        Notice::TooDeep { folder, limit } => {
            format!("{folder}: niet gelezen, mappen dieper dan {limit} niveaus worden overgeslagen")
        }
        Notice::FolderLoop { folder, target } => {
            format!("{folder}: niet gevolgd, een koppeling terug naar {target}")
        }
        Notice::Ignored {
            file,
            because: Ignored::OlderApv { newer },
        } => format!("{file}: niet gebruikt, een oudere APV; beoordeeld is {newer}"),
        Notice::Ignored {
            file,
            because: Ignored::OutsideMunicipality,
        } => format!("{file}: niet gelezen, het bestand staat buiten de mappen van de gemeenten"),
        Notice::AmendmentOnly { file } => format!(
            "{file}: alleen een wijzigingsbesluit, geen geconsolideerde APV; de APV-eisen zijn niet beoordeeld"
        ),
        Notice::OtherMunicipality { file, named } => format!(
            "{file}: deze APV is van {named}, niet van deze gemeente; de APV-eisen zijn niet beoordeeld"
        ),
        Notice::SeveralMunicipalities { named } => format!(
            "APV's van meer dan één gemeente aangeleverd ({}); de APV-eisen zijn niet beoordeeld",
            named.join(", ")
        ),
        Notice::ApvNotRead { reason } => {
            format!("De APV-eisen zijn niet beoordeeld: {}.", reason.label_nl())
        }
    }
}

/// Why a file could not be read, in Dutch.
pub fn problem_nl(problem: &FileProblem) -> String {
    match problem {
        FileProblem::NotFound => "het bestand bestaat niet".to_string(),
        FileProblem::NoPermission => "geen toestemming om het bestand te lezen".to_string(),
        FileProblem::Io { .. } => "het bestand kon niet worden gelezen".to_string(),
        FileProblem::Empty => "het bestand is leeg".to_string(),
        FileProblem::Binary { .. } => "het bestand is geen tekstdocument".to_string(),
        FileProblem::TooLarge { size, limit } => format!(
            "het bestand is te groot ({} bytes; de grens is {} bytes, zie --max-file-size)",
            size, limit
        ),
        FileProblem::Malformed { form, .. } => format!("het bestand is beschadigd ({form})"),
        FileProblem::Unsupported { detail } if detail.contains("pdftotext") => {
            "een PDF lezen vraagt het programma pdftotext (poppler-utils); installeer het of lever de tekst aan"
                .to_string()
        }
        FileProblem::Unsupported { .. } => "deze bestandsvorm kan niet worden gelezen".to_string(),
        FileProblem::NoStructure { .. } => {
            "geen artikelen gevonden en geen leesbare tekst".to_string()
        }
        _ => "het bestand kon niet worden gelezen".to_string(),
    }
}

/// One line of Dutch for a remark on how a document was read.
pub fn note_nl(note: &DocumentNote) -> String {
    let article = |fallback: &str| match &note.article {
        Some(a) => format!("artikel {a}"),
        None => fallback.to_string(),
    };
    let text = match note.kind {
        NoteKind::Reading(W::DuplicateArticle) => format!("{} komt twee keer voor", article("een artikelnummer")),
        NoteKind::Reading(W::OutOfSequence) => format!("{} staat niet op volgorde", article("een artikel")),
        NoteKind::Reading(W::MemberGap) => format!("de leden van {} slaan een nummer over", article("een artikel")),
        NoteKind::Reading(W::EmptyHeading) => "een kop zonder tekst eronder".to_string(),
        NoteKind::Reading(W::Encoding) => "de tekst was geen UTF-8 en is gelezen als Windows-1252".to_string(),
        NoteKind::Reading(W::TrackedChanges) => {
            "het document bevat niet-geaccepteerde wijzigingen; gelezen alsof ze zijn geaccepteerd"
                .to_string()
        }
        NoteKind::Reading(W::HistoricalVersion) => {
            "volgens de bron een historische versie, niet de geldende regeling".to_string()
        }
        NoteKind::Reading(W::UnresolvedReference) => format!(
            "verwijst naar {}, dat niet in het document staat",
            article("een artikel")
        ),
        NoteKind::Scan(ScanNote::PlainText) => {
            "geen artikelen gevonden: gelezen als doorlopende tekst, alinea voor alinea".to_string()
        }
        NoteKind::Scan(ScanNote::AmendmentText) => {
            "een wijzigingsbesluit, geen geconsolideerde APV: de artikelen zijn wijzigingsopdrachten"
                .to_string()
        }
        NoteKind::Scan(ScanNote::AmendmentNotUsed) => {
            "niet gebruikt voor de APV-eisen: er is een geconsolideerde APV aangeleverd".to_string()
        }
        // Other remarks of the reader, and kinds a newer parser may add.
        NoteKind::Reading(_) => "niet alle inhoud kon worden gelezen (bijvoorbeeld tekstvakken)".to_string(),
    };
    match note.line {
        Some(line) => format!("regel {line}: {text}"),
        None => text,
    }
}

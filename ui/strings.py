"""Every UI string in both languages, the language choices, and the example questions: data only.

>>> STRINGS["id"].send
'Tanya'
>>> ui_language("auto", detected="id"), ui_language("en", detected="id"), ui_language("auto", None)
('id', 'en', 'en')
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Strings:
    """The labels and messages of the UI in one language."""

    code: str
    intro: str
    chat_tab: str
    article_tab: str
    documents_tab: str
    chat_label: str
    question_label: str
    placeholder: str
    send: str
    clear: str
    language_label: str
    examples_label: str
    thinking: str
    not_answered: str
    sources: str           # summary of the citations panel; {numbers} are the cited paragraphs
    candidates: str        # the retrieved paragraphs shown while the answer is made; {numbers}
    paragraph: str
    page: str
    question_error: str    # {detail}: the library's message
    failure: str           # {detail}
    upload_label: str
    upload_button: str
    upload_help: str       # {files}, {size}, {types}
    no_files: str
    too_many_files: str    # {count}, {limit}
    too_big: str           # {name}, {size}, {limit}
    wrong_type: str        # {name}, {types}
    document_error: str    # {detail}
    indexing: str
    documents_ready: str   # {names}
    duplicates: str        # {names}: uploads whose text is already indexed (not added again)
    documents_reset: str
    reset_button: str
    keep_button: str        # add the chosen files to the library (kept after a restart)
    library_title: str
    library_empty: str
    library_row: str        # {name}, {paragraphs}
    library_kept: str       # {names}
    library_removed: str    # {name}
    remove_label: str
    remove_button: str
    mode_label: str = "Answer mode"
    modes: tuple[str, str, str] = ("Careful", "Balanced", "Eager")   # careful, balanced, eager
    mode_note: str = "{mode} mode"  # shown under an answer beside how sure it is
    understood: str = "Taken as: {question}"  # a follow-up, as the question it was made to stand as
    not_allowed: str = "A {role} may not change the library: ask an editor."  # {role}


LANGUAGE_CHOICES: list[tuple[str, str]] = [("Auto", "auto"), ("Bahasa Indonesia", "id"), ("English", "en")]
MODE_VALUES = ("careful", "balanced", "eager")


def mode_choices(strings: "Strings") -> list[tuple[str, str]]:
    """The answer-mode radio's (label, value) pairs in `strings`' language."""
    return list(zip(strings.modes, MODE_VALUES))
DEFAULT_UI_LANGUAGE = "en"

# (language, question): asked with one click.
EXAMPLES: list[tuple[str, str]] = [
    ("id", "Siapa pendiri Scale AI?"),
    ("id", "Berapa persen saham Scale AI yang dibeli Meta?"),
    ("id", "Kapan Google mengakuisisi DeepMind?"),
    ("en", "Who founded Scale AI?"),
    ("en", "Which AI company did Amazon invest in?"),
    ("en", "Which US government department does Scale AI already work for?"),
]

STRINGS: dict[str, Strings] = {
    "en": Strings(
        code="en",
        intro="## Ask the article\nAsk in Indonesian or English. Answers cite the numbered paragraphs they come from.",
        chat_tab="Chat", article_tab="Article", documents_tab="Your documents",
        chat_label="Conversation", question_label="Your question",
        placeholder="e.g. Who founded Scale AI?", send="Ask", clear="New chat",
        language_label="Answer language", examples_label="Examples (click to ask)",
        thinking="Searching the article…", not_answered="Not answered",
        sources="Cited paragraphs: {numbers}", paragraph="Paragraph", page="p.",
        candidates="Found paragraphs {numbers} (candidates: the answer is being written)",
        question_error="That question cannot be asked: {detail}.",
        failure="Something went wrong while answering: {detail}",
        upload_label="Documents (.txt, .md, .pdf, .docx)", upload_button="Add documents",
        upload_help="Add up to {files} documents ({types}, at most {size} each). They are answered over "
                    "together with the article, in this browser session only.",
        no_files="Choose one or more .txt, .md, .pdf or .docx files first.",
        too_many_files="At most {limit} documents per session; you chose {count}.",
        too_big="{name} is {size}; the limit is {limit} per document.",
        wrong_type="{name} is not a {types} file.",
        document_error="The documents were not added (nothing changed): {detail}",
        indexing="Indexing paragraphs", documents_ready="Added: {names}. Questions are now answered over "
        "the article and these documents.",
        duplicates="Already added: {names} (the same text is already indexed).",
        documents_reset="Documents removed: questions are answered over the article only.",
        reset_button="Remove my documents",
        keep_button="Keep in the library",
        library_title="Library (kept for every session, also after a restart)",
        library_empty="The library keeps no documents yet. Choose files above and press “Keep in the library”.",
        library_row="{name} · {paragraphs} paragraphs",
        library_kept="Kept in the library: {names}. Every session now answers over them, also after a restart.",
        library_removed="Removed from the library: {name}.",
        remove_label="Kept document", remove_button="Remove from the library",
        mode_label="Answer mode (careful refuses more, eager answers more)",
        modes=("Careful", "Balanced", "Eager"), mode_note="{mode} mode",
        not_allowed="Your role ({role}) may not change the library: ask an editor or an admin.",
    ),
    "id": Strings(
        code="id",
        intro="## Tanya artikel\nBertanyalah dalam bahasa Indonesia atau Inggris. Jawaban mengutip paragraf "
              "bernomor yang menjadi sumbernya.",
        chat_tab="Obrolan", article_tab="Artikel", documents_tab="Dokumen Anda",
        chat_label="Percakapan", question_label="Pertanyaan Anda",
        placeholder="mis. Siapa pendiri Scale AI?", send="Tanya", clear="Obrolan baru",
        language_label="Bahasa jawaban", examples_label="Contoh (klik untuk bertanya)",
        thinking="Mencari di artikel…", not_answered="Tidak terjawab",
        sources="Paragraf yang dikutip: {numbers}", paragraph="Paragraf", page="hlm.",
        candidates="Paragraf yang ditemukan {numbers} (kandidat: jawaban sedang ditulis)",
        question_error="Pertanyaan itu tidak dapat diajukan: {detail}.",
        failure="Terjadi kesalahan saat menjawab: {detail}",
        upload_label="Dokumen (.txt, .md, .pdf, .docx)", upload_button="Tambahkan dokumen",
        upload_help="Tambahkan hingga {files} dokumen ({types}, masing-masing paling besar {size}). Dokumen "
                    "dijawab bersama artikel, hanya di sesi peramban ini.",
        no_files="Pilih satu atau beberapa berkas .txt, .md, .pdf atau .docx terlebih dahulu.",
        too_many_files="Paling banyak {limit} dokumen per sesi; Anda memilih {count}.",
        too_big="{name} berukuran {size}; batasnya {limit} per dokumen.",
        wrong_type="{name} bukan berkas {types}.",
        document_error="Dokumen tidak ditambahkan (tidak ada yang berubah): {detail}",
        indexing="Mengindeks paragraf", documents_ready="Ditambahkan: {names}. Pertanyaan kini dijawab dari "
        "artikel dan dokumen ini.",
        duplicates="Sudah ada: {names} (teks yang sama sudah diindeks).",
        documents_reset="Dokumen dihapus: pertanyaan dijawab dari artikel saja.",
        reset_button="Hapus dokumen saya",
        keep_button="Simpan di pustaka",
        library_title="Pustaka (disimpan untuk semua sesi, juga setelah dimulai ulang)",
        library_empty="Pustaka belum menyimpan dokumen. Pilih berkas di atas lalu tekan “Simpan di pustaka”.",
        library_row="{name} · {paragraphs} paragraf",
        library_kept="Disimpan di pustaka: {names}. Semua sesi kini dijawab dari dokumen ini, juga setelah "
                     "dimulai ulang.",
        library_removed="Dihapus dari pustaka: {name}.",
        remove_label="Dokumen tersimpan", remove_button="Hapus dari pustaka",
        mode_label="Mode jawaban (hati-hati lebih sering menolak, berani lebih sering menjawab)",
        modes=("Hati-hati", "Seimbang", "Berani"), mode_note="mode {mode}",
        understood="Dipahami sebagai: {question}",
        not_allowed="Peran Anda ({role}) tidak boleh mengubah pustaka: mintalah editor atau admin.",
    ),
}


def ui_language(choice: str | None, detected: str | None) -> str:
    """The language of the labels: the chosen one, else (Auto) the last detected one, else English."""
    if choice in STRINGS:
        return choice
    return detected if detected in STRINGS else DEFAULT_UI_LANGUAGE


def bot_language(choice: str | None) -> str | None:
    """The `language` argument for `Bot.stream`: None (detect) for Auto.

    >>> bot_language("auto"), bot_language("id")
    (None, 'id')
    """
    if choice in (None, "", "auto"):
        return None
    if choice not in STRINGS:
        allowed = ", ".join(value for _, value in LANGUAGE_CHOICES)
        raise ValueError(f"language must be one of {allowed}; got {choice!r}")
    return choice

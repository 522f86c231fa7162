from pathlib import Path

import pytest

from ui.strings import STRINGS
from ui.uploads import MAX_FILES, UploadError, check, new_folder, safe_name, store


@pytest.mark.parametrize("name,expected", [
    ("notes.md", "notes.md"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
    ("/abs/path/a.txt", "a.txt"),
    ("..", "document"),
    (".hidden.txt", "hidden.txt"),
    ("a..b.txt", "a.b.txt"),
    ("semua<>|:*?\"nama.txt", "semua_nama.txt"),
    ("new\nline\x00.txt", "newline.txt"),
    ("Catatan Rapat 2025.md", "Catatan Rapat 2025.md"),
    ("x" * 300 + ".md", "x" * 97 + ".md"),
])
def test_safe_name_keeps_no_folder_part_dots_or_odd_characters(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_store_copies_into_the_folder_under_distinct_safe_names(uploads: Path, tmp_path: Path) -> None:
    folder = new_folder(tmp_path / "data")
    weird = uploads / "..notes.md"
    weird.write_text("x", encoding="utf-8")
    stored = store([uploads / "notes.md", weird, uploads / "notes.md"], folder)
    assert [p.name for p in stored] == ["notes.md", "notes-2.md", "notes-3.md"]
    assert all(p.parent == folder.resolve() for p in stored)
    assert folder.parent == tmp_path / "data" / "uploads"


@pytest.mark.parametrize("code,files,match", [
    ("en", ["slides.pptx"], r"slides.pptx is not a .txt / .md / .pdf / .docx file"),
    ("id", ["slides.pptx"], r"slides.pptx bukan berkas .txt / .md / .pdf / .docx"),
    ("en", ["big.txt"], r"big.txt is 1.1 MB; the limit is 1 MB per document"),
    ("id", ["big.txt"], r"big.txt berukuran 1.1 MB; batasnya 1 MB per dokumen"),
    ("en", [], r"Choose one or more"),
    ("id", [], r"Pilih satu atau beberapa"),
])
def test_check_refuses_wrong_type_too_big_and_nothing_chosen(uploads: Path, code, files, match) -> None:
    with pytest.raises(UploadError, match=match):
        check([uploads / f for f in files], 0, STRINGS[code])


@pytest.mark.parametrize("code,match", [("en", "At most 5 documents per session; you chose 6"),
                                        ("id", "Paling banyak 5 dokumen per sesi; Anda memilih 6")])
def test_check_counts_the_documents_already_added(uploads: Path, code: str, match: str) -> None:
    check([uploads / "notes.md"] * 2, MAX_FILES - 2, STRINGS[code])
    with pytest.raises(UploadError, match=match):
        check([uploads / "notes.md"] * 2, MAX_FILES - 1, STRINGS[code])

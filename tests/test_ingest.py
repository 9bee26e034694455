"""Ingestion: every kind of file a researcher's folder holds, built in a temporary folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import ingest
from helpers.paths import RAW_DIR

FRENCH = "Le président a déclaré à Genève qu’une réunion secrète aurait eu lieu en été.\n"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def ingest_one(tmp_path: Path, name: str, data: bytes) -> ingest.FileResult:
    path = write(tmp_path, name, data)
    return ingest.ingest_file(path, tmp_path)


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    "encoding_name, data",
    [
        ("utf-8", FRENCH.encode("utf-8")),
        ("utf-8-sig", FRENCH.encode("utf-8-sig")),
        ("utf-16", FRENCH.encode("utf-16")),  # Notepad: UTF-16 LE with BOM
        ("utf-16", b"\xfe\xff" + FRENCH.encode("utf-16-be")),  # big-endian BOM
    ],
)
def test_unicode_encodings_decode_to_the_same_text(tmp_path, encoding_name, data):
    result = ingest_one(tmp_path, "a.txt", data)
    assert result.status == "ingested"
    assert result.encoding == encoding_name
    assert result.text == FRENCH


def test_cp1252_export_is_detected_without_mojibake(tmp_path):
    text = ("Les négociations secrètes à Genève ont été confirmées, a déclaré le ministère. "
            "Selon l’agence, la réunion aurait duré deux heures — une première.\n") * 3
    result = ingest_one(tmp_path, "excel export.txt", text.encode("cp1252"))
    assert result.status == "ingested"
    assert result.encoding in {"cp1252", "latin_1", "iso8859_15"} or "1252" in result.encoding
    assert "négociations" in result.text and "Ã" not in result.text


def test_double_encoded_utf8_is_repaired(tmp_path):
    mojibake = FRENCH.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    result = ingest_one(tmp_path, "a.txt", mojibake)
    assert result.text.strip() == FRENCH.strip()
    assert any("mojibake" in warning for warning in result.warnings)


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"])
def test_crlf_and_cr_line_ends_become_newlines(tmp_path, line_end):
    data = line_end.join([b"Titre", b"", b"Premier paragraphe.", b""])
    result = ingest_one(tmp_path, "a.txt", data)
    assert result.text == "Titre\n\nPremier paragraphe.\n"


def test_nul_bytes_are_stripped_and_reported(tmp_path):
    data = FRENCH.encode("utf-8").replace(b" a ", b" a\x00\x00 ")
    result = ingest_one(tmp_path, "a.txt", data)
    assert result.status == "ingested"
    assert "\x00" not in result.text
    assert result.warnings == ["removed 2 NUL bytes"]


def test_text_is_normalised_to_nfc(tmp_path):
    decomposed = "Sergue\u0301i\u0308 et Ze\u0301lensky\n"  # letters + combining accents
    result = ingest_one(tmp_path, "a.txt", decomposed.encode("utf-8"))
    assert result.text == "Serguéï et Zélensky\n"
    assert "\u0301" not in result.text


def test_html_page_saved_as_txt_keeps_text_and_drops_scripts(tmp_path):
    html = (
        "<!DOCTYPE html><html><head><title>Ignored head</title>"
        "<script>alert('never run')</script><style>p{color:red}</style></head>"
        "<body><h1>Secret talks</h1><p>First &amp; only paragraph.</p>"
        "<script>document.write('x')</script><p>Second paragraph.</p></body></html>"
    )
    result = ingest_one(tmp_path, "page.txt", html.encode("utf-8"))
    assert result.status == "ingested"
    assert result.text == "Secret talks\n\nFirst & only paragraph.\n\nSecond paragraph.\n"
    assert "alert" not in result.text and "color" not in result.text
    assert any("HTML" in warning for warning in result.warnings)


def test_prose_mentioning_a_tag_is_not_treated_as_html(tmp_path):
    text = "The page used a <p> element and nothing else.\n"
    assert ingest_one(tmp_path, "a.txt", text.encode()).text == text


def test_very_long_single_line_is_kept_whole(tmp_path):
    line = ("mot " * 250_000).strip() + "\n"
    result = ingest_one(tmp_path, "long.txt", line.encode())
    assert result.status == "ingested" and len(result.text) == len(line)


@pytest.mark.parametrize(
    "name, data, reason_part",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n  ", "only whitespace"),
        ("blank16.txt", "   \n".encode("utf-16"), "only whitespace"),
        ("notes.docx", b"PK\x03\x04" + b"\x00" * 50, "not an article format (Word document"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not an article format (PDF"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        ("random.bin", bytes(range(256)) * 40, "binary or not text"),
    ],
)
def test_bad_files_become_problems_with_a_reason(tmp_path, name, data, reason_part):
    result = ingest_one(tmp_path, name, data)
    assert result.status == "problem"
    assert reason_part in result.reason
    assert result.n_bytes == len(data)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file_is_a_problem(tmp_path):
    path = write(tmp_path, "locked.txt", b"text")
    path.chmod(0)
    try:
        assert "unreadable" in ingest.ingest_file(path, tmp_path).reason
    finally:
        path.chmod(0o644)


def test_broken_symlink_is_an_unreadable_problem(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    articles, problems = ingest.ingest_folder(tmp_path)
    assert articles.empty
    assert problems.loc[0, "source_path"] == "gone.txt"
    assert problems.loc[0, "reason"].startswith("unreadable")


def messy_folder(root: Path) -> Path:
    """A folder holding one of each kind of file, in sub-folders with odd names."""
    raw = root / "raw"
    write(raw, "a.txt", FRENCH.encode())
    write(raw, "sous dossier/été – copie.txt", FRENCH.encode())  # exact duplicate of a.txt
    write(raw, "sous dossier/crlf.txt", b"Title\r\n\r\nBody text here.\r\n")
    write(raw, "notepad.txt", "Ein Artikel über Gespräche.\n".encode("utf-16"))
    write(raw, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(raw, ".hidden/inside.txt", b"hidden folder")
    write(raw, "empty.txt", b"")
    write(raw, "report.docx", b"PK\x03\x04rest")
    return raw


def test_every_file_is_accounted_for(tmp_path):
    raw = messy_folder(tmp_path)
    articles, problems = ingest.ingest_folder(raw)
    all_files = {str(p.relative_to(raw).as_posix()) for p in raw.rglob("*") if p.is_file()}
    assert set(articles["source_path"]) | set(problems["source_path"]) == all_files
    assert set(articles["source_path"]).isdisjoint(problems["source_path"])
    skipped = problems[problems["status"] == "skipped"]
    assert set(skipped["source_path"]) == {".DS_Store", ".hidden/inside.txt"}
    assert list(problems.columns) == ingest.PROBLEM_COLUMNS
    assert list(articles.columns) == ingest.ARTICLE_COLUMNS


def test_duplicates_are_flagged_not_dropped(tmp_path):
    articles, _ = ingest.ingest_folder(messy_folder(tmp_path))
    by_path = articles.set_index("source_path")
    original, copy = by_path.loc["a.txt"], by_path.loc["sous dossier/été – copie.txt"]
    assert copy["duplicate_of"] == original["article_id"]
    assert original["duplicate_of"] == "" or pd.isna(original["duplicate_of"])
    assert copy["article_id"] == original["article_id"] + "-2"
    assert articles["article_id"].is_unique


def test_ids_and_provenance_are_stable_and_content_based(tmp_path):
    raw = messy_folder(tmp_path)
    first, _ = ingest.ingest_folder(raw)
    moved = tmp_path / "elsewhere"
    raw.rename(moved)
    second, _ = ingest.ingest_folder(moved, workers=2)
    pd.testing.assert_frame_equal(first, second)
    row = first.set_index("source_path").loc["sous dossier/crlf.txt"]
    raw_bytes = (moved / "sous dossier/crlf.txt").read_bytes()
    assert row["sha256"] == hashlib.sha256(raw_bytes).hexdigest()
    assert row["article_id"] == ingest.article_id_for("Title\n\nBody text here.\n")
    assert row["n_chars"] == len("Title\n\nBody text here.\n")


def test_sample_corpus_ingests_without_problems_or_mojibake():
    articles, problems = ingest.ingest_folder(RAW_DIR)
    assert len(articles) == len(list(RAW_DIR.glob("*.txt"))) and problems.empty
    assert not articles["text"].str.contains("Ã|â€", regex=True).any()
    assert (articles["encoding"] == "utf-8").all()
    assert articles["duplicate_of"].fillna("").eq("").all()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args], capture_output=True, text=True, check=False
    )


def test_cli_writes_tables_and_never_touches_raw(tmp_path):
    raw = messy_folder(tmp_path)
    before = checksums(raw)
    out = tmp_path / "out"
    completed = run_cli("ingest", str(raw), str(out))
    assert completed.returncode == 0, completed.stderr
    assert checksums(raw) == before
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    problems = pd.read_csv(out / "problems.csv", keep_default_na=False)
    assert len(articles) == 4 and len(problems) == 4
    assert "4 articles" in completed.stdout
    assert articles.loc[articles["source_path"] == "notepad.txt", "text"].item() == (
        "Ein Artikel über Gespräche.\n"
    )


@pytest.mark.parametrize("make_bad", ["missing", "file"])
def test_cli_fails_with_one_line_when_raw_dir_is_unusable(tmp_path, make_bad):
    target = tmp_path / "corpus"
    if make_bad == "file":
        target.write_text("not a folder")
    completed = run_cli("ingest", str(target), str(tmp_path / "out"))
    assert completed.returncode == 2
    assert completed.stderr.count("\n") == 1 and str(target) in completed.stderr
    assert not (tmp_path / "out").exists()


def test_cli_refuses_to_write_inside_the_raw_folder(tmp_path):
    raw = messy_folder(tmp_path)
    before = checksums(raw)
    completed = run_cli("ingest", str(raw), str(raw / "out"))
    assert completed.returncode == 2 and "inside RAW_DIR" in completed.stderr
    assert checksums(raw) == before


def test_german_cp1252_export_is_reported_as_cp1252(tmp_path):
    text = "Geheime Gespräche in Genf. Der Kreml dementierte die Berichte über Verhandlungen.\n" * 2
    result = ingest_one(tmp_path, "artikel.txt", text.encode("cp1252"))
    assert (result.encoding, result.text) == ("cp1252", text)


def test_html_to_text_leaves_out_formula_sources_and_inline_hidden_copies():
    # a formula as Wikipedia prints it: a hidden MathML copy with its TeX annotation, then the
    # image a reader sees; a gallery section hidden until a script shows it keeps its text
    html = ('<p>Given a set of <span class="mwe-math-element"><span style="display: none;">'
            '<math><semantics><mi>N</mi><annotation encoding="application/x-tex">{\\displaystyle N}'
            '</annotation></semantics></math></span><img alt="N"></span> high-dimensional objects.</p>'
            '<div style="display:none"><p>The next part of the gallery.</p></div>')
    text = ingest.html_to_text(html)
    assert "Given a set of high-dimensional objects." in text
    assert "displaystyle" not in text
    assert "The next part of the gallery." in text

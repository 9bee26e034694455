"""Stage 1: ingest a folder of scraped articles.

Reads every file under a raw folder (recursively, never writing to it) and returns, per file,
either an article record (decoded, normalised text plus provenance) or a problem record saying
why the file could not be used. ``ingest_folder`` writes ``articles.csv`` and ``problems.csv``.

Each file is handled by ``ingest_file`` alone, on plain data (a path in, a dict out), so a large
corpus can be mapped over a process pool or a cluster without changing this module.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from helpers.tables import write_csv_atomic

#: Extensions read as article text; anything else that is not a known binary format is still
#: tried, so a folder of ``.text`` or extension-less exports works.
ARTICLE_EXTENSIONS = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ""}

#: Formats researchers drop into corpus folders that need converting before use.
DOCUMENT_EXTENSIONS = {
    ".docx": "Word document",
    ".doc": "Word document",
    ".odt": "OpenDocument text",
    ".rtf": "RTF document",
    ".pdf": "PDF",
    ".xlsx": "Excel workbook",
    ".xls": "Excel workbook",
    ".pptx": "PowerPoint file",
    ".epub": "e-book",
    ".zip": "zip archive",
}

#: Leading bytes of binary formats (checked before any decoding is attempted).
MAGIC_NUMBERS = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "zip container (docx/xlsx/odt/zip)",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"{\\rtf": "RTF document",
    b"\x1f\x8b": "gzip archive",
}

# Byte-order marks, longest first so UTF-32 LE is not mistaken for UTF-16 LE.
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Typical UTF-8-read-as-cp1252 sequences ("Ã©", "â€™", "Ã "). Only when one occurs do we pay for ftfy.
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|â€")
HTML_START = re.compile(r"\A\s*(<!doctype html|<html|<head|<body|<\?xml)", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(p|div|span|a|br|script|style|h[1-6]|li|article|section)\b", re.I)
SINGLE_BYTE_WESTERN = {"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "cp1257"}
CONTROL_CHARS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")

ARTICLE_COLUMNS = [
    "article_id",
    "source_path",
    "sha256",
    "encoding",
    "n_bytes",
    "n_chars",
    "n_lines",
    "text_sha256",
    "duplicate_of",
    "warnings",
    "text",
]
PROBLEM_COLUMNS = ["source_path", "status", "reason", "n_bytes", "sha256"]

#: Folders above this many files get a progress bar.
PROGRESS_THRESHOLD = 300


class IngestError(ValueError):
    """The raw folder itself cannot be used (missing, not a folder, unreadable)."""


@dataclass
class FileResult:
    """What ingesting one file produced: an article or a problem (``status`` tells which)."""

    source_path: str
    status: str  # "ingested", "problem" or "skipped"
    sha256: str = ""
    n_bytes: int = 0
    reason: str = ""
    encoding: str = ""
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    page: str = ""  # webpage hook (issue 13): helpers.webpage's JSON record for HTML pages


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``: the provenance fingerprint of the raw bytes."""
    return hashlib.sha256(data).hexdigest()


def is_hidden(relative: Path) -> bool:
    """True for dot-files and anything inside a dot-folder (.DS_Store, .git/...)."""
    return any(part.startswith(".") for part in relative.parts)


def list_files(raw_dir: Path) -> list[Path]:
    """Every file under ``raw_dir``, recursively, in a stable (sorted) order.

    Symbolic links are listed too (a broken one becomes an 'unreadable' problem).
    """
    found: list[Path] = []
    for root, dirs, files in os.walk(raw_dir, onerror=None):
        dirs.sort()
        found.extend(Path(root) / name for name in sorted(files))
    return found


def binary_format(data: bytes) -> str | None:
    """Name of a binary format recognised by its leading bytes, else None."""
    for magic, name in MAGIC_NUMBERS.items():
        if data.startswith(magic):
            return name
    return None


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode raw bytes to text: returns (text, encoding name, warnings).

    Order: a byte-order mark, then strict UTF-8 (the common case, and fast), then
    charset-normalizer's detection (cp1252/latin-1 exports, BOM-less UTF-16). Raises
    ValueError with a readable reason when the bytes are not text.
    """
    warnings: list[str] = []
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, warnings
            except UnicodeDecodeError as error:
                raise ValueError(f"has a {encoding} byte-order mark but does not decode: {error}")
    nul_count = data.count(b"\x00")
    if nul_count and nul_count < len(data) * 0.1:
        # A few NULs are scraping debris in a text file; many mean UTF-16 without BOM or binary.
        data = data.replace(b"\x00", b"")
        warnings.append(f"removed {nul_count} NUL bytes")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported late: only needed for non-UTF-8 files

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("binary or not text: no text encoding fits its bytes")
    text = str(best)
    if "\x00" in text or len(CONTROL_CHARS.findall(text)) > max(2, len(text) * 0.01):
        raise ValueError("binary or not text: decodes only to control characters")
    encoding = best.encoding
    if encoding in SINGLE_BYTE_WESTERN and encoding != "cp1252":
        # Detectors often name a sibling code page (cp1250, latin-1) for Western text; when
        # cp1252, the usual Windows/Excel export encoding, gives the same text, report it.
        try:
            if data.decode("cp1252") == text:
                encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    if encoding.startswith("utf_16") or encoding.startswith("utf_32"):
        warnings.append(f"no byte-order mark; detected {encoding}")
    return text, encoding, warnings


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, paragraphs kept; scripts and styles dropped, nothing run."""
    import lxml.html
    from lxml import etree

    tree = lxml.html.document_fromstring(html)
    etree.strip_elements(  # webpage hook (issue 13): head's elements, not "head" (broken pages put the body there)
        tree, "script", "style", "noscript", "template", "title", "meta", "link", "base", etree.Comment, with_tail=False
    )
    block_tags = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                  "article", "section", "header", "footer", "blockquote", "pre", "title"}
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in block_tags:
            element.tail = "\n\n" + (element.tail or "")
    text = tree.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page saved as text (not prose mentioning a tag)."""
    if HTML_START.match(text):
        return True
    return len(HTML_TAG.findall(text[:20000])) >= 5


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Unify line ends, repair mojibake, and normalise to NFC. Returns (text, warnings)."""
    warnings: list[str] = []
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append("removed NUL characters")
    # The substring test is ~50x cheaper than the regex and rules out almost every clean text.
    if ("Ã" in text or "Â" in text or "â€" in text) and MOJIBAKE.search(text):
        import ftfy

        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text = fixed
            warnings.append("repaired mojibake (text had been decoded with the wrong encoding)")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, warnings


def ingest_file(path: Path, raw_dir: Path) -> FileResult:
    """Read one file and turn it into an article or a problem. Never raises for a bad file."""
    relative = path.relative_to(raw_dir)
    source_path = relative.as_posix()
    if is_hidden(relative):
        return FileResult(source_path, "skipped", reason="hidden file (name starts with a dot)")
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileResult(source_path, "problem", reason=f"unreadable: {error.strerror or error}")
    result = FileResult(source_path, "problem", sha256=sha256_hex(data), n_bytes=len(data))
    extension = path.suffix.lower()
    if not data:
        result.reason = "empty file (0 bytes)"
        return result
    known_binary = binary_format(data)
    if extension in DOCUMENT_EXTENSIONS or known_binary:
        kind = DOCUMENT_EXTENSIONS.get(extension) or known_binary
        result.reason = f"not an article format ({kind}{', ' + extension if extension else ''}): save it as .txt or .html"
        return result
    try:
        text, encoding, warnings = decode_bytes(data)
    except ValueError as error:
        result.reason = str(error)
        return result
    text, more_warnings = normalise_text(text)
    warnings += more_warnings
    if looks_like_html(text):
        # webpage hook (issue 13): visible text + extraction record; a page that fails is a problem row
        from helpers.webpage import PageError, read_html_page
        try:
            text, result.page, page_warnings = read_html_page(text)
        except PageError as error:
            result.reason = f"HTML page could not be read: {error}"
            return result
        warnings += page_warnings
    if not text.strip():
        result.reason = "only whitespace"
        return result
    if extension not in ARTICLE_EXTENSIONS:
        warnings.append(f"unusual extension {extension}, read as text")
    result.status, result.encoding, result.text, result.warnings = "ingested", encoding, text, warnings
    return result


def _ingest_one(args: tuple[Path, Path]) -> FileResult:
    return ingest_file(*args)


def ingest_paths(
    paths: Iterable[Path], raw_dir: Path, workers: int = 1, progress: bool | None = None
) -> Iterator[FileResult]:
    """Ingest ``paths`` (files under ``raw_dir``), in order, optionally on a process pool."""
    paths = list(paths)
    if progress is None:
        progress = len(paths) > PROGRESS_THRESHOLD
    jobs = [(path, raw_dir) for path in paths]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_ingest_one, jobs, chunksize=64)
            yield from tqdm(results, total=len(jobs), disable=not progress, desc="ingest", unit="file")
    else:
        for job in tqdm(jobs, disable=not progress, desc="ingest", unit="file"):
            yield _ingest_one(job)


def article_id_for(text: str) -> str:
    """Stable id from the normalised text (same text, same id, on every machine)."""
    return sha256_hex(text.encode("utf-8"))[:16]


def build_tables(results: Iterable[FileResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split file results into the articles table and the problems table.

    Exact duplicates (same normalised text) keep their own row, with ``duplicate_of`` naming the
    first copy in path order; their id gets a ``-2``, ``-3`` suffix so ids stay unique.
    """
    articles: list[dict] = []
    problems: list[dict] = []
    first_by_text: dict[str, str] = {}
    copies: dict[str, int] = {}
    for result in sorted(results, key=lambda r: r.source_path):
        if result.status != "ingested":
            problems.append({k: v for k, v in asdict(result).items() if k in PROBLEM_COLUMNS})
            continue
        text_hash = sha256_hex(result.text.encode("utf-8"))
        base_id = text_hash[:16]
        copies[base_id] = copies.get(base_id, 0) + 1
        article_id = base_id if copies[base_id] == 1 else f"{base_id}-{copies[base_id]}"
        articles.append(
            {
                "article_id": article_id,
                "source_path": result.source_path,
                "sha256": result.sha256,
                "encoding": result.encoding,
                "n_bytes": result.n_bytes,
                "n_chars": len(result.text),
                "n_lines": result.text.count("\n") + (not result.text.endswith("\n")),
                "text_sha256": text_hash,
                "duplicate_of": first_by_text.get(text_hash, ""),
                "warnings": "; ".join(result.warnings),
                "text": result.text,
                **({"page": result.page} if result.page else {}),  # webpage hook (issue 13)
            }
        )
        first_by_text.setdefault(text_hash, article_id)
    # webpage hook (issue 13): the `page` column only when the corpus has HTML pages
    columns = ARTICLE_COLUMNS + (["page"] if any("page" in row for row in articles) else [])
    return (
        pd.DataFrame(articles, columns=columns),
        pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
    )


def check_raw_dir(raw_dir: Path) -> Path:
    """Return ``raw_dir`` resolved, or raise IngestError with a one-line reason."""
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        raise IngestError(f"raw folder {raw_dir} does not exist")
    if not raw_dir.is_dir():
        raise IngestError(f"{raw_dir} is a file, not a folder of articles")
    try:
        next(os.scandir(raw_dir), None)
    except OSError as error:
        raise IngestError(f"raw folder {raw_dir} cannot be read: {error.strerror or error}")
    return raw_dir


def ingest_folder(
    raw_dir: Path | str, workers: int = 1, progress: bool | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ingest every file under ``raw_dir``; returns (articles, problems). Writes nothing."""
    raw_dir = check_raw_dir(Path(raw_dir))
    results = ingest_paths(list_files(raw_dir), raw_dir, workers=workers, progress=progress)
    return build_tables(results)


def write_ingest_tables(articles: pd.DataFrame, problems: pd.DataFrame, out_dir: Path | str) -> None:
    """Write ``articles.csv`` and ``problems.csv`` into ``out_dir``."""
    out_dir = Path(out_dir)
    write_csv_atomic(articles, out_dir / "articles.csv")
    write_csv_atomic(problems, out_dir / "problems.csv")


def plot_corpus_overview(articles: pd.DataFrame, problems: pd.DataFrame):
    """Bar chart of article lengths by source file, with the problem count in the title."""
    from helpers.figures import new_figure

    figure, axes = new_figure(7, 0.45 * max(len(articles), 2) + 1.2)
    ordered = articles.sort_values("source_path", ascending=False)
    colours = ["#999999" if dup else "#0072B2" for dup in ordered["duplicate_of"].fillna("").ne("")]
    axes.barh(ordered["source_path"], ordered["n_chars"], color=colours)
    axes.set_xlabel("characters after decoding (title, body, comments and boilerplate)")
    axes.set_title(
        f"{len(articles)} articles ingested, {int((problems['status'] == 'problem').sum())} problems, "
        f"{int((problems['status'] == 'skipped').sum())} skipped"
    )
    return figure

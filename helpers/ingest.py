"""Chapter 1 (ingest): ingest a folder of scraped articles.

Reads every file under a raw folder (recursively, never writing to it) and returns, per file,
either an article record (decoded, normalised text plus provenance) or a problem record saying
why the file could not be used. ``write_ingest_tables`` writes ``articles.csv`` and
``problems.csv`` (or their Parquet form) as one set (both or neither, see
:func:`helpers.tables.write_table_set`).

Every entry of the folder is accounted for: an article, a ``problem`` (with the reason) or
``skipped`` (hidden files, links to folders, special files, files over the size limit). Nothing
outside the folder is read: a link is followed only when its target lies inside the folder, and
only regular files are ever opened (a named pipe or a device would hang or never end). A folder
that cannot be listed is one problem row (``sub/``), its files unknown.

Each file is handled by ``ingest_file`` alone, on plain data (a path in, a dict out), so a large
corpus can be mapped over a process pool or a cluster without changing this module.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm


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

ASCII_BYTES = bytes(range(128))
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

#: Files larger than this are skipped with a reason rather than read (a scraped article is a few
#: hundred kilobytes; a file of hundreds of megabytes is a dump or a mistake). Override with
#: ``ingest_folder(..., max_mb=...)`` or ``python -m helpers ingest --max-mb``.
MAX_FILE_MB = 256

#: Up to this share of a file's characters may be invalid UTF-8 bytes (replaced by U+FFFD and
#: reported) before the file is taken for another encoding instead.
MAX_BAD_UTF8_SHARE = 0.01

#: charset-normalizer scores (0-1): a candidate encoding whose "chaos" (mess) is within this of the
#: best one is plausible; among plausible ones cp1252 is kept unless another's "coherence" (fit to
#: a language) is higher by more than COHERENCE_MARGIN.
CHAOS_MARGIN = 0.05
COHERENCE_MARGIN = 0.1

#: Names of special files, by ``stat`` test (never opened).
SPECIAL_FILES = [
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
]

#: Folders above this many files get a progress bar.
PROGRESS_THRESHOLD = 300

#: Text is hashed in pieces of this many characters, so no second full copy is made.
HASH_CHUNK = 1 << 20


class IngestError(ValueError):
    """The raw folder itself cannot be used (missing, not a folder, unreadable)."""


class NotRead(Exception):
    """A folder entry that is not read: ``status`` ("problem"/"skipped") and ``reason``."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


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


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` as UTF-8, encoded piece by piece (no full copy of a large text)."""
    digest = hashlib.sha256()
    for start in range(0, len(text), HASH_CHUNK):
        digest.update(text[start:start + HASH_CHUNK].encode("utf-8"))
    return digest.hexdigest()


def is_hidden(relative: Path) -> bool:
    """True for dot-files and anything inside a dot-folder (.DS_Store, .git/...)."""
    return any(part.startswith(".") for part in relative.parts)


def display_path(relative: Path) -> tuple[str, bool]:
    """The relative path as table text, and whether its name had to be escaped.

    A name that is not valid UTF-8 (bytes from another system) cannot be written to a UTF-8
    table; its bad bytes are shown as ``\\xNN`` (``caf\\xe9.txt``) instead of stopping the run.
    """
    text = relative.as_posix()
    try:
        text.encode("utf-8")
        return text, False
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace"), True


def is_inside(path: str, folder: str) -> bool:
    """True when the (resolved) ``path`` is ``folder`` or lies under it."""
    return os.path.commonpath([path, folder]) == folder


def scan_folder(raw_dir: Path) -> tuple[list[Path], list[FileResult]]:
    """Every entry under ``raw_dir`` that is not a real folder, sorted; plus unreadable folders.

    Returns (paths to ingest, problem rows for sub-folders that could not be listed). Links,
    special files and hidden files are listed too: ``ingest_file`` says what each one is.
    Links to folders are not descended into (no loops, nothing outside the corpus).
    """
    found: list[Path] = []
    unreadable: list[FileResult] = []
    pending = [raw_dir]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
        except OSError as error:
            shown, _ = display_path(folder.relative_to(raw_dir))
            unreadable.append(FileResult(
                shown + "/", "problem",
                reason=f"unreadable folder: {error.strerror or error}; the files inside are not listed"))
            continue
        for name, is_dir in listed:
            (pending if is_dir else found).append(folder / name)
    return sorted(found), unreadable


def entries_on_disk(raw_dir: Path | str) -> set[str]:
    """Every entry under ``raw_dir`` as the tables name it, for checking that each one is
    accounted for: files, links (to files, to folders, to nowhere) and special files; a folder
    that cannot be listed as ``name/``. Listed by ``os.walk``, independently of ``scan_folder``.
    """
    raw_dir = Path(raw_dir)
    entries: set[str] = set()

    def unreadable(error: OSError) -> None:
        entries.add(display_path(Path(error.filename).relative_to(raw_dir))[0] + "/")

    for folder, dirs, files in os.walk(raw_dir, onerror=unreadable, followlinks=False):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            entries.add(display_path((Path(folder) / name).relative_to(raw_dir))[0])
    return entries


def list_files(raw_dir: Path) -> list[Path]:
    """Every entry under ``raw_dir`` that ``ingest_file`` accounts for, in a stable order."""
    return scan_folder(Path(raw_dir))[0]


def special_kind(mode: int) -> str | None:
    """Name of a special file type (named pipe, socket, device) for an ``st_mode``, else None."""
    for test, name in SPECIAL_FILES:
        if test(mode):
            return name
    return None


def resolve_link(path: Path, raw_dir: Path) -> Path:
    """The target of a link at ``path`` when it is a regular file inside the corpus.

    Raises NotRead for a link out of the corpus (never read, even to test it), a broken link,
    or a link to a folder (whose files are listed under their own paths).
    """
    target = os.path.realpath(path)
    if not is_inside(target, os.path.realpath(raw_dir)):
        raise NotRead("problem", f"link points outside the corpus (to {target}): not read")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        raise NotRead("problem", f"unreadable: broken link (its target {os.readlink(path)} does not exist)")
    except OSError as error:
        raise NotRead("problem", f"unreadable link: {error.strerror or error}")
    if stat.S_ISDIR(info.st_mode):
        raise NotRead("skipped", "link to a folder inside the corpus (its files are listed under their own paths)")
    refuse_special(info.st_mode)
    return Path(target)


def refuse_special(mode: int) -> None:
    """Raise NotRead (skipped) unless ``mode`` is a regular file's: pipes, sockets and devices
    are never opened (a pipe blocks, a device may never end)."""
    if not stat.S_ISREG(mode):
        kind = special_kind(mode) or "not a regular file"
        raise NotRead("skipped", f"special file ({kind}): not an article, not read")


def read_regular_file(path: Path, raw_dir: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file inside the corpus; raises NotRead for anything else.

    The file is opened without blocking and checked *after* opening (``fstat``), so a named pipe
    or device swapped in meanwhile is still never read.
    """
    try:
        info = os.lstat(path)
    except OSError as error:
        raise NotRead("problem", f"unreadable: {error.strerror or error}")
    if stat.S_ISLNK(info.st_mode):
        path = resolve_link(path, raw_dir)
    elif stat.S_ISDIR(info.st_mode):
        raise NotRead("skipped", "a folder")
    else:
        refuse_special(info.st_mode)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise NotRead("problem", f"unreadable: {error.strerror or error}")
    with open(handle, "rb", buffering=0, closefd=True) as stream:
        info = os.fstat(handle)
        refuse_special(info.st_mode)  # swapped for a special file since lstat: still not read
        if info.st_size > max_bytes:
            raise NotRead("skipped", f"larger than {max_bytes / 2**20:g} MB "
                                     f"({info.st_size / 2**20:.0f} MB): not read (raise the limit with --max-mb)")
        try:
            return stream.read()
        except OSError as error:
            raise NotRead("problem", f"unreadable: {error.strerror or error}")


def binary_format(data: bytes) -> str | None:
    """Name of a binary format recognised by its leading bytes, else None."""
    for magic, name in MAGIC_NUMBERS.items():
        if data.startswith(magic):
            return name
    return None


def looks_like_utf16(data: bytes) -> bool:
    """True when NUL bytes fall (almost) all on even or all on odd positions, and are common:
    UTF-16 text without a byte-order mark, where every ASCII character (space, punctuation)
    has a NUL beside it. Cyrillic or Greek UTF-16 is otherwise valid ASCII byte by byte."""
    nul_count = data.count(b"\x00")
    if nul_count < max(2, len(data) * 0.025) or len(data) % 2:
        return False
    even = data[0::2].count(b"\x00")
    return max(even, nul_count - even) >= 0.95 * nul_count


def decode_mostly_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """Decode bytes that are UTF-8 but for a few bad bytes; None when they are not UTF-8.

    The bytes count as UTF-8 when valid multi-byte sequences (accents, quotes) outnumber the
    invalid ones, or when the only fault is a last character cut short. Each invalid sequence
    becomes U+FFFD and is counted in a warning: one stray byte does not cost the article.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data, False)
        cut = len(decoder.getstate()[0])
        if cut:
            return text + "\ufffd", [f"last character cut short ({cut} byte(s) of an incomplete "
                                     "UTF-8 character at the end, replaced by U+FFFD)"]
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    n_bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    n_ascii = len(data) - len(data.translate(None, ASCII_BYTES))
    n_good = len(text) - n_ascii - n_bad  # valid non-ASCII characters
    if n_good < 1 or n_bad > n_good or n_bad > max(3, len(text) * MAX_BAD_UTF8_SHARE):
        return None
    return text, [f"replaced {n_bad} invalid UTF-8 byte sequence(s) with U+FFFD "
                  "(the rest of the file is valid UTF-8)"]


def detect_encoding(data: bytes) -> tuple[str, str, list[str]]:
    """Decode non-UTF-8 bytes with charset-normalizer: (text, encoding, warnings).

    Among the plausible single-byte code pages cp1252 (Windows/Excel's Western European) is kept
    unless another fits a language clearly better: short French read as cp1250 turns ``à`` into
    ``ŕ``. When other encodings remain about as plausible, a warning names them: the encoding is
    a guess, not a fact.
    """
    from charset_normalizer import from_bytes  # imported late: only needed for non-UTF-8 files
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError("binary or not text: no text encoding fits its bytes")
    # The distinct non-ASCII bytes: two single-byte encodings give the same text exactly when
    # they map these the same way (cheap, even for a large file).
    used = bytes(sorted(set(data.translate(None, ASCII_BYTES))))

    def same_text(one: str, other: str) -> bool:
        if is_multi_byte_encoding(one) or is_multi_byte_encoding(other):
            return one == other
        return used.decode(one, errors="replace") == used.decode(other, errors="replace")

    best = matches[0]
    plausible = [m for m in matches if m.chaos <= best.chaos + CHAOS_MARGIN]
    choice = best
    if not is_multi_byte_encoding(best.encoding):
        western = next((m for m in plausible if same_text(m.encoding, "cp1252")), None)
        if western is not None and round(western.coherence, 3) >= round(best.coherence - COHERENCE_MARGIN, 3):
            choice = western
    encoding = "cp1252" if same_text(choice.encoding, "cp1252") else choice.encoding
    text = str(choice)
    warnings: list[str] = []
    if encoding.startswith(("utf_16", "utf_32")):
        warnings.append(f"no byte-order mark; detected {encoding}")
    rivals = [m.encoding for m in plausible
              if not same_text(m.encoding, choice.encoding)
              and round(m.coherence, 3) > round(choice.coherence - COHERENCE_MARGIN, 3)]
    if rivals:
        warnings.append(f"encoding uncertain: read as {encoding}; also plausible: {', '.join(rivals[:3])}")
    return text, encoding, warnings


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode raw bytes to text: returns (text, encoding name, warnings).

    Order: a byte-order mark; strict UTF-8 (the common case, and fast); UTF-8 with a few bad
    bytes replaced and reported; then charset-normalizer's detection (cp1252/latin-1 exports,
    BOM-less UTF-16), flagged as uncertain when other encodings fit as well. Raises ValueError
    with a readable reason when the bytes are not text.
    """
    warnings: list[str] = []
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            n_bad = text.count("\ufffd")
            if n_bad > max(1, len(text) * MAX_BAD_UTF8_SHARE):
                raise ValueError(f"has a {encoding} byte-order mark but does not decode "
                                 f"({n_bad} invalid sequences)")
            if n_bad:
                warnings.append(f"replaced {n_bad} invalid {encoding} sequence(s) with U+FFFD")
            return text, encoding, warnings
    utf16 = looks_like_utf16(data)
    if b"\x00" in data and not utf16:
        nul_count = data.count(b"\x00")
        if nul_count < len(data) * 0.1:
            # A few NULs are scraping debris in a text file; many mean binary.
            data = data.replace(b"\x00", b"")
            warnings.append(f"removed {nul_count} NUL bytes")
    if not utf16:
        try:
            return data.decode("utf-8"), "utf-8", warnings
        except UnicodeDecodeError:
            pass
        mostly = decode_mostly_utf8(data)
        if mostly is not None:
            return mostly[0], "utf-8", warnings + mostly[1]
    text, encoding, more = detect_encoding(data)
    if "\x00" in text or count_control_chars(text) > max(2, len(text) * 0.01):
        raise ValueError("binary or not text: decodes only to control characters")
    return text, encoding, warnings + more


def count_control_chars(text: str) -> int:
    """How many control characters (other than tab and line ends) ``text`` holds."""
    return sum(1 for _ in CONTROL_CHARS.finditer(text))


#: An inline style that hides its element.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, paragraphs kept; scripts and styles dropped, nothing run.

    The page is first made parseable (:func:`helpers.webpage.parseable_html`: XHTML's XML
    declaration, ``<noscript>`` blocks and XML-forbidden control characters removed), so no page
    stops the run."""
    import lxml.html
    from lxml import etree

    from helpers.webpage import parseable_html

    tree = lxml.html.document_fromstring(parseable_html(html))
    etree.strip_elements(  # webpage hook (issue 13): head's elements, not "head" (broken pages put the body there)
        tree, "script", "style", "noscript", "template", "title", "meta", "link", "base", etree.Comment, with_tail=False
    )
    etree.strip_elements(tree, "rt", "rp", with_tail=False)  # ruby annotations (reading aids), not text
    # MathML annotations (a formula's TeX source) are never shown; an inline element the page
    # hides itself (a formula's accessible copy next to its image) is not seen either. A hidden
    # block with paragraphs is left: pages reveal galleries and "read more" parts by script.
    etree.strip_elements(tree, "annotation", "annotation-xml", with_tail=False)
    for element in list(tree.iter()):
        if (isinstance(element.tag, str) and element.getparent() is not None
                and HIDDEN_STYLE.search(element.get("style") or "")
                and next(element.iter("p", "div", "li", "table"), None) is None):
            element.drop_tree()
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
    return len(HTML_TAG.findall(text, 0, 20000)) >= 5


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Unify line ends, repair mojibake, and normalise to NFC. Returns (text, warnings).

    Each step replaces ``text`` only when it changes something, one copy at a time, so a large
    file costs at most two copies of its text at once.
    """
    warnings: list[str] = []
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            text = text.replace("\r", "\n")
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
        del fixed
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, warnings


def ingest_file(path: Path, raw_dir: Path, max_bytes: int = MAX_FILE_MB * 2**20) -> FileResult:
    """Read one file and turn it into an article, a problem or a skipped entry. Never raises
    for a bad file; never opens anything but a regular file inside ``raw_dir``."""
    path, raw_dir = Path(path), Path(raw_dir)
    source_path, escaped = display_path(path.relative_to(raw_dir))
    name_warnings = ["file name is not valid UTF-8: its bad bytes are shown as \\xNN"] if escaped else []
    if is_hidden(path.relative_to(raw_dir)):
        return FileResult(source_path, "skipped", reason="hidden file (name starts with a dot)")
    try:
        data = read_regular_file(path, raw_dir, max_bytes)
    except NotRead as refusal:
        return FileResult(source_path, refusal.status, reason=refusal.reason)
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
    del data  # the raw bytes are no longer needed: free them before the text is copied again
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
    result.status, result.encoding, result.text = "ingested", encoding, text
    result.warnings = name_warnings + warnings
    return result


def ingest_paths(
    paths: Iterable[Path], raw_dir: Path, workers: int = 1, progress: bool | None = None,
    max_bytes: int = MAX_FILE_MB * 2**20,
) -> Iterator[FileResult]:
    """Ingest ``paths`` (files under ``raw_dir``), in order, optionally on a process pool."""
    paths = list(paths)
    if progress is None:
        progress = len(paths) > PROGRESS_THRESHOLD
    one = partial(ingest_file, raw_dir=raw_dir, max_bytes=max_bytes)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(one, paths, chunksize=64)
            yield from tqdm(results, total=len(paths), disable=not progress, desc="ingest", unit="file")
    else:
        for path in tqdm(paths, disable=not progress, desc="ingest", unit="file"):
            yield one(path)


def article_id_for(text: str) -> str:
    """Stable id from the normalised text (same text, same id, on every machine)."""
    return text_sha256(text)[:16]


class ArticleIds:
    """Gives articles their ids in path order: the text's hash, ``-2``, ``-3``... for later exact
    copies, each copy naming the first in ``duplicate_of``. Kept across partitions, so a corpus
    ingested piece by piece gets the ids it gets in one piece (only the hashes are held)."""

    def __init__(self) -> None:
        self.first_by_text: dict[bytes, str] = {}
        self.copies: dict[str, int] = {}

    def assign(self, text_hash: str) -> tuple[str, str]:
        """(article_id, duplicate_of) of the next article in path order, by its text hash."""
        base_id = text_hash[:16]
        self.copies[base_id] = self.copies.get(base_id, 0) + 1
        article_id = base_id if self.copies[base_id] == 1 else f"{base_id}-{self.copies[base_id]}"
        key = bytes.fromhex(text_hash)
        duplicate_of = self.first_by_text.get(key, "")
        self.first_by_text.setdefault(key, article_id)
        return article_id, duplicate_of

    def relabel(self, articles: pd.DataFrame) -> pd.DataFrame:
        """``articles`` (the next rows in path order) with ids and ``duplicate_of`` given by
        this corpus-wide numbering rather than their own partition's."""
        pairs = [self.assign(text_hash) for text_hash in articles["text_sha256"]]
        if pairs and ([p[0] for p in pairs] != articles["article_id"].tolist()
                      or [p[1] for p in pairs] != articles["duplicate_of"].tolist()):
            articles = articles.copy()
            articles["article_id"] = [p[0] for p in pairs]
            articles["duplicate_of"] = [p[1] for p in pairs]
        return articles


def build_tables(results: Iterable[FileResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split file results into the articles table and the problems table.

    Exact duplicates (same normalised text) keep their own row, with ``duplicate_of`` naming the
    first copy in path order; their id gets a ``-2``, ``-3`` suffix so ids stay unique.
    """
    articles: list[dict] = []
    problems: list[dict] = []
    ids = ArticleIds()
    for result in sorted(results, key=lambda r: r.source_path):
        if result.status != "ingested":
            problems.append({k: v for k, v in asdict(result).items() if k in PROBLEM_COLUMNS})
            continue
        text_hash = text_sha256(result.text)
        article_id, duplicate_of = ids.assign(text_hash)
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
                "duplicate_of": duplicate_of,
                "warnings": "; ".join(result.warnings),
                "text": result.text,
                **({"page": result.page} if result.page else {}),  # webpage hook (issue 13)
            }
        )
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
        with os.scandir(raw_dir) as entries:
            next(entries, None)
    except OSError as error:
        raise IngestError(f"raw folder {raw_dir} cannot be read: {error.strerror or error}")
    return raw_dir


def ingest_folder(
    raw_dir: Path | str, workers: int = 1, progress: bool | None = None, max_mb: float | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ingest every entry under ``raw_dir``; returns (articles, problems). Writes nothing.

    Files larger than ``max_mb`` megabytes (default :data:`MAX_FILE_MB`) are skipped with that
    reason.
    """
    max_mb = MAX_FILE_MB if max_mb is None else max_mb
    raw_dir = check_raw_dir(Path(raw_dir))
    paths, unreadable_folders = scan_folder(raw_dir)
    results = list(ingest_paths(paths, raw_dir, workers=workers, progress=progress,
                                max_bytes=int(max_mb * 2**20)))
    return build_tables(results + unreadable_folders)


def source_order(paths: Iterable[Path], raw_dir: Path) -> list[Path]:
    """``paths`` in the order of the tables' rows (by ``source_path``, as :func:`build_tables`
    sorts them), so partitions taken in this order concatenate to the one-piece table."""
    return sorted(paths, key=lambda path: display_path(Path(path).relative_to(raw_dir))[0])


def write_ingest_tables(articles: pd.DataFrame | Iterable[pd.DataFrame], problems: pd.DataFrame,
                        out_dir: Path | str, format: str = "csv") -> dict[str, Path]:
    """Write ``articles`` and ``problems`` into ``out_dir`` (``.csv``, or ``.parquet`` folders),
    as one set: both are written completely before either replaces the previous run's, so they
    never mix runs. ``articles`` may be an iterable of frames (a corpus written partition by
    partition). Returns table name -> path written."""
    from helpers.tables import write_table_set

    return write_table_set({"articles": articles, "problems": problems}, out_dir, format)

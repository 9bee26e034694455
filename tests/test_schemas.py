"""The data contract (helpers.schemas): one loader and one validator per file, one verdict in
every stage, and hand-edited files damaged by a spreadsheet or an editor refused by name.

The study folders are built inside each test from the shipped registry and codebook, edited
the way a researcher's spreadsheet or text editor would edit them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import claimdata, claims, outlets, registry, schemas
from helpers.cli import main
from helpers.paths import ANNOTATIONS_DIR, REGISTRY_DIR
from helpers.schemas import SchemaError
from helpers.tables import neutralise_formulas, write_spreadsheet_csv

BODY = ("Selon NBC News, William Burns a rencontré Sergueï Narychkine à Ankara le 14 novembre 2022. "
        "Le Kremlin a démenti toute rencontre.")
QUOTE_1 = "William Burns a rencontré Sergueï Narychkine à Ankara"
QUOTE_2 = "Le Kremlin a démenti toute rencontre"


def claim_row(claim_id: str, quote: str, **changes: str) -> dict[str, str]:
    """A valid claim about BODY, with ``changes`` applied."""
    start = BODY.index(quote)
    row = {
        "claim_id": claim_id, "article_id": "art1", "coder": "A", "story_id": "ankara",
        "quote": quote, "start": str(start), "end": str(start + len(quote)),
        "claim_type": "meeting", "actors": "William Burns", "target_actors": "Sergey Naryshkin",
        "place": "Ankara", "event_start": "2022-11-14", "event_end": "2022-11-14",
        "date_precision": "day", "attributed_to": "NBC News", "hedged": "no",
        "stance": "asserted", "notes": "",
    }
    row.update(changes)
    return row


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A study folder: the shipped registry and codebook, one article, two valid claims."""
    shutil.copytree(REGISTRY_DIR, tmp_path / "registry")
    (tmp_path / "annotations").mkdir()
    shutil.copy(ANNOTATIONS_DIR / "codebook.yml", tmp_path / "annotations" / "codebook.yml")
    (tmp_path / "interim").mkdir()
    pd.DataFrame({"article_id": ["art1"], "text": ["Title\n\n" + BODY], "body": [BODY],
                  "outlet": ["NBC News"], "published": ["2022-11-15"]}).to_csv(
        tmp_path / "interim" / "articles.csv", index=False)
    pd.DataFrame([claim_row("c001", QUOTE_1), claim_row("c002", QUOTE_2, claim_type="statement",
                                                      actors="", target_actors="")],
                 columns=schemas.CLAIM_COLUMNS).to_csv(
        tmp_path / "annotations" / "claims.csv", index=False)
    return tmp_path


def edit_csv(path: Path, edit) -> None:
    """Apply ``edit`` (a function of the parsed table) and write the file back as UTF-8 CSV."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(table).to_csv(path, index=False)


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def verdict(call) -> str:
    """'accepted' or 'rejected' (with a one-line SchemaError) for one stage reading a file."""
    try:
        result = call()
    except SchemaError as error:
        assert "\n" not in str(error)
        return "rejected"
    return "rejected" if result is False else "accepted"


# --------------------------------------------------------------------------- one verdict


def semicolons(path: Path) -> None:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.to_csv(path, index=False, sep=";")


def cp1252(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))


OUTLET_EDITS = {
    "unchanged": lambda path: None,
    "blank state_affiliated": lambda path: edit_csv(
        path, lambda t: t.assign(state_affiliated=t["state_affiliated"].where(t.index != 3, ""))),
    "no country column": lambda path: edit_csv(path, lambda t: t.drop(columns="country")),
    "alias shared by two outlets": lambda path: edit_text(path, "NBC News;NBC;", "NBC News;NBC;Reuters;"),
    "common word as alias": lambda path: edit_text(path, "NBC News;NBC;", "NBC News;NBC;selon;"),
    "unbalanced quote": lambda path: edit_text(path, "NBC News,NBC News;", 'NBC News,"NBC News;'),
    "semicolon export": semicolons,
    "cp1252 export": cp1252,
}


@pytest.mark.parametrize("edit", OUTLET_EDITS)
def test_an_edited_outlets_csv_gets_one_verdict_in_every_stage(study, edit):
    folder = study / "registry"
    OUTLET_EDITS[edit](folder / "outlets.csv")
    verdicts = {
        "ingest (chapter 1)": verdict(lambda: outlets.load_outlets(folder / "outlets.csv")),
        "resolve (chapter 2)": verdict(lambda: registry.load_registry(folder)),
        "resolve problems list": "accepted" if registry.registry_problems(folder) == [] else "rejected",
        "claims (chapter 3)": verdict(lambda: claims.load_outlet_names(folder)),
    }
    expected = "accepted" if edit == "unchanged" else "rejected"
    assert set(verdicts.values()) == {expected}, verdicts


ACTOR_EDITS = {
    "unchanged": lambda path: None,
    "duplicate canonical name": lambda path: edit_csv(
        path, lambda t: pd.concat([t, t.iloc[[2]]], ignore_index=True)),
    "alias shared by two actors": lambda path: edit_text(path, "Biden;Baiden;", "Biden;Baiden;Bill Burns;"),
    "common word as alias": lambda path: edit_text(path, "Biden;Baiden;", "Biden;Baiden;les;"),
    "bad kind": lambda path: edit_text(path, "Joe Biden,person,", "Joe Biden,human,"),
    # The quote opens and never closes: the next actors vanish into one cell.
    "unbalanced quote swallowing two actors": lambda path: edit_text(
        path, "Jake Sullivan,person,", 'Jake Sullivan,person,"'),
    "semicolon export": semicolons,
    "cp1252 export": cp1252,
}


@pytest.mark.parametrize("edit", ACTOR_EDITS)
def test_an_edited_actors_csv_gets_one_verdict_in_every_stage(study, edit, capsys):
    folder = study / "registry"
    ACTOR_EDITS[edit](folder / "actors.csv")
    status = main(["resolve", str(study / "interim"), "--registry", str(folder), "--no-ner"])
    error = capsys.readouterr().err
    verdicts = {
        "resolve (chapter 2)": verdict(lambda: registry.load_registry(folder)),
        "resolve command": "accepted" if status == 0 else "rejected",
        "claims (chapter 3)": verdict(lambda: claims.load_registry(folder)),
        "networks (chapter 4)": verdict(lambda: claimdata.load_actors(folder)),
    }
    expected = "accepted" if edit == "unchanged" else "rejected"
    assert set(verdicts.values()) == {expected}, verdicts
    if expected == "rejected":
        assert status == 2 and error.count("\n") == 1 and "actors.csv" in error


CLAIM_EDITS = {
    "unchanged": {},
    "blank stance": {"stance": ""},
    "compact date": {"event_start": "20221114"},
    "week date": {"event_start": "2022-W46"},
    "negative offset": {"start": "-3"},
    "start after end": {"start": "60", "end": "10"},
    "date not a day": {"event_start": "2022-11", "event_end": "2022-11"},
    "blank coder": {"coder": ""},
}


def validate_command(study: Path, store: Path) -> bool:
    return main(["claims", "validate", str(store), "--articles", str(study / "interim" / "articles.csv"),
                 "--registry", str(study / "registry"),
                 "--codebook", str(study / "annotations" / "codebook.yml")]) == 0


@pytest.mark.parametrize("edit", CLAIM_EDITS)
def test_an_edited_claims_csv_gets_one_verdict_in_every_stage(study, edit, capsys):
    store = study / "annotations" / "claims.csv"
    edit_csv(store, lambda t: t.assign(**{k: [v, t.loc[1, k]] for k, v in CLAIM_EDITS[edit].items()}))
    verdicts = {
        "claims validate (chapter 3)": verdict(lambda: validate_command(study, store)),
        "validate_claims (chapter 3)": verdict(lambda: claims.validate_claims(
            claims.read_claims(store), claims.load_articles(study / "interim"), study / "registry",
            claims.load_codebook(study / "annotations" / "codebook.yml"),
            claims.load_outlet_names(study / "registry")) == []),
        "networks and timeline (chapters 4, 5)": verdict(lambda: claimdata.load_claims(study / "annotations")),
    }
    capsys.readouterr()
    expected = "accepted" if edit == "unchanged" else "rejected"
    assert set(verdicts.values()) == {expected}, verdicts


# --------------------------------------------------------------------------- damaged files


def test_an_unbalanced_quote_in_claims_is_reported_and_relocate_rewrites_nothing(study, capsys):
    store = study / "annotations" / "claims.csv"
    # One quote opened in c001's quote cell and never closed: c002 is swallowed into it.
    edit_text(store, f",{QUOTE_1},", f',"{QUOTE_1},')
    before = store.read_bytes()
    with pytest.raises(SchemaError, match=r"claims.csv lines 2-3: .*(fields where the header has|line breaks)"):
        claims.read_claims(store)
    status = main(["claims", "relocate", str(store), "--articles", str(study / "interim" / "articles.csv")])
    error = capsys.readouterr().err
    assert status == 2 and error.count("\n") == 1 and "claims.csv lines 2-3" in error
    assert store.read_bytes() == before


def test_a_swallowed_row_with_the_right_number_of_fields_is_still_caught(study):
    """The swallowed row's own quote closes the open one, so the field count comes out right."""
    store = study / "annotations" / "claims.csv"
    # c001's quote cell opens a quote that c002's (quoted) quote cell closes: c001 then has
    # exactly as many fields as the header, and c002 is gone.
    edit_text(store, f",{QUOTE_1},", f',"{QUOTE_1},')
    edit_text(store, f",{QUOTE_2},", f',"{QUOTE_2}",')
    fields = next(iter(__import__("csv").reader(store.open(encoding="utf-8", newline=""))))
    assert len(fields) == len(schemas.CLAIM_COLUMNS)
    with pytest.raises(SchemaError, match=r"lines 2-3: column 'quote' holds line breaks: probably an "
                       "unbalanced quote"):
        claims.read_claims(store)


def test_a_record_swallowed_into_a_multiline_notes_cell_is_caught(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(
        "canonical,kind,aliases,notes\n"
        'A One,person,,"first note\nB Two,person,Bee,second row swallowed\n"\n', encoding="utf-8")
    with pytest.raises(SchemaError, match=r"actors.csv lines 2-4: column 'notes' .*another row"):
        schemas.read_table(path, schemas.ACTORS)
    # A real multi-line note is fine.
    path.write_text('canonical,kind,aliases,notes\nA One,person,,"first line\nsecond line"\n',
                    encoding="utf-8")
    assert schemas.read_table(path, schemas.ACTORS).loc[0, "notes"] == "first line\nsecond line"


def test_an_extra_field_is_named_with_its_line(tmp_path):
    path = tmp_path / "ignore.csv"
    path.write_text("surface,kind,notes\nRusses,,demonym\nLire,place,x,y\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"ignore.csv line 3: 4 fields where the header has 3"):
        schemas.read_table(path, schemas.IGNORE)


def test_semicolon_export_is_refused_with_how_to_save(study):
    path = study / "registry" / "outlets.csv"
    semicolons(path)
    with pytest.raises(SchemaError) as error:
        schemas.read_table(path, schemas.OUTLETS)
    message = str(error.value)
    assert str(path) in message and "separated by ';'" in message and "CSV UTF-8" in message


def test_cp1252_export_is_refused_naming_file_line_and_how_to_save(study):
    path = study / "registry" / "actors.csv"
    cp1252(path)
    with pytest.raises(SchemaError) as error:
        schemas.read_table(path, schemas.ACTORS)
    message = str(error.value)
    first_accent = next(n for n, line in enumerate(
        (REGISTRY_DIR / "actors.csv").read_text(encoding="utf-8").splitlines(), 1)
        if not line.isascii())
    assert f"{path} line {first_accent}: not UTF-8" in message and "CSV UTF-8" in message
    assert "\n" not in message


def test_utf8_with_bom_is_read_like_utf8(study):
    path = study / "registry" / "outlets.csv"
    plain = schemas.read_table(path, schemas.OUTLETS)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert schemas.read_table(path, schemas.OUTLETS).equals(plain)
    assert list(plain.columns) == schemas.OUTLET_COLUMNS


def test_utf16_is_refused(study):
    path = study / "registry" / "outlets.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(SchemaError, match="UTF-16"):
        schemas.read_table(path, schemas.OUTLETS)


def test_cells_are_text_and_missing_files_are_empty_tables(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text("article_id,kind,surface,canonical,start,end\na,person,NA,,0,2\n", encoding="utf-8")
    table = schemas.read_table(path, "mentions.csv")
    assert table.loc[0, "surface"] == "NA" and table.loc[0, "canonical"] == ""
    assert table.loc[0, "role"] == "" and table.loc[0, "start"] == "0"
    empty = schemas.read_table(tmp_path / "absent.csv", schemas.MENTIONS, missing_ok=True)
    assert empty.empty and list(empty.columns) == schemas.MENTION_COLUMNS
    with pytest.raises(SchemaError, match="does not exist"):
        schemas.read_table(tmp_path / "absent.csv", schemas.MENTIONS)


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("value, forms, expected", [
    ("2023", ("year", "month", "day"), (2023, None, None)),
    ("2023-04", ("year", "month", "day"), (2023, 4, None)),
    ("2023-04-27", ("day",), (2023, 4, 27)),
])
def test_strict_iso_dates(value, forms, expected):
    assert schemas.parse_iso_date(value, forms) == expected


@pytest.mark.parametrize("value, forms", [
    ("20230101", ("year", "month", "day")),
    ("2023-W05", ("year", "month", "day")),
    ("2023-4-1", ("year", "month", "day")),
    ("2023-04-27T10:00", ("year", "month", "day")),
    ("2023-02-30", ("day",)),
    ("2023-04", ("day",)),
])
def test_other_date_forms_are_refused(value, forms):
    with pytest.raises(ValueError, match="not (an ISO|a valid) date"):
        schemas.parse_iso_date(value, forms)


@pytest.mark.parametrize("value, expected", [("0", 0), ("42", 42), (" 7 ", 7), ("-3", None),
                                             ("3.0", None), ("", None), ("٣", None)])
def test_offsets_are_non_negative_whole_numbers(value, expected):
    assert schemas.parse_offset(value) == expected


@pytest.mark.parametrize("language, word", [("fr", "le"), ("fr", "les"), ("fr", "selon"),
                                            ("en", "the"), ("de", "und")])
def test_stopword_files_hold_the_common_words(language, word):
    path = schemas.RULES_DIR / language / "stopwords.txt"
    assert word in path.read_text(encoding="utf-8").split()
    assert schemas.is_common_word(word) and schemas.is_common_word(word.capitalize())


def test_acronyms_and_names_are_not_common_words():
    assert not schemas.is_common_word("US")  # matched case-sensitively: not the word "us"
    assert not schemas.is_common_word("Burns")
    assert not schemas.is_common_word("Die Zeit")  # several words: a name


def test_common_word_aliases_are_refused_with_the_row(study):
    edit_text(study / "registry" / "outlets.csv", "NBC News;NBC;", "NBC News;NBC;les;")
    with pytest.raises(SchemaError, match=r"outlets.csv row \d+ \(NBC News\): alias 'les' is an ordinary word"):
        outlets.load_outlets(study / "registry" / "outlets.csv")


# --------------------------------------------------------------------------- spreadsheets


def test_neutralise_formulas():
    frame = pd.DataFrame({
        "text": ["=HYPERLINK(\"x\")", "+cmd", "-cmd", "@SUM(A1)", "\tx", "\rx",
                 "-3", "+33 1 23", "plain", "a=b"],
        "number": range(10),
    })
    neutral = neutralise_formulas(frame)
    assert neutral["text"].tolist() == [
        "'=HYPERLINK(\"x\")", "'+cmd", "'-cmd", "'@SUM(A1)", "'\tx", "'\rx",
        "-3", "+33 1 23", "plain", "a=b"]
    assert neutral["number"].tolist() == list(range(10))
    assert frame.loc[0, "text"] == "=HYPERLINK(\"x\")"  # the input is not changed


def test_output_tables_for_spreadsheets_are_written_neutralised(tmp_path):
    path = tmp_path / "tables" / "actor_edges.csv"
    write_spreadsheet_csv(pd.DataFrame({"quote": ["=1+1", "plain"], "n": [1, 2]}), path)
    assert path.read_text(encoding="utf-8") == "quote,n\n'=1+1,1\nplain,2\n"


def test_long_cells_and_spreadsheet_trailing_columns_are_read(tmp_path):
    path = tmp_path / "articles.csv"
    long_body = "Paragraphe, avec virgule.\n\n" * 20_000  # well over the csv module's 128 KiB default
    pd.DataFrame({"article_id": ["a"], "body": [long_body]}).to_csv(path, index=False)
    assert schemas.read_table(path, schemas.ARTICLES).loc[0, "body"] == long_body
    ignore = tmp_path / "ignore.csv"
    ignore.write_text("surface,kind,notes,,\nRusses,,demonym,,\n", encoding="utf-8")
    table = schemas.read_table(ignore, schemas.IGNORE)
    assert list(table.columns) == schemas.IGNORE_COLUMNS and table.loc[0, "notes"] == "demonym"


def test_spacy_stop_words_are_added_to_the_files():
    french = schemas.spacy_stop_words("fr")
    assert "les" in french and len(french) > 100
    assert {" ".join(schemas.fold_words(word)) for word in french} <= schemas.common_words()
    assert schemas.spacy_stop_words("no-such-language") == set()


def test_the_schemas_name_the_columns_the_stages_write():
    """The writers (ingest, clean, resolve) and the contract agree column for column."""
    from helpers import clean, ingest, resolve

    assert schemas.ARTICLES.column_names == ingest.ARTICLE_COLUMNS + clean.CLEAN_COLUMNS
    assert schemas.PROBLEMS.column_names == ingest.PROBLEM_COLUMNS
    assert resolve.MENTION_COLUMNS == schemas.MENTION_COLUMNS
    assert resolve.REVIEW_COLUMNS == schemas.REVIEW_COLUMNS
    assert registry.ACTOR_COLUMNS == claimdata.schemas.ACTOR_COLUMNS
    for path in (REGISTRY_DIR / "actors.csv", REGISTRY_DIR / "outlets.csv", ANNOTATIONS_DIR / "claims.csv"):
        schema = {"actors.csv": schemas.ACTORS, "outlets.csv": schemas.OUTLETS,
                  "claims.csv": schemas.CLAIMS}[path.name]
        assert list(schemas.read_table(path, schema).columns) == schema.column_names

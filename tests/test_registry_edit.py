"""Tests for helpers.registry_edit: review decisions written as minimal diffs."""

from __future__ import annotations

import pytest

from helpers.registry import RegistryError, load_registry
from helpers.registry_edit import CsvText, NewActor, add_to_actors, add_to_ignored

QUOTED = (
    '"canonical","kind","aliases","notes"\n'
    '"Sergei Lavrov","person","Lavrov;Lawrow",""\n'
    '"Kremlin","organisation","Kreml","the presidency, in Moscow"\n'
)


def test_a_file_quoting_every_cell_gets_new_lines_quoted_the_same_way(tmp_path):
    (tmp_path / "actors.csv").write_text(QUOTED, encoding="utf-8")
    assert add_to_actors(tmp_path, [("Sergueï Lavrov", "Sergei Lavrov")],
                         [NewActor("John Kirby", "person", (), "to confirm")]) == (1, 1)
    lines = (tmp_path / "actors.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == '"canonical","kind","aliases","notes"'
    assert lines[1] == '"Sergei Lavrov","person","Lavrov;Lawrow;Sergueï Lavrov",""'
    assert lines[2] == '"Kremlin","organisation","Kreml","the presidency, in Moscow"'
    assert lines[3] == '"John Kirby","person","","to confirm"'
    assert load_registry(tmp_path).entries["John Kirby"].kind == "person"


def test_known_aliases_and_actors_change_nothing(tmp_path):
    (tmp_path / "actors.csv").write_text(QUOTED, encoding="utf-8")
    assert add_to_actors(tmp_path, [("lawrow", "Sergei Lavrov")], [NewActor("Kremlin", "organisation")]) == (0, 0)
    assert (tmp_path / "actors.csv").read_text(encoding="utf-8") == QUOTED


def test_an_alias_for_an_unknown_actor_is_a_clear_error(tmp_path):
    (tmp_path / "actors.csv").write_text(QUOTED, encoding="utf-8")
    with pytest.raises(RegistryError, match="no actor named 'Nobody' to add alias 'X' to"):
        add_to_actors(tmp_path, [("X", "Nobody")])


def test_ignore_file_is_created_when_missing_and_appended_after(tmp_path):
    (tmp_path / "actors.csv").write_text(QUOTED, encoding="utf-8")
    assert add_to_ignored(tmp_path, [("Ladite", "person"), ("ladite", "person")]) == 1
    assert add_to_ignored(tmp_path, [("Diplomatie", "")]) == 1
    assert (tmp_path / "ignore.csv").read_text(encoding="utf-8") == (
        "surface,kind,notes\nLadite,person,rejected in review\nDiplomatie,,rejected in review\n")
    assert load_registry(tmp_path).is_ignored("Ladite", "person")


def test_records_spanning_lines_are_kept_whole(tmp_path):
    text = 'canonical,kind,aliases,notes\nKremlin,organisation,Kreml,"two\nlines"\nCIA,organisation,,\n'
    (tmp_path / "actors.csv").write_text(text, encoding="utf-8")
    table = CsvText.read(tmp_path / "actors.csv")
    assert table.records[0][3] == "two\nlines" and table.text() == text

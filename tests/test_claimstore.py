"""Tests for helpers.claimstore: saves from several processes at once, a save killed mid-write,
duplicates, edit and delete kept in the history, and the atomic writes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

from helpers import claims as C
from helpers import claimstore as S
from helpers.tables import TEMP_SUFFIX

BODY = (
    "Selon NBC News, William Burns aurait téléphoné à Sergey Naryshkin en avril 2023.\n\n"
    "La Maison Blanche a nié ces contacts."
)
CALL_QUOTE = "William Burns aurait téléphoné à Sergey Naryshkin"
DENIAL_QUOTE = "La Maison Blanche a nié ces contacts."
ACTORS = ["William Burns", "Sergey Naryshkin", "White House"]
CODEBOOK = {
    "claim_types": {"call": {"definition": "phoned"}, "denial": {"definition": "denied", "stance": "denied"},
                    "statement": {"definition": "said"}},
    "fields": {"quote": "verbatim"},
    "stances": ["asserted", "denied", "confirmed"],
    "date_precisions": ["day", "month", "year", "unknown"],
    "attribution_labels": ["unattributed", "anonymous sources"],
}
ARTICLES = {"art1": BODY}


def make_claim(**changes) -> dict[str, str]:
    start = BODY.index(CALL_QUOTE)
    claim = {
        "claim_id": "c001", "article_id": "art1", "coder": "A", "story_id": "burns_call",
        "quote": CALL_QUOTE, "start": str(start), "end": str(start + len(CALL_QUOTE)),
        "claim_type": "call", "actors": "William Burns", "target_actors": "Sergey Naryshkin",
        "place": "", "event_start": "2023-04-01", "event_end": "2023-04-30",
        "date_precision": "month", "attributed_to": "NBC News", "hedged": "yes",
        "stance": "asserted", "notes": "",
    }
    claim.update(changes)
    return claim


def make_frame(*claims: dict) -> pd.DataFrame:
    return pd.DataFrame(list(claims), columns=C.CLAIM_COLUMNS)


@pytest.fixture
def registry():
    return C.registry_from_names(ACTORS, {"Maison Blanche": "White House"})


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(TEMP_SUFFIX))


# ------------------------------------------------------------------ several processes at once


def _save_many(store: str, worker: int, count: int, start) -> None:
    registry = C.registry_from_names(ACTORS)
    start.wait()
    for number in range(count):
        S.add_claim(store, make_claim(claim_id="", notes=f"worker {worker} claim {number}"),
                    ARTICLES, registry, CODEBOOK)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_four_processes_saving_twenty_claims_each_lose_nothing(tmp_path):
    store = tmp_path / "claims.csv"
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [context.Process(target=_save_many, args=(str(store), worker, 20, start)) for worker in range(4)]
    for process in workers:
        process.start()
    start.set()  # all four begin saving together
    for process in workers:
        process.join(timeout=120)
    assert [process.exitcode for process in workers] == [0, 0, 0, 0]
    saved = C.read_claims(store)
    assert len(saved) == 80
    assert saved["claim_id"].is_unique
    assert set(saved["notes"]) == {f"worker {w} claim {n}" for w in range(4) for n in range(20)}
    history = S.read_history(store)
    assert (history["action"] == "add").sum() == 80
    assert set(history["claim_id"]) == set(saved["claim_id"])
    assert leftovers(tmp_path) == []


KILLED_SAVE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pandas as pd
    from helpers import claims as C, claimstore as S
    sys.path.insert(0, {tests!r})
    from test_claimstore import ACTORS, ARTICLES, CODEBOOK, make_claim

    real_to_csv = pd.DataFrame.to_csv

    def half_then_hang(self, stream, *args, **kwargs):
        if "changed_at" in self.columns:
            return real_to_csv(self, stream, *args, **kwargs)  # the history: written normally
        stream.write("claim_id,article_id\\nc002,half a ro")
        stream.flush()
        Path({ready!r}).touch()
        time.sleep(120)

    pd.DataFrame.to_csv = half_then_hang
    S.add_claim({store!r}, make_claim(claim_id="c002", notes="killed"), ARTICLES,
                C.registry_from_names(ACTORS), CODEBOOK)
""")


def test_a_save_killed_mid_write_leaves_the_store_intact_and_no_temporary_file(tmp_path, registry):
    store = tmp_path / "claims.csv"
    S.add_claim(store, make_claim(), ARTICLES, registry, CODEBOOK)
    before = store.read_bytes()
    ready = tmp_path / "writing"
    script = KILLED_SAVE.format(tests=os.path.dirname(__file__), ready=str(ready), store=str(store))
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert process.poll() is None, "the saving process ended before writing"
        assert time.monotonic() < deadline, "the saving process never reached the write"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert store.read_bytes() == before, "the store is the previous one, whole"
    assert C.read_claims(store)["claim_id"].tolist() == ["c001"]
    # The dead writer's temporary file is removed by the next change, which does not wait for a
    # lock the dead process held.
    S.add_claim(store, make_claim(claim_id="", notes="after the crash"), ARTICLES, registry, CODEBOOK)
    assert leftovers(tmp_path) == []
    assert C.read_claims(store)["claim_id"].tolist() == ["c001", "c002"]


# ------------------------------------------------------------------ duplicates, edit, delete


def test_an_exact_duplicate_is_refused_with_a_clear_message(tmp_path, registry):
    store = tmp_path / "claims.csv"
    S.add_claim(store, make_claim(claim_id=""), ARTICLES, registry, CODEBOOK)
    before = store.read_bytes()
    with pytest.raises(C.ClaimValidationError, match="the same claim is already in the store as c001"):
        S.add_claim(store, make_claim(claim_id=""), ARTICLES, registry, CODEBOOK)
    assert store.read_bytes() == before
    # one field different: a different claim, saved
    assert S.add_claim(store, make_claim(claim_id="", hedged="no"), ARTICLES, registry, CODEBOOK)["claim_id"] == "c002"


def test_edit_and_delete_by_id_are_kept_in_the_history(tmp_path, registry):
    store = tmp_path / "claims.csv"
    S.add_claim(store, make_claim(), ARTICLES, registry, CODEBOOK)
    S.add_claim(store, make_claim(claim_id="c002", quote=DENIAL_QUOTE, start="", end="", claim_type="denial",
                                  stance="denied", actors="White House", target_actors="", hedged="no",
                                  event_start="", event_end="", date_precision="unknown"),
                ARTICLES, registry, CODEBOOK)
    edited = S.edit_claim(store, "c001", {"quote": "William Burns aurait téléphoné", "hedged": "no"},
                          ARTICLES, registry, CODEBOOK, changed_by="B")
    assert (edited["start"], edited["end"]) == (str(BODY.index("William")), str(BODY.index("William") + 30))
    assert C.read_claims(store).set_index("claim_id").loc["c001", "hedged"] == "no"
    with pytest.raises(C.ClaimValidationError, match="'Bill Burns' is not in the actors registry"):
        S.edit_claim(store, "c001", {"actors": "Bill Burns"}, ARTICLES, registry, CODEBOOK)
    removed = S.delete_claim(store, "c002", changed_by="B")
    assert removed["quote"] == DENIAL_QUOTE
    assert C.read_claims(store)["claim_id"].tolist() == ["c001"]
    with pytest.raises(KeyError, match="no claim 'c002'"):
        S.delete_claim(store, "c002")
    history = S.read_history(store)
    assert history[["action", "version", "claim_id", "changed_by"]].values.tolist() == [
        ["add", "after", "c001", "A"], ["add", "after", "c002", "A"],
        ["edit", "before", "c001", "B"], ["edit", "after", "c001", "B"],
        ["delete", "before", "c002", "B"]]
    assert history.loc[2, "quote"] == CALL_QUOTE and history.loc[3, "quote"] == "William Burns aurait téléphoné"
    assert history.loc[4, "quote"] == DENIAL_QUOTE, "the deleted claim is still readable in the history"
    assert S.history_path(store).name == "claims.history.csv"
    assert S.next_claim_id(C.read_claims(store)) == "c002"


# ------------------------------------------------------------------ saving (moved from test_claims)


def test_add_claim_locates_offsets_assigns_id_and_keeps_existing_rows(tmp_path, registry):
    store = tmp_path / "claims.csv"
    broken = make_claim(claim_id="c007", quote="text that is no longer in the body")
    S.write_claims_atomic(make_frame(broken), store)
    row = S.add_claim(store, make_claim(claim_id="", start="", end=""), ARTICLES, registry, CODEBOOK)
    assert row["claim_id"] == "c008"
    assert BODY[int(row["start"]):int(row["end"])] == CALL_QUOTE
    saved = C.read_claims(store)
    assert saved["claim_id"].tolist() == ["c007", "c008"]
    assert saved.loc[0, "quote"] == "text that is no longer in the body"


def test_add_claim_rejects_a_bad_claim_and_writes_nothing(tmp_path, registry):
    store = tmp_path / "claims.csv"
    S.add_claim(store, make_claim(), ARTICLES, registry, CODEBOOK)
    before = store.read_bytes()
    with pytest.raises(C.ClaimValidationError, match="nearest: 'William Burns'"):
        S.add_claim(store, make_claim(claim_id="", actors="Bill Burns"), ARTICLES, registry, CODEBOOK)
    with pytest.raises(C.ClaimValidationError, match="already in the store"):
        S.add_claim(store, make_claim(notes="other"), ARTICLES, registry, CODEBOOK)
    with pytest.raises(C.ClaimValidationError, match="does not occur"):
        S.add_claim(store, make_claim(claim_id="", quote="absent", start="", end=""), ARTICLES, registry, CODEBOOK)
    assert store.read_bytes() == before


def test_save_claims_refuses_to_lose_rows_even_one_added_meanwhile(tmp_path, registry):
    store = tmp_path / "claims.csv"
    two = make_frame(make_claim(), make_claim(claim_id="c002", hedged="no"))
    S.save_claims(two, store, ARTICLES, registry, CODEBOOK)
    with pytest.raises(C.ClaimValidationError, match=r"row 3 \(c002\), claim_id: is in claims.csv but not in the rows being saved"):
        S.save_claims(two.iloc[:1], store, ARTICLES, registry, CODEBOOK)
    stale = C.read_claims(store)
    S.add_claim(store, make_claim(claim_id="", notes="another coder"), ARTICLES, registry, CODEBOOK)
    with pytest.raises(C.ClaimValidationError, match=r"row 4 \(c003\), claim_id: is in claims.csv"):
        S.save_claims(stale, store, ARTICLES, registry, CODEBOOK)
    assert C.read_claims(store)["claim_id"].tolist() == ["c001", "c002", "c003"]


def test_saves_are_byte_stable_and_sorted(tmp_path, registry):
    store = tmp_path / "claims.csv"
    frame = make_frame(make_claim(claim_id="c010"), make_claim(claim_id="c002"))
    S.save_claims(frame, store, ARTICLES, registry, CODEBOOK)
    first = store.read_bytes()
    S.save_claims(C.read_claims(store), store, ARTICLES, registry, CODEBOOK)
    assert store.read_bytes() == first
    assert C.read_claims(store)["claim_id"].tolist() == ["c002", "c010"]
    assert len(S.read_history(store)) == 2, "the unchanged second save logs nothing"


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_interrupted_save_leaves_the_old_file_intact(tmp_path, registry, monkeypatch, failure):
    store = tmp_path / "claims.csv"
    S.save_claims(make_frame(make_claim()), store, ARTICLES, registry, CODEBOOK)
    before = store.read_bytes()

    def write_half_then_fail(self, stream, *args, **kwargs):
        stream.write("claim_id,article_id\nc001,half a row")
        raise failure

    monkeypatch.setattr(pd.DataFrame, "to_csv", write_half_then_fail)
    with pytest.raises(type(failure)):
        S.add_claim(store, make_claim(claim_id="c002", notes="new"), ARTICLES, registry, CODEBOOK)
    monkeypatch.undo()
    assert store.read_bytes() == before
    assert leftovers(tmp_path) == [], "no temporary file is left behind"


def test_interrupted_replace_leaves_the_old_file_intact(tmp_path, registry, monkeypatch):
    store = tmp_path / "claims.csv"
    S.save_claims(make_frame(make_claim()), store, ARTICLES, registry, CODEBOOK)
    before = store.read_bytes()
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("crash")))
    with pytest.raises(OSError, match="crash"):
        S.add_claim(store, make_claim(claim_id="c002", notes="new"), ARTICLES, registry, CODEBOOK)
    assert store.read_bytes() == before


def test_moved_names_are_still_importable_from_helpers_claims():
    from helpers.claims import add_claim, empty_claims, write_claims_atomic

    assert add_claim is S.add_claim and write_claims_atomic is S.write_claims_atomic
    assert list(empty_claims().columns) == C.CLAIM_COLUMNS

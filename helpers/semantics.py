"""What the codebook says claim types and stances *mean* for the analysis (chapters 4 and 5).

Reads a codebook as loaded by :func:`helpers.claims.load_codebook` (``data/annotations/
codebook.yml``, or a study's own): each claim type's ``speech_act`` and each stance's entry
in ``stance_polarity``. A speech act (``speech_act: true``, e.g. a denial) is a claim whose
actors are the ones speaking: its co-actors are one voice, not parties meeting each other, and
it is that voice's own word. A stance's polarity (``affirm``, ``deny`` or ``neutral``) says
whether a claim with that stance counts as agreement or as conflict.

Networks, stories and the timeline take the :class:`ClaimSemantics` built here, so the codebook
is the only place these meanings are written: a study that renames a claim type or a stance gets
networks that follow its codebook, and a claim using a type or stance the codebook does not
define stops with an error naming the claim. Writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

#: The polarities a stance can have.
POLARITIES = ("affirm", "deny", "neutral")


class CodebookError(ValueError):
    """The codebook lacks a meaning the analysis needs, or claims use a type or stance it does
    not define (the message names the codebook entry or the claim)."""


@dataclass(frozen=True)
class ClaimSemantics:
    """The meanings of a codebook's claim types and stances.

    ``claim_types`` and ``stances`` are in codebook order (the order fixes colours in every
    figure); ``speech_acts`` are the claim types marked ``speech_act: true``; ``polarity`` maps
    each stance to "affirm", "deny" or "neutral".
    """

    claim_types: tuple[str, ...]
    speech_acts: frozenset[str]
    stances: tuple[str, ...]
    polarity: Mapping[str, str] = field(hash=False)
    source: str = "codebook.yml"

    @property
    def affirming(self) -> frozenset[str]:
        """Stances that affirm the claim (agreement)."""
        return frozenset(s for s, p in self.polarity.items() if p == "affirm")

    @property
    def denying(self) -> frozenset[str]:
        """Stances that deny the claim (conflict)."""
        return frozenset(s for s, p in self.polarity.items() if p == "deny")

    def is_speech_act(self, claim_type: str) -> bool:
        """Whether ``claim_type`` is a speech act; a blank type is not. Raises CodebookError
        for a type the codebook does not define."""
        if claim_type and claim_type not in self.claim_types:
            raise CodebookError(f"claim type {claim_type!r} is not defined in {self.source} "
                                f"(it defines: {', '.join(self.claim_types)})")
        return claim_type in self.speech_acts

    def polarity_of(self, stance: str) -> str:
        """"affirm", "deny" or "neutral" for ``stance``; a blank stance is neutral. Raises
        CodebookError for a stance the codebook does not define."""
        if not stance:
            return "neutral"
        if stance not in self.polarity:
            raise CodebookError(f"stance {stance!r} is not defined in {self.source} "
                                f"(it defines: {', '.join(self.stances)})")
        return self.polarity[stance]


def _claim_type_entries(codebook: Mapping, source: str) -> dict[str, Mapping]:
    entries = codebook.get("claim_types")
    if not isinstance(entries, Mapping) or not entries:
        raise CodebookError(f"{source}: 'claim_types' must map each claim type to its definition")
    return {str(name): (rule or {}) for name, rule in entries.items()}


def claim_semantics(codebook: Mapping, source: str = "codebook.yml") -> ClaimSemantics:
    """The :class:`ClaimSemantics` of a loaded codebook (``source`` names it in errors).

    Every claim type needs ``speech_act: true`` or ``false``; every stance listed under
    ``stances`` needs an entry in ``stance_polarity`` (affirm, deny or neutral), and
    ``stance_polarity`` names no other stance. Raises CodebookError naming what is missing.
    """
    types = _claim_type_entries(codebook, source)
    speech_acts = set()
    for name, rule in types.items():
        value = rule.get("speech_act") if isinstance(rule, Mapping) else None
        if not isinstance(value, bool):
            raise CodebookError(f"{source}: claim type {name!r} needs 'speech_act: true' or "
                                f"'speech_act: false' (are its actors the ones speaking?)")
        if value:
            speech_acts.add(name)
    stances = [str(s) for s in codebook.get("stances") or []]
    if not stances:
        raise CodebookError(f"{source}: 'stances' must list the stances")
    polarity = codebook.get("stance_polarity")
    if not isinstance(polarity, Mapping):
        raise CodebookError(f"{source}: 'stance_polarity' must give each stance's polarity "
                            f"({', '.join(POLARITIES)}), e.g. 'stance_polarity: {{{stances[0]}: affirm}}'")
    polarity = {str(k): str(v) for k, v in polarity.items()}
    for stance in stances:
        if polarity.get(stance) not in POLARITIES:
            raise CodebookError(f"{source}: stance {stance!r} needs a polarity in 'stance_polarity' "
                                f"({', '.join(POLARITIES)}), not {polarity.get(stance)!r}")
    extra = sorted(set(polarity) - set(stances))
    if extra:
        raise CodebookError(f"{source}: 'stance_polarity' names {extra[0]!r}, which is not one of "
                            f"the 'stances' ({', '.join(stances)})")
    return ClaimSemantics(tuple(types), frozenset(speech_acts), tuple(stances),
                          {s: polarity[s] for s in stances}, source)


def check_claims(claims: pd.DataFrame, semantics: ClaimSemantics, where: str = "claims.csv") -> None:
    """Raise CodebookError naming the first claim whose (non-blank) claim type or stance the
    codebook does not define; a TypeError when ``semantics`` is not a ClaimSemantics."""
    if not isinstance(semantics, ClaimSemantics):
        raise TypeError("pass the codebook's meanings as a ClaimSemantics "
                        "(helpers.semantics.claim_semantics(codebook)), not "
                        f"{type(semantics).__name__}")
    for column, known, what in (("claim_type", semantics.claim_types, "claim type"),
                                ("stance", semantics.stances, "stance")):
        values = claims[column].astype(str)
        unknown = claims[(values != "") & ~values.isin(list(known))]
        if len(unknown):
            row = unknown.iloc[0]
            raise CodebookError(
                f"{where}: claim {row['claim_id']} has {what} {row[column]!r}, which {semantics.source} "
                f"does not define (it defines: {', '.join(known)}); fix the claim or add the {what} "
                f"to the codebook with its meaning")

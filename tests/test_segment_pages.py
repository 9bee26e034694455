"""Plain-text segmentation of whole web pages (issue 13): the rules that tell a page's article
from its menus, teaser lists and footers once the page has been turned into text.

Each test is a small hand-written page in French, English or German; it asserts what the rule
does and that the article's own lines stay body.
"""

from __future__ import annotations

import pytest

from helpers.segment import BODY, BOILERPLATE, segment_text

FR = [
    "Selon plusieurs médias américains, des émissaires officieux auraient rencontré des proches du "
    "Kremlin à Genève au printemps, sans mandat officiel de Washington ni de Kiev.",
    "La Maison Blanche dément avoir autorisé ces contacts. « Rien ne se fait sans Kiev », a déclaré "
    "un porte-parole jeudi soir devant la presse réunie à Washington.",
    "Le ministère russe des Affaires étrangères n’a pas souhaité commenter ces informations, "
    "publiées mercredi par plusieurs journaux américains et reprises à Moscou.",
]
EN = [
    "Former US officials met Russian counterparts in Geneva this spring, according to several "
    "people familiar with the talks who asked not to be named.",
    "The White House said it had not authorised the contacts and that nothing would be decided "
    "without Kyiv, a spokesman told reporters on Thursday evening.",
    "The Russian foreign ministry declined to comment on the reports, which were first published "
    "by several American newspapers on Wednesday.",
]
DE = [
    "Ehemalige US-Beamte haben sich nach Medienberichten im Frühjahr in Genf mit Vertrauten des "
    "Kremls getroffen, ohne Auftrag aus Washington oder Kiew.",
    "Das Weiße Haus bestritt, die Kontakte genehmigt zu haben. Ohne Kiew werde nichts entschieden, "
    "sagte ein Sprecher am Donnerstagabend vor Journalisten.",
    "Das russische Außenministerium wollte die Berichte, die zuerst in amerikanischen Zeitungen "
    "erschienen waren, am Donnerstag nicht kommentieren.",
]


def page(*blocks: str) -> str:
    """A page as html_to_text gives it: one block per line, blocks separated by a blank line."""
    return "\n\n".join(blocks) + "\n"


def labelled(text: str) -> dict[str, tuple[str, str]]:
    """Each line's (label, reason), by its text (the last occurrence wins)."""
    return {line.text: (line.label, line.reason) for line in segment_text(text).lines if line.text}


@pytest.mark.parametrize("menu, paragraphs", [
    (["Politique", "International", "Économie"], FR),
    (["Politics", "World", "Business"], EN),
    (["Politik", "Ausland", "Wirtschaft"], DE),
])
def test_menu_items_repeated_on_the_page_are_boilerplate(menu, paragraphs):
    # the same section labels stand above and between the paragraphs (a desktop and a mobile
    # menu, a label on each teaser): between two paragraphs they would pass for sub-headings
    text = page("A headline about secret talks in Geneva", paragraphs[0], menu[0], paragraphs[1],
                menu[1], paragraphs[2], *menu)
    labels = labelled(text)
    for item in menu[:2]:
        assert labels[item] == (BOILERPLATE, "line repeated on the page")
    assert labels[menu[2]][0] == BOILERPLATE
    assert all(labels[p][0] == BODY for p in paragraphs)


def test_sub_heading_printed_once_stays_body():
    text = page("A headline about secret talks in Geneva", EN[0], "What the Kremlin says", EN[1], EN[2])
    assert labelled(text)["What the Kremlin says"] == (BODY, "sub-heading between paragraphs")

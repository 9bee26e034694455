"""A small three-language corpus of one story, written into a folder by the story tests.

An original English report (NBC News), two translated relays crediting it (Le Monde in French,
Der Spiegel in German), a blog's near-verbatim copy without credit, and a later article about
the same people that is not part of the story (The Guardian, weeks later).
"""

from __future__ import annotations

from pathlib import Path

ORIGINAL_BODY = (
    "A group of former senior US national security officials has held secret talks with "
    "prominent Russians close to the Kremlin, including Foreign Minister Sergey Lavrov, several "
    "people familiar with the discussions said. The meetings were arranged to lay the groundwork "
    "for possible negotiations to end the war in Ukraine.\n\n"
    "Richard Haass, the former president of the Council on Foreign Relations, and Charles "
    "Kupchan, a former White House official, took part in at least one of the meetings. "
    "Lavrov attended a session in April in New York while he was visiting the United Nations, "
    "the people said. The talks covered the fate of Russian-held territory, which both sides "
    "regarded as the most difficult question, and ways to keep lines of communication open.\n\n"
    "The White House said it had not sanctioned the meetings and was not passing messages "
    "through the former officials. Kremlin representatives did not answer requests for comment "
    "on the discussions, which the participants described as exploratory and unofficial."
)

# The same text with a handful of words changed and no mention of where it came from.
COPY_BODY = (ORIGINAL_BODY
             .replace("several people familiar", "several sources familiar")
             .replace("took part in at least", "participated in at least")
             .replace("did not answer requests", "did not respond to requests"))

FILES = {
    "en_original.txt": (
        "Former US officials held secret talks with Russians on ending the war\n\n"
        "Source: https://www.nbcnews.com/politics/national-security/former-officials-secret-talks-russia-rcna92610\n"
        "Published: July 6, 2023\n\n" + ORIGINAL_BODY + "\n"
    ),
    "fr_relay.txt": (
        "Des anciens responsables américains auraient discuté en secret avec des Russes\n\n"
        "Source: https://www.lemonde.fr/international/article/2023/07/07/pourparlers-secrets_6180.html\n"
        "Publié le 7 juillet 2023\n\n"
        "Selon NBC News, un groupe d'anciens hauts responsables américains de la sécurité "
        "nationale aurait mené des pourparlers secrets avec des personnalités russes proches du "
        "Kremlin, dont le ministre des Affaires étrangères Sergueï Lavrov. Ces rencontres "
        "devaient préparer d'éventuelles négociations pour mettre fin à la guerre en Ukraine.\n\n"
        "Richard Haass, ancien président du Conseil des relations étrangères, et Charles "
        "Kupchan auraient participé à au moins une de ces réunions. Sergueï Lavrov aurait assisté "
        "à une séance en avril à New York, lors d'une visite aux Nations unies. La Maison Blanche "
        "affirme ne pas avoir autorisé ces rencontres.\n"
    ),
    "de_relay.txt": (
        "Ehemalige US-Beamte sollen geheime Gespräche mit Russen geführt haben\n\n"
        "Quelle: https://www.spiegel.de/ausland/geheimgespraeche-russland-usa-a-1234.html\n"
        "Veröffentlicht am 8. Juli 2023\n\n"
        "Laut NBC News haben ehemalige hochrangige US-Sicherheitsbeamte geheime Gespräche mit "
        "einflussreichen Russen aus dem Umfeld des Kremls geführt, darunter Außenminister Sergej "
        "Lawrow. Die Treffen sollten mögliche Verhandlungen über ein Ende des Krieges in der "
        "Ukraine vorbereiten.\n\n"
        "Richard Haass, früherer Präsident des Council on Foreign Relations, und Charles Kupchan "
        "sollen an mindestens einem der Treffen teilgenommen haben. Lawrow soll im April in New "
        "York an einer Sitzung teilgenommen haben, als er die Vereinten Nationen besuchte. Das "
        "Weiße Haus erklärte, es habe die Treffen nicht genehmigt.\n"
    ),
    "blog_copy.txt": (
        "Secret talks between former US officials and Russians revealed\n\n"
        "Source: https://geopolitics-watch.example.org/2023/07/secret-talks\n"
        "Published: July 9, 2023\n\n" + COPY_BODY + "\n"
    ),
    "en_later.txt": (
        "Haass and Lavrov trade barbs over the future of European security\n\n"
        "Source: https://www.theguardian.com/world/2023/sep/25/haass-lavrov-european-security\n"
        "Published: September 25, 2023\n\n"
        "Richard Haass used a speech at a think tank to criticise Sergey Lavrov's address at the "
        "United Nations General Assembly, calling it a restatement of old grievances. Lavrov had "
        "told delegates in New York that Western countries were prolonging the war.\n\n"
        "Charles Kupchan, speaking on the same panel, argued that Europe should prepare for a "
        "long confrontation and invest in its own defence industry over the coming decade.\n"
    ),
}


def write_story_corpus(folder: Path, files: dict[str, str] | None = None) -> Path:
    """Write ``files`` (default :data:`FILES`) into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (files or FILES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder

#!/usr/bin/env python3
"""Give glossary.yaml a registry of its sources and cite them by id.

Entries used to cite the seed pages by file name ("000_4a9fe047d27291ff.txt"); a
reader cannot tell what that is. This script, safe to run again after a rebase:

1. inserts the `sources:` registry (publisher, title, author, date) after `schema:`
   unless the file already has one;
2. replaces every seed file name by its source id;
3. cites general knowledge, instead of a page, on the senses that no page mentions
   (the page defines another sense of the same acronym).

    python scripts/source_ids.py [glossary.yaml]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FILE_IDS = {
    "000_4a9fe047d27291ff.txt": "zendesk-2022",
    "001_55e1271be3a05585.txt": "dictionnaire-service-client",
    "002_e3e31b47f6a14afe.txt": "societe-tech",
    "003_7cf8c82166f97abc.txt": "editeur-centre-contact",
    "004_b053bf57fc591601.txt": "definitions-relation-client",
}

# Senses the cited page never mentions: it defines the acronym's other sense only.
UNSOURCED_SENSES = (
    "cem-emc",
    "css-health",
    "kb-kilobyte",
    "eol-end-of-line",
    "smb-server-message-block",
    "cro-chief-revenue-officer",
    "icp-ideal-customer-profile",
    "rpc-remote-procedure-call",
    "ttm-time-to-market",
    "asr-answer-seizure-ratio",
)

REGISTRY = """\
# The works the entries cite: each entry's `sources` lists ids from here, and
# `cx sources` shows them. A title or publisher is text, or text per language.
sources:
  zendesk-2022:
    publisher: Zendesk
    title: Les acronymes du service client expliqués
    author: Kristen Hicks
    date: "2022-03-17"
    note:
      fr: Article de blog qui explique trente acronymes courants du service client.
      en: Blog article explaining thirty common customer-service acronyms.
  dictionnaire-service-client:
    title: Dictionnaire du Service Client
    note:
      fr: >-
        Dictionnaire en ligne des termes du service client, une entrée par terme ; la page
        ne nomme pas son éditeur.
      en: >-
        Online dictionary of customer-service terms, one entry per term; the page does not
        name its publisher.
  societe-tech:
    publisher: Societe.Tech
    title: "Glossaire de la Relation Client et de la Vente : lexique des définitions à connaitre"
    note:
      fr: Glossaire de la relation client et de la vente, de A à W, avec des exemples.
      en: Glossary of customer relations and sales, A to W, with examples.
  editeur-centre-contact:
    publisher: {fr: Éditeur de solutions de centre de contact, en: Contact-centre software vendor}
    title: Pour se comprendre, autant parler la même langue
    note:
      fr: >-
        Glossaire du site d'un éditeur de solutions de centre de contact (SVI visuel,
        routage) ; la page conservée ne donne pas le nom de l'éditeur.
      en: >-
        Glossary on the website of a contact-centre software vendor (visual IVR, routing);
        the saved page does not give the vendor's name.
  definitions-relation-client:
    title: Les principales définitions de la Relation Client
    note:
      fr: >-
        Définitions de la relation client et de l'écoute client (enquêtes, NPS, CES) ; la
        page ne nomme pas son éditeur.
      en: >-
        Definitions of customer relations and customer listening (surveys, NPS, CES); the
        page does not name its publisher.
  general-knowledge:
    title: {fr: Connaissances générales du métier, en: General trade knowledge}
    note:
      fr: >-
        Pratique courante des centres de contact, qu'aucune des cinq pages ne décrit :
        vérifiez l'usage de votre organisation.
      en: >-
        Common contact-centre practice that none of the five pages describes: check how
        your organisation uses it.

"""

_ENTRY_START = re.compile(r"^  - id: (\S+)\s*$")
_SOURCES_LINE = re.compile(r"^(    sources: )\[.*\]\s*$")


def add_registry(text: str) -> str:
    if re.search(r"^sources:", text, re.MULTILINE):
        return text
    schema = re.search(r"^schema: .*\n", text, re.MULTILINE)
    at = schema.end() if schema else 0
    return text[:at] + REGISTRY + text[at:]


def rename_files(text: str) -> str:
    for name, source_id in FILE_IDS.items():
        text = text.replace(name, source_id)
    return text


def cite_general_knowledge(text: str) -> str:
    lines = text.split("\n")
    current = None
    for number, line in enumerate(lines):
        start = _ENTRY_START.match(line)
        if start:
            current = start.group(1)
        elif current in UNSOURCED_SENSES and _SOURCES_LINE.match(line):
            lines[number] = _SOURCES_LINE.sub(r"\1[general-knowledge]", line)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "glossary.yaml")
    text = path.read_text(encoding="utf-8")
    new = cite_general_knowledge(rename_files(add_registry(text)))
    if new != text:
        path.write_text(new, encoding="utf-8")
    leftover = sorted(set(re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", new)))
    if leftover:
        sys.stderr.write(f"{path}: unknown seed file names left: {', '.join(leftover)}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Letter templates: files the organisation can change, with named fields.

A template is a TOML file: a ``title``, who it is written to
(``recipients``, party roles), a ``subject`` and a ``body`` holding named
fields like ``{recipient_name}``. Some fields are filled by fieldcase
(``FILLED``); every other field is typed by the officer, labelled from the
template's ``[fields]`` table. A letter is written only when every field has
a value.

Fields are replaced as plain text, once: a value holding braces stays as
typed and is never read as another field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""A named field in a template: ``{name}``."""

FILLED: dict[str, str] = {
    "organisation_name": "The organisation's name (settings)",
    "organisation_address": "The organisation's address (settings)",
    "date": "Today's date",
    "case_reference": "The case reference",
    "officer_name": "The officer writing",
    "recipient_name": "The person written to",
    "recipient_address": "Where they live",
    "property_address": "The address the case is about",
}
"""Fields fieldcase fills itself, and what each holds."""

LETTERHEAD = ("organisation_name", "organisation_address", "recipient_name", "case_reference")
"""Fields every letter prints above its subject, whatever its body holds."""


class TemplateError(ValueError):
    """A letter template cannot be read; the message names the file and why."""


@dataclass(frozen=True)
class LetterTemplate:
    """One letter the organisation sends."""

    key: str
    """The file's name without ``.toml``: how the template is chosen."""
    title: str
    subject: str
    body: str
    recipients: tuple[str, ...] = ()
    """Party roles it is written to (empty: anyone on the case)."""
    labels: dict[str, str] = field(default_factory=dict)
    """Field -> what the officer is asked for."""

    @property
    def fields(self) -> list[str]:
        """Every field the letter needs: the letterhead's, then those of the subject and body."""
        found: dict[str, None] = dict.fromkeys(LETTERHEAD)
        for text in (self.subject, self.body):
            for match in FIELD.finditer(text):
                found.setdefault(match[1], None)
        return list(found)

    @property
    def typed_fields(self) -> list[str]:
        """The fields the officer types (those fieldcase does not fill)."""
        return [f for f in self.fields if f not in FILLED]

    def label(self, name: str) -> str:
        """What a field is called on the form."""
        return self.labels.get(name) or FILLED.get(name) or name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class RenderedLetter:
    """A letter with every field filled."""

    title: str
    subject: str
    paragraphs: list[str]


def parse_template(key: str, text: str, source: str = "") -> LetterTemplate:
    """A template from the text of its TOML file.

    Raises:
        TemplateError: The file is not valid TOML or lacks a title, subject or body.
    """
    where = source or f"{key}.toml"
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{where} is not valid TOML: {exc}") from exc
    for name in ("title", "subject", "body"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise TemplateError(f"{where}: '{name}' must be text")
    recipients = raw.get("recipients", [])
    labels: Any = raw.get("fields", {})
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise TemplateError(f"{where}: 'recipients' must be a list of roles")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise TemplateError(f"{where}: [fields] must map each field to its label")
    return LetterTemplate(
        key=key,
        title=raw["title"].strip(),
        subject=raw["subject"].strip(),
        body=raw["body"],
        recipients=tuple(recipients),
        labels=dict(labels),
    )


def load_templates(folders: list[Path]) -> dict[str, LetterTemplate]:
    """Every template in ``folders``, later folders replacing earlier ones of the same name.

    Raises:
        TemplateError: A template file cannot be read.
    """
    found: dict[str, LetterTemplate] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"{path} cannot be read: {exc}") from exc
            found[path.stem] = parse_template(path.stem, text, str(path))
    return dict(sorted(found.items(), key=lambda kv: kv[1].title.lower()))


def missing_fields(template: LetterTemplate, values: dict[str, str]) -> list[str]:
    """The fields of ``template`` with no value (blank counts as none), in order."""
    return [f for f in template.fields if not values.get(f, "").strip()]


def render(template: LetterTemplate, values: dict[str, str]) -> RenderedLetter:
    """Fill every field; paragraphs are split on blank lines.

    Raises:
        KeyError: A field has no value (check ``missing_fields`` first).
    """

    def fill(text: str) -> str:
        return FIELD.sub(lambda m: values[m[1]].strip(), text)

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", fill(template.body.strip()))]
    return RenderedLetter(
        title=template.title,
        subject=fill(template.subject),
        paragraphs=[p for p in paragraphs if p],
    )

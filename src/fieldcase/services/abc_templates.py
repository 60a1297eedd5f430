"""ABC condition templates: the packaged ones, or the organisation's own from the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fieldcase.domain import abc as rules
from fieldcase.domain.abc import ConditionTemplate

TEMPLATES_FILE = "abc_conditions.toml"
"""The organisation's own condition templates, when saved in the data folder."""


def packaged_templates() -> list[ConditionTemplate]:
    """The condition templates shipped with fieldcase."""
    text = resources.files("fieldcase").joinpath("data", TEMPLATES_FILE).read_text(encoding="utf-8")
    return rules.parse_templates(text)


def condition_templates(data_dir: Path | None = None) -> list[ConditionTemplate]:
    """The organisation's templates from the data folder if saved there, else the packaged ones.

    Raises:
        TemplateError: The organisation's file is there but cannot be used.
    """
    if data_dir is not None:
        own = data_dir / TEMPLATES_FILE
        if own.is_file():
            try:
                return rules.parse_templates(own.read_text(encoding="utf-8"))
            except (rules.TemplateError, UnicodeDecodeError) as exc:
                raise rules.TemplateError(f"{own}: {exc}") from exc
    return packaged_templates()


@dataclass(frozen=True)
class TemplateChoice:
    """The condition templates a form offers, and why the standard ones stand in, if they do."""

    templates: list[ConditionTemplate]
    problem: str = ""
    """Why the organisation's own file could not be used; empty when it was (or there is none)."""


def form_templates(data_dir: Path | None = None) -> TemplateChoice:
    """The templates for the ABC form: the organisation's, or the shipped ones with the reason."""
    try:
        return TemplateChoice(condition_templates(data_dir))
    except rules.TemplateError as exc:
        return TemplateChoice(packaged_templates(), str(exc))

"""What each ABC screen and form starts from, gathered in one call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session

from fieldcase.domain.abc import AbcStatus, is_minor
from fieldcase.domain.people import birth_for_age_rules
from fieldcase.domain.vocab import split_values
from fieldcase.services import abc_views, enforcement
from fieldcase.services.abc_agreements import AbcInput, ConditionInput, SignatoryInput
from fieldcase.services.abc_templates import TemplateChoice, form_templates
from fieldcase.services.abc_views import AbcSummary, AbcView, PerpetratorChoice
from fieldcase.services.enforcement import Ladder
from fieldcase.services.errors import ValidationError


@dataclass(frozen=True)
class CaseAbcs:
    """A case's reference and its ABCs, newest first."""

    reference: str
    rows: list[AbcSummary]


def case_abcs(session: Session, case_id: uuid.UUID, *, today: date) -> CaseAbcs:
    """The ABC list screen's contents.

    Raises:
        NotFound: There is no such case.
    """
    reference = abc_views.case_reference(session, case_id)
    return CaseAbcs(
        reference, abc_views.list_abcs(session, case_id, today=today, perpetrators_elsewhere=True)
    )


@dataclass(frozen=True)
class AbcDetail:
    """One ABC in full, and the enforcement ladder of the person it is with."""

    view: AbcView
    ladder: Ladder


def abc_detail(session: Session, abc_id: uuid.UUID, *, record_view: bool = False) -> AbcDetail:
    """The ABC screen's contents; ``record_view`` audits that it was opened.

    Raises:
        NotFound: There is no such ABC.
    """
    view = abc_views.load_abc(session, abc_id, record_view=record_view)
    return AbcDetail(view, enforcement.ladder_for(session, view.abc.person_id))


@dataclass(frozen=True)
class NewAbcChoices:
    """Who a new ABC can be with, and the condition templates the form offers."""

    people: list[PerpetratorChoice]
    templates: TemplateChoice
    minors: frozenset[uuid.UUID] = frozenset()
    """People under 18 today, for whom a parent or guardian signs too."""


def new_abc_choices(
    session: Session, case_id: uuid.UUID, *, data_dir: Path | None, today: date
) -> NewAbcChoices:
    """The alleged perpetrators on a case and the templates, to draw up an ABC."""
    people = abc_views.perpetrators(session, case_id)
    return NewAbcChoices(
        people=people,
        templates=form_templates(data_dir),
        minors=frozenset(p.person_id for p in people if is_minor(p.date_of_birth, today)),
    )


@dataclass(frozen=True)
class AbcEditStart:
    """An ABC as saved, as the form's starting values, with what may no longer change."""

    initial: AbcInput
    version: int
    person_name: str
    templates: TemplateChoice
    locked: bool
    """True once signed: the dates, conditions and given signatures stay as signed."""
    needs_guardian: bool
    signed_roles: set[tuple[str, str]] = field(default_factory=set)
    """(role, name) of the signatures already given."""


def abc_edit_start(session: Session, abc_id: uuid.UUID, *, data_dir: Path | None) -> AbcEditStart:
    """What the ABC form opens with to edit an ABC.

    Raises:
        NotFound: There is no such ABC.
        ValidationError: The ABC has ended; it is kept as it was.
    """
    view = abc_views.load_abc(session, abc_id)
    if view.status.is_final:
        raise ValidationError(
            {"status": f"This ABC has ended ({view.status.label.lower()}); it is kept as it was."}
        )
    abc = view.abc
    initial = AbcInput(
        person_id=abc.person_id,
        start_on=abc.start_on,
        end_on=abc.end_on,
        review_weeks=abc.review_weeks,
        monitored_by=split_values(abc.monitored_by),
        conditions=[ConditionInput(c.text, c.kind) for c in view.conditions],
        signatories=[
            SignatoryInput(s.role, s.name, s.signed_on, s.collar_number) for s in view.signatories
        ],
        notes=abc.notes,
    )
    return AbcEditStart(
        initial=initial,
        version=abc.version,
        person_name=view.person.full_name,
        templates=form_templates(data_dir),
        locked=view.status == AbcStatus.ACTIVE,
        needs_guardian=is_minor(
            birth_for_age_rules(
                view.person.date_of_birth, view.person.age_given, view.person.age_given_on
            ),
            abc.start_on,
        ),
        signed_roles={(s.role, s.name) for s in view.signatories if s.signed_on},
    )

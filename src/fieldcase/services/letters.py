"""Letters from the organisation's templates: filled, written to PDF and logged as a contact.

Producing a letter is one officer action and one transaction: every field must
have a value (a blank one is refused by name before anything is written), a
letter to an alleged perpetrator is an approach and needs the victim's consent
or the reason to go ahead without it (the same rule as ``add_contact``), the
letter is logged as a contact (letter, out, sent), the PDF is written where the
officer said through the safe writer, and the export is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

from sqlmodel import Session, col, select

from fieldcase.db import audit
from fieldcase.db.models import Case, CaseParty, Contact, Person, Property
from fieldcase.domain import dates
from fieldcase.domain.letters import LetterTemplate, load_templates, missing_fields, render
from fieldcase.domain.policy import Policy
from fieldcase.domain.vocab import ContactMethod, ContactOutcome, Direction
from fieldcase.services.contact_records import ContactInput, add_contact
from fieldcase.services.errors import NotFound, ValidationError
from fieldcase.services.export_files import write_new_file
from fieldcase.services.letter_pdf import letter_pdf
from fieldcase.services.records import already_saved

LEAVES_THE_STORE = (
    "The letter is saved as an unencrypted PDF outside fieldcase: keep it on encrypted "
    "storage and delete it once it has been printed or sent."
)

FIELDS = "fields"
"""The error key on which a letter is refused for fields without a value, all named."""


def packaged_letters() -> Path:
    """The folder of the letter templates that come with fieldcase."""
    return Path(str(resources.files("fieldcase").joinpath("data", "letters")))


def letter_templates(own_folder: Path | None = None) -> dict[str, LetterTemplate]:
    """The packaged templates, with the organisation's own (``own_folder``) replacing them by name.

    Raises:
        TemplateError: A template file cannot be read.
    """
    folders = [packaged_letters()] + ([own_folder] if own_folder else [])
    return load_templates(folders)


@dataclass(frozen=True)
class Sender:
    """Who a letter is from: the organisation (settings) and the officer."""

    organisation_name: str
    organisation_address: str
    officer_name: str


@dataclass(frozen=True)
class Recipient:
    """Someone on the case a letter can go to, with the fields fieldcase fills for them."""

    person_id: uuid.UUID
    name: str
    role: str
    values: dict[str, str]


@dataclass
class LetterInput:
    """A letter as the officer asks for it."""

    template_key: str
    person_id: uuid.UUID | None
    path: Path | None
    typed: dict[str, str] = field(default_factory=dict)
    """Values of the fields the officer types, by field name."""
    consent_override_reason: str = ""
    """Why a letter to an alleged perpetrator goes ahead without the victim's consent."""


def recipients(
    session: Session, case_id: uuid.UUID, sender: Sender, *, now: datetime
) -> list[Recipient]:
    """Everyone on the case, each with the values fieldcase fills for their letter.

    Raises:
        NotFound: There is no such case.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("That case is not in this database.")
    case_home = session.get(Property, case.property_id) if case.property_id else None
    rows = session.exec(
        select(CaseParty, Person, Property)
        .join(Person, col(Person.id) == CaseParty.person_id)
        .outerjoin(Property, col(Property.id) == CaseParty.property_id)
        .where(CaseParty.case_id == case_id)
        .order_by(col(CaseParty.created_at))
    ).all()
    common = {
        "organisation_name": sender.organisation_name,
        "organisation_address": sender.organisation_address,
        "officer_name": sender.officer_name,
        "case_reference": case.reference,
        "date": f"{dates.to_local(now).date():%d %B %Y}",
        "property_address": _address(case_home),
    }
    found: list[Recipient] = []
    for party, person, home in rows:
        values = dict(common)
        values["recipient_name"] = person.full_name
        values["recipient_address"] = _address(home or case_home)
        found.append(Recipient(person.id, person.full_name, party.role, values))
    return found


def _address(home: Property | None) -> str:
    if home is None:
        return ""
    return ", ".join(part for part in (home.address.strip(), home.postcode.strip()) if part)


def write_letter(
    session: Session,
    case_id: uuid.UUID,
    data: LetterInput,
    *,
    templates: dict[str, LetterTemplate],
    sender: Sender,
    policy: Policy,
    now: datetime,
    new_id: uuid.UUID | None = None,
) -> Path:
    """Write a letter to PDF at ``data.path``, log it as a contact and audit it; returns the path.

    A retry with its contact's key ``new_id`` finds the letter written and logged.

    Raises:
        ValidationError: No template, recipient or file was chosen; a field has no
            value (all named, on ``FIELDS``); the file exists; or the letter goes
            to an alleged perpetrator without consent and no reason is given (on
            ``consent_override_reason``). Nothing is written or logged then.
        NotFound: The case is gone.
    """
    if already_saved(session, Contact, new_id) and data.path is not None:
        return data.path
    template = templates.get(data.template_key)
    recipient = _recipient(session, case_id, data, sender, now=now)
    if template is None:
        raise ValidationError({"template": "Choose a letter."})
    typed = {k: v for k, v in data.typed.items() if k not in recipient.values}
    values = {**recipient.values, **typed}
    missing = missing_fields(template, values)
    if missing:
        names = "; ".join(template.label(name) for name in missing)
        raise ValidationError({FIELDS: f"Nothing was written: no value for {names}."})
    if data.path is None:
        raise ValidationError({"path": "Say where to save the letter."})
    if data.path.exists():
        raise ValidationError({"path": f"{data.path} already exists: choose another name."})
    letter = render(template, values)
    contact = _log(
        session, case_id, data, recipient, template, letter.subject, sender, policy, now, new_id
    )
    content = letter_pdf(
        letter,
        organisation_name=values["organisation_name"],
        organisation_address=values["organisation_address"],
        recipient_name=values["recipient_name"],
        recipient_address=values.get("recipient_address", ""),
        reference=values["case_reference"],
        dated=dates.to_local(now).date(),
    )
    _write(data.path, content)
    audit.record(
        session,
        action="export",
        entity="contact",
        entity_id=str(contact.id),
        case_id=case_id,
        changes={"letter": template.key, "title": template.title},
    )
    return data.path


def _log(
    session: Session,
    case_id: uuid.UUID,
    data: LetterInput,
    recipient: Recipient,
    template: LetterTemplate,
    subject: str,
    sender: Sender,
    policy: Policy,
    now: datetime,
    new_id: uuid.UUID | None,
) -> Contact:
    """The letter in the contact log: letter, out, sent, with the consent check of any approach."""
    return add_contact(
        session,
        case_id,
        ContactInput(
            at=now,
            method=ContactMethod.LETTER,
            direction=Direction.OUT,
            person_id=recipient.person_id,
            outcome=ContactOutcome.SENT,
            notes=f"{template.title}: {subject}",
            consent_override_reason=data.consent_override_reason,
        ),
        officer_name=sender.officer_name,
        policy=policy,
        now=now,
        new_id=new_id,
    )


def _recipient(
    session: Session, case_id: uuid.UUID, data: LetterInput, sender: Sender, *, now: datetime
) -> Recipient:
    found = recipients(session, case_id, sender, now=now)
    chosen = next((r for r in found if r.person_id == data.person_id), None)
    if chosen is None:
        raise ValidationError({"recipient": "Choose who the letter is to."})
    return chosen


def _write(path: Path, content: bytes) -> None:
    try:
        write_new_file(path, content)
    except FileExistsError as exc:
        raise ValidationError({"path": f"{path} already exists: choose another name."}) from exc
    except OSError as exc:
        raise ValidationError(
            {"path": f"The letter cannot be saved there: {exc.strerror}."}
        ) from exc

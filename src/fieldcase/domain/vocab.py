"""The controlled vocabularies fieldcase records, with the labels officers see."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a human label."""

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(label, value) pairs for a select widget."""
        return [(m.label, m.value) for m in cls]


class Category(LabelledEnum):
    """What kind of case this is."""

    HATE_INCIDENT = "hate_incident"
    HATE_CRIME = "hate_crime"
    PERSONAL_ASB = "personal_asb"
    NUISANCE_ASB = "nuisance_asb"
    ENVIRONMENTAL_ASB = "environmental_asb"

    @property
    def is_hate(self) -> bool:
        """True for hate incidents and hate crimes."""
        return self in (Category.HATE_INCIDENT, Category.HATE_CRIME)


class Strand(LabelledEnum):
    """Protected characteristic a hate incident is perceived to target."""

    RACE = "race"
    RELIGION = "religion"
    SEXUAL_ORIENTATION = "sexual_orientation"
    DISABILITY = "disability"
    TRANSGENDER = "transgender"


class CaseStatus(LabelledEnum):
    """Where a case is in its life."""

    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"


class PartyRole(LabelledEnum):
    """The part a person plays in a case."""

    VICTIM = "victim"
    HOUSEHOLD = "household"
    PERPETRATOR = "perpetrator"
    WITNESS = "witness"
    POLICE = "police"
    AGENCY = "agency"


class Engagement(LabelledEnum):
    """How far an alleged perpetrator has engaged."""

    NOT_CONTACTED = "not_contacted"
    ATTEMPTING = "attempting"
    ENGAGED = "engaged"
    REFUSED = "refused"
    LEFT_ADDRESS = "left_address"


class IncidentType(LabelledEnum):
    """What happened: the kinds of incident officers record."""

    NOISE = "noise"
    INTIMIDATION = "intimidation"
    HARASSMENT = "harassment"
    VERBAL_ABUSE = "verbal_abuse"
    THREATS = "threats"
    PHYSICAL_VIOLENCE = "physical_violence"
    CRIMINAL_DAMAGE = "criminal_damage"
    VEHICLE_DAMAGE = "vehicle_damage"
    GRAFFITI = "graffiti"
    DRUGS = "drugs"
    ALCOHOL_RELATED = "alcohol_related"
    ONLINE_ABUSE = "online_abuse"
    HATE_MAIL = "hate_mail"
    ARSON = "arson"
    PETS_ANIMALS = "pets_animals"
    RUBBISH_FLY_TIPPING = "rubbish_fly_tipping"
    OTHER = "other"
    """Something else: the incident's ``other_kind`` says what."""


class ContactMethod(LabelledEnum):
    """How a contact was made."""

    LETTER = "letter"
    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    TEXT = "text"
    MEETING = "meeting"


class Direction(LabelledEnum):
    """Which way a contact went."""

    OUT = "out"
    IN = "in"


class ContactOutcome(LabelledEnum):
    """What came of a contact."""

    SPOKE = "spoke"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    NO_ACCESS = "no_access"
    SENT = "sent"
    RECEIVED = "received"
    REFUSED = "refused"
    OTHER = "other"


class RiskLevel(LabelledEnum):
    """Risk level from an assessment, lowest first."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for Standard, 1 for Medium, 2 for High."""
        return list(RiskLevel).index(self)


class CautionKind(LabelledEnum):
    """Why staff should take care at an address or with a person."""

    VIOLENCE = "violence"
    DOGS = "dogs"
    WEAPONS = "weapons"
    UNSAFE_VISIT = "unsafe_visit"
    DO_NOT_VISIT_ALONE = "do_not_visit_alone"
    OTHER = "other"


_LABELS: dict[StrEnum, str] = {
    Category.HATE_INCIDENT: "Hate incident",
    Category.HATE_CRIME: "Hate crime",
    Category.PERSONAL_ASB: "Personal ASB",
    Category.NUISANCE_ASB: "Nuisance ASB",
    Category.ENVIRONMENTAL_ASB: "Environmental ASB",
    Strand.RACE: "Race (incl. ethnicity, nationality)",
    Strand.RELIGION: "Religion or belief",
    Strand.SEXUAL_ORIENTATION: "Sexual orientation",
    Strand.DISABILITY: "Disability",
    Strand.TRANSGENDER: "Transgender identity",
    PartyRole.HOUSEHOLD: "Household member",
    PartyRole.PERPETRATOR: "Alleged perpetrator",
    PartyRole.POLICE: "Police contact",
    PartyRole.AGENCY: "Partner agency contact",
    Engagement.LEFT_ADDRESS: "Left the address",
    IncidentType.ALCOHOL_RELATED: "Alcohol-related",
    IncidentType.ONLINE_ABUSE: "Online abuse",
    IncidentType.PETS_ANIMALS: "Pets and animals",
    IncidentType.RUBBISH_FLY_TIPPING: "Rubbish and fly-tipping",
    CautionKind.VIOLENCE: "History of violence",
    CautionKind.UNSAFE_VISIT: "Previous unsafe visit",
    CautionKind.DO_NOT_VISIT_ALONE: "Do not visit alone",
    Direction.OUT: "Outgoing",
    Direction.IN: "Incoming",
}

STRAND_SHORT: dict[Strand, str] = {
    Strand.RACE: "Race",
    Strand.RELIGION: "Religion",
    Strand.SEXUAL_ORIENTATION: "Sexuality",
    Strand.DISABILITY: "Disability",
    Strand.TRANSGENDER: "Trans",
}


def join_values(values: list[str] | tuple[str, ...] | set[str]) -> str:
    """Store a multi-select as a comma-separated, ordered string."""
    return ",".join(sorted(set(values)))


def split_values(stored: str) -> list[str]:
    """Read back a multi-select stored with :func:`join_values`."""
    return [v for v in stored.split(",") if v]


def incident_kinds_text(stored: str, other_kind: str = "") -> str:
    """An incident's stored types as officers read them; "other" says what it was."""
    words = []
    for value in split_values(stored):
        if value == IncidentType.OTHER and other_kind.strip():
            words.append(f"Other: {other_kind.strip()}")
        elif value in set(IncidentType):
            words.append(IncidentType(value).label)
        else:
            words.append(value.replace("_", " ").capitalize())
    return ", ".join(words)

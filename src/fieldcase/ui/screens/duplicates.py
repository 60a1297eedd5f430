"""People and addresses that may be recorded twice, and merging a copy into the record to keep."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from fieldcase.domain.text import one_line
from fieldcase.services import duplicates
from fieldcase.services.duplicates import ADDRESS, PERSON, Duplicates
from fieldcase.services.errors import NotAllowed, NotFound, ValidationError, in_one_line
from fieldcase.ui.base import FieldcaseScreen
from fieldcase.ui.dialogs.choice import ChoiceDialog
from fieldcase.ui.keys import BACK
from fieldcase.ui.widgets.footer import Footer

HOW = (
    "Highlight the record to keep and press k, then highlight the copy and press m. "
    "With two records, m on the copy is enough."
)


@dataclass(frozen=True)
class Record:
    """One record as listed: which group it is in, and the lines that describe it."""

    id: uuid.UUID
    group: str
    name: str
    lines: list[str]


@dataclass(frozen=True)
class Group:
    """Records that may be one person or one address."""

    key: str
    title: str
    records: list[Record]


class DuplicatesScreen(FieldcaseScreen[None]):
    """People and addresses that may be recorded twice."""

    HELP = (
        "People who are probably one person recorded twice (the same name in any order, "
        "a similar name with the same date of birth, or the same phone number) and "
        "addresses typed twice, each record with its cases, roles and what is recorded "
        "against it. Nothing is merged until you say so. " + HOW + " You are told what "
        "will move and asked to confirm. The kept record takes the copy's details where "
        "its own are blank; different ones go into its notes. The merge is in the audit "
        "trail."
    )
    BINDINGS = [
        BACK,
        Binding(
            "k",
            "keep",
            "Keep this",
            id="duplicates-keep",
            tooltip="Make the highlighted record the one to keep",
        ),
        Binding(
            "m",
            "merge",
            "Merge copy",
            id="duplicates-merge",
            tooltip="Merge the highlighted copy into the record to keep",
        ),
        Binding("f5", "refresh_view", "Refresh", id="duplicates-refresh", tooltip="List again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[Group] = []
        self.keep: dict[str, uuid.UUID] = {}
        """The record chosen to keep, by group."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="duplicates-summary")
        yield OptionList(id="duplicates")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Duplicates"
        self.query_one("#duplicates").loading = True
        self.query_one("#duplicates").focus()
        self.reload()

    @work(exclusive=True, group="duplicates")
    async def reload(self) -> None:
        """List the likely duplicates again, off the interface thread."""
        found = await self.app.run_service(duplicates.likely_duplicates)
        self._show(found, self.app.today())

    def _show(self, found: Duplicates, today: date) -> None:
        self.groups = _groups(found, today)
        known = {g.key: {r.id for r in g.records} for g in self.groups}
        self.keep = {k: v for k, v in self.keep.items() if v in known.get(k, set())}
        people, places = len(found.people), len(found.addresses)
        summary = Content("No person or address is recorded twice.")
        if people or places:
            summary = Content.assemble(
                (f"{people} {'person' if people == 1 else 'people'}", "bold"),
                " and ",
                (f"{places} address{'' if places == 1 else 'es'}", "bold"),
                f" may be recorded twice. {HOW}",
            )
        self.query_one("#duplicates-summary", Static).update(summary)
        self._draw(found)
        self.query_one("#duplicates").loading = False

    def _draw(self, found: Duplicates) -> None:
        listing = self.query_one("#duplicates", OptionList)
        highlighted = listing.highlighted
        people = [g for g in self.groups if g.key.startswith(PERSON)]
        places = [g for g in self.groups if not g.key.startswith(PERSON)]
        options = [_heading("People who may be recorded twice", "people")]
        options += self._listed(people, "No person is recorded twice.")
        options.append(_heading("Addresses recorded twice", "addresses"))
        options += self._listed(places, "No address is recorded twice.")
        listing.set_options(options)
        if highlighted is not None and highlighted < listing.option_count:
            listing.highlighted = highlighted
        if listing.highlighted_option is None or listing.highlighted_option.disabled:
            listing.action_first()

    def _listed(self, groups: list[Group], none: str) -> list[Option]:
        if not groups:
            return [_heading(f"  {none}", f"none-{none}", dim=True)]
        options: list[Option] = []
        for group in groups:
            options.append(_heading(group.title, group.key))
            options += [self._option(record) for record in group.records]
        return options

    def _option(self, record: Record) -> Option:
        kept = self.keep.get(record.group) == record.id
        name: list[str | tuple[str, str]] = [(one_line(record.name), "bold")]
        if kept:
            name = [("KEEP ", "bold reverse $success"), *name]
        lines = [Content.assemble("  ", *name)]
        lines += [Content.assemble("    ", one_line(line)) for line in record.lines]
        return Option(Content("\n").join(lines), id=f"{record.group}/{record.id}")

    def _highlighted(self) -> tuple[Group, Record] | None:
        option = self.query_one("#duplicates", OptionList).highlighted_option
        if option is None or option.id is None or "/" not in option.id:
            return None
        key, record_id = option.id.split("/")
        group = next(g for g in self.groups if g.key == key)
        return group, next(r for r in group.records if str(r.id) == record_id)

    def action_keep(self) -> None:
        """The highlighted record is the one to keep."""
        found = self._highlighted()
        if found is None:
            return
        group, record = found
        self.keep[group.key] = record.id
        listing = self.query_one("#duplicates", OptionList)
        for other in group.records:
            listing.replace_option_prompt(f"{group.key}/{other.id}", self._option(other).prompt)

    @on(OptionList.OptionSelected, "#duplicates")
    def merge_chosen(self) -> None:
        """Enter on a copy merges it, as m does."""
        self.action_merge()

    def action_merge(self) -> None:
        """Merge the highlighted copy into the record to keep, once the officer confirms."""
        found = self._highlighted()
        if found is None:
            return
        group, copy = found
        keep_id = self.keep.get(group.key)
        if keep_id is None and len(group.records) == 2:
            keep_id = next(r.id for r in group.records if r.id != copy.id)
        if keep_id is None:
            self.notify("Press k on the record to keep first, then m on the copy.")
        elif keep_id == copy.id:
            self.notify("That is the record to keep: highlight the copy and press m.")
        else:
            self._merge(keep_id, copy.id)

    @work(exclusive=True, group="duplicates-merge")
    async def _merge(self, keep_id: uuid.UUID, copy_id: uuid.UUID) -> None:
        app = self.app
        try:
            preview = await app.run_service(duplicates.merge_preview, keep_id, copy_id)
            answer = await app.ask(
                ChoiceDialog(
                    preview.question(),
                    [
                        ("Keep both records; merge nothing", "keep-both"),
                        (f"Merge {preview.copy} into {preview.keep}", "merge"),
                    ],
                )
            )
            if answer != "merge":
                return
            merged = await app.run_service(
                duplicates.merge_records, keep_id, copy_id, policy=app.settings.policy
            )
        except (NotFound, NotAllowed, ValidationError) as exc:
            app.notify(in_one_line(exc), severity="error")
            self.reload()
            return
        app.notify(merged.sentence(), title="Merged")
        self.reload()

    def action_back(self) -> None:
        """Back."""
        self.dismiss(None)

    def action_refresh_view(self) -> None:
        """List again."""
        self.reload()


def _groups(found: Duplicates, today: date) -> list[Group]:
    groups: list[Group] = []
    for n, people in enumerate(found.people):
        key = f"{PERSON}-{n}"
        records = [
            Record(p.person.id, key, p.person.full_name, p.details(today, added=False))
            for p in people.people
        ]
        groups.append(Group(key, f"{people.why.capitalize()}:", records))
    for n, places in enumerate(found.addresses):
        key = f"{ADDRESS}-{n}"
        records = [
            Record(p.view.id, key, p.view.label, p.details(added=False)) for p in places.properties
        ]
        groups.append(Group(key, f"{places.key}, {places.postcode or 'no postcode'}:", records))
    return groups


def _heading(text: str, option_id: str, *, dim: bool = False) -> Option:
    style = "dim" if dim else "bold"
    return Option(Content.assemble((one_line(text), style)), id=option_id, disabled=True)

"""Tables that keep the officer's place: the highlight stays on its row across reloads.

Every list in fieldcase is redrawn from the database after a dialog, a save or
a refresh. Redrawing a Textual table puts its cursor back on the first row;
``refill`` puts it back on the row the officer left it on, found by its key,
wherever that row has moved to. If the row has gone (deleted, or filtered
out), the highlight stays at the same position instead.

Long lists use ``ScreenfulTable``, which ``refill`` fills a screenful at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from typing import Any

from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

Cells = Sequence[Any] | Callable[[], Sequence[Any]]
"""A row's cells, or what works them out when the row is added to a table."""

Row = tuple[str | None, Cells]
"""A table row: its key (usually the record's id; None for a row that stands for no
record, such as "none") and its cells."""


def add_rows(table: DataTable[Any], rows: Iterable[Row]) -> None:
    """Add rows to the end of a table, working out cells given as a function."""
    for key, cells in rows:
        table.add_row(*(cells() if callable(cells) else cells), key=key)


def highlighted_key(table: DataTable[Any]) -> str | None:
    """The key of the highlighted row, if there is one."""
    if table.row_count == 0 or table.cursor_row < 0:
        return None
    return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value


def refill(table: DataTable[Any], rows: Iterable[Row], *, keep: str | None = None) -> None:
    """Replace a table's rows, keeping the highlight on the same row.

    Args:
        table: The table to redraw.
        rows: The rows to show, in order.
        keep: The key of the row to highlight; by default the one highlighted now.
    """
    if isinstance(table, ScreenfulTable):
        table.fill(rows, keep=keep)
        return
    kept = keep if keep is not None else highlighted_key(table)
    position = table.cursor_row
    table.clear()
    add_rows(table, rows)
    if kept is not None:
        with suppress(RowDoesNotExist):
            position = table.get_row_index(kept)
    if table.row_count:
        table.move_cursor(row=min(max(position, 0), table.row_count - 1), animate=False)


class ScreenfulTable(DataTable[Any]):
    """A table that keeps all its rows but puts them on screen a screenful at a time.

    Measuring and laying out a row costs far more than holding it: a case with
    500 incidents took most of a second to draw whole, for the dozen rows an
    officer sees. The rows down to the highlighted one and a screenful beyond
    are added at once; more are added as the cursor or the scroll comes near the
    end of those, so the keys, the mouse and Enter behave as in a whole table.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.waiting: list[Row] = []
        """Rows held back until the officer scrolls towards them, in order."""
        self._adding = False

    def fill(self, rows: Iterable[Row], *, keep: str | None = None) -> None:
        """Replace the rows as ``refill`` does, adding only the first screenful or so."""
        kept = keep if keep is not None else highlighted_key(self)
        position = self.cursor_row
        every = list(rows)
        if kept is not None:
            position = next((i for i, (key, _) in enumerate(every) if key == kept), position)
        shown = max(position, 0) + 1 + self._screenful()
        self.waiting = []
        self.clear()
        self.waiting = every[shown:]
        self._add(every[:shown])
        if self.row_count:
            self.move_cursor(row=min(max(position, 0), self.row_count - 1), animate=False)

    def show_all(self) -> None:
        """Add every row held back."""
        self._show_down_to(self.row_count + len(self.waiting))

    def _screenful(self) -> int:
        """Rows in a screenful: the terminal's height bounds any table's."""
        return max(self.app.size.height, 24)

    def _show_down_to(self, row: int) -> None:
        """Add held-back rows so that the table reaches a screenful beyond ``row``."""
        wanted = row + 1 + self._screenful() - self.row_count
        if self._adding or not self.waiting or wanted <= 0:
            return
        more = max(wanted, self._screenful())
        adding, self.waiting = self.waiting[:more], self.waiting[more:]
        self._add(adding)

    def _add(self, rows: list[Row]) -> None:
        """Add rows; moving the cursor onto the first of them adds no more."""
        self._adding = True
        try:
            add_rows(self, rows)
        finally:
            self._adding = False

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        self._show_down_to(new.row)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_down_to(int(new_value) + self.size.height)

    def action_scroll_bottom(self) -> None:
        """The last row is the last of all the rows, not of those shown so far."""
        self.show_all()
        super().action_scroll_bottom()

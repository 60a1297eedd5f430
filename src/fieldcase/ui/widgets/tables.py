"""Tables that keep the officer's place: the highlight stays on its row across reloads.

Every list in fieldcase is redrawn from the database after a dialog, a save or
a refresh. Redrawing a Textual table puts its cursor back on the first row;
``refill`` puts it back on the row the officer left it on, found by its key,
wherever that row has moved to. If the row has gone (deleted, or filtered
out), the highlight stays at the same position instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from typing import Any

from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

Row = tuple[str | None, Sequence[Any]]
"""A table row: its key (usually the record's id; None for a row that stands for no
record, such as "none") and its cells."""


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
    kept = keep if keep is not None else highlighted_key(table)
    position = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if kept is not None:
        with suppress(RowDoesNotExist):
            position = table.get_row_index(kept)
    if table.row_count:
        table.move_cursor(row=min(max(position, 0), table.row_count - 1), animate=False)

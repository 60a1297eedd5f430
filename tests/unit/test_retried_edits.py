"""An edit saved again after its answer was lost is the officer's own save, not a conflict.

The team server committed the edit but the answer never came back, so the form
still holds the version it opened at. Saving the same typing again finds the
row one version on, saved by this officer with exactly what the form holds:
that is success, and nothing more is written. Any other difference, or someone
else's save, is still refused (see test_edit_conflicts.py). Every kind of
editable record is tried through its own service.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from fieldcase.db.models import AuditEvent
from fieldcase.db.store import Store
from fieldcase.services.errors import EditConflict, ValidationError
from tests.unit.test_edit_conflicts import KINDS, Kind, created, saved
from tests.unit.test_safety_board import NOW, resolve, visit


def _audited_updates(store: Store) -> int:
    with store.reading() as session:
        query = select(func.count()).select_from(AuditEvent)
        return int(session.exec(query.where(AuditEvent.action == "update")).one())


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_the_same_edit_saved_again_is_the_officers_own_save(store: Store, kind: Kind) -> None:
    """Saved twice from a form opened at one version: one save, audited once, no conflict."""
    record_id, opened_at = created(store, kind)
    store.run(kind.edit, record_id, opened_at, "My change.")
    after_first = _audited_updates(store)
    store.run(kind.edit, record_id, opened_at, "My change.")  # the answer to the first was lost
    text, version = saved(store, kind, record_id)
    assert "My change." in text
    assert version == opened_at + 1
    assert _audited_updates(store) == after_first


def test_a_different_edit_from_the_same_old_form_is_still_refused(store: Store) -> None:
    """The second save holds other typing: the officer is shown the conflict, nothing saved."""
    kind = next(k for k in KINDS if k.name == "incident")
    record_id, opened_at = created(store, kind)
    store.run(kind.edit, record_id, opened_at, "My change.")
    with pytest.raises(EditConflict):
        store.run(kind.edit, record_id, opened_at, "Something else.")
    text, version = saved(store, kind, record_id)
    assert ("My change." in text, version) == (True, opened_at + 1)


def test_resolving_a_checkin_again_with_the_same_note_is_the_resolution_saved(
    store: Store,
) -> None:
    """The colleague's resolution was saved, its answer lost: the same again is success,
    written once; another note is still told who resolved it first."""
    late = visit(store, planned_at=NOW - timedelta(hours=2), checkin_at=NOW - timedelta(minutes=20))
    resolve(store, late, "Rang her work mobile: safe.")
    after_first = _audited_updates(store)
    resolve(store, late, "Rang her work mobile: safe.", now=NOW + timedelta(minutes=1))
    assert _audited_updates(store) == after_first
    with pytest.raises(ValidationError, match="already resolved this check-in"):
        resolve(store, late, "Me too.", now=NOW + timedelta(minutes=1))

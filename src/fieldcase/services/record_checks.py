"""Checks shared by the forms that add and edit people and action-plan items.

Each returns field -> message for every problem, so a form shows them all at
once next to their fields; an empty dict means the values are sensible.
"""

from __future__ import annotations

from datetime import date

from fieldcase.domain.date_limits import OLDEST_AGE, ahead_problem, birth_problem, happened_problem


def person_problems(
    date_of_birth: date | None, age_given: int | None, *, today: date, prefix: str = ""
) -> dict[str, str]:
    """A date of birth not in the future nor beyond the oldest age; an age from 0 to it."""
    errors: dict[str, str] = {}
    if date_of_birth is not None and (problem := birth_problem(date_of_birth, today)):
        errors[prefix + "date_of_birth"] = problem
    if age_given is not None and not 0 <= age_given <= OLDEST_AGE:
        errors[prefix + "age_given"] = f"Give an age in years, 0 to {OLDEST_AGE}."
    return errors


def action_problems(
    what: str, due_on: date | None, done_on: date | None, *, today: date
) -> dict[str, str]:
    """Something to do, due within a few years, done no later than today."""
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = "Say what is to be done."
    if due_on is not None and (problem := ahead_problem(due_on, today, "A due date")):
        errors["due_on"] = problem
    if done_on is not None and (problem := happened_problem(done_on, today, "The day it was done")):
        errors["done_on"] = problem
    return errors

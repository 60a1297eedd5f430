"""UK postcodes and address keys, from spellings officers really type (addresses invented)."""

from __future__ import annotations

import pytest

from fieldcase.domain.address import (
    PostcodeError,
    address_key,
    normalise_postcode,
    split_postcode,
)

SAME_POSTCODE = [
    ("eb27ql", "EB2 7QL"),
    ("EB2 7QL", "EB2 7QL"),
    ("eb2  7ql", "EB2 7QL"),
    (" Eb2 7qL ", "EB2 7QL"),
    ("EB2\t7QL", "EB2 7QL"),
    ("zz11zz", "ZZ1 1ZZ"),
    ("ZZ121AB", "ZZ12 1AB"),
    ("zz1a 2bd", "ZZ1A 2BD"),
    ("Z9 9ZZ", "Z9 9ZZ"),
    ("z99 9zz", "Z99 9ZZ"),
    ("gir0aa", "GIR 0AA"),
    ("", ""),
    ("   ", ""),
]


@pytest.mark.parametrize(("typed", "canonical"), SAME_POSTCODE)
def test_postcode_is_stored_canonically(typed: str, canonical: str) -> None:
    """However it is spaced or cased, a postcode is stored as OUTWARD INWARD in capitals."""
    assert normalise_postcode(typed) == canonical


IMPOSSIBLE_POSTCODES = [
    ("EB2 7Q", "EB2 7Q is not a UK postcode: the last part is a digit and two letters"),
    ("EB2 QL7", "EB2 QL7 is not a UK postcode: the last part is a digit and two letters"),
    ("EB2 77L", "EB2 77L is not a UK postcode: the last part is a digit and two letters"),
    ("EB 7QL", "EB 7QL is not a UK postcode: the first part is one or two letters and a number"),
    ("123 7QL", "123 7QL is not a UK postcode: the first part is one or two letters and a number"),
    ("EBC2 7QL", "EBC2 7QL is not a UK postcode: the first part"),
    ("EB2-7QL", "EB2-7QL is not a UK postcode: use only letters and digits"),
    ("7QL", "7QL is not a UK postcode: the first part"),
]


@pytest.mark.parametrize(("typed", "reason"), IMPOSSIBLE_POSTCODES)
def test_impossible_postcode_is_refused_with_the_reason(typed: str, reason: str) -> None:
    """A postcode that cannot exist is refused, and the message says which part is wrong."""
    with pytest.raises(PostcodeError) as refused:
        normalise_postcode(typed)
    assert str(refused.value).startswith(reason)


ONE_ADDRESS = [
    (
        "8 sorrel way",
        [
            "8 Sorrel Way",
            "8 SORREL WAY",
            "  8   sorrel   way ",
            "8, Sorrel Way",
            "8 Sorrel Wy.",
            "No. 8 Sorrel Way",
            "8 Sorrel Way, EB2 7QL",
            "8 Sorrel Way EB27QL",
            "8 Sorrel Way, Eastbridge",
            "8 Sorrel Way, Eastbridge, EB2 7QL",
        ],
    ),
    ("14 larkspur close", ["14 Larkspur Cl", "14 Larkspur Cl.", "14, Larkspur Close"]),
    ("3 alder road", ["3 Alder Rd", "3 Alder Rd.", "3 ALDER ROAD", "3 Alder Road,"]),
    ("22 station street", ["22 Station St", "22 Station St.", "22 Station Str"]),
    ("5 quince avenue", ["5 Quince Ave", "5 Quince Av", "5 quince ave."]),
    ("7 tamarind court", ["7 Tamarind Ct", "7 Tamarind Crt"]),
    ("9 saint marys road", ["9 St Mary's Rd", "9 St. Marys Road", "9 Saint Mary's Road"]),
    ("11 hazel gardens", ["11 Hazel Gdns", "11 Hazel Gardens"]),
    ("2 birch terrace", ["2 Birch Tce", "2 Birch Terr", "2 Birch Ter."]),
    ("4 medlar crescent", ["4 Medlar Cres", "4 Medlar Cresc"]),
    ("6 yew lane", ["6 Yew Ln"]),
    ("10a sorrel way", ["10A Sorrel Way", "10a Sorrel Way"]),
    ("flat 2 8 sorrel way", ["Flat 2, 8 Sorrel Way", "flat 2 8 sorrel way", "Apt 2, 8 Sorrel Way"]),
    ("flat 2 8 sorrel way", ["Apartment 2, 8 Sorrel Wy", "2, 8 Sorrel Way", "2 8 Sorrel Way"]),
    ("flat 9 tamarind court", ["Flat 9, Tamarind Ct", "Flat 9 Tamarind Court"]),
    ("rose cottage mill lane", ["Rose Cottage, Mill Ln", "Rose Cottage Mill Lane"]),
    ("rose cottage mill lane", ["Rose Cottage, Mill Lane, Eastbridge"]),
]


@pytest.mark.parametrize(("key", "spellings"), ONE_ADDRESS)
def test_spellings_of_one_address_have_one_key(key: str, spellings: list[str]) -> None:
    """Case, punctuation, spaces, abbreviations, a town or postcode after it: one key."""
    assert {address_key(s) for s in spellings} == {key}


DIFFERENT_ADDRESSES = [
    ("Flat 2, 8 Sorrel Way", "8 Sorrel Way"),
    ("Flat 2, 8 Sorrel Way", "Flat 3, 8 Sorrel Way"),
    ("8 Sorrel Way", "8A Sorrel Way"),
    ("8 Sorrel Way", "18 Sorrel Way"),
    ("8 Sorrel Way", "8 Sorrel Road"),
    ("3 Church St", "3 Church St North"),
    ("Rose Cottage, Mill Lane", "Rose Cottage, Church Lane"),
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT_ADDRESSES)
def test_different_addresses_have_different_keys(one: str, other: str) -> None:
    """A flat, a house letter, another number or another street is another address."""
    assert address_key(one) != address_key(other)


SPLITS = [
    ("8 Sorrel Way, EB2 7QL", "8 Sorrel Way", "EB2 7QL"),
    ("8 Sorrel Way eb27ql", "8 Sorrel Way", "EB2 7QL"),
    ("Flat 2, 8 Sorrel Way, Eastbridge, EB2 7QL", "Flat 2, 8 Sorrel Way, Eastbridge", "EB2 7QL"),
    ("8 Sorrel Way", "8 Sorrel Way", ""),
    ("  8  Sorrel Way ,", "8 Sorrel Way", ""),
    ("8 Sorrel Way, EB2 7Q", "8 Sorrel Way, EB2 7Q", ""),
]


@pytest.mark.parametrize(("typed", "address", "postcode"), SPLITS)
def test_postcode_typed_at_the_end_is_split_off(typed: str, address: str, postcode: str) -> None:
    """A readable postcode at the end of an address line goes to the postcode."""
    split = split_postcode(typed)
    assert (split.address, split.postcode) == (address, postcode)

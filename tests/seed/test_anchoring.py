"""The demo network is loaded relative to the day it is loaded on (seed/anchoring.py), and its
taskings keep the rules requestTasking applies."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta

import pytest

from seed import DEFAULT_SEED_DIR, SeedRejected, load_seed
from seed.anchoring import declared_anchor, shift_text
from service.domain.deadlines import in_eu
from service.domain.enums import LegalBasis

from .test_seed import edited_copy, find

ANCHOR = date(2026, 11, 24)
LATER = date(2029, 3, 7)


def test_the_demo_declares_the_day_its_generator_describes() -> None:
    spec = importlib.util.spec_from_file_location("build_demo_data", DEFAULT_SEED_DIR.parent / "build_demo_data.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert declared_anchor(DEFAULT_SEED_DIR) == builder.TODAY == ANCHOR


def test_loaded_on_another_day_every_date_moves_by_the_same_days_texts_and_references_too() -> None:
    written, moved = load_seed(), load_seed(today=LATER)
    delta = LATER - ANCHOR

    for before, after in zip(written.taskings, moved.taskings, strict=True):
        assert (after.createdAt, after.dueBy, after.updatedAt) == (before.createdAt + delta, before.dueBy + delta, before.updatedAt + delta)
        assert [e.at for e in after.events] == [e.at + delta for e in before.events]
        assert after.reference == f"BNL-{after.createdAt.year}-{before.reference[-6:]}"
    for before, after in zip(written.postings, moved.postings, strict=True):
        assert after.startsOn == before.startsOn + delta
        assert after.endsOn == (before.endsOn + delta if before.endsOn else None)
    for before, after in zip(written.windows, moved.windows, strict=True):
        assert (after.startsOn, after.endsOn) == (before.startsOn + delta, before.endsOn + delta)
    officers = {o.id: o for o in moved.officers}
    # "on mission until 26 November" two days after the anchor stays two days after the load day.
    in_two_days = LATER + timedelta(days=2)
    assert f"until {in_two_days.day} {in_two_days:%B}" in officers["LO-005"].availabilityNote
    assert load_seed(today=ANCHOR) == written  # on the anchor day nothing moves


def test_dates_in_texts_move_with_or_without_a_year() -> None:
    forty = timedelta(days=40)
    assert shift_text("Moves to Bucharest on 1 January 2027", forty, ANCHOR) == "Moves to Bucharest on 10 February 2027"
    assert shift_text("Home leave until 30 November; deputy", forty, ANCHOR) == "Home leave until 9 January; deputy"
    assert shift_text("Back since September 2025", forty, ANCHOR) == "Back since October 2025"
    assert shift_text("seen twice in May, Case 2026/54411", forty, ANCHOR) == "seen twice in May, Case 2026/54411"


def test_the_directive_is_cited_only_for_eu_countries_and_the_loader_refuses_it_elsewhere(tmp_path) -> None:
    cited = [t for t in load_seed().taskings if t.legalBasis is LegalBasis.DIRECTIVE_EU_2023_977]
    assert cited and all(in_eu(t.country) for t in cited)

    def cite_it_for_colombia(records: list[dict]) -> None:
        find(records, "id", "T-0008")["legalBasis"] = "DIRECTIVE_EU_2023_977"

    with pytest.raises(SeedRejected) as refused:
        load_seed(edited_copy(tmp_path, {"taskings": cite_it_for_colombia}))
    assert "T-0008" in str(refused.value) and "DIRECTIVE_EU_2023_977" in str(refused.value) and "CO" in str(refused.value)

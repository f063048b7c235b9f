"""User-visible counts agree with their nouns ("1 record", "2 records"), never "record(s)"."""

import pytest

from service.domain.enums import Lang, TaskingAction, TaskingStatus
from service.domain.lifecycle import sources, CANNOT, DOING, TRANSITIONS, IllegalTransition, next_status
from service.domain.wording import counted, noun
from service.i18n import speaking


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert [counted(n, "problem") for n in (0, 1, 2)] == ["0 problems", "1 problem", "2 problems"]
    assert counted(1, "closed tasking") == "1 closed tasking" and counted(3, "LO", "LOs") == "3 LOs"
    assert noun(1, "officer") == "officer" and noun(2, "officer") == "officers"
    assert noun(2, "deputy", "deputies") == "deputies"


def test_a_refused_tasking_transition_reads_as_a_whole_sentence_in_each_language() -> None:
    with pytest.raises(IllegalTransition) as refused:
        next_status(TaskingStatus.REQUESTED, TaskingAction.COMPLETED)
    with speaking(Lang.DE), pytest.raises(IllegalTransition) as refused_de:
        next_status(TaskingStatus.REQUESTED, TaskingAction.COMPLETED)

    assert str(refused.value) == "cannot complete a tasking that is REQUESTED; allowed from IN_PROGRESS"
    assert str(refused_de.value) == "ein Ersuchen im Status REQUESTED kann nicht abgeschlossen werden; möglich aus IN_PROGRESS"
    assert DOING[TaskingAction.ACCEPTED] == "accepting a tasking"
    refusable = {action for action in TaskingAction if action is not TaskingAction.REQUESTED and sources(action) != frozenset(TaskingStatus)}
    assert set(CANNOT) == refusable
    assert set(DOING) == set(TaskingAction) - {TaskingAction.DECONFLICTED}  # deconfliction is lonet's, nobody's act

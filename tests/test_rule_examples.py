"""Every rule's VALID, INVALID and before/after examples, through the real engine.

Adding a rule is one file and `pytest -k SEC012`: this test finds it by itself.
"""

from __future__ import annotations

import pytest

from auditor.examples import check_examples
from auditor.registry import own_rules

RULES = own_rules()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_examples(rule_id: str) -> None:
    problems = check_examples(RULES[rule_id])
    assert not problems, "\n\n".join(problems)


def test_rules_are_discovered() -> None:
    # One of each kind ships with the skeleton; a packaging mistake would lose them.
    assert {"MNT001", "ARC001", "AUD001"} <= set(RULES)

"""Defined names: how the builder marks the cells the reader looks up by name.

Every charter input cell is named ``charter_<key>``, every dropdown list ``list_<key>``,
and the planner's next-cycle decision ``planner_decision``.
"""

from __future__ import annotations

from starterkit.spec.model import FieldDef

#: The planner's decision input: its defined name, its data key and its choice list.
PLANNER_DECISION = "planner_decision"


def charter_name(key: str) -> str:
    """Defined name of a charter input cell."""
    return f"charter_{key}"


def list_name(key: str) -> str:
    """Defined name of a dropdown list's cells on the hidden Lists sheet."""
    return f"list_{key}"


def decision_field(label: str = "decision", help: str = "") -> FieldDef:
    """The planner decision cell as a field: a choice from the ``planner_decision`` list."""
    values = dict(
        key=PLANNER_DECISION, label=label, type="choice", list=PLANNER_DECISION, help=help
    )
    if (
        isinstance(label, str)
        and isinstance(help, str)
        and 1 <= len(label) <= 80
        and len(help) <= 255
    ):
        # What validation checks of these values (the key and list are fixed, valid keys),
        # so the field is made without it: neither reading nor building a kit then needs
        # the validator. Any other label is validated, and refused, as before.
        return FieldDef(**values)
    from starterkit.spec.load import validated

    return validated(FieldDef, values)

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
    if label == "decision" and not help:
        # Known valid, so made without validating: reading a kit then never builds the spec
        # models' validators.
        return FieldDef.model_construct(**values)
    return FieldDef(**values)

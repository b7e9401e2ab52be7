"""Compare two xlsx (or ods) files part by part, so a failure names the part that differs.

As XlsxWriter's own comparison tests do: open both packages, compare the list of parts,
then each part's bytes; the first difference is reported with its part name and the text
around it, not as two opaque blobs.
"""

from __future__ import annotations

import io
import zipfile

#: Characters of context shown on each side of the first difference.
CONTEXT = 80


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {name: package.read(name) for name in package.namelist()}


def first_difference(expected: bytes, actual: bytes) -> str | None:
    """None when the packages hold the same parts with the same bytes; else what differs."""
    ours, theirs = parts(expected), parts(actual)
    if list(ours) != list(theirs):
        only_expected = sorted(set(ours) - set(theirs))
        only_actual = sorted(set(theirs) - set(ours))
        return f"parts differ: only expected {only_expected}, only actual {only_actual}"
    for name, data in ours.items():
        if data != theirs[name]:
            at = next(
                (i for i, (a, b) in enumerate(zip(data, theirs[name], strict=False)) if a != b),
                min(len(data), len(theirs[name])),
            )
            around = slice(max(0, at - CONTEXT), at + CONTEXT)
            return (
                f"{name} differs at byte {at}:\n"
                f"  expected …{data[around].decode('utf-8', 'replace')}…\n"
                f"  actual   …{theirs[name][around].decode('utf-8', 'replace')}…"
            )
    if expected != actual:
        return "every part is the same, but the zip containers differ (timestamps or order)"
    return None


def assert_same_package(expected: bytes, actual: bytes) -> None:
    difference = first_difference(expected, actual)
    assert difference is None, difference

"""Text from outside made safe for each kind of output we write: the one place for each.

A returned workbook, a spec, a CSV row or a prefill file can carry any character. Three
kinds of output cannot take all of them:

- **the terminal** (:func:`for_terminal`): escape sequences clear or spoof the screen,
  carriage returns and backspaces overwrite what was printed, bidirectional overrides
  reorder it;
- **XML** (:func:`for_xml`, every xlsx part and the HTML page): XML 1.0 forbids most C0
  control characters, U+FFFE and U+FFFF, and UTF-8 cannot hold a lone surrogate;
- **a link target** (:func:`for_link`): a file path becomes a URL, with every control
  character and space percent-encoded.

The convention is the same everywhere: a character that may not pass is *shown*, never
dropped. C0 controls and DEL become their Unicode Control Pictures (ESC → ``␛``, NUL →
``␀``, BEL → ``␇``, DEL → ``␡``); any other invisible control (C1 controls, bidirectional
overrides and isolates, lone surrogates, noncharacters) becomes its code point as
``<U+202E>``. Tab and line feed pass everywhere; carriage return passes into XML only.

:func:`map_strings` applies one of them to every string of a report (or any tree of
dataclasses, tuples, lists and dicts), so a writer never meets unsafe text; it returns
its argument itself when nothing changed, so ordinary input costs one scan per string.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: xlsxwriter's options for every workbook we write: built in memory, and every string
#: written as the text it is, never turned into a number, a formula or a link behind our back.
XLSXWRITER_OPTIONS = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
#: Excel's limit on the characters in one cell.
MAX_CELL_CHARS = 32_767
#: The longest single text the terminal report prints (twenty lines of a wide terminal).
MAX_TERMINAL_CHARS = 2_000

_C0_EXCEPT_TAB_LF = "\x00-\x08\x0b-\x1f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_TERMINAL_UNSAFE = re.compile(f"[{_C0_EXCEPT_TAB_LF}\x7f-\x9f{_BIDI}\ud800-\udfff\ufffe\uffff]")
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a link target may not hold as it is: controls, space, and what URLs reserve.
_LINK_UNSAFE = re.compile('[\x00-\x20\x7f-\x9f"%<>\\[\\]^`{}#\ud800-\udfff\ufffe\uffff]')


def shown(char: str) -> str:
    """The visible stand-in of one character that may not pass (see the module doc)."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def _shown(match: re.Match[str]) -> str:
    return shown(match.group())


def for_terminal(text: str, limit: int = MAX_TERMINAL_CHARS) -> str:
    """``text`` safe to print: no escape sequence, overwrite or reordering reaches the
    terminal (tab and line feed pass), and at most ``limit`` characters (:func:`cut`)."""
    if _TERMINAL_UNSAFE.search(text) is not None:
        text = _TERMINAL_UNSAFE.sub(_shown, text)
    return cut(text, limit)


def for_xml(text: str) -> str:
    """``text`` valid in XML 1.0 and UTF-8 (tab, line feed and carriage return pass)."""
    if _XML_UNSAFE.search(text) is None:
        return text
    return _XML_UNSAFE.sub(_shown, text)


def for_cell(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """``text`` for a spreadsheet cell: valid XML (:func:`for_xml`) and at most ``limit``
    characters (:func:`cut`); xlsxwriter writes nothing at all for a longer string."""
    return cut(for_xml(text), limit)


def cut(text: str, limit: int) -> str:
    """``text`` when it has at most ``limit`` characters, else its start and a note of
    what was left out, ``limit`` characters in all: "… [4,967,233 more characters cut]"."""
    if len(text) <= limit:
        return text
    kept = limit
    while True:  # the note's length depends on the count it gives: settle both
        note = f" … [{len(text) - kept:,} more characters cut]"
        if kept + len(note) <= limit or kept == 0:
            return text[:kept] + note
        kept = max(0, limit - len(note))


def _percent(match: re.Match[str]) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff":
        char = "\ufffd"
    return "".join(f"%{byte:02x}" for byte in char.encode("utf-8"))


def for_link(path: str) -> str:
    """A file path as a link target: controls, spaces and what URLs reserve (``#``
    included, so a file name cannot cut the link short) percent-encoded."""
    if _LINK_UNSAFE.search(path) is None:
        return path
    return _LINK_UNSAFE.sub(_percent, path)


def map_strings(value: T, safe: Callable[[str], str]) -> T:
    """``value`` with ``safe`` applied to every string inside it: through dataclasses
    (frozen ones too), tuples, lists and dicts (keys and values). Enums, numbers and dates
    pass unchanged; an object is returned itself when nothing inside it changed."""
    return _map(value, safe)


#: How ``_map`` goes through a value of each type it has met (see ``_kind_of``).
_LEAF, _SEQUENCE, _DICT, _DATACLASS = range(4)
_KINDS: dict[type, tuple[int, tuple[str, ...]]] = {}


def _kind_of(kind: type) -> tuple[int, tuple[str, ...]]:
    """What a type holds, and for a dataclass its field names: worked out once per type, as
    a report has hundreds of thousands of values of a few dozen."""
    if kind is tuple or kind is list:
        return _SEQUENCE, ()
    if kind is dict:
        return _DICT, ()
    if dataclasses.is_dataclass(kind):
        return _DATACLASS, tuple(f.name for f in dataclasses.fields(kind) if f.init)
    return _LEAF, ()


def _map(value: Any, safe: Callable[[str], str]) -> Any:
    kind = type(value)
    if kind is str:
        return safe(value)
    shape = _KINDS.get(kind)
    if shape is None:
        shape = _KINDS[kind] = _kind_of(kind)
    what, names = shape
    if what == _LEAF:
        return value
    if what == _SEQUENCE:
        items = [_map(item, safe) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return kind(items)
    if what == _DICT:
        pairs = [(_map(k, safe), _map(v, safe)) for k, v in value.items()]
        if all(nk is k and nv is v for (nk, nv), (k, v) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = _map(old, safe)
        if new is not old:
            changes[name] = new
    if not changes:
        return value
    return dataclasses.replace(value, **changes)

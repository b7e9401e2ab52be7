"""Network reports kept packed, so that a portfolio of thousands of networks stays small.

A report as objects takes about 12 KB (its weeks, milestones, sessions and cases, each
cell cited as a ``Location``); pickled it takes about 3.6 KB, and compressed against
another report of its batch about 0.8 KB: reports of one batch share most of their text
(sheet names, milestone titles, labels, flag wording). A portfolio keeps its networks
packed and unpacks one when a reporter reads it, so a reporter that writes one network at
a time (the JSON report) holds only that one whole in memory. Beside each packed report
sit the few figures the portfolio counts over every network, so that counting needs no
unpacking.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import operator
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, overload

from starterkit import findings as findings_module
from starterkit import report as report_module
from starterkit.findings import SEVERITIES, Severity
from starterkit.report import RISK_WEIGHTS, NetworkReport


def _as_field_values(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """Pickles an object of the report dataclass ``cls`` as its class and field values, so
    that unpickling calls the class. The state frozen dataclasses pickle by default is
    read and set field by field in Python: this is twice as quick to pack, and a third
    quicker to unpack."""
    names = [f.name for f in dataclasses.fields(cls)]
    values = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


def _report_classes(*modules: ModuleType) -> list[type]:
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == module.__name__
    ]


#: How each report class is pickled (every other type as usual).
_DISPATCH = {
    **copyreg.dispatch_table,
    **{cls: _as_field_values(cls) for cls in _report_classes(report_module, findings_module)},
}


def _pickled(value: Any) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class PackedReport:
    """One network's report, pickled and compressed, with what is counted over a portfolio."""

    data: bytes = field(repr=False)
    #: The preset dictionary ``data`` was compressed with: a report of the same batch,
    #: pickled (one object shared by the batch).
    dictionary: bytes = field(repr=False)
    #: The report's flag ids, most severe first (as its flags are listed).
    flag_ids: tuple[str, ...]
    #: The report's flags per severity, most severe first (``SEVERITIES``).
    flag_counts: tuple[int, ...]
    data_findings: int

    @classmethod
    def of(cls, report: NetworkReport, dictionary: bytes | None = None) -> PackedReport:
        """``report`` packed against ``dictionary``, another report of its batch pickled
        (by default its own pickle, for the first report of a batch)."""
        pickled = _pickled(report)
        if dictionary is None:
            dictionary = pickled
        compressor = zlib.compressobj(zdict=dictionary)
        counts = report.severity_counts()
        return cls(
            data=compressor.compress(pickled) + compressor.flush(),
            dictionary=dictionary,
            flag_ids=tuple(flag.id for flag in report.flags),
            flag_counts=tuple(counts[severity] for severity in SEVERITIES),
            data_findings=len(report.data_findings),
        )

    @property
    def risk_score(self) -> int:
        """``NetworkReport.risk_score``, from the counts."""
        return sum(RISK_WEIGHTS[s] * n for s, n in zip(SEVERITIES, self.flag_counts, strict=True))

    def count(self, severity: Severity) -> int:
        """``NetworkReport.count``: the report's flags of ``severity``."""
        return self.flag_counts[SEVERITIES.index(severity)]

    def unpack(self) -> NetworkReport:
        decompressor = zlib.decompressobj(zdict=self.dictionary)
        report: NetworkReport = pickle.loads(decompressor.decompress(self.data))
        return report


class Packer:
    """Packs the reports of one batch against one preset dictionary: the first report's
    pickle."""

    def __init__(self) -> None:
        self.dictionary: bytes | None = None

    def pack(self, report: NetworkReport) -> PackedReport:
        packed = PackedReport.of(report, self.dictionary)
        self.dictionary = packed.dictionary
        return packed


class PackedReports(Sequence[NetworkReport]):
    """A portfolio's networks, each unpacked into a new ``NetworkReport`` when read.

    Reading the same network twice unpacks it twice: a reporter that needs every network at
    once (``Portfolio.ranked``) keeps the list it gets.
    """

    __slots__ = ("packed",)

    def __init__(self, packed: Iterable[PackedReport]) -> None:
        self.packed: tuple[PackedReport, ...] = tuple(packed)

    @classmethod
    def of(cls, reports: Iterable[NetworkReport]) -> PackedReports:
        return cls(map(Packer().pack, reports))

    def __len__(self) -> int:
        return len(self.packed)

    @overload
    def __getitem__(self, index: int) -> NetworkReport: ...

    @overload
    def __getitem__(self, index: slice) -> PackedReports: ...

    def __getitem__(self, index: int | slice) -> NetworkReport | PackedReports:
        if isinstance(index, slice):
            return PackedReports(self.packed[index])
        return self.packed[index].unpack()

    def __iter__(self) -> Iterator[NetworkReport]:
        for packed in self.packed:
            yield packed.unpack()

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of equal reports, as the tuple it stands for would be."""
        if isinstance(other, PackedReports):
            return self.packed == other.packed or tuple(self) == tuple(other)
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a list: equal to tuples, so not hashable

    def __repr__(self) -> str:
        return f"PackedReports({len(self)} networks)"

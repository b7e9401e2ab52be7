"""Spec (and optional prefill data) in, a finished workbook out, as bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook

from starterkit import __version__
from starterkit.builder import cells as cells_module
from starterkit.builder.formulas import Formulas
from starterkit.builder.layout import plan
from starterkit.builder.sheet import Context
from starterkit.builder.sheets import (
    cases,
    charter,
    kit,
    lists,
    metrics,
    planner,
    playbook,
    review,
    roles,
    start_here,
)
from starterkit.builder.styles import Styles
from starterkit.errors import BuildError
from starterkit.files.atomic import write_atomically
from starterkit.kit import contract
from starterkit.kit.record import GENERATOR, KitRecord
from starterkit.safe_text import XLSXWRITER_OPTIONS, for_cell, map_strings
from starterkit.spec import known, trusted
from starterkit.spec.logo import LOGO_FIX, logo_problem
from starterkit.spec.model import KitSpec, as_json_data
from starterkit.spec.prefill import resolve

__all__ = ["build", "build_path", "spec_hash", "spec_json"]


def spec_json(spec: KitSpec) -> str:
    """The resolved spec as compact, stable JSON; the logo is named, not located."""
    if spec is trusted.default_spec():
        return known.DEFAULT_SPEC_JSON  # this JSON, written when the package was made
    data = as_json_data(spec)
    if data["branding"]["logo"]:
        data["branding"]["logo"] = Path(data["branding"]["logo"]).name
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def spec_hash(spec: KitSpec) -> str:
    return hashlib.sha256(spec_json(spec).encode()).hexdigest()


def build(
    spec: KitSpec,
    data: Mapping[str, Any] | None = None,
    *,
    build_time: dt.datetime | None = None,
    kit_id: str | None = None,
    network_id: str | None = None,
    previous_kit_id: str | None = None,
    data_name: str = "data",
    extras: review.Extras | None = None,
) -> bytes:
    """Build the kit workbook and return the .xlsx bytes.

    ``data`` prefills inputs (same shape as the spec's ``prefill``; values in ``data`` win).
    ``build_time`` (default: now, UTC) dates the file and is "today" for the cached values of
    date-dependent formulas; pin it for byte-identical output.

    The ids (kit.md, "Identity"): ``kit_id`` names this network-cycle's workbook and
    ``network_id`` the network across its cycles; give them to keep them (a later kit of the
    same network passes its ``network_id``; ``review``/``upgrade`` pass the ``kit_id`` too).
    Left out, each is minted: a random uuid4, so two builds never share one, even in the
    same second; with a pinned ``build_time`` they are derived from the spec, the data and
    the build time instead, so the bytes stay repeatable. ``previous_kit_id`` is the kit of
    the cycle before (only a ``next`` kit has one).

    ``extras`` (the loop commands'): notes on cells, the Review and Not carried sheets.
    """
    pinned = build_time is not None
    build_time = (build_time or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    logo = _read_logo(spec)
    # Every string of the spec and the data, as a cell can hold it: control characters
    # shown (a kit is XML, which cannot hold them), text beyond Excel's cell limit cut.
    spec = map_strings(spec, for_cell)
    data = map_strings(data, for_cell)
    filled = resolve(spec, data, name=data_name)
    cells = cells_module.kit_cells(spec, filled)
    layout = plan(spec)
    formulas = Formulas(spec, layout, cells, build_time.date())
    the_spec_json = spec_json(spec)
    the_hash = hashlib.sha256(the_spec_json.encode()).hexdigest()
    seed = [the_hash, _plain_data(data), build_time.isoformat()] if pinned else None
    kit_id = kit_id or _minted(seed)
    network_id = network_id or _minted(seed, "network")

    output = io.BytesIO()
    workbook = Workbook(output, XLSXWRITER_OPTIONS)
    styles = Styles(workbook, spec)
    ctx = Context(workbook, spec, styles, layout, cells, formulas, logo)
    for writer in (start_here, charter, roles, planner, cases, playbook, metrics, lists):
        if extras is not None and writer is lists:
            review.write_not_carried(ctx, extras)
        writer.write(ctx)
        if extras is not None and writer is start_here:
            review.write_review(ctx, extras)
    if extras is not None:
        review.annotate(ctx, extras)
    record = KitRecord(
        kit_schema_version=contract.KIT_SCHEMA_VERSION,
        kit_id=kit_id,
        network_id=network_id,
        previous_kit_id=previous_kit_id or None,
        spec_hash=the_hash,
        generator=GENERATOR,
        generator_version=__version__,
        built_at=build_time.isoformat(),
        spec_json=the_spec_json,
    )
    kit.write(workbook, record, spec.protection.enabled)
    _properties(workbook, spec, cells, record, build_time)
    workbook.close()
    return output.getvalue()


def build_path(
    spec: KitSpec, path: str | Path, data: Mapping[str, Any] | None = None, **options: Any
) -> Path:
    """Build and write the workbook whole: a failed build leaves no partial file."""
    path = Path(path)
    content = build(spec, data, **options)
    try:
        write_atomically(path, content)
    except OSError as exc:
        raise BuildError(
            f"{path}: cannot write the workbook ({exc.strerror}) — check the folder exists and is writable"
        ) from None
    return path


def _read_logo(spec: KitSpec) -> bytes | None:
    if not spec.branding.logo:
        return None
    try:
        data = Path(spec.branding.logo).read_bytes()
    except OSError as exc:
        raise BuildError(
            f"{spec.branding.logo}: cannot read the logo ({exc.strerror}) — fix branding.logo in the spec"
        ) from None
    problem = logo_problem(data)
    if problem:
        raise BuildError(f"{spec.branding.logo}: the logo {problem} — {LOGO_FIX}")
    return data


def _minted(seed: list[Any] | None, *salt: str) -> str:
    """A new id: random, or derived from ``seed`` (and ``salt``) when the build is pinned."""
    if seed is None:
        return str(uuid.uuid4())
    text = json.dumps([*seed, *salt], default=str)
    return str(uuid.UUID(hashlib.sha256(text.encode()).hexdigest()[:32], version=4))


def _plain_data(data: Mapping[str, Any] | None) -> Any:
    return json.loads(json.dumps(data or {}, default=repr, sort_keys=True))


def _properties(
    workbook: Workbook,
    spec: KitSpec,
    cells,
    record: KitRecord,
    build_time: dt.datetime,
) -> None:
    org = cells.charter.get("organization")
    network = cells.charter.get("network_name")
    workbook.set_properties(
        {
            "title": f"{spec.name} — {network}" if network else spec.name,
            "company": str(org) if org else "",
            "author": GENERATOR,
            "created": build_time.replace(tzinfo=None),
        }
    )
    for name, value in record.to_properties().items():
        workbook.set_custom_property(name, value)

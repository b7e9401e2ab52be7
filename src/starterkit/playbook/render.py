"""A compiled playbook as people read it: an HTML page, Markdown for wikis, an xlsx table.

The HTML is one self-contained page like the report: Jinja2 with autoescape, no script,
nothing fetched, print styles. Every steward's text passes ``safe_text`` first (control
characters shown, never passed on); in the xlsx, text that would run as a formula gets
the cell's quote prefix, as in the dashboard.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import jinja2

from starterkit.playbook.compile import NAME_THRESHOLD, SHARED_TERMS
from starterkit.playbook.model import Pattern, Playbook, Source
from starterkit.reporters.cell_safety import looks_like_formula
from starterkit.safe_text import XLSXWRITER_OPTIONS, for_cell, for_xml

STATUS_WORDS = {
    "proven": "Proven",
    "tested": "Tested",
    "draft": "Draft",
    "retired": "Retired",
    None: "Not yet written up",
}
KIND_WORDS = {"playbook": "Playbook", "session": "Session", "case": "Case"}
METHOD_NOTE = (
    f"Names are matched ignoring case, punctuation and word order (rapidfuzz "
    f"token_sort_ratio ≥ {NAME_THRESHOLD}), so one pattern typed in several places is one entry."
)
RECURRING_NOTE = (
    f"Cases from different networks are linked when their problem texts share at least "
    f"{SHARED_TERMS} key terms (words of three letters or more, case folded, a plural s "
    f"dropped, common words left out)."
)


def day(value: dt.date | None) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "—"


def status(pattern: Pattern) -> str:
    return STATUS_WORDS.get(pattern.status, str(pattern.status))


def source_text(source: Source) -> str:
    return f"{KIND_WORDS[source.kind]} {source.ref}, {day(source.date)}, {source.network} ({source.cell})"


def _title(playbook: Playbook) -> str:
    if playbook.is_portfolio:
        return f"Playbook · {len(playbook.networks)} networks"
    return f"Playbook · {playbook.networks[0]}" if playbook.networks else "Playbook"


def _safe(value: object) -> object:
    return for_xml(value) if isinstance(value, str) else value


TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #1F3864;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:0 0 .3rem} .meta,.note{color:#555;font-size:.88rem}
article{border:1px solid #d5dbe3;border-radius:6px;padding:.8rem 1rem;margin:.8rem 0;break-inside:avoid}
.badge{display:inline-block;font-size:.78rem;padding:.05rem .5rem;border-radius:9px;background:#E7E6E6;margin-left:.4rem;vertical-align:middle}
.proven{background:#C6EFCE}.tested{background:#FFEB9C}.retired{background:#d9d9d9}.unwritten{background:#FFC7CE}
dl{display:grid;grid-template-columns:10rem 1fr;gap:.15rem .8rem;margin:.4rem 0} dt{color:#555} dd{margin:0;white-space:pre-line}
ul{margin:.2rem 0;padding-left:1.2rem} .errors{border-color:#FFC7CE}
@media print{body{margin:0;max-width:none;font-size:11pt} article{border-color:#999}}
</style></head><body>
<h1>{{ title }}</h1>
<p class="meta">As of {{ as_of }} · {{ patterns|length }} pattern{{ "" if patterns|length == 1 else "s" }}
 · {{ written }} written up in a Playbook · networks: {{ networks|join(", ") }}</p>
<p class="note">{{ method_note }} Ordered by evidence: proven first, then tested, draft and patterns
 not yet written up; more teams using a pattern first.</p>
{% if errors %}<article class="errors"><h3>Files not read</h3><ul>
{% for file, reason, fix in errors %}<li>{{ file }}: {{ reason }} — {{ fix }}</li>{% endfor %}</ul></article>{% endif %}
{% for capability, group in groups %}
{% if portfolio %}<h2>{{ capability or "Capability not named" }}</h2>{% endif %}
{% for p in group %}<article>
<h3>{{ p.name }}<span class="badge {{ p.status or 'unwritten' }}">{{ status(p) }}</span></h3>
<dl>
<dt>Problem</dt><dd>{{ p.problem or "—" }}</dd>
<dt>Method</dt><dd>{{ p.method or "Not written up yet: write it into the Playbook sheet." }}</dd>
<dt>Applies next to</dt><dd>{{ p.applies_to|join("; ") or "—" }}</dd>
<dt>Teams using</dt><dd>{{ p.teams_using if p.teams_using is not none else "—" }}</dd>
<dt>Last reviewed</dt><dd>{{ day(p.last_reviewed) }}</dd>
{% if p.owners %}<dt>Owner</dt><dd>{{ p.owners|join(", ") }}</dd>{% endif %}
<dt>Cases</dt><dd>{% for c in p.cases %}{{ c.case_id }} ({{ c.network }}, {{ day(c.date) }}){{ ": " ~ c.problem if c.problem }}{{ "\n" if not loop.last }}{% else %}—{% endfor %}</dd>
<dt>Sources</dt><dd>{% for s in p.sources %}{{ source_text(s) }}{{ "\n" if not loop.last }}{% endfor %}</dd>
</dl></article>{% endfor %}{% endfor %}
{% if portfolio %}<h2>Recurring problems across networks</h2>
<p class="note">{{ recurring_note }}</p>
{% for r in recurring %}<article><h3>Shared terms: {{ r.terms|join(", ") }}</h3><ul>
{% for c in r.cases %}<li>{{ c.network }} · {{ c.case_id }} ({{ day(c.date) }}): {{ c.problem }}</li>{% endfor %}
</ul></article>{% else %}<p>No problem recurs across networks by this measure.</p>{% endfor %}{% endif %}
</body></html>
"""


def render_html(playbook: Playbook) -> str:
    environment = jinja2.Environment(
        autoescape=True, finalize=_safe, undefined=jinja2.StrictUndefined
    )
    template = environment.from_string(TEMPLATE)
    return template.render(
        title=_title(playbook),
        as_of=playbook.as_of.isoformat(),
        patterns=playbook.patterns,
        written=sum(p.written_up for p in playbook.patterns),
        networks=playbook.networks,
        groups=playbook.by_capability(),
        portfolio=playbook.is_portfolio,
        recurring=playbook.recurring,
        errors=playbook.errors,
        method_note=METHOD_NOTE,
        recurring_note=RECURRING_NOTE,
        status=status,
        day=day,
        source_text=source_text,
    )


def _md(text: object) -> str:
    """Text for one Markdown line: no markup or HTML of the steward's takes effect."""
    shown = for_xml(str(text)).replace("\r", " ").replace("\n", " ")
    for char in "\\`*_[]<>|#":
        shown = shown.replace(char, "\\" + char)
    return shown


def render_markdown(playbook: Playbook) -> str:
    return "".join(_markdown(playbook))


def _markdown(playbook: Playbook) -> Iterator[str]:
    yield f"# {_md(_title(playbook))}\n\n"
    yield f"As of {playbook.as_of.isoformat()} · networks: {_md(', '.join(playbook.networks))}\n\n"
    yield f"_{METHOD_NOTE}_\n\n"
    for file, reason, fix in playbook.errors:
        yield f"- Not read: {_md(file)}: {_md(reason)} — {_md(fix)}\n"
    for capability, group in playbook.by_capability():
        if playbook.is_portfolio:
            yield f"## {_md(capability or 'Capability not named')}\n\n"
        for p in group:
            yield f"{'###' if playbook.is_portfolio else '##'} {_md(p.name)} ({status(p)})\n\n"
            yield f"- **Problem:** {_md(p.problem or '—')}\n"
            yield f"- **Method:** {_md(p.method or 'Not written up yet.')}\n"
            yield f"- **Applies next to:** {_md('; '.join(p.applies_to) or '—')}\n"
            teams = p.teams_using if p.teams_using is not None else "—"
            yield f"- **Teams using:** {teams} · **Last reviewed:** {day(p.last_reviewed)}\n"
            cases = "; ".join(f"{c.case_id} ({c.network}, {day(c.date)})" for c in p.cases)
            yield f"- **Cases:** {_md(cases or '—')}\n"
            yield f"- **Sources:** {_md('; '.join(source_text(s) for s in p.sources))}\n\n"
    if playbook.is_portfolio:
        yield "## Recurring problems across networks\n\n"
        yield f"_{RECURRING_NOTE}_\n\n"
        for r in playbook.recurring:
            yield f"- **{_md(', '.join(r.terms))}:** "
            yield _md("; ".join(f"{c.network} {c.case_id}: {c.problem}" for c in r.cases))
            yield "\n"
        if not playbook.recurring:
            yield "No problem recurs across networks by this measure.\n"


XLSX_COLUMNS = (
    ("Capability", 22),
    ("Pattern", 30),
    ("Status", 14),
    ("Teams using", 10),
    ("Last reviewed", 12),
    ("Problem", 40),
    ("Method", 50),
    ("Applies next to", 26),
    ("Cases", 26),
    ("Sources", 50),
    ("Networks", 26),
)


def render_xlsx(playbook: Playbook) -> bytes:
    """One sheet, one table with filters; every text cell is text, never a formula."""
    from xlsxwriter.workbook import Workbook

    output = io.BytesIO()
    workbook = Workbook(output, XLSXWRITER_OPTIONS)
    workbook.set_properties({"title": _title(playbook), "created": dt.datetime(2000, 1, 1)})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    quoted = workbook.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
    dated = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    ws = workbook.add_worksheet("Playbook")
    for col, (_, width) in enumerate(XLSX_COLUMNS):
        ws.set_column(col, col, width)
    for row, p in enumerate(playbook.patterns, start=1):
        values = (
            ", ".join(p.capabilities),
            p.name,
            status(p),
            p.teams_using,
            p.last_reviewed,
            p.problem or "",
            p.method or "",
            "; ".join(p.applies_to),
            "; ".join(f"{c.case_id} ({c.network})" for c in p.cases),
            "\n".join(source_text(s) for s in p.sources),
            ", ".join(p.networks),
        )
        for col, value in enumerate(values):
            if isinstance(value, dt.date):
                ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), dated)
            elif isinstance(value, int):
                ws.write_number(row, col, value, wrap)
            elif value is None or value == "":
                ws.write_blank(row, col, None, wrap)
            else:
                text = for_cell(str(value))
                ws.write_string(row, col, text, quoted if looks_like_formula(text) else wrap)
    last = max(1, len(playbook.patterns))
    ws.add_table(
        0,
        0,
        last,
        len(XLSX_COLUMNS) - 1,
        {
            "name": "Playbook",
            "style": "Table Style Light 9",
            "columns": [{"header": name} for name, _ in XLSX_COLUMNS],
        },
    )
    ws.freeze_panes(1, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    workbook.close()
    return output.getvalue()

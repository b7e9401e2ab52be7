"""Every formula in the kit, written out as spreadsheet text beside its Python-computed value.

Only functions LibreOffice 7.4 computes are used, with absolute ranges and defined names
rather than structured references, and every row formula is guarded for blank rows
(see shared compat rules). The values come from `starterkit.kit.formula_values`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from starterkit.builder.cells import KitCells
from starterkit.builder.layout import Layout, charter_name
from starterkit.kit import contract, formula_values
from starterkit.spec.model import KitSpec
from starterkit.spec.prefill import Raw

CS = charter_name("cycle_start")

#: Computed columns of each table, in the order they depend on one another.
FORMULA_COLUMNS = {
    key: tuple(col for col, (kind, _) in columns.items() if kind == "formula")
    for key, (_, _, columns) in contract.TABLES.items()
}


@dataclass(frozen=True)
class Formula:
    text: str
    value: Any
    array: bool = False


def quote(text: str) -> str:
    """A string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def cached(value: Any) -> Any:
    """A computed value as xlsxwriter stores it: numbers (dates as serials) or text."""
    if isinstance(value, dt.date):
        return formula_values.serial(value)
    return value


class Formulas:
    """Builds formulas for one kit: its labels, layout, cell values and build date."""

    def __init__(self, spec: KitSpec, layout: Layout, cells: KitCells, today: dt.date):
        self.spec = spec
        self.layout = layout
        self.cells = cells
        self.today = today
        self.health = {c.key: c.label for c in spec.lists["health"]}
        self.table_values: dict[str, list[dict[str, Formula]]] = {}
        self._compute_tables()

    def label(self, list_key: str, key: str) -> str:
        return self.spec.label(list_key, key)

    # --- table rows -------------------------------------------------------------------------

    def _compute_tables(self) -> None:
        """Formula (text and value) of every computed cell, row by row.

        A Raw value over a formula column stands in the cell instead, and later formulas
        see it, just as a typed-over constant behaves in a spreadsheet.
        """
        # Metrics read the cases' Days-to-solve cells, so cases come first.
        for table_key in (
            "roles",
            "raci",
            "milestones",
            "sessions",
            "cases",
            "playbook",
            "metrics",
        ):
            rows = []
            for index, row in enumerate(self.cells.tables[table_key]):
                effective = dict(row)
                formulas: dict[str, Formula] = {}
                for column in FORMULA_COLUMNS[table_key]:
                    formula = getattr(self, f"_{table_key}_{column}")(index, effective)
                    formulas[column] = formula
                    if not isinstance(row.get(column), Raw):
                        effective[column] = formula.value
                rows.append(formulas)
            self.table_values[table_key] = rows

    def effective(self, table_key: str, index: int, column: str) -> Any:
        """A cell's content as other formulas see it (input, computed or typed-over)."""
        row = self.cells.tables[table_key][index]
        if column in FORMULA_COLUMNS[table_key] and not isinstance(row.get(column), Raw):
            return self.table_values[table_key][index][column].value
        return row.get(column)

    def _ref(self, table_key: str, column: str, index: int) -> str:
        return self.layout.table(table_key).cell(column, index)

    def _range(self, table_key: str, column: str) -> str:
        return self.layout.table(table_key).column_range(column)

    def _milestones_due(self, i: int, row: dict[str, Any]) -> Formula:
        window = self._ref("milestones", "window", i)
        last = f'TRIM(RIGHT(SUBSTITUTE(SUBSTITUTE({window},"–","-"),"-",REPT(" ",20)),20))'
        text = f'IF(OR({CS}="",{window}=""),"",IFERROR({CS}+7*VALUE({last})-1,""))'
        value = formula_values.milestone_due(
            self.cells.charter.get("cycle_start"), row.get("window")
        )
        return Formula(text, value)

    def _sessions_week(self, i: int, row: dict[str, Any]) -> Formula:
        date = self._ref("sessions", "date", i)
        text = f'IF(OR({date}="",{CS}=""),"",IFERROR(INT(({date}-{CS})/7)+1,""))'
        return Formula(
            text, formula_values.cycle_week(row.get("date"), self.cells.charter.get("cycle_start"))
        )

    def _cases_days_to_solve(self, i: int, row: dict[str, Any]) -> Formula:
        start = self._ref("cases", "submitted_on", i)
        end = self._ref("cases", "solved_on", i)
        text = f'IF(OR({start}="",{end}=""),"",IFERROR({end}-{start},""))'
        return Formula(
            text, formula_values.days_between(row.get("submitted_on"), row.get("solved_on"))
        )

    def _metrics_week_start(self, i: int, row: dict[str, Any]) -> Formula:
        week = self._ref("metrics", "week", i)
        text = f'IF({CS}="","",IFERROR({CS}+7*({week}-1),""))'
        return Formula(
            text, formula_values.week_start(self.cells.charter.get("cycle_start"), row.get("week"))
        )

    def _metrics_cases_submitted(self, i: int, row: dict[str, Any]) -> Formula:
        start = self._ref("metrics", "week_start", i)
        days = self._range("cases", "submitted_on")
        text = f'IF({start}="","",COUNTIFS({days},">="&{start},{days},"<"&({start}+7)))'
        cases = self.cells.tables["cases"]
        value = formula_values.count_in_week(
            row.get("week_start"), [c.get("submitted_on") for c in cases]
        )
        return Formula(text, value)

    def _metrics_patterns_captured(self, i: int, row: dict[str, Any]) -> Formula:
        start = self._ref("metrics", "week_start", i)
        days = self._range("sessions", "date")
        pattern = self._range("sessions", "pattern")
        text = (
            f'IF({start}="","",COUNTIFS({days},">="&{start},{days},"<"&({start}+7),{pattern},"<>"))'
        )
        sessions = self.cells.tables["sessions"]
        value = formula_values.count_in_week(
            row.get("week_start"),
            [s.get("date") for s in sessions],
            [not formula_values.is_blank(s.get("pattern")) for s in sessions],
        )
        return Formula(text, value)

    def _metrics_median_days_to_solve(self, i: int, row: dict[str, Any]) -> Formula:
        start = self._ref("metrics", "week_start", i)
        recurring = self._range("cases", "recurring")
        solved = self._range("cases", "solved_on")
        days = self._range("cases", "days_to_solve")
        yes = self.label("yes_no", "yes")
        text = (
            f'IF(OR({start}="",{start}>TODAY()),"",IFERROR(MEDIAN(IF(({recurring}={quote(yes)})'
            f'*({solved}<>"")*({solved}<{start}+7)*ISNUMBER({days}),{days})),""))'
        )
        cases = self.cells.tables["cases"]
        days_cells = [self.effective("cases", n, "days_to_solve") for n in range(len(cases))]
        value = formula_values.median_days_to_solve(
            row.get("week_start"), self.today, cases, days_cells, yes
        )
        return Formula(text, value, array=True)

    def _metrics_delta_vs_baseline(self, i: int, row: dict[str, Any]) -> Formula:
        value_ref = self._ref("metrics", "metric_value", i)
        base = charter_name("baseline_value")
        text = f'IF(OR({value_ref}="",{base}=""),"",IFERROR({value_ref}-{base},""))'
        return Formula(
            text,
            formula_values.delta(row.get("metric_value"), self.cells.charter.get("baseline_value")),
        )

    def _metrics_status(self, i: int, row: dict[str, Any]) -> Formula:
        value_ref = self._ref("metrics", "metric_value", i)
        start = self._ref("metrics", "week_start", i)
        base, target = charter_name("baseline_value"), charter_name("target_value")
        base_date, target_date = charter_name("baseline_date"), charter_name("target_date")
        line_start = f'IF({base_date}="",{CS},{base_date})'
        line_end = f'IF({target_date}="",{CS}+{formula_values.CYCLE_DAYS - 1},{target_date})'
        progress = f"({value_ref}-{base})/({target}-{base})"
        expected = f"MIN(1,MAX(0,({start}+6-{line_start})/({line_end}-{line_start})))"
        labels = {c.key: c.label for c in self.spec.lists["metric_status"]}
        margin = self.spec.thresholds.metric_watch_margin
        text = (
            f'IF(OR({value_ref}="",{base}="",{target}="",{start}=""),"",IFERROR('
            f"IF({progress}>={expected},{quote(labels['on_track'])},"
            f"IF({progress}>={expected}-{margin!r},{quote(labels['watch'])},"
            f'{quote(labels["off_track"])})),""))'
        )
        value = formula_values.metric_status(
            row.get("metric_value"), row.get("week_start"), self.cells.charter, margin, labels
        )
        return Formula(text, value)

    # --- Start Here -------------------------------------------------------------------------

    def charter_echo(self, key: str) -> Formula:
        """A charter value shown elsewhere; a bare reference would show a blank as 0."""
        name = charter_name(key)
        value = self.cells.charter.get(key)
        return Formula(
            f'IF({name}="","",{name})',
            "" if formula_values.is_blank(value) else cached(formula_values.plain(value)),
        )

    def band(self) -> Formula:
        org, net = charter_name("organization"), charter_name("network_name")
        kit = quote(self.spec.name)
        text = (
            f'IF(AND({org}="",{net}=""),{kit},'
            f'IF({org}="",""&{net},IF({net}="",""&{org},{org}&" · "&{net})))'
        )
        o, n = (
            formula_values.text(self.cells.charter.get("organization")),
            formula_values.text(self.cells.charter.get("network_name")),
        )
        value = self.spec.name if not (o or n) else n if not o else o if not n else f"{o} · {n}"
        return Formula(text, value)

    def cycle_end(self) -> Formula:
        start = self.cells.charter.get("cycle_start")
        text = f'IF({CS}="","",IFERROR({CS}+{formula_values.CYCLE_DAYS - 1},""))'
        try:
            value = (
                ""
                if formula_values.is_blank(start)
                else formula_values.number(start) + formula_values.CYCLE_DAYS - 1
            )
        except formula_values.FormulaError:
            value = ""
        return Formula(text, value)

    def current_week(self) -> Formula:
        """The cycle week today; before the cycle begins, when it starts (an ISO date, the
        same in every language), and "not set" without a cycle start."""
        words = self.spec.sheets.start_here
        not_set = quote(words.week_not_set)
        before, _, after = words.week_starts.partition("{date}")
        iso = f'YEAR({CS})&"-"&TEXT(MONTH({CS}),"00")&"-"&TEXT(DAY({CS}),"00")'
        starts = "&".join(
            part
            for part in (quote(before) if before else "", iso, quote(after) if after else "")
            if part
        )
        text = (
            f'IF({CS}="",{not_set},IFERROR(IF(TODAY()<{CS}+0,{starts},INT((TODAY()-{CS})/7)+1),""))'
        )
        start = self.cells.charter.get("cycle_start")
        week = formula_values.cycle_week(self.today, start)
        if formula_values.is_blank(start):
            value: Any = words.week_not_set
        elif isinstance(week, int) and week < 1:
            try:
                day = dt.date(1899, 12, 30) + dt.timedelta(days=int(formula_values.number(start)))
                value = words.week_starts.replace("{date}", day.isoformat())
            except (OverflowError, ValueError):  # no such date: YEAR() fails, IFERROR gives ""
                value = ""
        else:
            value = week
        return Formula(text, value)

    def health_check(self, key: str) -> Formula:
        text, verdict = getattr(self, f"_health_{key}")()
        return Formula(text, self.health[verdict])

    def _h(self, verdict: str) -> str:
        return quote(self.health[verdict])

    def _health_charter_complete(self) -> tuple[str, str]:
        required = [f.key for f in self.spec.charter_fields() if f.required]
        blanks = "+".join(f'({charter_name(k)}="")' for k in required) or "0"
        text = (
            f'IF(AND({CS}="",({blanks})>0),{self._h("not_yet")},'
            f"CHOOSE(MIN(3,{blanks})+1,{self._h('ok')},{self._h('warning')},"
            f"{self._h('warning')},{self._h('red_flag')}))"
        )
        return text, formula_values.charter_complete(self.cells.charter, required)

    def _health_cadence_set(self) -> tuple[str, str]:
        cadence = charter_name("cadence")
        flexible = self.label("cadence", "flexible")
        text = (
            f"IF({cadence}={quote(flexible)},{self._h('red_flag')},"
            f'IF({cadence}="",IF({CS}="",{self._h("not_yet")},{self._h("red_flag")}),'
            f"{self._h('ok')}))"
        )
        verdict = formula_values.cadence_set(
            self.cells.charter.get("cadence"), flexible, self.cells.charter.get("cycle_start")
        )
        return text, verdict

    def _health_business_metric(self) -> tuple[str, str]:
        names = [charter_name(k) for k in ("business_metric", "baseline_value", "target_value")]
        blanks = ",".join(f'{n}=""' for n in names)
        text = (
            f'IF(OR({blanks}),IF({CS}="",{self._h("not_yet")},{self._h("red_flag")}),'
            f"{self._h('ok')})"
        )
        return text, formula_values.business_metric(self.cells.charter)

    def _health_raci_accountable(self) -> tuple[str, str]:
        activity = self._range("raci", "activity")
        roles = [self._range("raci", role) for role in contract.RACI_ROLE_COLUMNS]
        a, r = self.label("raci", "A"), self.label("raci", "R")
        count_a = "+".join(f"({rng}={quote(a)})" for rng in roles)
        count_r = "+".join(f"({rng}={quote(r)})" for rng in roles)
        broken = f'SUMPRODUCT(({activity}<>"")*((({count_a})<>1)+(({count_r})=0)>0))'
        text = (
            f'IF(SUMPRODUCT(--({activity}<>""))=0,{self._h("warning")},'
            f"IF({broken}=0,{self._h('ok')},{self._h('warning')}))"
        )
        return text, formula_values.raci_accountable(self.cells.tables["raci"], a, r)

    def _health_sessions_on_plan(self) -> tuple[str, str]:
        dates = self._range("sessions", "date")
        cadence = charter_name("cadence")
        labels = {c.key: c.label for c in self.spec.lists["cadence"]}
        days = str(contract.CADENCE_DAYS["flexible"])
        for key, count in reversed(contract.CADENCE_DAYS.items()):
            days = f"IF({cadence}={quote(labels[key])},{count},{days})"
        held = f'COUNTIFS({dates},">="&{CS},{dates},"<="&TODAY())'
        expected = f"INT((MIN(TODAY(),{CS}+{formula_values.CYCLE_DAYS - 1})-({CS}+20))/{days})"
        text = (
            f'IF({CS}="",{self._h("not_yet")},IFERROR(IF({expected}<=0,'
            f"IF({held}>0,{self._h('ok')},{self._h('not_yet')}),"
            f"IF({held}>={expected},{self._h('ok')},"
            f"IF({held}*2>={expected},{self._h('warning')},{self._h('red_flag')}))),"
            f"{self._h('not_yet')}))"
        )
        verdict = formula_values.sessions_on_plan(
            [s.get("date") for s in self.cells.tables["sessions"]],
            self.cells.charter.get("cycle_start"),
            self.cells.charter.get("cadence"),
            labels,
            self.today,
        )
        return text, verdict

    def _health_demo_day_done(self) -> tuple[str, str]:
        keys = self._range("milestones", "milestone")
        statuses = self._range("milestones", "status")
        done, skipped = (
            self.label("milestone_status", "done"),
            self.label("milestone_status", "skipped"),
        )
        status = f'IFERROR(INDEX({statuses},MATCH("demo_day",{keys},0)),"")'
        text = (
            f"IF({status}={quote(done)},{self._h('ok')},"
            f"IF({status}={quote(skipped)},{self._h('red_flag')},"
            f'IF({CS}="",{self._h("not_yet")},IFERROR('
            f"IF(TODAY()>{CS}+{formula_values.CYCLE_DAYS - 1},{self._h('red_flag')},"
            f"IF(TODAY()>={CS}+56,{self._h('warning')},{self._h('not_yet')})),"
            f"{self._h('not_yet')}))))"
        )
        verdict = formula_values.demo_day_done(
            self.cells.tables["milestones"],
            self.cells.charter.get("cycle_start"),
            self.today,
            done,
            skipped,
        )
        return text, verdict

    def _health_adoption_signal(self) -> tuple[str, str]:
        total = "+".join(
            f"SUM({self._range(table, column)})"
            for table, column in (
                ("metrics", "patterns_used_in_field"),
                ("metrics", "teams_repeating_methods"),
                ("cases", "teams_applied"),
            )
        )
        week = self.spec.thresholds.adoption_signal_week
        text = (
            f'IF({total}>0,{self._h("ok")},IF({CS}="",{self._h("not_yet")},'
            f"IFERROR(IF(TODAY()>={CS}+{7 * (week - 1)},{self._h('red_flag')},"
            f"{self._h('not_yet')}),{self._h('not_yet')})))"
        )
        verdict = formula_values.adoption_signal(
            self.cells.tables["metrics"],
            self.cells.tables["cases"],
            self.cells.charter.get("cycle_start"),
            self.today,
            week,
        )
        return text, verdict

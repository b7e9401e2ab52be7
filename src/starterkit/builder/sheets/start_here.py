"""Start Here: the cover, the five steps, the legend, the rhythm and the live health check."""

from __future__ import annotations

from starterkit.builder import printing
from starterkit.builder.sheet import Context, colour_by_choice, new_sheet, write_formula
from starterkit.kit import contract

LABEL_WIDTH, RESULT_WIDTH, TEXT_WIDTH = 38, 16, 86
#: Organisation and network names can be long: their values span the result and text columns.
FACT_WIDTH = RESULT_WIDTH + TEXT_WIDTH
FIRST_ROW = 4


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.start_here
    styles = ctx.styles
    size = styles.size
    ws = new_sheet(ctx, text, [LABEL_WIDTH, RESULT_WIDTH, TEXT_WIDTH])
    ws.set_tab_color(ctx.spec.branding.colors.primary)

    def fit(row: int, content: str, width: float, floor: float = 0) -> None:
        ws.grow_row(row, max(floor, printing.text_height(content, width, size)))

    fields = {f.key: f for f in ctx.spec.charter_fields()}

    row = FIRST_ROW
    facts = [
        (fields["organization"].label, ctx.formulas.charter_echo("organization"), "text"),
        (fields["network_name"].label, ctx.formulas.charter_echo("network_name"), "text"),
        (text.cycle_start_label, ctx.formulas.charter_echo("cycle_start"), "date"),
        (text.cycle_end_label, ctx.formulas.cycle_end(), "date"),
        (text.current_week_label, ctx.formulas.current_week(), "whole"),
    ]
    for label, formula, kind in facts:
        ws.write_string(row, 0, label, styles.label(bold=True))
        fmt = styles.computed(kind, bold=True)
        ws.merge_range(row, 1, row, 2, "", fmt)
        write_formula(ws, row, 1, formula, fmt)
        if isinstance(formula.value, str):
            fit(row, formula.value, FACT_WIDTH)
        row += 1

    row += 1
    ws.write_string(row, 0, text.health_title, styles.title())
    row += 1
    for col, header in enumerate(
        (text.health_check_column, text.health_result_column, text.health_help_column)
    ):
        ws.write_string(row, col, header, styles.header())
    row += 1
    first_check = row
    for key in contract.HEALTH_CHECKS:
        check = text.health_checks[key]
        ws.write_string(row, 0, check.label, styles.label())
        write_formula(
            ws, row, 1, ctx.formulas.health_check(key), styles.computed("text", bold=True)
        )
        ws.write_string(row, 2, check.help, styles.note())
        fit(row, check.help, TEXT_WIDTH, 30)
        fit(row, check.label, LABEL_WIDTH)
        row += 1
    colors = ctx.spec.branding.colors
    colour_by_choice(
        ctx,
        ws,
        (first_check, row - 1),
        1,
        "health",
        {key: getattr(colors, key) for key in contract.LIST_KEYS["health"]},
    )

    row += 1
    ws.write_string(row, 0, text.steps_title, styles.title())
    row += 1
    for number, step in enumerate(text.steps, start=1):
        fit(row, f"{number}. {step}", LABEL_WIDTH + FACT_WIDTH, 30)
        ws.merge_range(row, 0, row, 2, f"{number}. {step}", styles.guidance_plain())
        row += 1

    row += 1
    ws.write_string(row, 0, text.legend_title, styles.title())
    row += 1
    for color, label in (
        (colors.input, text.legend_input),
        (colors.formula, text.legend_formula),
        (colors.primary, text.legend_label),
    ):
        ws.write_blank(row, 0, None, styles.swatch(color))
        ws.merge_range(row, 1, row, 2, label, styles.guidance_plain())
        fit(row, label, FACT_WIDTH)
        row += 1

    row += 1
    ws.write_string(row, 0, text.rhythm_title, styles.title())
    row += 1
    for step in text.rhythm:
        ws.write_string(row, 0, step.weeks, styles.label(bold=True))
        ws.merge_range(row, 1, row, 2, step.text, styles.guidance_plain())
        fit(row, step.text, FACT_WIDTH, 30)
        fit(row, step.weeks, LABEL_WIDTH)
        row += 1
    ws.activate()

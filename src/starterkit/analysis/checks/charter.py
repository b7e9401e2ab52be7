"""Charter checks: purpose, business metric, cadence, leadership time, member selection."""

from __future__ import annotations

import re
from collections.abc import Iterator

from starterkit.analysis.catalog import finding
from starterkit.analysis.cycle import Context, amount, has_text
from starterkit.findings import Finding

# Word stems, English and French, matched at the start of a word. A purpose that changes
# something names a change; one that only describes a community uses the other list.
CHANGE_STEMS = (
    # English
    "reduc", "cut", "lower", "decreas", "rais", "increas", "improv", "grow", "boost",
    "shorten", "halv", "doubl", "tripl", "eliminat", "prevent", "fewer", "faster", "lift",
    "speed", "avoid",
    # French
    "rédui", "redui", "diminu", "baiss", "abaiss", "augment", "accroî", "accroi", "amélior",
    "amelior", "raccourc", "divise", "doubler", "élimin", "elimin", "supprim", "accélér",
    "acceler", "éviter", "evite", "passer",
)  # fmt: skip
COMMUNITY_STEMS = (
    # English
    "shar", "communit", "practice", "knowledge", "learn", "collaborat", "together",
    "exchang", "peer", "culture", "forum", "discuss", "idea", "insight",
    # French
    "partag", "communaut", "pratique", "connaissance", "apprend", "apprentissage",
    "collabor", "ensemble", "échang", "echang", "pair", "savoir", "idée", "idee",
)  # fmt: skip
STOP_WORDS = frozenset((
    "the", "a", "an", "of", "for", "to", "and", "or", "in", "on", "at", "by", "our", "we",
    "how", "with", "from", "its", "their", "this", "that", "more",
    "le", "la", "les", "l", "de", "des", "du", "d", "un", "une", "et", "ou", "en", "au",
    "aux", "par", "pour", "nos", "notre", "sur", "dans", "avec", "ce", "cette", "ses",
    "leur", "leurs", "plus",
))  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stem) for stem in stems)


def metric_linked(purpose: str, metric: object) -> bool:
    """The purpose names the charter's business metric (each of its words, loosely)."""
    if not has_text(metric):
        return False
    purpose_words = words(purpose)
    metric_words = [w for w in words(str(metric)) if len(w) >= 3 and w not in STOP_WORDS]
    if not metric_words:
        return False
    # A five-letter stem lets "visits" match "visit" and "réparations" match "réparation".
    return all(any(p.startswith(m[:5]) for p in purpose_words) for m in metric_words)


# A measurable change is a change in a figure. A number alone is not one: "our 40
# technicians" is a head count and "by March 2027" a date. A number is a figure that moves
# when it is a share (%, points), carries a unit, comes with from/to or by, or sits beside
# a metric word ("defect rate 4.2").
UNIT_STEMS = (
    # English
    "percent", "pct", "point", "pp", "day", "hour", "hr", "minute", "min", "second", "sec",
    "week", "month", "time", "dollar", "usd", "eur", "gbp", "pound", "k", "m", "x",
    # French
    "pour", "jour", "heure", "semaine", "mois", "seconde", "fois", "euro",
)  # fmt: skip
METRIC_STEMS = (
    # English
    "rate", "ratio", "time", "cost", "defect", "error", "fix", "incident", "complaint",
    "delay", "downtime", "score", "nps", "csat", "yield", "scrap", "rework", "turnover",
    "visit", "return", "callback", "escalat", "backlog", "lead", "cycle", "proficien",
    "minute", "hour", "day", "spend", "saving", "revenue", "margin", "churn", "accuracy",
    # French
    "taux", "délai", "delai", "coût", "cout", "défaut", "defaut", "erreur", "incident",
    "réclamation", "reclamation", "retour", "rappel", "panne", "rebut", "durée", "duree",
)  # fmt: skip
PEOPLE_STEMS = (
    # English
    "people", "person", "member", "technician", "engineer", "staff", "employee", "team",
    "colleague", "practitioner", "manager", "leader", "agent", "nurse", "site", "depot",
    "region", "volunteer", "participant", "attendee", "expert", "worker", "operator",
    # French
    "personne", "membre", "technicien", "ingénieur", "ingenieur", "salarié", "salarie",
    "collaborateur", "équipe", "equipe", "agent", "participant", "expert", "opérateur",
)  # fmt: skip
MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "janv", "févr", "fevr", "avr", "mai", "juin", "juil", "août", "aout", "sept", "déc",
)  # fmt: skip
CHANGE_MARKERS = frozenset(("from", "to", "by", "de", "à", "a", "under", "below", "over", "above"))
_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b(?:19|20|21)\d{2}\b|\b[qQhHsStT][1-4]\b"
)
_TOKEN = re.compile(r"[$€£]?\d+(?:[.,]\d+)*|%|[^\W\d_]+")


def figure_changes(purpose: str) -> bool:
    """A number in the purpose that is a figure which can move (see the stems above)."""
    tokens = _TOKEN.findall(_DATE.sub(" ", purpose.casefold()))
    for index, token in enumerate(tokens):
        if not token[-1].isdigit():
            continue
        before = tokens[max(0, index - 3) : index]
        after = tokens[index + 1 : index + 3]
        if token[0] in "$€£" or (after and after[0] == "%"):
            return True
        if after and _starts(after[0], (*MONTHS, *PEOPLE_STEMS)):
            continue  # "12 March", "40 technicians"
        unit = after[0] if after else ""
        if unit in UNIT_STEMS or unit.rstrip("s") in UNIT_STEMS:
            return True
        if before and before[-1] in CHANGE_MARKERS:
            return True
        if any(_starts(w, METRIC_STEMS) for w in (*before, *after)):
            return True
    return False


def describes_change(purpose: str) -> bool:
    """A figure that moves, or a change word aimed at something other than community wording."""
    if figure_changes(purpose):
        return True
    tokens = words(purpose)
    for index, word in enumerate(tokens):
        if not _starts(word, CHANGE_STEMS):
            continue
        target = next((w for w in tokens[index + 1 :] if len(w) >= 3 and w not in STOP_WORDS), None)
        # "Improve knowledge sharing" changes nothing a business can measure.
        if target is not None and not _starts(target, COMMUNITY_STEMS):
            return True
    return False


def community_words(purpose: str) -> list[str]:
    found: list[str] = []
    for word in words(purpose):
        if _starts(word, COMMUNITY_STEMS) and word not in found:
            found.append(word)
    return found


def charter_purpose_vague(ctx: Context) -> Iterator[Finding]:
    """Purpose blank, or naming no figure, no change and not the business metric."""
    purpose = ctx.charter.get("purpose")
    evidence = [ctx.data.charter_at("purpose")]
    if not has_text(purpose):
        yield finding("charter-purpose-vague", "The charter's purpose is blank.", evidence)
        return
    purpose = " ".join(str(purpose).split())
    if metric_linked(purpose, ctx.charter.get("business_metric")) or describes_change(purpose):
        return
    community = community_words(purpose)
    wording = f" (only community wording: {', '.join(community[:3])})" if community else ""
    shown = purpose if len(purpose) <= 60 else purpose[:57].rstrip() + "…"
    yield finding(
        "charter-purpose-vague",
        f'The purpose "{shown}" names no figure, no change and no business metric{wording}.',
        evidence,
    )


METRIC_FIELDS = {
    "business_metric": "business metric",
    "baseline_value": "baseline value",
    "target_value": "target value",
}


def charter_no_metric(ctx: Context) -> Iterator[Finding]:
    """Business metric, baseline or target missing."""
    missing = [key for key in METRIC_FIELDS if ctx.charter.get(key) in (None, "")]
    if not missing:
        return
    names = [METRIC_FIELDS[key] for key in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    yield finding(
        "charter-no-metric",
        f"The charter has no {listed}, so progress cannot be shown in business terms.",
        [ctx.data.charter_at(key) for key in missing],
    )


def charter_cadence_flexible(ctx: Context) -> Iterator[Finding]:
    """Cadence blank or flexible."""
    cadence = ctx.charter.get("cadence")
    if cadence is None:
        message = "The cadence is blank: sessions have no fixed rhythm."
    elif cadence == "flexible":
        message = "The cadence is set to flexible: sessions have no fixed rhythm."
    else:
        return
    yield finding("charter-cadence-flexible", message, [ctx.data.charter_at("cadence")])


def share(value: object) -> float | None:
    """A percent cell as a share; 15 typed for 15 % reads as 0.15."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return value / 100 if value > 1 else float(value)


def leadership_heavy(ctx: Context) -> Iterator[Finding]:
    """Sponsor time above the limit, or steward allocation outside the range."""
    t = ctx.thresholds
    problems, evidence = [], []
    minutes = ctx.charter.get("sponsor_minutes_per_month")
    if isinstance(minutes, int | float) and minutes > t.sponsor_minutes_per_month_max:
        problems.append(
            f"sponsor time is {amount(minutes)} min a month "
            f"(at most {amount(t.sponsor_minutes_per_month_max)})"
        )
        evidence.append(ctx.data.charter_at("sponsor_minutes_per_month"))
    allocation = share(ctx.charter.get("steward_allocation_pct"))
    low, high = t.steward_allocation_min, t.steward_allocation_max
    if allocation is not None and not low - 1e-9 <= allocation <= high + 1e-9:
        problems.append(
            f"steward allocation is {amount(round(allocation * 100, 1))} % "
            f"(guide {amount(round(low * 100, 1))}–{amount(round(high * 100, 1))} %)"
        )
        evidence.append(ctx.data.charter_at("steward_allocation_pct"))
    if problems:
        message = "; ".join(problems)
        yield finding("leadership-heavy", message[0].upper() + message[1:] + ".", evidence)


def volunteer_membership(ctx: Context) -> Iterator[Finding]:
    """Members are whoever volunteers rather than problem owners."""
    if ctx.charter.get("member_selection") == "open_volunteers":
        yield finding(
            "volunteer-membership",
            "Membership is open to all volunteers rather than to the people who own the problem.",
            [ctx.data.charter_at("member_selection")],
        )

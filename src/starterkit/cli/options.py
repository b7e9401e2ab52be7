"""Option values the commands share, parsed into what the library takes."""

from __future__ import annotations

import datetime as dt
import os

import click


def as_of_date(text: str | None) -> dt.date:
    """The --as-of date; today when it is not given."""
    return date_option(text, "--as-of") or dt.date.today()


def build_time_option(text: str | None) -> dt.datetime | None:
    """The pinned build time: --build-time, else SOURCE_DATE_EPOCH, else None (now)."""
    if text:
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise click.BadParameter(
                f"'{text}' is not an ISO 8601 date-time", param_hint="--build-time"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return None


def date_option(text: str | None, option: str) -> dt.date | None:
    """A date typed for ``option`` as YYYY-MM-DD; None when it is not given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not a date; write it as YYYY-MM-DD", param_hint=option
        ) from None


#: ``--password`` for every command that reads returned workbooks.
password_option = click.option(
    "--password",
    envvar="STARTERKIT_PASSWORD",
    help="Password of encrypted workbooks (or set STARTERKIT_PASSWORD).",
)
#: ``--jobs`` for every command that reads many workbooks at once.
jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Processes to use (default: all cores)."
)

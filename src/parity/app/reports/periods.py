"""The period a report covers, as a person writes it, read into first and last day.

Accepted (UK public-sector years run April to March):

- ``1 April 2025 to 30 September 2025``, or ``2025-04-01:2025-09-30`` (or ``..`` between): those
  two days, inclusive;
- ``2025/26``: the financial year, 1 April 2025 to 31 March 2026;
- ``Q2 2025/26``: a financial quarter (Q1 is April to June), 1 July to 30 September 2025;
- ``2025``: the calendar year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..dashboards.templatetags.figures import date_in_words as spoken


@dataclass(frozen=True)
class ReportingPeriod:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{spoken(self.start)} to {spoken(self.end)}"

    @property
    def code(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _quarter(number: int, year: int) -> ReportingPeriod:
    first = 4 + 3 * (number - 1)  # Q1 starts in April
    start = dt.date(year + (first - 1) // 12, (first - 1) % 12 + 1, 1)
    last_month = first + 2
    end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return ReportingPeriod(start, dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]))


def parse(text: str) -> ReportingPeriod:
    """The period ``text`` names (see the module docstring); ValueError says what is accepted."""
    words = (text or "").strip()
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?::|\.\.)\s*(\d{4}-\d{2}-\d{2})", words)
    spelt = re.fullmatch(r"(\d{1,2}\s+[A-Za-z]+\s+\d{4})\s+(?:to|-|–)\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", words)
    if m := iso or spelt:
        try:
            start, end = ((dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))) if iso else
                          (_day(m.group(1)), _day(m.group(2))))
        except ValueError as exc:
            raise ValueError(f"the period {text!r} has a date that does not exist ({exc})") from None
        if end < start:
            raise ValueError(f"the period {text!r} ends before it starts")
        return ReportingPeriod(start, end)
    if m := re.fullmatch(r"[Qq]([1-4])\s+(\d{4})\s*/\s*(\d{2})", words):
        year = int(m.group(2))
        _check_years(text, year, m.group(3))
        return _quarter(int(m.group(1)), year)
    if m := re.fullmatch(r"(\d{4})\s*/\s*(\d{2})", words):
        year = int(m.group(1))
        _check_years(text, year, m.group(2))
        return ReportingPeriod(dt.date(year, 4, 1), dt.date(year + 1, 3, 31))
    if re.fullmatch(r"\d{4}", words):
        return ReportingPeriod(dt.date(int(words), 1, 1), dt.date(int(words), 12, 31))
    raise ValueError(f"the period {text!r} is not one Parity reads: give two dates (1 April 2025 to 30 September "
                     "2025), a financial year (2025/26), a financial quarter (Q2 2025/26) or a calendar year (2025)")


def _day(words: str) -> dt.date:
    """"1 April 2025" (or "1 Apr 2025") as a date."""
    for form in ("%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(" ".join(words.split()), form).date()
        except ValueError:
            pass
    raise ValueError(f"{words!r} is not a day, month and year")


def _check_years(text: str, year: int, second: str) -> None:
    if int(second) != (year + 1) % 100:
        raise ValueError(f"the period {text!r} is not a financial year: {year}/{(year + 1) % 100:02d} would be")

"""The school year and the pace of the annual minimum: pure date arithmetic, no queries.

A program's school year starts on the first day of its start month (July by default) and ends the
day before the next one starts. The pace is how many facilitations the date requires if the annual
minimum is spread evenly over the year: at the start none, at the end the whole minimum.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class SchoolYear:
    start: date
    end: date  # the last day, inclusive

    @property
    def label(self):
        return (
            f"{self.start.year}–{str(self.end.year)[-2:]}"
            if self.start.year != self.end.year
            else str(self.start.year)
        )

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def school_year(today: date, start_month: int) -> SchoolYear:
    """The school year `today` falls in."""
    year = today.year if today.month >= start_month else today.year - 1
    start = date(year, start_month, 1)
    next_start = date(year + 1, start_month, 1)
    return SchoolYear(start, next_start - timedelta(days=1))


@dataclass(frozen=True)
class Pace:
    count: int
    minimum: int
    required_now: int  # what an even pace requires by today
    days_left: int

    @property
    def met(self) -> bool:
        return self.count >= self.minimum

    @property
    def on_pace(self) -> bool:
        return self.count >= self.required_now

    @property
    def remaining(self) -> int:
        return max(self.minimum - self.count, 0)


def pace(*, count: int, minimum: int, today: date, year: SchoolYear) -> Pace:
    """How `count` facilitations compare with the annual minimum and the pace `today` requires."""
    total_days = (year.end - year.start).days + 1
    elapsed = min(max((today - year.start).days + 1, 0), total_days)
    required = math.floor(minimum * elapsed / total_days)
    return Pace(count, minimum, required, max((year.end - today).days, 0))

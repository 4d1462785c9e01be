"""In-process throughput of the deadline core (workdays.calendar_core).

Run from the project root:  .venv/bin/python -m bench.deadlines_core

Builds the calendar from the chinese_calendar seed (2004-2026 official, later years
provisional), warms it up, then times add_working_days on random receipt dates of
2020-2027 with the statutory limits 2, 3, 7 and 15 working days, plus the other
lookups. Prints calls per second (best of three runs, by wall clock and by this
process's CPU time, which is steadier on a shared machine); asserts nothing.
"""

import random
import time
from collections.abc import Callable
from datetime import date

from workdays.calendar_core import (
    WorkCalendar,
    seed_overrides_from_chinese_calendar,
    weekend_holiday_names_from_chinese_calendar,
)

CALLS = 200_000
LIMITS = (2, 3, 7, 15)
RUNS = 3


def rate(label: str, calls: int, run: Callable[[], None]) -> None:
    wall = cpu = float("inf")
    for _ in range(RUNS):
        wall_began, cpu_began = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - wall_began)
        cpu = min(cpu, time.process_time() - cpu_began)
    print(f"{label:<40} {calls / wall:>10,.0f} calls/s wall {calls / cpu:>10,.0f} calls/s CPU")


def main() -> None:
    began = time.perf_counter()
    overrides, years = seed_overrides_from_chinese_calendar()
    calendar = WorkCalendar(
        overrides, years, 1, holiday_names=weekend_holiday_names_from_chinese_calendar()
    )
    print(f"calendar built in {(time.perf_counter() - began) * 1000:.1f} ms")

    rng = random.Random(20260930)
    first, last = date(2020, 1, 1).toordinal(), date(2027, 12, 31).toordinal()
    starts = [date.fromordinal(rng.randint(first, last)) for _ in range(CALLS)]
    limits = [rng.choice(LIMITS) for _ in range(CALLS)]
    pairs = list(zip(starts, limits, strict=True))
    ends = [date.fromordinal(s.toordinal() + rng.randint(0, 60)) for s in starts]

    began = time.perf_counter()
    for start in starts[:5_000]:  # loads the years and fills the explanation caches
        calendar.add_working_days(start, 15)
    print(f"warm-up in {(time.perf_counter() - began) * 1000:.1f} ms")

    add = calendar.add_working_days
    between = calendar.working_days_between
    is_workday = calendar.is_workday

    # Results are dropped at once, as a caller that stores them elsewhere would do.
    def mixed() -> None:
        for start, n in pairs:
            add(start, n)

    def fixed(n: int, inclusive: bool = False) -> Callable[[], None]:
        def run() -> None:
            for start in starts:
                add(start, n, inclusive=inclusive)

        return run

    def spans() -> None:
        for a, b in zip(starts, ends, strict=True):
            between(a, b)

    def lookups() -> None:
        for start in starts:
            is_workday(start)

    rate(f"add_working_days (n in {LIMITS})", CALLS, mixed)
    rate("add_working_days (n = 3)", CALLS, fixed(3))
    rate("add_working_days (n = 15)", CALLS, fixed(15))
    rate("add_working_days (n = 3, inclusive)", CALLS, fixed(3, inclusive=True))
    rate("working_days_between", CALLS, spans)
    rate("is_workday", CALLS, lookups)


if __name__ == "__main__":
    main()

"""Loop command speed per file, as ratios against one build() of the same kit.

    python benchmarks/bench_loop.py [--repeat 5]

For a filled kit (a scenario in week 13): `next` (read, carry, build) and `review` (read,
analyze, carry, build with notes and the Review sheet) against one build() of the kit from
its prefill data. Both include reading the returned file, which a build does not, so
about 1.5–2.5× is what the shared work costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from starterkit.builder import build
from starterkit.loop.next_cycle import next_kit
from starterkit.loop.review import review_kit
from starterkit.reader import read_workbook
from starterkit.scenarios import scenario_data
from starterkit.spec import default_spec

AS_OF = dt.date(2027, 3, 11)


def best(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    spec = default_spec()
    print(f"{'scenario':<22} {'build':>8} {'next':>8} {'review':>8} {'next×':>7} {'review×':>8}")
    for name in ("healthy", "steward-bottleneck", "presentation-theater"):
        data = scenario_data(name, 13, as_of=AS_OF)
        data["planner_decision"] = "continue"
        content = build(spec, data)
        build_s = best(lambda data=data: build(spec, data), args.repeat)
        next_s = best(lambda c=content: next_kit(read_workbook(c, "kit.xlsx")), args.repeat)
        review_s = best(
            lambda c=content: review_kit(read_workbook(c, "kit.xlsx"), AS_OF), args.repeat
        )
        print(
            f"{name:<22} {build_s * 1000:7.1f}ms {next_s * 1000:7.1f}ms "
            f"{review_s * 1000:7.1f}ms {next_s / build_s:6.2f}× {review_s / build_s:7.2f}×"
        )


if __name__ == "__main__":
    main()

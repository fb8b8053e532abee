"""Run a benchmark several times and print, per planner, the median of every numeric field.

    python -m bench.repeat --runs 3 -- bench.solver_bench --profile global --employees 300

Each run is a fresh process (no warm caches); the lines of all runs are printed too, so the
spread stays visible next to the median.
"""

import argparse
import json
import statistics
import subprocess
import sys
from collections import defaultdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("module", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = [a for a in args.module if a != "--"]
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-m", *command], check=True, capture_output=True, text=True
        ).stdout
        for line in out.splitlines():
            row = json.loads(line)
            rows[str(row.get("planner"))].append(row)
            print(json.dumps({"run": row}), flush=True)
    for planner, runs in rows.items():
        median: dict[str, object] = {"planner": planner, "runs": len(runs)}
        for key, value in runs[0].items():
            values = [r[key] for r in runs if isinstance(r.get(key), int | float)]
            if isinstance(value, int | float) and not isinstance(value, bool) and values:
                median[key] = statistics.median(values)  # type: ignore[arg-type]
                median[f"{key}_range"] = [min(values), max(values)]  # type: ignore[type-var]
        print(json.dumps({"median": median}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

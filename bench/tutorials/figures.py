#!/usr/bin/env python3
"""One JSON line of figures from one or more build/executed/timings.json files (written by ./hepml lab --execute).

Usage: figures.py TIMINGS.json [TIMINGS.json ...]   Every run of every notebook is kept with its load; the headline
gives, per notebook, the largest kernel CPU time and the wall time of the run at the lowest load.

A notebook fits the budget if its kernel used at most the budget in CPU time (then it fits on an idle machine even on
one core), or if its run on a quiet machine (load below QUIET at the start, the machine's 2 cores otherwise idle) took
at most the budget in wall time: a notebook whose training uses both cores can use more CPU time than the budget and
still finish inside it.
"""
import json
import sys

QUIET = 2.0


def main():
    runs = []
    for path in sys.argv[1:]:
        with open(path) as f:
            t = json.load(f)
        runs += [dict(n, size=t["size"], budget_minutes=t["budget_minutes"]) for n in t["notebooks"]]
    budget = max(r["budget_minutes"] for r in runs)
    cells, fits = [], True
    for name in sorted({r["notebook"] for r in runs}):
        mine = [r for r in runs if r["notebook"] == name and r["status"] != "FAILED"]
        if not mine:
            cells.append(f"{name.removesuffix('.ipynb')} FAILED")
            fits = False
            continue
        cpu = max((r["kernel_cpu_s"] for r in mine if r.get("kernel_cpu_s") is not None), default=None)
        fits &= ((cpu is not None and cpu <= 60 * budget)
                 or any(r["wall_s"] <= 60 * budget for r in mine if r["load_start"] and r["load_start"][0] < QUIET))
        quiet = min(mine, key=lambda r: (r["load_start"] or [99])[0])
        load = quiet["load_start"][0] if quiet["load_start"] else float("nan")
        cells.append(f"{name.removesuffix('.ipynb')} {cpu:.0f} CPU-s, {quiet['wall_s']:.0f} s wall at load {load:.0f}"
                     if cpu is not None else f"{name.removesuffix('.ipynb')} {quiet['wall_s']:.0f} s wall at load {load:.0f}")
    failed = [r["notebook"] for r in runs if r["status"] == "FAILED"]
    headline = (f"Tutorials at full size through the kernel, {budget:g}-minute budget each on 2 cores; kernel CPU time "
                f"(the larger of the runs: it grows on a busy machine, so it bounds an idle machine's) and wall time at the "
                f"lowest load: " + "; ".join(cells)
                + (f"; every notebook within the budget (in CPU time, or in wall time at load < {QUIET:g}): "
                   f"{'yes' if fits and not failed else 'NO'}"))
    print(json.dumps({"headline": headline, "budget_minutes": budget, "fits_budget": fits and not failed, "quiet_load_below": QUIET,
                      "failed": failed, "runs": runs}))


if __name__ == "__main__":
    main()

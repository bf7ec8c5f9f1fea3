"""Pools the per-set lines ("set K values [...] bootstrap-sd [...]") of one or more runs of ParticleUncertaintyBench
(run side by side with different FIRSTs) into the bootstrap / actual comparison its summary prints, over all sets.
Usage: python3 bench/particle-unfolding-uncertainty/pool.py STDERR_FILE... (a set seen twice counts once)."""
import json
import re
import statistics
import sys

NAMES = ["mean", "width", "bin 0-20", "bin 20-40", "bin 40-60", "bin 60-80", "bin 80-100", "bin 100-120", "D after x1e3", "D gain x1e3"]
sets = {}
for path in sys.argv[1:]:
    for line in open(path):
        m = re.match(r"set (\d+) values \[(.*)\] bootstrap-sd \[(.*)\]", line)
        if m:
            sets[int(m.group(1))] = ([float(x) for x in m.group(2).split(",")], [float(x) for x in m.group(3).split(",")])
k = len(sets)
rows = []
for j, name in enumerate(NAMES):
    v = [s[0][j] for s in sets.values()]
    bv = [s[1][j] ** 2 for s in sets.values()]
    actual, mean_bv = statistics.stdev(v), statistics.fmean(bv)
    actual_prec = 1 / (2 * (k - 1)) ** 0.5
    boot_prec = 0.5 * statistics.stdev(bv) / k ** 0.5 / mean_bv
    ratio = mean_bv ** 0.5 / actual
    rows.append({"quantity": name, "mean": round(statistics.fmean(v), 4), "actual": round(actual, 5), "bootstrap": round(mean_bv ** 0.5, 5),
                 "ratio": round(ratio, 3), "ratio_error": round(ratio * (actual_prec ** 2 + boot_prec ** 2) ** 0.5, 3)})
    print(f"{name:14s} actual {actual:9.4f}  bootstrap {mean_bv ** 0.5:9.4f}  ratio {ratio:.2f} +- {rows[-1]['ratio_error']:.2f}", file=sys.stderr)
print(json.dumps({"data_sets": k, "sets": sorted(sets), "comparisons": rows}))

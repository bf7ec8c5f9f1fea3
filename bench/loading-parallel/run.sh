#!/usr/bin/env bash
# Parallel loading speed-up (issue 15): the same LHE file loaded by hepml with one core (-XX:ActiveProcessorCount=1:
# every event block parsed on the reading thread) and with all cores (blocks parsed in parallel), one fresh JVM per
# side and round, alternating (the order flips every round). The figure is the median over rounds of each round's
# one-core / all-cores warm wall time (the median of the loads after the second in that JVM), and the same for the
# process's CPU time.
# BENCH_REALTIME=1: both sides at real-time priority (chrt -f 1, needs root), ahead of every other process: a quiet
# machine emulated on a shared one, as bench/training/run.sh does (the kernel's RT throttling still leaves the others
# 5%); recorded in bench/results/loading-parallel-quiet.json, else in bench/results/loading-parallel.json.
# Usage: bench/loading-parallel/run.sh [EVENTS] [ROUNDS] [REPEATS]   (defaults 100000 5 5)
# It records itself (bench/record.py loading-parallel or loading-parallel-quiet), so bench/run leaves it to do so.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-100000}
ROUNDS=${2:-5}
REPEATS=${3:-5}
OUT=bench/out/loading-parallel
mkdir -p "$OUT"
FILE=$OUT/ttbar_${EVENTS}.lhe
mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
# a copy of the classes, so that a build in this checkout during the run cannot change them
rm -rf "$OUT/classes-run" && cp -r engine/target/classes "$OUT/classes-run"
CP="$OUT/classes-run:$(cat "$OUT/cp.txt")"
[ -s "$FILE" ] || java -cp "$CP" bench/loading/MakeTtbarLhe.java "$FILE" "$EVENTS"
RT=()
NAME=loading-parallel
if [ -n "${BENCH_REALTIME:-}" ]; then RT=(chrt -f 1); NAME=loading-parallel-quiet; fi

LOG=$OUT/run-$(date +%s).txt
{
  echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)${BENCH_REALTIME:+ (both sides at real-time priority)}"
} > "$LOG"
side() { # round, label, extra JVM options
  "${RT[@]}" java -Xmx4g $3 -cp "$CP" bench/loading/LoadBench.java "$FILE" "$REPEATS" | sed "s/^/$1 $2 /" >> "$LOG"
}
for ((r = 1; r <= ROUNDS; r++)); do
  order=(one-core all-cores); ((r % 2 == 0)) && order=(all-cores one-core)
  for s in "${order[@]}"; do
    if [ "$s" = one-core ]; then side "$r" one-core -XX:ActiveProcessorCount=1; else side "$r" all-cores ""; fi
    echo "round $r/$ROUNDS: $s done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"

python3 - "$LOG" "$FILE" "$(nproc)" "${BENCH_REALTIME:+1}" <<'PY' | python3 bench/record.py "$NAME"
import json, os, statistics, sys
log, path, cores, realtime = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
size = os.path.getsize(path)
lines = open(log).read().splitlines()
machine = next(l[8:] for l in lines if l.startswith("machine "))
loads = [l for l in lines if l.startswith("load-")]
warm = {}  # (round, side) -> [(wall, cpu)]
events = set()
for l in lines:
    f = l.split()
    if len(f) == 8 and f[2] == "load":  # ROUND SIDE load K WALL CPU EVENTS BYTES
        events.add(int(f[6]))
        if int(f[3]) >= 2:  # load 0 is cold and load 1 still compiling: warm loads only
            warm.setdefault((int(f[0]), f[1]), []).append((float(f[4]), float(f[5])))
if len(events) != 1:
    sys.exit(f"the event counts differ: {sorted(events)}")
n, mb = events.pop(), size / 1e6
rounds = sorted({r for r, _ in warm})
med = lambda rows, i: statistics.median(x[i] for x in rows)
per_round = [(med(warm[(r, "one-core")], 0) / med(warm[(r, "all-cores")], 0), med(warm[(r, "one-core")], 1) / med(warm[(r, "all-cores")], 1)) for r in rounds]
speedup, cpu_ratio = statistics.median(p[0] for p in per_round), statistics.median(p[1] for p in per_round)
one = [x for r in rounds for x in warm[(r, "one-core")]]
all_ = [x for r in rounds for x in warm[(r, "all-cores")]]
print(f"file {path}: {mb:.1f} MB, {n} events; {machine}; {'both sides at real-time priority; ' if realtime else ''}" + "; ".join(loads))
for label, rows in (("one core", one), (f"{cores} cores", all_)):
    print(f"  {label:9s} warm: {med(rows, 0):.3f} s wall ({mb / med(rows, 0):.0f} MB/s), {med(rows, 1):.3f} CPU-s ({mb / med(rows, 1):.0f} MB/CPU-s), {len(rows)} loads")
print(f"  per round (one core / {cores} cores, wall): " + ", ".join(f"{p[0]:.2f}" for p in per_round))
print(f"loading-parallel: ratio={speedup:.2f} (parallel speed-up of warm loading on {cores} cores, wall; "
      f"process CPU one core / {cores} cores {cpu_ratio:.2f})")
print(json.dumps({"name": "loading-parallel", "realtime": realtime, "events": n, "file_bytes": size, "cores": cores, "rounds": len(rounds),
                  "repeats_per_jvm": len(warm[(rounds[0], "one-core")]), "machine": machine, "load": loads,
                  "one_core_warm": {"wall_s": round(med(one, 0), 4), "cpu_s": round(med(one, 1), 4), "mb_per_s": round(mb / med(one, 0), 1)},
                  "all_cores_warm": {"wall_s": round(med(all_, 0), 4), "cpu_s": round(med(all_, 1), 4), "mb_per_s": round(mb / med(all_, 0), 1)},
                  "speedup_wall": round(speedup, 2), "speedup_wall_per_round": [round(p[0], 3) for p in per_round],
                  "cpu_ratio_one_core_over_all_cores": round(cpu_ratio, 3), "ratio": round(speedup, 2)}))
PY

#!/usr/bin/env bash
# Loading benchmark: hepml's LHE loading against pylhe (PyPI) on the same file, in alternating rounds (the order of the
# runs flips every round, so a change of load during the run hits all of them).
#  - The same work on both sides: hepml's EventFiles.load (per-event columns, the weights, the particles as arrays)
#    against pylhe's columnar path, pylhe.to_awkward (the same per-event columns, weights and jagged particles);
#    pylhe's event iterator (LHEFile.fromfile(...).events) is reported too.
#  - hepml cold (a fresh JVM, its first load: classes loaded, nothing compiled yet) and warm (the median of the loads
#    after the second in that JVM); pylhe's first read in a fresh process and the later ones (Python has no JIT: they agree).
#    Tablesaw's one-off class initialisation (a scan of the class path, ~1 s) is timed before the cold load, on its own.
#  - Wall clock and per CPU-second of the whole process (hepml: parsing threads, the JIT and the GC included).
#  - hepml on one core (-XX:ActiveProcessorCount=1: blocks parsed on the reading thread) against all cores: the
#    parallel speed-up.
#  - I/O floor: the file read once after posix_fadvise(DONTNEED) dropped it from the page cache (a read from the disk,
#    which on a virtual machine the host may still cache), and once from the page cache (a memory copy).
# Usage: bench/loading/run.sh [EVENTS] [ROUNDS] [REPEATS]   (defaults 100000 3 5; REPEATS: loads after the cold one per
# hepml JVM, the first of which is not counted)
# Prints a table and one JSON line; `bench/run loading` records it in bench/results/loading.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-100000}
ROUNDS=${2:-3}
REPEATS=${3:-5}
OUT=bench/out/loading
mkdir -p "$OUT"
FILE=$OUT/ttbar_${EVENTS}.lhe

mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
# a copy of the classes, so that a build in this checkout during the run cannot change them
rm -rf "$OUT/classes-run" && cp -r engine/target/classes "$OUT/classes-run"
CP="$OUT/classes-run:$(cat "$OUT/cp.txt")"

VENV=bench/.venv-loading
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pylhe
fi
[ -s "$FILE" ] || java -cp "$CP" bench/loading/MakeTtbarLhe.java "$FILE" "$EVENTS"

LOG=$OUT/run-$(date +%s).txt
: > "$LOG"
hepml() { # label, extra JVM options
  java -Xmx4g $2 -cp "$CP" bench/loading/LoadBench.java "$FILE" "$REPEATS" | sed "s/^/$1 /" >> "$LOG"
}
pylhe() { # mode
  "$VENV/bin/python" bench/loading/pylhe_bench.py "$FILE" "$1" 2 | sed "s/^/pylhe /" >> "$LOG"
}
for ((r = 0; r < ROUNDS; r++)); do
  steps=("hepml all-cores" "hepml one-core" "pylhe awkward" "pylhe iterate")
  if ((r % 2 == 1)); then steps=("pylhe iterate" "pylhe awkward" "hepml one-core" "hepml all-cores"); fi
  for s in "${steps[@]}"; do
    case "$s" in
      "hepml all-cores") hepml all-cores "" ;;
      "hepml one-core") hepml one-core "-XX:ActiveProcessorCount=1" ;;
      "pylhe awkward") pylhe awkward ;;
      "pylhe iterate") pylhe iterate ;;
    esac
    echo "round $((r + 1))/$ROUNDS: $s done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done

IO=$("$VENV/bin/python" - "$FILE" <<'PY'
import os, sys, time
path = sys.argv[1]
def read():
    t0, n = time.perf_counter(), 0
    with open(path, "rb", buffering=0) as f:
        buf = bytearray(1 << 20)
        while k := f.readinto(buf):
            n += k
    return n / (time.perf_counter() - t0) / 1e6
fd = os.open(path, os.O_RDONLY)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
os.close(fd)
print(f"{read():.1f} {read():.1f}")
PY
)

python3 - "$LOG" "$FILE" "$IO" "$("$VENV/bin/python" -c 'import pylhe; print(pylhe.__version__)')" "$(nproc)" <<'PY'
import json, os, statistics, sys
log, path, io, version, cores = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4], int(sys.argv[5])
size = os.path.getsize(path)
runs = {}  # (side, kind) -> list of (wall, cpu)
events = set()
init = []
for line in open(log):
    f = line.split()
    if f[1] == "init":  # all-cores init tablesaw WALL CPU
        init.append((float(f[3]), float(f[4])))
        continue
    if f[0] in ("all-cores", "one-core"):  # all-cores load K WALL CPU EVENTS BYTES
        if f[2] == "1":  # the second load in a JVM: the JIT is still compiling, neither cold nor warm
            continue
        kind = "cold" if f[2] == "0" else "warm"
        runs.setdefault(("hepml " + f[0], kind), []).append((float(f[3]), float(f[4])))
        events.add(int(f[5]))
    else:  # pylhe MODE K WALL CPU EVENTS
        kind = "first" if f[2] == "0" else "later"
        runs.setdefault(("pylhe " + f[1], kind), []).append((float(f[3]), float(f[4])))
        events.add(int(f[5]))
if len(events) != 1:
    sys.exit(f"the event counts differ: {sorted(events)}")
n = events.pop()
mb = size / 1e6
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v), len(v)) for k, v in runs.items()}
print(f"file {path}: {mb:.1f} MB, {n} events; {cores} cores; medians over the rounds")
print(f"{'':28s} {'wall s':>8s} {'CPU s':>8s} {'events/s':>10s} {'ev/CPU-s':>10s} {'MB/s':>7s} {'MB/CPU-s':>9s}  runs")
for k in sorted(med):
    w, c, m = med[k]
    print(f"{k[0] + ' ' + k[1]:28s} {w:8.3f} {c:8.3f} {n / w:10.0f} {n / c:10.0f} {mb / w:7.0f} {mb / c:9.0f}  {m}")
hw, hc, _ = med[("hepml all-cores", "warm")]
cw, cc, _ = med[("hepml all-cores", "cold")]
ow, oc, _ = med[("hepml one-core", "warm")]
aw, ac, _ = med[("pylhe awkward", "later")]
iw, ic, _ = med[("pylhe iterate", "later")]
cold_io, cache_io = map(float, io)
ratios = {
    "vs_awkward_per_cpu_s": ac / hc, "vs_awkward_wall": aw / hw,
    "vs_iterator_per_cpu_s": ic / hc, "vs_iterator_wall": iw / hw,
    "cold_vs_awkward_per_cpu_s": ac / cc, "cold_vs_iterator_per_cpu_s": ic / cc,
}
print(f"hepml warm against pylhe's to_awkward: {ratios['vs_awkward_per_cpu_s']:.1f}x per CPU-second, {ratios['vs_awkward_wall']:.1f}x wall; "
      f"against its iterator: {ratios['vs_iterator_per_cpu_s']:.1f}x per CPU-second, {ratios['vs_iterator_wall']:.1f}x wall")
print(f"hepml cold (fresh JVM, first load): {mb / cc:.0f} MB/CPU-s, {mb / cw:.0f} MB/s wall; "
      f"{ratios['cold_vs_awkward_per_cpu_s']:.1f}x to_awkward, {ratios['cold_vs_iterator_per_cpu_s']:.1f}x the iterator per CPU-second")
print(f"Tablesaw's class initialisation before the first load (not in the cold figures): "
      f"{statistics.median(w for w, _ in init):.2f} s wall, {statistics.median(c for _, c in init):.2f} CPU-s")
print(f"parallel speed-up (warm, wall): one core {mb / ow:.0f} MB/s -> {cores} cores {mb / hw:.0f} MB/s = {ow / hw:.2f}x")
print(f"I/O floor: {cold_io:.0f} MB/s read after dropping the file from the page cache, {cache_io:.0f} MB/s from the page cache (a memory copy)")
print(f"lhe-load-ttbar: ratio={ratios['vs_awkward_per_cpu_s']:.1f} ours={n / hc:.0f} peer={n / ac:.0f} (events per CPU-second, warm, vs to_awkward)")
print(json.dumps({
    "name": "lhe-load-ttbar", "events": n, "file_bytes": size, "cores": cores, "rounds": len(runs[("pylhe iterate", "first")]),
    "peer": "pylhe " + version,
    "hepml": {f"{s.split()[1]}_{k}": {"wall_s": round(w, 4), "cpu_s": round(c, 4), "mb_per_s": round(mb / w, 1), "mb_per_cpu_s": round(mb / c, 1)}
              for (s, k), (w, c, _) in med.items() if s.startswith("hepml")},
    "pylhe": {f"{s.split()[1]}_{k}": {"wall_s": round(w, 4), "cpu_s": round(c, 4), "events_per_cpu_s": round(n / c)}
              for (s, k), (w, c, _) in med.items() if s.startswith("pylhe")},
    "ratios": {k: round(v, 2) for k, v in ratios.items()},
    "parallel_speedup_wall": round(ow / hw, 2),
    "tablesaw_init_s": {"wall": round(statistics.median(w for w, _ in init), 3), "cpu": round(statistics.median(c for _, c in init), 3)},
    "io_floor_cold_read_mb_per_s": cold_io, "page_cache_read_mb_per_s": cache_io,
    "ratio": round(ratios["vs_awkward_per_cpu_s"], 2), "ours_events_per_cpu_s": round(n / hc), "peer_events_per_cpu_s": round(n / ac)}))
PY

#!/usr/bin/env bash
# Jet clustering against FastJet 3.5.2 (the `fastjet` PyPI package: FastJet's C++ with Python bindings) on the same
# events: ~350 particles each (hard sprays plus a soft spread, half massive; bench/clustering/fastjet_jets.py).
#  1. Identity: every inclusive jet (pT > 0) of every event, for anti-kT R=0.4, kT R=0.6, C/A R=0.8 and anti-kT R=1.0:
#     the same jets in the same order, identical constituents, four-momenta within 1e-9 relative (FastJet's jets through
#     its classic PseudoJet interface, written with 17 digits).
#  2. Speed, in alternating rounds (the order flips every round): hepml on one thread (ClusterSequence event by event:
#     cluster, inclusive jets, their constituents) against FastJet's awkward interface (the loop over events in C++:
#     cluster, inclusive jets, constituent indices). Events per CPU-second (robust to other load on the machine) and
#     per second; hepml's Jets.cluster on all cores besides. Medians over rounds of medians over repeats.
# Usage: bench/clustering/run.sh [EVENTS] [ROUNDS] [REPEATS]   (defaults 1000 3 3)
# Last line: one JSON object; `bench/clustering/run.sh | python3 bench/record.py clustering` records it.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-1000}
ROUNDS=${2:-3}
REPEATS=${3:-3}
OUT=bench/out/clustering
mkdir -p "$OUT"
D=$OUT/ev$EVENTS

mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
rm -rf "$OUT/classes-run" && cp -r engine/target/classes "$OUT/classes-run"
CP="$OUT/classes-run:$(cat "$OUT/cp.txt")"

VENV=${FASTJET_VENV:-bench/.venv-clustering}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q fastjet==3.5.2.0 numpy==2.4.6 awkward==2.14.0
fi
[ -s "$D/particles.f64" ] || "$VENV/bin/python" bench/clustering/fastjet_jets.py make "$D" "$EVENTS" 1
[ -s "$D/jets_antikt_1.0.txt" ] || "$VENV/bin/python" bench/clustering/fastjet_jets.py jets "$D" > /dev/null
COMPARE=$(java -Xmx4g -cp "$CP" bench/clustering/ClusterBench.java compare "$D")
echo "identity: $COMPARE" >&2

LOG=$OUT/run-$(date +%s).txt
: > "$LOG"
for ((r = 0; r < ROUNDS; r++)); do
  steps=(hepml fastjet)
  if ((r % 2 == 1)); then steps=(fastjet hepml); fi
  for s in "${steps[@]}"; do
    if [ "$s" = hepml ]; then
      echo "hepml $(java -Xmx4g -cp "$CP" bench/clustering/ClusterBench.java time "$D" "$REPEATS")" >> "$LOG"
    else
      echo "fastjet $("$VENV/bin/python" bench/clustering/fastjet_jets.py time "$D" "$REPEATS" 2>/dev/null | tail -1)" >> "$LOG"
    fi
    echo "round $((r + 1))/$ROUNDS: $s done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done

python3 - "$LOG" "$D" "$COMPARE" "$("$VENV/bin/python" -c 'import fastjet; print(fastjet.__version__)' 2>/dev/null | tail -1)" <<'PY'
import json, statistics, sys
from pathlib import Path
log, d, compare, version = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
runs = {"hepml": [], "fastjet": []}
for line in Path(log).read_text().splitlines():
    who, js = line.split(" ", 1)
    runs[who].append(json.loads(js))
from array import array
offsets = array("i", (d / "offsets.i32").read_bytes())  # little-endian int32 on the x86/arm machines this runs on
events, particles = len(offsets) - 1, int(offsets[-1])
med = lambda who, de, k: statistics.median(r[de][k] for r in runs[who])
results = []
print(f"{events} events, {particles / events:.0f} particles per event; medians over {len(runs['hepml'])} rounds")
print(f"{'definition':12s} {'identical jets':>16s} {'hepml ev/CPU-s':>15s} {'FastJet':>9s} {'ratio':>6s} {'hepml ev/s':>11s} {'FastJet':>9s} {'all cores':>10s}")
for de in compare:
    c = compare[de]
    h, f = med("hepml", de, "events_per_cpu_s"), med("fastjet", de, "events_per_cpu_s")
    hw, fw, hp = med("hepml", de, "events_per_s"), med("fastjet", de, "events_per_s"), med("hepml", de, "events_per_s_all_cores")
    results.append({"definition": de, "jets": c["jets"], "identical": c["identical"], "different": c["different"] + c["extra_in_hepml"],
                    "worst_relative_p4": c["worst_relative_p4"], "hepml_events_per_cpu_s": round(h, 1), "fastjet_events_per_cpu_s": round(f, 1),
                    "ratio_per_cpu_s": round(h / f, 2), "hepml_events_per_s": round(hw, 1), "fastjet_events_per_s": round(fw, 1),
                    "ratio_wall": round(hw / fw, 2), "hepml_all_cores_events_per_s": round(hp, 1)})
    print(f"{de:12s} {c['identical']:>7d}/{c['jets']:<8d} {h:15.0f} {f:9.0f} {h / f:6.2f} {hw:11.0f} {fw:9.0f} {hp:10.0f}")
ratios = [r["ratio_per_cpu_s"] for r in results]
same = sum(r["identical"] for r in results)
total = sum(r["jets"] for r in results)
print(json.dumps({"name": "clustering", "events": events, "particles_per_event": round(particles / events, 1), "peer": "fastjet " + version,
                  "rounds": len(runs["hepml"]), "identical_jets": same, "jets": total, "results": results,
                  "ratio": round(statistics.median(ratios), 2), "ratio_min": min(ratios), "ratio_max": max(ratios)}))
PY

#!/usr/bin/env bash
# Loading benchmark: hepml's LHE reader vs pylhe (PyPI) on the same file, in one run, plus MB/s against the
# I/O floor (a plain sequential read of the file). Usage: bench/loading/run.sh [EVENTS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-100000}
REPEATS=${2:-3}
OUT=bench/out/loading
mkdir -p "$OUT"
FILE=$OUT/ttbar_${EVENTS}.lhe

# engine classes and their classpath
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"

# the peer, in its own venv
VENV=bench/.venv-loading
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pylhe
fi

if [ ! -s "$FILE" ]; then
  java -cp "$CP" bench/loading/MakeTtbarLhe.java "$FILE" "$EVENTS"
fi

read -r N BYTES OURS_S READ_S < <(java -Xmx4g -cp "$CP" bench/loading/LoadBench.java "$FILE" "$REPEATS")
read -r PN PEER_S < <("$VENV/bin/python" bench/loading/pylhe_bench.py "$FILE" "$REPEATS")
if [ "$N" != "$PN" ]; then echo "event counts differ: hepml $N, pylhe $PN" >&2; exit 1; fi

python3 - "$N" "$BYTES" "$OURS_S" "$READ_S" "$PEER_S" "$FILE" "$("$VENV/bin/python" -c 'import pylhe; print(pylhe.__version__)')" <<'PY'
import json, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
ours_s, read_s, peer_s = map(float, sys.argv[3:6])
ours, peer = n / ours_s, n / peer_s
mb = size / 1e6
print(f"lhe-load-ttbar: ratio={ours / peer:.1f} ours={ours:.0f} peer={peer:.0f}")
print(f"  hepml {mb / ours_s:.0f} MB/s, I/O floor (plain sequential read) {mb / read_s:.0f} MB/s "
      f"({100 * read_s / ours_s:.0f}% of the floor); file {sys.argv[6]}, {mb:.1f} MB, {n} events, 8 particles and 3 rwgt weights each")
print(json.dumps({"name": "lhe-load-ttbar", "events": n, "file_bytes": size, "ours_events_per_s": round(ours),
                  "peer": "pylhe " + sys.argv[7], "peer_events_per_s": round(peer), "ratio": round(ours / peer, 2),
                  "ours_mb_per_s": round(mb / ours_s, 1), "io_floor_mb_per_s": round(mb / read_s, 1)}))
PY

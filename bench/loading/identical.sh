#!/usr/bin/env bash
# Loads the same files with hepml now and at an earlier commit and compares everything loaded (bench/loading/Fingerprint.java:
# columns bit for bit, particles, metadata, run information; or the error message): the check that a faster reader reads
# the same. Files: the shipped LHE samples, the benchmark file (plain and gzipped) and generated MadGraph-like files of
# every shape (bench/loading/MakeVariedLhe.java).
# Usage: bench/loading/identical.sh REVISION [EVENTS]   Prints one line per file, "identical: K of N files" and a JSON line
# for bench/record.py; exits 1 on a difference.
set -euo pipefail
cd "$(dirname "$0")/../.."
REV=${1:?usage: identical.sh REVISION [EVENTS]}
EVENTS=${2:-100000}
OUT=bench/out/loading
mkdir -p "$OUT/varied"
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
# a copy of the classes, so that a build in this checkout during the run cannot change them
rm -rf "$OUT/classes-identical" && cp -r engine/target/classes "$OUT/classes-identical"
CP_NOW="$OUT/classes-identical:$(cat "$OUT/cp.txt")"
FILE=$OUT/ttbar_${EVENTS}.lhe
[ -s "$FILE" ] || java -cp "$CP_NOW" bench/loading/MakeTtbarLhe.java "$FILE" "$EVENTS"
[ -s "$FILE.gz" ] || gzip -k "$FILE"
java bench/loading/MakeVariedLhe.java "$OUT/varied" 12 3000
THEN=$OUT/then-$REV
if [ ! -d "$THEN/engine/target/classes" ]; then
  rm -rf "$THEN"
  git worktree add -q --detach "$THEN" "$REV"
  (cd "$THEN" && mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/cp.txt" >/dev/null)
fi
CP_THEN="$THEN/engine/target/classes:$(cat "$THEN/cp.txt")"
files=(engine/src/test/resources/events/*.lhe "$FILE" "$FILE.gz" "$OUT"/varied/*.lhe)
java -Xmx4g -cp "$CP_NOW" bench/loading/Fingerprint.java "${files[@]}" > "$OUT/fingerprints-now.txt"
java -Xmx4g -cp "$CP_THEN" bench/loading/Fingerprint.java "${files[@]}" > "$OUT/fingerprints-then.txt"
paste -d'\n' "$OUT/fingerprints-now.txt" "$OUT/fingerprints-then.txt" | paste - - | awk -v rev="$REV" '
  { split($0, two, "\t"); same = two[1] == two[2]; n++; k += same
    print (same ? "same      " : "DIFFERENT ") two[1]; if (!same) print "  at " rev ": " two[2] }
  END { printf "identical: %d of %d files\n", k, n
        printf "{\"name\": \"identical-to-%s\", \"files\": %d, \"identical\": %d}\n", rev, n, k; exit k == n ? 0 : 1 }'

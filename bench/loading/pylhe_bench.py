"""Times pylhe reading every event of an LHE file (with weights/attributes), best of REPEATS runs.
Prints: events best_seconds.  Usage: python pylhe_bench.py FILE REPEATS"""
import sys
import time

import pylhe


def read_all(path):
    if hasattr(pylhe, "LHEFile") and hasattr(pylhe.LHEFile, "fromfile"):
        events = pylhe.LHEFile.fromfile(path, with_attributes=True).events
    else:  # older pylhe
        events = pylhe.read_lhe_with_attributes(path)
    n = 0
    for ev in events:
        n += len(ev.particles) > 0  # touch the parsed particles
    return n


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    best, n = float("inf"), 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        n = read_all(path)
        best = min(best, time.perf_counter() - t0)
    print(n, f"{best:.6f}")


if __name__ == "__main__":
    main()

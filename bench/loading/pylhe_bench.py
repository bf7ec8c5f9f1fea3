"""Times pylhe reading every event of an LHE file, REPEATS times in this process, in one of two ways:
  iterate  - its event iterator (pylhe.LHEFile.fromfile(...).events, with the weights), touching each event's particles;
  awkward  - its columnar path, pylhe.to_awkward over the same iterator: per-event columns, particles as jagged
             arrays and the weights, which is the work hepml's loading does (hepml: a table plus particle arrays).
Prints one line per read: "MODE K WALL_S CPU_S EVENTS" (CPU: this process's CPU time).
Usage: python pylhe_bench.py FILE MODE REPEATS"""
import sys
import time

import pylhe


def events(path):
    if hasattr(pylhe, "LHEFile") and hasattr(pylhe.LHEFile, "fromfile"):
        return pylhe.LHEFile.fromfile(path, with_attributes=True).events
    return pylhe.read_lhe_with_attributes(path)  # pylhe < 1.0


def iterate(path):
    n = 0
    for ev in events(path):
        n += len(ev.particles) > 0  # touch the parsed particles
    return n


def columnar(path):
    arr = pylhe.to_awkward(events(path))
    return len(arr)


def main():
    path, mode, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    read = {"iterate": iterate, "awkward": columnar}[mode]
    for k in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        n = read(path)
        print(mode, k, f"{time.perf_counter() - w0:.6f}", f"{time.process_time() - c0:.6f}", n, flush=True)


if __name__ == "__main__":
    main()

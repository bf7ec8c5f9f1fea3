#!/usr/bin/env python3
"""Records a benchmark or validation result as a reproducible artefact.

Usage:  some-benchmark | python3 bench/record.py NAME

Everything read from standard input is passed through to standard output unchanged. The last line that is a JSON
object is taken as the run's figures and written to bench/results/NAME.json together with what is needed to judge
them later: the date, the machine (processor, cores, memory), the load average when the run started and ended, the
Java and Python versions and the git commit. The README quotes these files, never numbers typed by hand.
"""
import datetime
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load():
    with open("/proc/loadavg") as f:
        return [float(v) for v in f.read().split()[:3]]


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except Exception:  # a missing tool only leaves its field empty
        return ""


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = f"{kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
            "java": first_line(["java", "-version"]), "python": platform.python_version()}


def main():
    if len(sys.argv) != 2 or not sys.argv[1].replace("-", "").replace("_", "").isalnum():
        sys.exit("usage: ... | bench/record.py NAME   (NAME: letters, digits, '-' and '_')")
    name = sys.argv[1]
    start = load()
    figures = None
    for line in sys.stdin:
        sys.stdout.write(line)
        sys.stdout.flush()
        s = line.strip()
        if s.startswith("{") and s.endswith("}"):
            try:
                figures = json.loads(s)
            except ValueError:
                pass
    if figures is None:
        sys.exit(f"bench/record.py: the run '{name}' printed no JSON line; nothing recorded")
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    result = {"name": name, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "commit": commit, "machine": machine(), "load_start": start, "load_end": load(), "figures": figures}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", name + ".json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"recorded in bench/results/{name}.json", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Execute hepml notebooks top to bottom through the real 'hepml' kernel over the Jupyter protocol.

Used by the tests (small size) and by `./hepml lab --execute` (full size by default).
Usage: run_notebooks.py [--size small|full] [--budget MINUTES] [NOTEBOOK ...]   (default: every notebooks/*.ipynb)

Full size has no cell timeout (a cell runs as long as its work; Ctrl-C stops the run); small size, as the tests run it,
stops a cell after 15 minutes so a hung kernel fails the test instead of stalling CI. Progress goes to standard error:
one updating line per notebook (cell k of n, elapsed time), then its result line. Each notebook's wall time is checked
against the budget (default 10 minutes, the tutorials' stated full size on a 2-core laptop) and written, with the
kernel's CPU time and the machine's load, to build/executed/timings.json. On a busy machine the kernel's CPU seconds
are the figure to read: they too grow with the load, so a notebook whose kernel used at most the budget in CPU time
there fits it on an idle machine.
"""
import argparse
import json
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EXECUTED = ROOT / "build" / "executed"
SMALL_CELL_TIMEOUT_S = 900
BUDGET_MINUTES = 10


def notebooks():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


class _Progress:
    """One line on standard error, rewritten in place when it is a terminal (a line per update otherwise would scroll)."""

    def __init__(self, name, cells, stream=sys.stderr):
        self.name, self.cells, self.stream, self.start = name, cells, stream, time.time()
        self.live = stream.isatty()

    def cell(self, index):
        if self.live:
            elapsed = time.time() - self.start
            self.stream.write(f"\r{self.name}: cell {index + 1}/{self.cells}, {elapsed:.0f} s  ")
            self.stream.flush()

    def done(self):
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _kernel_cpu_seconds(client):
    """CPU seconds the kernel process and its finished children (the Python bridge) have used; None if unknown."""
    try:
        pid = client.km.provisioner.process.pid  # `hepml kernel` execs java, so this is the JVM
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return None


def execute(path, size="small", timeout=None, progress=False, usage=None):
    """Runs one notebook; raises nbclient's CellExecutionError on the first cell that fails.

    timeout: seconds per cell; None means the size's default (no limit at full size).
    usage: a dict that gets "kernel_cpu_s", the kernel's CPU time after the last cell that ran."""
    os.environ["HEPML_SIZE"] = size  # read by each notebook's first cell; the kernel inherits it
    nb = nbformat.read(str(path), as_version=4)
    if timeout is None and size == "small":
        timeout = SMALL_CELL_TIMEOUT_S
    code_ordinal = {}  # a cell's index in the notebook -> its number among code cells
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            code_ordinal[index] = len(code_ordinal)
    bar = _Progress(path.name, len(code_ordinal)) if progress else None
    client = NotebookClient(nb, kernel_name="hepml", timeout=timeout, startup_timeout=180,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    if usage is not None:
        def record(**_):
            cpu = _kernel_cpu_seconds(client)
            if cpu is not None:
                usage["kernel_cpu_s"] = cpu
        client.on_cell_executed = record
    if bar:
        client.on_cell_start = lambda cell, cell_index: bar.cell(code_ordinal.get(cell_index, 0))
    try:
        client.execute()
    finally:
        if bar:
            bar.done()
        EXECUTED.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(EXECUTED / path.name))
    return nb


def _load():
    try:
        return [float(v) for v in pathlib.Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("--budget", type=float, default=BUDGET_MINUTES,
                        help="minutes each notebook should take (reported, and a notebook over it counts as over budget)")
    parser.add_argument("notebook", nargs="*")
    args = parser.parse_args()
    paths = [pathlib.Path(p).resolve() for p in args.notebook] or notebooks()
    failed = over = 0
    timings = {"size": args.size, "budget_minutes": args.budget, "cores": os.cpu_count(), "notebooks": []}
    for i, p in enumerate(paths, 1):
        print(f"[{i}/{len(paths)}] {p.name} ...", file=sys.stderr, flush=True)
        start, load_start = time.time(), _load()
        status, usage = "ok", {}
        try:
            execute(p, args.size, progress=True, usage=usage)
        except KeyboardInterrupt:
            print(f"interrupted in {p.name}; executed cells so far are in {EXECUTED / p.name}", file=sys.stderr)
            sys.exit(130)
        except Exception as e:  # report every notebook, then fail
            failed += 1
            status = "FAILED"
            print(f"FAILED  {p.name}: {str(e)[:2000]}")
        seconds = time.time() - start
        if status == "ok" and seconds > 60 * args.budget:
            over += 1
            status = "over budget"
        timings["notebooks"].append({"notebook": p.name, "status": status, "wall_s": round(seconds, 1),
                                     "kernel_cpu_s": usage.get("kernel_cpu_s"), "load_start": load_start, "load_end": _load()})
        if status != "FAILED":
            cpu = f", kernel {usage['kernel_cpu_s']:.0f} CPU-s" if "kernel_cpu_s" in usage else ""
            print(f"{status:<7} {p.name}  ({seconds:.0f} s of a {args.budget:g}-minute budget{cpu}) -> {EXECUTED / p.name}")
    EXECUTED.mkdir(parents=True, exist_ok=True)
    (EXECUTED / "timings.json").write_text(json.dumps(timings, indent=1) + "\n")
    sys.exit(1 if failed or over else 0)


if __name__ == "__main__":
    main()

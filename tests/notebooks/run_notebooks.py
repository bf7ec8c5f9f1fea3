"""Execute hepml notebooks top to bottom through the real 'hepml' kernel over the Jupyter protocol.

Used by the tests (small size) and by `./hepml lab --execute` (full size by default).
Usage: run_notebooks.py [--size small|full] [NOTEBOOK ...]   (default: every notebooks/*.ipynb)
"""
import argparse
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EXECUTED = ROOT / "build" / "executed"


def notebooks():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def execute(path, size="small", timeout=900):
    """Runs one notebook; raises nbclient's CellExecutionError on the first cell that fails."""
    os.environ["HEPML_SIZE"] = size  # read by each notebook's first cell; the kernel inherits it
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, kernel_name="hepml", timeout=timeout, startup_timeout=180,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute()
    finally:
        EXECUTED.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(EXECUTED / path.name))
    return nb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("notebook", nargs="*")
    args = parser.parse_args()
    paths = [pathlib.Path(p).resolve() for p in args.notebook] or notebooks()
    failed = 0
    for p in paths:
        start = time.time()
        try:
            execute(p, args.size)
            print(f"ok      {p.name}  ({time.time() - start:.0f} s) -> {EXECUTED / p.name}")
        except Exception as e:  # report every notebook, then fail
            failed += 1
            print(f"FAILED  {p.name}: {str(e)[:2000]}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

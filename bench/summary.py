#!/usr/bin/env python3
"""Prints the table of recorded benchmark and validation results (bench/results/*.json) that the README quotes.

Usage: python3 bench/summary.py [NAME ...]
A result's headline is its figures' "headline" string when the run wrote one, else its ratio / ours / peer fields.
"""
import json
import pathlib
import sys

RESULTS = pathlib.Path(__file__).resolve().parent / "results"


def headline(figures):
    if isinstance(figures.get("headline"), str):
        return figures["headline"]
    parts = [f"{k}={figures[k]}" for k in ("ratio", "ours", "peer") if k in figures]
    return ", ".join(parts) if parts else "see the file"


def main():
    names = sys.argv[1:]
    files = sorted(RESULTS.glob("*.json")) if not names else [RESULTS / f"{n}.json" for n in names]
    print("| result | what it shows | date | machine | load (start → end) |")
    print("| --- | --- | --- | --- | --- |")
    for f in files:
        r = json.loads(f.read_text())
        m = r.get("machine", {})
        load = f"{r['load_start'][0]:.1f} → {r['load_end'][0]:.1f}"
        print(f"| [`{f.name}`](bench/results/{f.name}) | {headline(r['figures'])} | {r['date'][:10]} | "
              f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores | {load} |")


if __name__ == "__main__":
    main()

"""Kernel benchmarks, each measured against a peer in the same run.

kernel_cold_start: seconds from starting the 'hepml' kernel to the first magic's result, against the
  plain JJava kernel ('java', same jjava release) from start to the result of `1 + 1`. Ratio ours/peer
  (lower is better): the price of loading hepml, DJL and its native library.
magic_overhead: seconds per `%events simulate gaussian --n 1000` against the same engine call from a
  Java cell, in one warm kernel. Ratio magic/java (1.0 = free): parsing with picocli, rendering, display.
"""
import json
import statistics
import time

import jupyter_client

REPEATS = 5
CALLS = 30


def run(kc, code, timeout=300):
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {code}")
            return


def cold_start(kernel_name, first_cell):
    t0 = time.perf_counter()
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=kernel_name, startup_timeout=180)
    try:
        run(kc, first_cell)
        return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def report(name, ours, peer, unit, note):
    ratio = ours / peer
    print(f"{name}: ratio={ratio:.3f} ours={ours:.4f}{unit} peer={peer:.4f}{unit}")
    print(json.dumps({"benchmark": name, "ratio": round(ratio, 4), "ours": ours, "peer": peer,
                      "unit": unit, "note": note}))


def main():
    ours = statistics.median(cold_start("hepml", "%events simulate gaussian --n 1000 --as x") for _ in range(REPEATS))
    peer = statistics.median(cold_start("java", "1 + 1") for _ in range(REPEATS))
    report("kernel_cold_start", ours, peer, "s", "hepml kernel to first magic result vs plain JJava to 1+1")

    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="hepml", startup_timeout=180)
    try:
        magic = "%events simulate gaussian --n 1000 --seed 1 --as x"
        java = 'hep.store(new GaussianToy().seed(1).generate("x", 1000)).size()'
        for _ in range(CALLS):  # warm up both paths (JIT, class loading)
            run(kc, magic)
            run(kc, java)
        times = {"magic": [], "java": []}
        for _ in range(REPEATS):
            for key, code in (("magic", magic), ("java", java)):
                t0 = time.perf_counter()
                for _ in range(CALLS):
                    run(kc, code)
                times[key].append((time.perf_counter() - t0) / CALLS)
        report("magic_overhead", statistics.median(times["magic"]), statistics.median(times["java"]), "s",
               "per %events simulate gaussian --n 1000 vs the same engine call in a Java cell, warm kernel")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()

"""bench/emd's driver (see run.sh): the same pairs through hepml (bench/emd/EmdBench.java, one JVM answering commands)
and through energyflow; values compared, then passes timed alternately. Last line: the figures as one JSON object."""
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jets  # noqa: E402


def main():
    import energyflow
    import ot
    import wasserstein
    pairs_n, rounds, seed = int(os.environ["PAIRS"]), int(os.environ["ROUNDS"]), int(os.environ["SEED"])
    pairs = jets.random_pairs(seed, pairs_n, 20, 100)
    path = "bench/out/emd/pairs.txt"
    jets.write_pairs(path, pairs)
    sizes = [len(p[3][0]) + len(p[4][0]) for p in pairs]
    print(f"{len(pairs)} pairs, {min(sizes)}-{max(sizes)} particles per pair (mean {statistics.mean(sizes):.0f}); "
          f"energyflow {energyflow.__version__}, wasserstein {wasserstein.__version__}, POT {ot.__version__}; "
          f"load {open('/proc/loadavg').read().split()[:3]}", flush=True)

    java = subprocess.Popen(["java", "-Xmx1g", "-cp", os.environ["EMD_JAVA_CP"],
                             "bench/emd/EmdBench.java", path],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(cmd):
        java.stdin.write(cmd + "\n")
        java.stdin.flush()
        return java.stdout.readline().strip()

    ours = np.array([float(x) for x in ask("values").split()])
    peers = np.array([jets.peer_emd(p) for p in pairs])
    rel_ef = np.abs(ours - peers[:, 0]) / peers[:, 0]
    rel_pot = np.abs(ours - peers[:, 1]) / peers[:, 1]
    rel_peers = np.abs(peers[:, 0] - peers[:, 1]) / peers[:, 1]
    agree = int(np.sum((rel_ef < 1e-6) & (rel_pot < 1e-6)))
    print(f"largest relative difference: hepml vs energyflow.emd {rel_ef.max():.2e}, vs emd_pot {rel_pot.max():.2e} "
          f"(the two peers: {rel_peers.max():.2e}); {agree} of {len(pairs)} pairs within 1e-6 of both", flush=True)

    import energyflow as ef
    evs = [(np.column_stack(a), np.column_stack(b), R, beta, norm) for R, beta, norm, a, b in pairs]

    def peer_pass():
        t0 = time.perf_counter()
        for a, b, R, beta, norm in evs:
            ef.emd.emd(a, b, R=R, beta=beta, norm=norm, periodic_phi=True)
        return time.perf_counter() - t0

    ask("time 3")  # warm-up: the JIT compiles the solver
    peer_pass()
    t_ours, t_peer = [], []
    for r in range(rounds):
        for who in (("hepml", "peer") if r % 2 == 0 else ("peer", "hepml")):
            if who == "hepml":
                t_ours.append(float(ask("time 1")))
            else:
                t_peer.append(peer_pass())
        print(f"round {r + 1}: hepml {t_ours[-1]:.3f} s, energyflow.emd {t_peer[-1]:.3f} s per pass "
              f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)
    # the pairwise matrix of the first MATRIX jets (R 0.8, beta 1), both on all cores, alternating
    M = int(os.environ.get("MATRIX", "60"))
    X = [np.column_stack(pairs[k // 2][3 + k % 2]) for k in range(M)]
    m_ours, m_peer, sums = [], [], []
    for r in range(3):
        for who in (("hepml", "peer") if r % 2 == 0 else ("peer", "hepml")):
            if who == "hepml":
                t, s = ask(f"matrix {M}").split()
                m_ours.append(float(t))
                sums.append(float(s))
            else:
                t0 = time.perf_counter()
                D = ef.emd.emds(X, R=0.8, beta=1.0, periodic_phi=True, n_jobs=os.cpu_count(), verbose=0)
                m_peer.append(time.perf_counter() - t0)
                peer_sum = float(np.sum(np.triu(D, 1)))
        print(f"matrix round {r + 1}: hepml {m_ours[-1]:.2f} s, energyflow.emds {m_peer[-1]:.2f} s "
              f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)
    matrix_rel = abs(sums[-1] - peer_sum) / peer_sum
    matrix_ratio = statistics.median(m_peer) / statistics.median(m_ours)
    print(f"{M} x {M} matrix ({M * (M - 1) // 2} pairs, {os.cpu_count()} cores): sums agree to {matrix_rel:.1e}; "
          f"ratio (peer / hepml time) {matrix_ratio:.2f}", flush=True)
    java.stdin.close()
    java.wait()
    mo, mp = statistics.median(t_ours), statistics.median(t_peer)
    ratio = mp / mo
    print(f"median per pair: hepml {1e3 * mo / len(pairs):.2f} ms, energyflow.emd {1e3 * mp / len(pairs):.2f} ms; "
          f"ratio (peer / hepml time) {ratio:.2f}", flush=True)
    figures = {
        "pairs": len(pairs), "particles_per_jet": [20, 100], "agree_1e-6": agree,
        "max_rel_diff_energyflow": float(rel_ef.max()), "max_rel_diff_pot": float(rel_pot.max()),
        "max_rel_diff_between_peers": float(rel_peers.max()),
        "rounds": rounds, "hepml_ms_per_pair": 1e3 * mo / len(pairs), "peer_ms_per_pair": 1e3 * mp / len(pairs),
        "ratio": ratio, "matrix_jets": M, "matrix_hepml_s": statistics.median(m_ours),
        "matrix_peer_s": statistics.median(m_peer), "matrix_ratio": matrix_ratio, "matrix_sum_rel_diff": matrix_rel, "peer": f"energyflow {energyflow.__version__} (wasserstein {wasserstein.__version__}); POT {ot.__version__}",
    }
    figures["headline"] = (
        f"EMD on {len(pairs)} random jet pairs (20-100 particles, R 0.4-1.5, beta 0.5/1/2): {agree}/{len(pairs)} within 1e-6 "
        f"of energyflow and POT (largest relative difference {max(rel_ef.max(), rel_pot.max()):.1e}); "
        f"time per pair {figures['hepml_ms_per_pair']:.2f} ms vs energyflow.emd {figures['peer_ms_per_pair']:.2f} ms, ratio {ratio:.2f}; "
        f"{M}x{M} matrix on {os.cpu_count()} cores vs energyflow.emds, ratio {matrix_ratio:.2f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Compares the GPU check's peers: speed ratio and agreement of the loss curves. Standard library only.

Usage: compare.py [--device D] [--KEY VALUE ...] HEPML TORCH CONTROL
       compare.py ... --rounds HEPML1,TORCH1 HEPML2,TORCH2 ... --control CONTROL
Each file is one peer's output (GpuCheck train / torch_check.py): "info ..." lines, then "epoch E wall S loss L
samples/s R". Any other --KEY VALUE pair is copied into the JSON (numbers as numbers). Exit status 1 when the losses
disagree. Last line: one JSON object.

Speed: per round, each peer's median samples/s over the epochs after the first (the first carries the start-up: CUDA
context, JIT, the first copy to the device); the ratio is hepml's over PyTorch's, and the run's figure the median of
the rounds' ratios (rounds alternate which peer goes first).

Agreement: both peers start from the same weights and see the same batches (INIT), so their curves differ by rounding
only: the kernels differ (DJL's matmul + add vs the same ops in PyTorch, DJL's fused Adam vs torch.optim.Adam), and
float32 keeps 24 bits. The tolerance for epoch e is max(1e-6, 10 |L_control,e - L_torch,e|): 1e-6 is ~16 float32
steps of a loss near 0.6 (a sum over the ~50-800 batch losses of an epoch, each rounded to float32), and the control
(PyTorch from the initial weights moved by one float32 rounding step, 2^-24 relative) measures how far rounding-sized
differences are carried apart by this training on this device; hepml may differ ten times as much. A wrong event
order or optimizer shows up at ~1e-4 to 1e-3 in the first epochs (measured: a reset of Adam's state between epochs
moved epoch 2 by 7e-4), far outside.
"""
import json
import statistics
import sys


def read(path):
    info, epochs = [], []
    with open(path) as f:
        for line in f:
            p = line.split()
            if p and p[0] == "info":
                info.append(line.strip()[5:])
            elif len(p) >= 8 and p[0] == "epoch":
                epochs.append({"wall": float(p[3]), "loss": float(p[5]), "rate": float(p[7])})
    if not epochs:
        sys.exit(f"compare: {path} has no epoch lines; see the peer's messages above")
    return info, epochs


def steady_rate(epochs):
    later = epochs[1:] or epochs
    return statistics.median(e["rate"] for e in later)


def number(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


def main(argv):
    extra, files, rounds, control = {}, [], [], None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--rounds":
            i += 1
            while i < len(argv) and not argv[i].startswith("--"):
                rounds.append(argv[i].split(","))
                i += 1
            continue
        if a == "--control":
            control = argv[i + 1]
            i += 2
            continue
        if a.startswith("--"):
            extra[a[2:].replace("-", "_")] = number(argv[i + 1])
            i += 2
            continue
        files.append(a)
        i += 1
    if files:
        if len(files) != 3:
            sys.exit("usage: compare.py [--KEY VALUE ...] HEPML TORCH CONTROL")
        rounds, control = [files[:2]], files[2]
    if not rounds or control is None:
        sys.exit("compare.py: no rounds or no control given")

    runs = [(read(h), read(t)) for h, t in rounds]
    (h_info, h), (t_info, t) = runs[0]
    _, c = read(control)
    n = min(len(h), len(t), len(c))
    loss_h, loss_t, loss_c = [e["loss"] for e in h[:n]], [e["loss"] for e in t[:n]], [e["loss"] for e in c[:n]]
    diff = [abs(a - b) for a, b in zip(loss_h, loss_t)]
    ctrl = [abs(a - b) for a, b in zip(loss_c, loss_t)]
    tol = [max(1e-6, 10 * d) for d in ctrl]
    agree = all(d <= tl for d, tl in zip(diff, tol))
    # the same peer on the same device in every round: its curve should repeat (deterministic kernels), said if not
    repeat = max((abs(a["loss"] - b["loss"]) for (_, hh), (_, tt) in runs[1:] for a, b in zip(hh + tt, h + t)), default=0.0)
    ratios = [steady_rate(hh) / steady_rate(tt) for (_, hh), (_, tt) in runs]
    out = {
        "device": extra.pop("device", "?"),
        "rounds": len(runs),
        "epochs": n,
        "ratio_hepml_over_torch": round(statistics.median(ratios), 3),
        "round_ratios": [round(r, 3) for r in ratios],
        "hepml_samples_per_s": round(statistics.median(steady_rate(hh) for (_, hh), _ in runs)),
        "torch_samples_per_s": round(statistics.median(steady_rate(tt) for _, (_, tt) in runs)),
        "loss_hepml": loss_h,
        "loss_torch": loss_t,
        "loss_abs_diff": diff,
        "control_abs_diff": ctrl,
        "tolerance": tol,
        "losses_agree": agree,
        "max_repeat_diff_between_rounds": repeat,
        "hepml_info": h_info,
        "torch_info": t_info,
    }
    out.update(extra)
    for e in range(n):
        print(f"epoch {e}: loss hepml {loss_h[e]:.10f} torch {loss_t[e]:.10f} |diff| {diff[e]:.2e} "
              f"(control {ctrl[e]:.2e}, tolerance {tol[e]:.2e})")
    print(f"gpu-check: hepml / PyTorch samples/s {out['ratio_hepml_over_torch']} (rounds {out['round_ratios']}), "
          f"losses {'agree' if agree else 'DISAGREE'} (max |diff| {max(diff):.2e})")
    print(json.dumps(out))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

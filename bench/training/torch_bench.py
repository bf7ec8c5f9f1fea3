"""PyTorch peer of TrainBench.java: the same MLP, data, optimiser and loss, written as a PyTorch user would.

Usage: torch_bench.py FILE WARMUP EPOCHS THREADS BATCH...   (THREADS: 0 = PyTorch's default)
Prints "info ..." then one line per timed epoch: "mlp BATCH epoch samples/s loss L cpu samples-per-CPU-second threads T".
The samples file is TrainBench's: float32 little-endian x[N][4], y[N], w[N].
"""
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


class Mlp(torch.nn.Module):
    """4-64-64-64-1 tanh with the input standardisation inside the forward pass, as hepml's Mlp does."""

    def __init__(self, x, hidden=(64, 64, 64)):
        super().__init__()
        self.register_buffer("mean", x.mean(0))
        self.register_buffer("std", x.std(0, unbiased=False))
        layers, d = [], x.shape[1]
        for h in hidden:
            layers += [torch.nn.Linear(d, h), torch.nn.Tanh()]
            d = h
        layers.append(torch.nn.Linear(d, 1))
        self.net = torch.nn.Sequential(*layers)
        for m in self.net:
            if isinstance(m, torch.nn.Linear):  # Glorot-uniform and zero biases, like hepml
                torch.nn.init.xavier_uniform_(m.weight)
                torch.nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.net((x - self.mean) / self.std)


def main():
    file, warmup, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    batches = [int(b) for b in sys.argv[5:]]
    if threads > 0:
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
    raw = np.fromfile(file, dtype="<f4")
    n = raw.size // 6
    x = torch.from_numpy(raw[: 4 * n].reshape(n, 4).copy())
    y = torch.from_numpy(raw[4 * n: 5 * n].copy())
    w = torch.from_numpy(raw[5 * n:].copy())
    # the CPU benchmark: PyPI's torch is a CUDA build, run with CUDA hidden (run.sh); every tensor here is on the CPU
    assert x.device.type == "cpu" and not torch.cuda.is_available(), "the CPU benchmark must not see a GPU"
    print(f"info torch {torch.__version__} intra-op {torch.get_num_threads()} inter-op {torch.get_num_interop_threads()} "
          f"blas {'mkl' if torch.backends.mkl.is_available() else 'other'} device cpu events {n}", flush=True)
    for batch in batches:
        torch.manual_seed(1)
        model = Mlp(x)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for e in range(warmup + epochs):
            t0, c0 = time.perf_counter(), time.thread_time()
            perm = torch.randperm(n)
            xs, ys, ws = x[perm], y[perm], w[perm]
            total, wsum = 0.0, 0.0
            for start in range(0, n, batch):
                xb, yb, wb = xs[start:start + batch], ys[start:start + batch], ws[start:start + batch]
                wb_sum = wb.sum()
                loss = F.binary_cross_entropy_with_logits(model(xb)[:, 0], yb, weight=wb, reduction="sum") / wb_sum
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                ws_ = wb_sum.item()
                total += loss.item() * ws_  # the running loss a training loop reports, as hepml's does
                wsum += ws_
            s, c = time.perf_counter() - t0, time.thread_time() - c0
            if e >= warmup:  # wall clock and this thread's CPU time (all of the work with 1 intra-op thread)
                print(f"mlp {batch} {e - warmup} {n / s:.1f} loss {total / wsum:.5f} cpu {n / c:.1f} threads {torch.get_num_threads()}", flush=True)


if __name__ == "__main__":
    main()

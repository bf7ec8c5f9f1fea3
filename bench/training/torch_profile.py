"""Section timings of torch_bench.py's training step (the peer of ProfileLoop.java). Usage: torch_profile.py FILE BATCH EPOCHS"""
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from torch_bench import Mlp  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
file, batch, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
raw = np.fromfile(file, dtype="<f4")
n = raw.size // 6
x = torch.from_numpy(raw[: 4 * n].reshape(n, 4).copy())
y, w = torch.from_numpy(raw[4 * n: 5 * n].copy()), torch.from_numpy(raw[5 * n:].copy())
torch.manual_seed(1)
model = Mlp(x)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
names = ["slice batch", "forward", "loss", "backward (+ item)", "optimizer step", "weight sum"]
ns = [0.0] * len(names)
steps, t_all = 0, 0.0
for e in range(epochs + 1):
    if e == 1:
        ns, steps = [0.0] * len(names), 0
    e0 = time.perf_counter()
    perm = torch.randperm(n)
    xs, ys, ws = x[perm], y[perm], w[perm]
    for s in range(0, n, batch):
        t = time.perf_counter()
        xb, yb, wb = xs[s:s + batch], ys[s:s + batch], ws[s:s + batch]
        t1 = time.perf_counter(); ns[0] += t1 - t; t = t1
        out = model(xb)
        t1 = time.perf_counter(); ns[1] += t1 - t; t = t1
        wsum = wb.sum()
        loss = F.binary_cross_entropy_with_logits(out[:, 0], yb, weight=wb, reduction="sum") / wsum
        t1 = time.perf_counter(); ns[2] += t1 - t; t = t1
        opt.zero_grad(set_to_none=True)
        v = loss.item()
        loss.backward()
        t1 = time.perf_counter(); ns[3] += t1 - t; t = t1
        opt.step()
        t1 = time.perf_counter(); ns[4] += t1 - t; t = t1
        v += wsum.item()
        t1 = time.perf_counter(); ns[5] += t1 - t; t = t1
        steps += 1
    if e > 0:
        t_all += time.perf_counter() - e0
total = sum(ns)
print(f"batch {batch}, torch {torch.__version__}, intra-op {torch.get_num_threads()}: {total / steps * 1e6:.1f} us/step in the sections, "
      f"{t_all / steps * 1e6:.1f} us/step in all ({n * epochs / t_all:.0f} samples/s)")
for name, v in zip(names, ns):
    print(f"  {name:24s} {v / steps * 1e6:7.1f} us/step  {100 * v / total:4.1f}%")

"""The PyTorch side of bench/pfn: the same PFN (Phi 3-64-64-32, F 32-64-64-1, relu, inputs standardised over the real
particles), data, optimizer (Adam 1e-3), batch size and epochs as PfnBench.java, 1 intra-op thread.
Usage: torch_pfn.py FILE N M EPOCHS BATCH  ->  prints "torch WALL_SECONDS LAST_EPOCH_LOSS"."""
import sys
import time

import numpy as np
import torch
from torch import nn

file, n, m, epochs, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(1)
torch.manual_seed(1)
raw = np.fromfile(file, dtype="<f4")
x = torch.from_numpy(raw[: n * m * 3].reshape(n, m * 3).copy())
y = torch.from_numpy(raw[n * m * 3:].copy()).reshape(n, 1)
p = x.view(n, m, 3)
real = p[..., 0] != 0
mean, std = p[real].mean(0), p[real].std(0, unbiased=False)


class Pfn(nn.Module):
    def __init__(self):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(3, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.f = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))

    def forward(self, rows):
        q = rows.view(rows.shape[0], m, 3)
        mask = (q[..., :1] != 0).float()
        return self.f((self.phi((q - mean) / std) * mask).sum(1))


net = Pfn()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = nn.BCEWithLogitsLoss()
t0 = time.perf_counter()
last = float("nan")
for epoch in range(epochs):
    order = torch.randperm(n)
    total = 0.0
    for k in range(0, n, batch):
        idx = order[k:k + batch]
        opt.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    last = total / n
print(f"torch {time.perf_counter() - t0:.3f} {last:.5f}")

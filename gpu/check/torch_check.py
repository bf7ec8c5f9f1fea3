"""PyTorch's side of the GPU check (gpu/check/GpuCheck.java is hepml's).

Usage: torch_check.py FILE INIT DEVICE BATCH [PERTURB]
  FILE     the samples (GpuCheck make: float32 little-endian x[N][4], y[N], w[N])
  INIT     written by GpuCheck train: hepml's standardisation, initial weights and every epoch's event order
  DEVICE   cpu or cuda
  PERTURB  0 (default) or 1: start from the weights moved by one float32 rounding step each (x (1 +- 2^-24), random
           signs), the control that shows how far rounding alone carries two trainings apart
Prints "info ..." then per epoch "epoch E wall S loss L samples/s R", like GpuCheck.

The network is bench/training's 4-64-64-64-1 tanh MLP written as hepml computes it: (x - mean) / std with hepml's
mean and std, h W + b with W stored [in, out], tanh, softplus(s) - y s weighted by w over the batch's weight sum, and
PyTorch's own Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8: the same update hepml's fused Adam makes, up to rounding).
The running loss of an epoch is the weight-sum-weighted mean of the batch losses, as hepml's Trainer reports it.
"""
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_init(path):
    raw = open(path, "rb").read()
    i32 = lambda off, k: np.frombuffer(raw, "<i4", k, off)
    f32 = lambda off, k: np.frombuffer(raw, "<f4", k, off)
    n, d, layers, epochs = (int(v) for v in i32(0, 4))
    off = 16
    mean = f32(off, d); off += 4 * d
    std = f32(off, d); off += 4 * d
    params = []
    for _ in range(layers):
        fan_in, fan_out = (int(v) for v in i32(off, 2)); off += 8
        w = f32(off, fan_in * fan_out).reshape(fan_in, fan_out); off += 4 * fan_in * fan_out
        b = f32(off, fan_out); off += 4 * fan_out
        params.append((w, b))
    orders = []
    for _ in range(epochs):
        orders.append(i32(off, n)); off += 4 * n
    assert off == len(raw), f"{path}: {len(raw) - off} bytes left over; not a GpuCheck INIT file"
    return n, mean, std, params, orders


def main():
    file, init, device, batch = sys.argv[1], sys.argv[2], torch.device(sys.argv[3]), int(sys.argv[4])
    perturb = len(sys.argv) > 5 and sys.argv[5] == "1"
    n, mean, std, params, orders = read_init(init)
    raw = np.fromfile(file, dtype="<f4")
    assert raw.size == 6 * n, f"{file} holds {raw.size // 6} events, {init} was written for {n}"
    x = torch.from_numpy(raw[: 4 * n].reshape(n, 4).copy()).to(device)
    y = torch.from_numpy(raw[4 * n: 5 * n].copy()).to(device)
    w = torch.from_numpy(raw[5 * n:].copy()).to(device)
    mean_t, std_t = torch.from_numpy(mean.copy()).to(device), torch.from_numpy(std.copy()).to(device)
    rng = np.random.default_rng(7)
    weights = []
    for wl, bl in params:
        wl = wl.copy()
        if perturb:  # one rounding step of float32 (relative 2^-24), up or down at random
            wl = (wl * (1 + rng.choice([-1.0, 1.0], wl.shape) * 2.0 ** -24)).astype(np.float32)
        weights += [torch.tensor(wl, device=device, requires_grad=True), torch.tensor(bl.copy(), device=device, requires_grad=True)]
    opt = torch.optim.Adam(weights, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    print(f"info torch {torch.__version__} device {device}"
          f"{' ' + torch.cuda.get_device_name(device) if device.type == 'cuda' else ''} events {n} batch {batch}"
          f" intra-op {torch.get_num_threads()} perturbed {int(perturb)}", flush=True)

    def forward(xb):
        h = (xb - mean_t) / std_t
        for k in range(0, len(weights), 2):
            h = h @ weights[k] + weights[k + 1]
            if k + 2 < len(weights):
                h = torch.tanh(h)
        return h[:, 0]

    for e, order in enumerate(orders):
        t0 = time.perf_counter()
        # the epoch's order to the device, as hepml's fit copies its data: counted in the epoch's time on both sides
        idx = torch.from_numpy(order.astype(np.int64)).to(device)
        xs, ys, ws = x[idx], y[idx], w[idx]
        total, wsum = 0.0, 0.0
        for start in range(0, n, batch):
            xb, yb, wb = xs[start:start + batch], ys[start:start + batch], ws[start:start + batch]
            s = forward(xb)
            wb_sum = wb.sum()
            loss = (F.softplus(s) - s * yb).mul(wb).sum() / wb_sum
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=False)
            value, ws_ = loss.item(), wb_sum.item()  # hepml reads both every batch too (its running loss and progress)
            total += value * ws_
            wsum += ws_
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        s = time.perf_counter() - t0
        print(f"epoch {e} wall {s:.4f} loss {total / wsum:.12g} samples/s {n / s:.1f}", flush=True)


if __name__ == "__main__":
    main()

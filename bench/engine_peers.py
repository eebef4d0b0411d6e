"""One training step (forward, backward, update) in float64 with hand-written numpy, PyTorch
CPU and JAX (jit), at the engine benchmark's sizes: a sigmoid hidden layer, a softmax output
and cross-entropy, two threads each. Prints one JSON object per line, like backprop-bench.

Usage: python bench/engine_peers.py [seconds] [--only numpy,torch,jax]
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=2")

import numpy as np

SIZES = [((4, 4, 2), 1), ((64, 32, 10), 32), ((784, 256, 10), 256)]


def measure(body, seconds=1.0, rounds=5):
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            body()
        if time.perf_counter() - t0 > seconds / rounds / 4 or n > 1 << 22:
            break
        n *= 2
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            body()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


def data(sizes, m, seed=1):
    rng = np.random.default_rng(seed)
    n0, n1, n2 = sizes
    x = rng.standard_normal((m, n0))
    y = np.zeros((m, n2))
    y[np.arange(m), rng.integers(0, n2, m)] = 1
    w1 = rng.standard_normal((n1, n0)) * np.sqrt(2 / (n0 + n1))
    w2 = rng.standard_normal((n2, n1)) * np.sqrt(2 / (n1 + n2))
    return x, y, w1, np.zeros(n1), w2, np.zeros(n2)


def numpy_step(sizes, m, seconds):
    x, y, w1, b1, w2, b2 = data(sizes, m)
    eta = 0.01

    def step():
        nonlocal w1, b1, w2, b2
        a1 = x @ w1.T + b1
        h1 = 1 / (1 + np.exp(-a1))
        a2 = h1 @ w2.T + b2
        e = np.exp(a2 - a2.max(axis=1, keepdims=True))
        yhat = e / e.sum(axis=1, keepdims=True)
        da2 = (yhat - y) / m
        dw2 = da2.T @ h1
        db2 = da2.sum(axis=0)
        da1 = (da2 @ w2) * h1 * (1 - h1)
        dw1 = da1.T @ x
        db1 = da1.sum(axis=0)
        w1 -= eta * dw1; b1 -= eta * db1; w2 -= eta * dw2; b2 -= eta * db2

    return measure(step, seconds)


def torch_step(sizes, m, seconds):
    import torch
    torch.set_num_threads(2)
    x, y, w1, b1, w2, b2 = (torch.tensor(a, dtype=torch.float64) for a in data(sizes, m))
    params = [p.requires_grad_() for p in (w1, b1, w2, b2)]
    target = y.argmax(dim=1)
    opt = torch.optim.SGD(params, lr=0.01)

    def step():
        opt.zero_grad()
        h1 = torch.sigmoid(x @ params[0].T + params[1])
        logits = h1 @ params[2].T + params[3]
        loss = torch.nn.functional.cross_entropy(logits, target)
        loss.backward()
        opt.step()

    return measure(step, seconds)


def torch_adam_step(sizes, m, seconds):
    """torch.optim.Adam with its defaults (the single-tensor CPU path), lr 1e-3; OMP_NUM_THREADS
    threads (2 unless set)."""
    import torch
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    x, y, w1, b1, w2, b2 = (torch.tensor(a, dtype=torch.float64) for a in data(sizes, m))
    params = [p.requires_grad_() for p in (w1, b1, w2, b2)]
    target = y.argmax(dim=1)
    opt = torch.optim.Adam(params, lr=0.001)

    def step():
        opt.zero_grad()
        h1 = torch.sigmoid(x @ params[0].T + params[1])
        logits = h1 @ params[2].T + params[3]
        loss = torch.nn.functional.cross_entropy(logits, target)
        loss.backward()
        opt.step()

    return measure(step, seconds)


def jax_step(sizes, m, seconds):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    x, y, w1, b1, w2, b2 = (jnp.asarray(a) for a in data(sizes, m))

    def loss(p):
        w1, b1, w2, b2 = p
        h1 = jax.nn.sigmoid(x @ w1.T + b1)
        logits = h1 @ w2.T + b2
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(logits), axis=1))

    @jax.jit
    def update(p):
        g = jax.grad(loss)(p)
        return tuple(a - 0.01 * b for a, b in zip(p, g))

    state = [(w1, b1, w2, b2)]
    state[0] = update(state[0])
    jax.block_until_ready(state[0])

    def step():
        state[0] = update(state[0])
        jax.block_until_ready(state[0])

    return measure(step, seconds)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else 1.0
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1].split(",")
    for name, fn in (("numpy", numpy_step), ("torch", torch_step), ("jax", jax_step)):
        if only and name not in only:
            continue
        for sizes, m in SIZES:
            try:
                t = fn(sizes, m, seconds)
                out = {"bench": "step", "impl": name, "sizes": "-".join(map(str, sizes)), "m": m,
                       "seconds_per_step": t, "steps_per_second": 1 / t}
            except Exception as e:
                out = {"bench": "step", "impl": name, "sizes": "-".join(map(str, sizes)), "m": m, "error": repr(e)[:200]}
            print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()

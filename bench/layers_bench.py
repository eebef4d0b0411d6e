"""A LeNet training step, this engine's conv/maxpool kernels against PyTorch CPU, in one run (`make bench`).

Runs `layers-bench SECONDS` (bench/layers/main.swift: conv2dForward/Backward, maxPoolForward/
Backward and dense layers through dgemm composed by hand, because the Network has no conv layers
in that build) and the same step in PyTorch CPU float64 (nn.Conv2d, nn.MaxPool2d, nn.Linear, relu,
cross-entropy, torch.optim.SGD, two threads): 1x28x28 -> conv 6 5x5 relu -> maxpool 2 -> conv 16 5x5
relu -> maxpool 2 -> 120 relu -> 84 relu -> 10, m = 64, forward + backward + update. Prints one
JSON line with both rates, the ratio and the issue's target (>= 0.5x PyTorch).

Each side runs with 1 and with 2 threads (OPENBLAS_NUM_THREADS for the engine, torch.set_num_threads
for PyTorch) and is compared at its better setting: on a loaded 2-core machine OpenMP's spinning
threads can make PyTorch's 2-thread step many times slower than its 1-thread step, and a ratio
against that would flatter the engine.

Usage: python bench/layers_bench.py [seconds] [path/to/layers-bench]
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_peers  # noqa: E402  (sets the thread counts before numpy/torch load)

TARGET = 0.5
M = 64


def torch_lenet_step(seconds, threads=2):
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    ).double()
    x = torch.rand(M, 1, 28, 28, dtype=torch.float64)
    y = torch.randint(0, 10, (M,))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    return engine_peers.measure(step, seconds)


def engine_rate(binary, seconds, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    out = subprocess.run([binary, str(seconds)], check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)["steps_per_second"]


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(".build", "release", "layers-bench")
    ours = {t: engine_rate(binary, seconds, t) for t in (1, 2)}
    theirs = {t: 1 / torch_lenet_step(seconds, t) for t in (1, 2)}
    best_ours, best_theirs = max(ours.values()), max(theirs.values())
    ratio = best_ours / best_theirs
    print(json.dumps({"bench": "lenet_step", "m": M, "composed": "kernels by hand (no conv layers in Network yet)",
                      "engine_steps_per_second": best_ours, "torch_steps_per_second": best_theirs,
                      "engine_by_threads": ours, "torch_by_threads": theirs,
                      "ratio": ratio, "target": TARGET, "met": ratio >= TARGET}), flush=True)


if __name__ == "__main__":
    main()

"""Adam's training step, this engine against torch.optim.Adam, in one run (`make bench`).

Runs `backprop-bench SECONDS adam` (the engine's Trainer with Optimizer(.adam)) and the same
step in PyTorch CPU float64 (bench/engine_peers.py's torch_adam_step: same sizes, data, sigmoid
hidden layer, softmax + cross-entropy, two threads), then prints one JSON line per size with
the ratio of steps per second and the issue's target (784-256-10 at m = 256: >= 0.9x;
4-4-2 at m = 1: >= 20x).

Usage: python bench/optim_bench.py [seconds] [path/to/backprop-bench]
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_peers  # noqa: E402  (sets the thread counts before numpy/torch load)

TARGETS = {"4-4-2": 20.0, "784-256-10": 0.9}


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(".build", "release", "backprop-bench")
    out = subprocess.run([binary, str(seconds), "adam"], check=True, capture_output=True, text=True).stdout
    ours = {}
    for text in out.splitlines():
        row = json.loads(text)
        ours[row["sizes"]] = row["steps_per_second"]
    for sizes, m in [((4, 4, 2), 1), ((784, 256, 10), 256)]:
        key = "-".join(map(str, sizes))
        torch_rate = 1 / engine_peers.torch_adam_step(sizes, m, seconds)
        ratio = ours[key] / torch_rate
        print(json.dumps({"bench": "adam_step", "sizes": key, "m": m, "engine_steps_per_second": ours[key],
                          "torch_steps_per_second": torch_rate, "ratio": ratio, "target": TARGETS[key],
                          "met": ratio >= TARGETS[key]}), flush=True)


if __name__ == "__main__":
    main()

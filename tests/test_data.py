"""course.data: the shipped MNIST subset, its split, the gates, and the opt-in downloader."""

import gzip
import http.server
import socket
import threading
import warnings
from pathlib import Path

import numpy as np
import pytest

from course import data


def test_mnist_shapes_ranges_and_types():
    (Xtr, ytr), (Xte, yte) = data.load_mnist(n_train=1000, n_test=500)
    assert Xtr.shape == (1000, 784) and Xte.shape == (500, 784)
    assert Xtr.dtype == np.float64 and ytr.dtype.kind == "i"
    assert Xtr.min() == 0.0 and Xtr.max() == 1.0
    assert set(np.unique(ytr)) == set(range(10))


def test_mnist_is_stratified_seeded_and_disjoint():
    (Xtr, ytr), (Xte, yte) = data.load_mnist(n_train=1000, n_test=1000, seed=3)
    assert np.all(np.bincount(ytr, minlength=10) == 100) and np.all(np.bincount(yte, minlength=10) == 100)
    rows_train = {r.tobytes() for r in Xtr}
    assert not any(r.tobytes() in rows_train for r in Xte), "train and test share an image"
    (Xtr2, ytr2), _ = data.load_mnist(n_train=1000, n_test=1000, seed=3)
    np.testing.assert_array_equal(Xtr, Xtr2)
    (Xtr3, _), _ = data.load_mnist(n_train=1000, n_test=1000, seed=4)
    assert not np.array_equal(Xtr, Xtr3)
    # the training set does not depend on how many test images are asked for
    (Xtr4, _), _ = data.load_mnist(n_train=1000, n_test=10, seed=3)
    np.testing.assert_array_equal(Xtr, Xtr4)
    # labels are not left sorted as shipped
    assert not np.all(np.diff(ytr) >= 0)


def test_mnist_labels_match_the_shipped_file():
    """Each returned image carries the label the shipped file gives it (read here with the csv module)."""
    import csv

    with gzip.open(data.mnist_subset_path(), "rt") as f:
        lookup = {bytes(int(float(v)) for v in row[:784]): int(float(row[784])) for row in csv.reader(f)}
    assert len(lookup) > 4900  # a few digits in the subset may be pixel-identical
    (Xtr, ytr), _ = data.load_mnist(n_train=200, n_test=0, seed=7)
    for row, label in zip(Xtr, ytr):
        assert lookup[bytes(np.rint(row * 255).astype(np.uint8))] == label


def test_one_hot():
    (_, ytr), (_, yte) = data.load_mnist(n_train=50, n_test=20, one_hot=True)
    assert ytr.shape == (50, 10) and yte.shape == (20, 10)
    np.testing.assert_array_equal(ytr.sum(axis=1), 1.0)
    (_, labels), _ = data.load_mnist(n_train=50, n_test=20)
    np.testing.assert_array_equal(ytr.argmax(axis=1), labels)


@pytest.mark.parametrize("kwargs", [dict(n_train=4001, n_test=1000), dict(n_train=-1), dict(n_test=-5),
                                    dict(n_train=2.5), dict(n_train=True)])
def test_mnist_impossible_sizes(kwargs):
    with pytest.raises(ValueError):
        data.load_mnist(**kwargs)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_mnist_bad_seed_names_the_argument(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        data.load_mnist(n_train=10, n_test=10, seed=seed)
    (X, _), _ = data.load_mnist(n_train=10, n_test=10, seed=np.int64(3))
    np.testing.assert_array_equal(X, data.load_mnist(n_train=10, n_test=10, seed=3)[0][0])


def test_mnist_numpy_sizes_cannot_overflow_past_the_size_check():
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # int16 20000 + 20000 wraps to -25536 with a RuntimeWarning
        with pytest.raises(ValueError, match="n_train \\+ n_test = 40000 exceeds the 5000 digits"):
            data.load_mnist(np.int16(20000), np.int16(20000))
        (Xtr, _), (Xte, _) = data.load_mnist(np.int64(30), np.int64(20))
    assert Xtr.shape == (30, 784) and Xte.shape == (20, 784)
    np.testing.assert_array_equal(Xtr, data.load_mnist(30, 20)[0][0])


def test_mnist_whole_subset_and_empty():
    (Xtr, _), (Xte, _) = data.load_mnist(n_train=4000, n_test=1000)
    assert len(Xtr) + len(Xte) == 5000
    (Xtr, ytr), _ = data.load_mnist(n_train=0, n_test=10)
    assert Xtr.shape == (0, 784) and ytr.shape == (0,)


def test_corrupt_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "mnist_5k.csv.gz"
    with gzip.open(bad, "wt") as f:
        f.write("1,2,3\n")
    with pytest.raises(ValueError, match="corrupt"):
        data._read_subset(str(bad))
    with pytest.raises(ValueError, match="shape"):
        data._read_subset(str(bad), expected_sha256=None)
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match="could not parse|corrupt"):
        data._read_subset(str(bad), expected_sha256=None)
    with pytest.raises(FileNotFoundError, match="reinstall"):
        data._read_subset(str(tmp_path / "missing.csv.gz"))


def test_logic_gates():
    cases = {"AND": (0, 0), "OR": (0, 1), "XOR": (1, 1), "NAND": (1, 1), "NOR": (1, 0), "XNOR": (0, 1)}
    for name, (a, b) in cases.items():
        X, y = data.logic_gate(name)
        assert X.shape == (4, 2) and y.shape == (4,)
        ops = {"AND": lambda p, q: p & q, "OR": lambda p, q: p | q, "XOR": lambda p, q: p ^ q,
               "NAND": lambda p, q: 1 - (p & q), "NOR": lambda p, q: 1 - (p | q), "XNOR": lambda p, q: 1 - (p ^ q)}
        np.testing.assert_array_equal(y, [ops[name](p, q) for p, q in X])
    assert data.logic_gate("xor")[1].tolist() == [0, 1, 1, 0]
    with pytest.raises(ValueError, match="unknown gate"):
        data.logic_gate("IMPLIES")


def _idx_bytes(array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def test_read_idx_roundtrip_and_errors(tmp_path):
    arr = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    p = tmp_path / "x.idx.gz"
    with gzip.open(p, "wb") as f:
        f.write(_idx_bytes(arr))
    np.testing.assert_array_equal(data.read_idx(p), arr)
    q = tmp_path / "bad.idx"
    q.write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="magic"):
        data.read_idx(q)
    r = tmp_path / "short.idx"
    r.write_bytes(_idx_bytes(arr)[:-5])
    with pytest.raises(ValueError, match="truncated"):
        data.read_idx(r)


def _flip(data, start, stop):
    return bytes(b ^ 0xFF if start <= i < stop else b for i, b in enumerate(data))


CORRUPT_IDX = {
    "not-gzip.idx.gz": b"plain bytes, never compressed",
    "cut.idx.gz": gzip.compress(_idx_bytes(np.zeros((3, 4))))[:-12],
    "garbled.idx.gz": _flip(gzip.compress(_idx_bytes(np.arange(200)), mtime=0), 12, 20),
    "short-header.idx": bytes([0, 0, 0x08, 3, 0, 0]),
    "no-dims.idx": bytes([0, 0, 0x08, 0, 7]),
    "int32.idx": bytes([0, 0, 0x0C, 1, 0, 0, 0, 1, 0, 0, 0, 9]),
    "extra-bytes.idx": _idx_bytes(np.zeros(3)) + b"\x00",
}


@pytest.mark.parametrize("name", CORRUPT_IDX)
def test_read_idx_corrupt_file_says_what_to_do(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(CORRUPT_IDX[name])
    with pytest.raises(ValueError, match=r"(corrupt or truncated|bad magic).*delete it.*download_full_mnist\(\)"):
        data.read_idx(path)


@pytest.fixture
def local_server(tmp_path):
    """A loopback HTTP server serving tmp_path (no traffic leaves the machine)."""
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", tmp_path
    httpd.shutdown()


def test_download_rejects_a_file_with_the_wrong_checksum(local_server, tmp_path_factory):
    url, root = local_server
    for name in data.MNIST_FILES:
        (root / name).write_bytes(gzip.compress(_idx_bytes(np.zeros((2, 2), np.uint8))))
    cache = tmp_path_factory.mktemp("cache")
    with pytest.raises(RuntimeError, match="checksum"):
        data.download_full_mnist(cache_dir=cache, timeout=5, base_url=url)
    assert not any(cache.iterdir()), "a file that failed its checksum must not be kept"


def test_download_offline_is_a_clear_error(tmp_path):
    # port 9 on loopback: nothing listens, the connection is refused at once
    with pytest.raises(RuntimeError, match="offline"):
        data.download_full_mnist(cache_dir=tmp_path, timeout=2, base_url="http://127.0.0.1:9/")


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the test tried to reach the network")
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("base_url", ["no-scheme/", "ftp://127.0.0.1/", "http://[::1/", "http:///"])
def test_download_bad_base_url_is_not_called_a_checksum_error(tmp_path, no_network, base_url):
    with pytest.raises(ValueError, match="base_url .* does not make a valid http\\(s\\) URL") as info:
        data.download_full_mnist(cache_dir=tmp_path, timeout=2, base_url=base_url)
    assert "checksum" not in str(info.value)
    with pytest.raises(TypeError, match="base_url must be a string"):
        data.download_full_mnist(cache_dir=tmp_path, timeout=2, base_url=None)


def test_download_other_value_errors_are_not_called_checksum_errors(tmp_path, no_network, monkeypatch):
    import pooch

    def retrieve(*args, **kwargs):
        raise ValueError("something unexpected")
    monkeypatch.setattr(pooch, "retrieve", retrieve)
    with pytest.raises(RuntimeError, match="could not download .*something unexpected") as info:
        data.download_full_mnist(cache_dir=tmp_path, timeout=2, base_url="http://127.0.0.1:9/")
    assert "checksum" not in str(info.value)


@pytest.mark.parametrize("timeout", [None, 0, -1, float("nan"), float("inf"), np.float64("nan"), True, "60",
                                     pytest.param(10**400, id="10**400")])
def test_download_timeout_must_be_a_positive_finite_number(tmp_path, no_network, timeout):
    with pytest.raises(ValueError, match="timeout must be a positive finite number of seconds"):
        data.download_full_mnist(cache_dir=tmp_path, timeout=timeout, base_url="http://127.0.0.1:9/")

"""Helpers for the browser tests: find Chromium, run `make lab` in the background, read sockets.

Everything here is bounded in time: every wait has a timeout, every process
started is ended (with its children) by `LabServer.stop`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# Debian's chromium; COURSE_CHROMIUM points elsewhere (never a browser downloaded by playwright).
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]
# The notebooks whose two explorers are driven by keyboard (start here, and chapter 5).
INTERACTIVE_PREFIXES = ("00_", "05_")


def notebooks():
    """Every stored notebook, at collection time."""
    return sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def interactive(name: str) -> bool:
    return name.startswith(INTERACTIVE_PREFIXES)


def chromium_or_explain() -> str:
    """Path of the Chromium executable, or a message saying why there is none and how to get it."""
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if path is None:
        raise FileNotFoundError(
            f"Chromium is not installed ({CHROMIUM} not found), so the browser tests cannot run. "
            "`make test` installs Debian's chromium with apt-get (as root); by hand: "
            "`apt-get update && apt-get install -y chromium`, or set COURSE_CHROMIUM to another "
            "Chromium. `make unit` runs the tests that need no browser.")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, headers=None, timeout: float = 10.0):
    """(status, body) of a GET; HTTP errors are answers too, not exceptions."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _hex_to_ipv4(h: str) -> str:
    return socket.inet_ntop(socket.AF_INET, bytes.fromhex(h)[::-1])


def _hex_to_ipv6(h: str) -> str:
    raw = bytes.fromhex(h)
    # /proc stores the address as four host-order (little-endian) 32-bit words
    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    return socket.inet_ntop(socket.AF_INET6, raw)


def listening_addresses(port: int):
    """The local addresses of every listening TCP socket on `port`, from the kernel's tables.

    Linux only (/proc/net/tcp and tcp6): this is what the kernel will accept
    connections on, whatever interfaces the machine has.  0.0.0.0 or :: would
    mean every interface.
    """
    found = []
    for table, conv in (("/proc/net/tcp", _hex_to_ipv4), ("/proc/net/tcp6", _hex_to_ipv6)):
        if not os.path.exists(table):
            continue
        with open(table) as f:
            next(f)
            for line in f:
                parts = line.split()
                addr, p = parts[1].split(":")
                if parts[3] == "0A" and int(p, 16) == port:  # 0A: LISTEN
                    found.append(conv(addr))
    return found


def machine_addresses():
    """The machine's own non-loopback addresses (IPv4 from /proc/net/fib_trie, IPv6 from if_inet6)."""
    addrs = set()
    try:
        with open("/proc/net/fib_trie") as f:
            lines = f.read().splitlines()
        for prev, line in zip(lines, lines[1:]):
            if "/32 host LOCAL" in line:
                ip = prev.split()[-1]
                if not ip.startswith("127."):
                    addrs.add(ip)
    except OSError:
        pass
    try:
        with open("/proc/net/if_inet6") as f:
            for line in f:
                ip = _hex_to_ipv6_plain(line.split()[0])
                if ip != "::1":
                    addrs.add(ip)
    except OSError:
        pass
    return sorted(addrs)


def _hex_to_ipv6_plain(h: str) -> str:
    return socket.inet_ntop(socket.AF_INET6, bytes.fromhex(h))


def _descendants(pid: int):
    try:
        import psutil

        return psutil.Process(pid).children(recursive=True)
    except Exception:
        return []


class LabServer:
    """`make lab` in the background on a free port, with a random token, serving `root`."""

    def __init__(self, root: Path, workdir: Path, startup_timeout: float = 120.0):
        self.root = Path(root)
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / "lab.log"
        self.startup_timeout = startup_timeout
        self.proc = None
        self._children = []
        cfg = Path(workdir) / "config"
        cfg.mkdir(parents=True, exist_ok=True)
        # Only addition to what a learner gets: window.jupyterapp, so the test can run commands.
        (cfg / "jupyter_server_config.json").write_text('{"LabApp": {"expose_app_in_browser": true}}\n')
        env = {k: v for k, v in os.environ.items()
               if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MPLBACKEND")}
        env.update(
            JUPYTER_TOKEN=self.token,
            # keep the user's ~/.jupyter, ~/.local/share/jupyter and ~/.ipython out of the test
            JUPYTER_CONFIG_DIR=str(cfg),
            JUPYTER_DATA_DIR=str(Path(workdir) / "data"),
            JUPYTER_RUNTIME_DIR=str(Path(workdir) / "runtime"),
            IPYTHONDIR=str(Path(workdir) / "ipython"),
        )
        self.env = env
        self.command = ["make", "--no-print-directory", "-C", str(ROOT), "lab",
                        f"LAB_PORT={self.port}", "LAB_BROWSER=no", f"LAB_ROOT={self.root}"]

    def start(self):
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"`make lab` exited with {self.proc.returncode} before answering:\n"
                                   + self.log_tail())
            try:
                status, _ = http_get(f"{self.base}/api/status?token={self.token}", timeout=2)
                if status == 200:
                    self._children = _descendants(self.proc.pid)
                    return self
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise TimeoutError(f"`make lab` did not answer on {self.base} within {self.startup_timeout:.0f} s:\n"
                           + self.log_tail())

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self, timeout: float = 20.0):
        """SIGTERM to make and jupyter (one process group); the server shuts its kernels down.
        Whatever is still alive after `timeout` seconds, kernels included, gets SIGKILL."""
        if self.proc is None:
            return
        procs = _descendants(self.proc.pid) or self._children
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        for p in procs:
            try:
                p.wait(max(0.1, timeout / 4))
            except Exception:
                try:
                    p.kill()
                except Exception:
                    pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            print(f"warning: make lab (pid {self.proc.pid}) did not exit", file=sys.stderr)
        self._log.close()
        self.proc = None

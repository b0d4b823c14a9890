"""Test-session settings shared by `make test` and a plain `pytest`.

1. The environment `make test` exports, set here too (without overriding what
   the caller chose), so that `pytest` alone compares notebooks under the same
   conditions they were stored in: no progress bars, one BLAS thread, hashing
   seeded, CUDA hidden.  Kernels started by nbval inherit it.

2. Make nbval run cells the way JupyterLab does.

nbval (0.11) sends each cell with ``store_history=False``.  IPython decides
whether a trailing ``;`` silences a cell's result by looking at the last
*stored* input, so under nbval the semicolon is ignored and results such as
``[<Line2D at 0x...>]`` appear that JupyterLab, nbconvert and the stored
notebooks never show.  Executing with ``store_history=True`` (what every
notebook front end does) removes that difference; nbval does not compare
execution counts, so nothing else changes.
"""

import os

for _name, _value in {"PYTHONHASHSEED": "0", "TQDM_DISABLE": "1", "CUDA_VISIBLE_DEVICES": "",
                      "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}.items():
    os.environ.setdefault(_name, _value)

import nbval.kernel  # noqa: E402

_execute = nbval.kernel.RunningKernel.execute_cell_input


def _execute_like_a_notebook(self, cell_input, allow_stdin=None):
    return self.kc.execute(cell_input, store_history=True, allow_stdin=bool(allow_stdin), stop_on_error=False)


assert _execute.__code__.co_varnames[:3] == ("self", "cell_input", "allow_stdin"), \
    "nbval changed execute_cell_input; re-check conftest.py"
nbval.kernel.RunningKernel.execute_cell_input = _execute_like_a_notebook

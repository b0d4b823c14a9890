"""Make nbval run cells the way JupyterLab does.

nbval (0.11) sends each cell with ``store_history=False``.  IPython decides
whether a trailing ``;`` silences a cell's result by looking at the last
*stored* input, so under nbval the semicolon is ignored and results such as
``[<Line2D at 0x...>]`` appear that JupyterLab, nbconvert and the stored
notebooks never show.  Executing with ``store_history=True`` (what every
notebook front end does) removes that difference; nbval does not compare
execution counts, so nothing else changes.
"""

import nbval.kernel

_execute = nbval.kernel.RunningKernel.execute_cell_input


def _execute_like_a_notebook(self, cell_input, allow_stdin=None):
    return self.kc.execute(cell_input, store_history=True, allow_stdin=bool(allow_stdin), stop_on_error=False)


assert _execute.__code__.co_varnames[:3] == ("self", "cell_input", "allow_stdin"), \
    "nbval changed execute_cell_input; re-check conftest.py"
nbval.kernel.RunningKernel.execute_cell_input = _execute_like_a_notebook

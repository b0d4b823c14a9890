"""The exercise checker: a friendly verdict on any answer, never a traceback.

    from course.checks import check, check_function, check_that
    check("sigmoid at 0", my_answer, 0.5)
    check_function("my_sigmoid", my_sigmoid, [((0.0,), 0.5), ((100.0,), 1.0)])
    check_that("NAND weights", (w, T), lambda wt: computes_nand(*wt), hint="...")

Each prints one line that starts with ✅ or ❌ and returns True or False.  An
answer left as ``...`` or ``None`` is reported as "not answered yet".  Only a
check written wrongly (the author's mistake, not the learner's) raises: for
example `check_function` with no cases, or a case that is not a pair.
"""

from __future__ import annotations

import copy

import numpy as np

__all__ = ["check", "check_function", "check_that", "is_unanswered"]

PASS, FAIL, TODO = "✅", "❌", "✏️"


def is_unanswered(answer) -> bool:
    """True for the placeholders a learner replaces: ``...`` and ``None``."""
    return answer is Ellipsis or answer is None


def _close(answer, expected, rtol, atol):
    if isinstance(expected, (bool, np.bool_)):           # 0 and 1 are not answers to a yes/no question
        return _is_bool(answer) and bool(answer) == bool(expected)
    if isinstance(expected, str) or expected is None:
        return _equal(answer, expected)
    if isinstance(expected, dict):
        return (isinstance(answer, dict) and answer.keys() == expected.keys()
                and all(_close(answer[k], expected[k], rtol, atol) for k in expected))
    if isinstance(expected, (set, frozenset)):
        return set(answer) == set(expected)
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return _equal(answer, expected)
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))


def _plain(answer):
    """A tensor (the course tape's or PyTorch's) as a NumPy array, so that it compares by its values."""
    if type(answer).__name__ == "Tensor" and hasattr(answer, "numpy"):
        try:
            return answer.detach().cpu().numpy() if hasattr(answer, "detach") else answer.numpy()
        except Exception:
            return answer
    return answer


def _is_bool(answer):
    """True or False, NumPy's scalar booleans included (also as a 0-d array)."""
    return isinstance(answer, (bool, np.bool_)) or (isinstance(answer, np.ndarray) and answer.shape == ()
                                                    and answer.dtype == bool)


def _equal(answer, expected):
    """``answer == expected`` as one True or False, also for arrays (of strings, say)."""
    same = answer == expected
    if isinstance(same, np.ndarray):
        return same.shape == np.shape(expected) and bool(same.all())
    return bool(same)


def _report(name, ok, detail="", hint=""):
    if ok:
        print(f"{PASS} {name}: correct{(' — ' + detail) if detail else ''}")
    else:
        msg = f"{FAIL} {name}: not yet"
        if detail:
            msg += f" — {detail}"
        if hint:
            msg += f"\n   hint: {hint}"
        print(msg)
    return ok


def _unanswered(name, hint):
    print(f"{TODO} {name}: not answered yet — replace the `...` with your answer and run the cell again"
          + (f"\n   hint: {hint}" if hint else ""))
    return False


def check(name, answer, expected, *, rtol=1e-6, atol=1e-9, hint="") -> bool:
    """Compare an answer with the expected value (numbers and arrays to a tolerance)."""
    if is_unanswered(answer):
        return _unanswered(name, hint)
    answer = _plain(answer)
    try:
        ok = _close(answer, expected, rtol, atol)
        detail = "" if ok else f"your answer {_short(answer)} is not what we expected"
        if not ok and isinstance(expected, (bool, np.bool_)) and not _is_bool(answer):
            detail = f"answer True or False, not {_short(answer)}"
        if not ok and np.shape(answer) != np.shape(expected) and not isinstance(expected, (str, dict, set)):
            detail = f"your answer has shape {np.shape(answer)}, expected shape {np.shape(expected)}"
    except Exception as err:  # a malformed answer is a wrong answer, not a crash
        return _report(name, False, f"could not compare your answer ({type(err).__name__}: {err}); "
                                    f"give a number, a NumPy array or a list", hint)
    return _report(name, ok, detail, hint)


def check_function(name, func, cases, *, rtol=1e-6, atol=1e-9, hint="") -> bool:
    """Call `func(*args)` for each ``(args, expected)`` in `cases` and compare.

    Each call gets deep copies of its arguments, so a function that changes its
    inputs in place cannot change the cases for the next call or the next check.
    `cases` is a non-empty list (or any iterable) of pairs; anything else is a
    ValueError, since a check without cases would pass every function.
    """
    cases = list(cases)
    if not cases:
        raise ValueError(f"check_function({name!r}): give at least one (args, expected) case")
    for i, case in enumerate(cases):
        if not (isinstance(case, (tuple, list)) and len(case) == 2):
            raise ValueError(f"check_function({name!r}): case {i} must be a pair (args, expected), "
                             f"got {_short(case)}")
    if is_unanswered(func):
        return _unanswered(name, hint)
    if not callable(func):
        return _report(name, False, f"expected a function, got {type(func).__name__}", hint)
    for args, expected in cases:
        args = args if isinstance(args, tuple) else (args,)
        try:
            got = func(*copy.deepcopy(args))
        except Exception as err:
            return _report(name, False, f"calling it with {_short(args)} raised "
                                        f"{type(err).__name__}: {err}", hint)
        if got is None or got is Ellipsis:
            return _report(name, False, f"it returned {got!r} for {_short(args)}: did you forget `return`?", hint)
        try:
            ok = _close(got, expected, rtol, atol)
        except Exception:
            ok = False
        if not ok:
            return _report(name, False, f"for input {_short(args)} it returned {_short(got)}, "
                                        f"expected {_short(expected)}", hint)
    return _report(name, True, f"all {len(cases)} cases pass")


def check_that(name, answer, predicate, *, hint="") -> bool:
    """Pass when ``predicate(answer)`` is true; it may also return ``(ok, message)``."""
    if is_unanswered(answer):
        return _unanswered(name, hint)
    try:
        result = predicate(answer)
    except Exception as err:
        return _report(name, False, f"checking your answer raised {type(err).__name__}: {err}", hint)
    if isinstance(result, tuple) and len(result) != 2:
        return _report(name, False, f"the check returned {len(result)} values instead of (ok, message)", hint)
    ok, detail = result if isinstance(result, tuple) else (result, "")
    try:
        ok = bool(np.all(ok))
    except Exception as err:
        return _report(name, False, f"the check's verdict is not True or False ({type(err).__name__}: {err})", hint)
    return _report(name, ok, detail, hint)


def _short(x, limit=80):
    if isinstance(x, np.ndarray):
        text = np.array2string(x, precision=4, threshold=12)
    elif isinstance(x, float):
        text = f"{x:.6g}"
    else:
        text = repr(x)
    return text if len(text) <= limit else text[: limit - 1] + "…"

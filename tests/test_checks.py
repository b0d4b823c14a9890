"""course.checks: verdicts, hints, and no traceback whatever the learner types."""

import numpy as np
import pytest

from course.checks import check, check_function, check_that


def test_check_pass_fail_and_placeholder(capsys):
    assert check("q", 0.25, 0.25) is True
    assert "✅" in capsys.readouterr().out
    assert check("q", 0.3, 0.25, hint="think") is False
    out = capsys.readouterr().out
    assert "❌" in out and "hint: think" in out
    assert check("q", ..., 0.25) is False
    assert "not answered yet" in capsys.readouterr().out
    assert check("q", None, 0.25) is False


def test_check_arrays_shapes_and_tolerance(capsys):
    assert check("a", np.array([1.0, 2.0 + 1e-9]), [1, 2])
    assert not check("a", [1, 2, 3], [1, 2])
    assert "shape" in capsys.readouterr().out
    assert check("s", {"AND", "OR"}, {"OR", "AND"})
    assert check("t", "XOR", "XOR") and not check("t", "xor", "XOR")
    assert not check("weird", object(), 1.0)  # no traceback, just a verdict


def test_check_function_reports_exceptions_and_missing_return(capsys):
    assert check_function("f", lambda x: 2 * x, [((1,), 2), ((3,), 6)])
    assert not check_function("f", lambda x: 1 / 0, [((1,), 2)])
    assert "ZeroDivisionError" in capsys.readouterr().out
    def no_return(x):
        x + 1
    assert not check_function("f", no_return, [((1,), 2)])
    assert "return" in capsys.readouterr().out
    assert not check_function("f", 3, [((1,), 2)])
    assert not check_function("f", ..., [((1,), 2)])


def test_check_function_refuses_a_check_written_wrongly():
    with pytest.raises(ValueError, match="give at least one"):       # it would pass every function
        check_function("f", lambda x: x, [])
    with pytest.raises(ValueError, match=r"case 0 must be a pair \(args, expected\), got \(1\.0,\)"):
        check_function("f", lambda x: x, [(1.0,)])
    with pytest.raises(ValueError, match="give at least one"):       # even before the learner answers
        check_function("f", ..., [])
    assert check_function("f", lambda a: a, ((a, a) for a in [1.0, 2.0]))   # a generator is fine


def test_check_that(capsys):
    assert check_that("p", 5, lambda x: x > 3)
    assert not check_that("p", 2, lambda x: (x > 3, "too small"))
    assert "too small" in capsys.readouterr().out
    assert not check_that("p", 2, lambda x: x.missing)
    assert "AttributeError" in capsys.readouterr().out


def test_yes_no_answers_must_be_booleans(capsys):
    assert check("b", True, True) and check("b", np.bool_(False), False)
    assert not check("b", 0, False)                  # 0 == False in Python, but it is not an answer
    assert "True or False" in capsys.readouterr().out
    assert not check("b", 1.0, True)
    assert not check("b", False, True)


def test_check_function_protects_its_cases_from_in_place_changes():
    w = np.array([0.0, 0.0])
    cases = [((w, 1.0), [1.0, 1.0]), ((w, 1.0), [1.0, 1.0])]

    def nudge_in_place(weights, step):
        weights += step                              # a learner's in-place update
        return weights

    assert check_function("f", nudge_in_place, cases)  # the second case still sees zeros
    assert check_function("f", nudge_in_place, cases)  # and so does a second check
    assert np.array_equal(w, [0.0, 0.0])


def test_arrays_of_strings_and_odd_verdicts_give_a_verdict_not_a_traceback(capsys):
    assert check("s", np.array(["a", "b"]), ["a", "b"])
    assert not check("s", np.array(["a", "c"]), ["a", "b"])
    assert check_function("f", lambda: np.array(["a", "b"]), [((), ["a", "b"])])
    assert not check_that("p", 1, lambda x: np.array([True, False]))    # every entry must hold
    assert check_that("p", 1, lambda x: np.array([True, True]))
    assert not check_that("p", 1, lambda x: (True, "a", "b"))
    assert "3 values" in capsys.readouterr().out


def test_dicts_are_compared_value_by_value(capsys):
    assert not check("d", {"a": 1}, {"a": 2})                     # same keys, wrong value
    assert check("d", {"a": 1.0 + 1e-12}, {"a": 1})               # values to the usual tolerance
    assert check("d", {"a": 1.0, "b": [1, 2]}, {"b": np.array([1.0, 2.0]), "a": 1})
    assert not check("d", {"a": 1.0, "b": [1, 2]}, {"a": 1, "b": [1, 3]})
    assert not check("d", {"a": 1}, {"a": 1, "b": 2})             # a missing key
    assert not check("d", {"a": 1, "b": 2}, {"a": 1})             # an extra key
    assert not check("d", {"a": 1}, {"b": 1})
    assert not check("d", [("a", 1)], {"a": 1})                   # not a dict at all
    assert check("d", {"x": {"y": 0.5}}, {"x": {"y": 0.5}})       # nested dicts, too
    assert not check("d", {"x": {"y": 0.5}}, {"x": {"y": 0.6}})
    assert not check("d", {"ok": 1}, {"ok": True})                # a yes/no value inside still needs a bool
    assert "❌" in capsys.readouterr().out
    assert check_function("f", lambda k: {k: 2.0}, [(("a",), {"a": 2})])
    assert not check_function("f", lambda k: {k: 2.5}, [(("a",), {"a": 2})])


def test_tensor_answers_compare_by_value_and_0d_booleans_count_as_booleans(capsys):
    import torch
    from course.tape import constant
    assert check("t", constant([1.0, 2.0]), np.array([1.0, 2.0]))
    assert check("t", torch.tensor([1.0, 2.0], requires_grad=True), [1.0, 2.0])
    assert not check("t", constant([1.0, 3.0]), [1.0, 2.0])
    assert check("b", np.array(True), True)
    assert "Traceback" not in capsys.readouterr().out

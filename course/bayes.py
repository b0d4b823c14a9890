"""A tiny Bayesian network over yes/no variables, solved exactly by enumeration.

Chapter 6 uses it for "explaining away": two independent causes of one symptom
become dependent once the symptom is seen.

    net = BayesNet()
    net.add("cancer", p=0.005)
    net.add("cold", p=0.10)
    net.add("headache", parents=("cancer", "cold"),
            p={(0, 0): 0.05, (0, 1): 0.60, (1, 0): 0.90, (1, 1): 0.95})
    net.probability({"cold": 1}, given={"headache": 1})

Every variable takes the values 0 (no) and 1 (yes).  A variable's table gives
P(variable = 1 | its parents) for every combination of the parents' values,
keyed by a tuple in the order the parents were listed.  The joint distribution
is the product of the tables,

    P(x_1, ..., x_n) = prod_i P(x_i | parents(x_i)),

held as an array with one axis of length 2 per variable; a conditional
probability is a ratio of two sums over that array.  That is exact, and it
costs 2^n numbers: the point of the chapter is that this does not scale.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

__all__ = ["BayesNet", "noisy_or", "explaining_away_net", "MAX_VARIABLES"]

MAX_VARIABLES = 22  # 2^22 joint probabilities = 32 MiB of float64


def _check_probability(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number between 0 and 1, got {value!r}")
    value = float(value)
    if not (0.0 <= value <= 1.0) or math.isnan(value):
        raise ValueError(f"{what} must lie between 0 and 1, got {value!r}")
    return value


def _check_value(value, name):
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return int(value)
    raise ValueError(f"{name} can only be 0 or 1 (False or True), got {value!r}")


class BayesNet:
    """A directed acyclic graph of yes/no variables with conditional probability tables.

    Add the variables parents first (`add` refuses a parent it has not seen,
    which also rules out cycles).  Queries sum the full joint distribution.
    """

    def __init__(self):
        self._names: list[str] = []
        self._parents: dict[str, tuple[str, ...]] = {}
        self._tables: dict[str, dict[tuple[int, ...], float]] = {}
        self._joint = None  # cached, rebuilt after every add()

    # ------------------------------------------------------------ building
    def add(self, name, parents=(), p=None):
        """Add variable `name` with P(name = 1 | parents) given by `p`.

        `p` is a number for a variable without parents, else a dict from each
        tuple of parent values (0/1, in the order of `parents`) to a
        probability; every one of the 2^k combinations must be present.
        Returns the network, so calls can be chained.
        """
        if not isinstance(name, str) or not name:
            raise ValueError(f"a variable's name must be a non-empty string, got {name!r}")
        if name in self._parents:
            raise ValueError(f"variable {name!r} is already in the network")
        if isinstance(parents, str):
            parents = (parents,)
        parents = tuple(parents)
        for q in parents:
            if q not in self._parents:
                raise ValueError(f"parent {q!r} of {name!r} is not in the network yet: "
                                 f"add the parents first (known: {self._names})")
        if len(set(parents)) != len(parents):
            raise ValueError(f"the parents of {name!r} repeat: {parents}")
        if len(self._names) + 1 > MAX_VARIABLES:
            raise ValueError(f"exact enumeration holds 2^n numbers; this class stops at "
                             f"{MAX_VARIABLES} variables (2^{MAX_VARIABLES} = {2 ** MAX_VARIABLES:,})")
        if p is None:
            raise ValueError(f"give p, the probability that {name!r} is 1 (a number, or a table "
                             f"keyed by the values of {parents})")
        table = {}
        if not parents:
            if isinstance(p, dict):
                if set(p) != {()}:
                    raise ValueError(f"{name!r} has no parents: give p as a number")
                p = p[()]
            table[()] = _check_probability(p, f"P({name} = 1)")
        else:
            if not isinstance(p, dict):
                raise TypeError(f"{name!r} has parents {parents}: give p as a dict from each tuple "
                                f"of their values to P({name} = 1 | parents)")
            wanted = set(itertools.product((0, 1), repeat=len(parents)))
            for key, value in p.items():
                key = key if isinstance(key, tuple) else (key,)
                if len(key) != len(parents):
                    raise ValueError(f"table key {key} of {name!r} must give one value per parent {parents}")
                key = tuple(_check_value(v, f"the value of parent {q!r}") for v, q in zip(key, parents))
                if key in table:
                    raise ValueError(f"table key {key} of {name!r} appears twice")
                table[key] = _check_probability(value, f"P({name} = 1 | {parents} = {key})")
            missing = sorted(wanted - set(table))
            if missing:
                raise ValueError(f"the table of {name!r} lacks the parent values {missing}; "
                                 f"give all {len(wanted)} combinations of {parents}")
        self._names.append(name)
        self._parents[name] = parents
        self._tables[name] = table
        self._joint = None
        return self

    # ------------------------------------------------------------ reading
    @property
    def variables(self) -> tuple[str, ...]:
        """The variables, in the order they were added (parents before children)."""
        return tuple(self._names)

    def parents(self, name) -> tuple[str, ...]:
        """The parents of `name`."""
        self._check_names([name])
        return self._parents[name]

    def table(self, name) -> dict:
        """A copy of the table P(name = 1 | parents) of `name`."""
        self._check_names([name])
        return dict(self._tables[name])

    def _check_names(self, names):
        for n in names:
            if n not in self._parents:
                raise ValueError(f"unknown variable {n!r}; the network has {self._names}")

    # ------------------------------------------------------------ the joint
    def joint(self) -> np.ndarray:
        """The joint distribution: an array with one axis of length 2 per variable.

        ``joint()[x_1, ..., x_n]`` is P(x_1, ..., x_n), axes in the order of
        `variables`.  It is built as a product of one factor per variable, each
        broadcast over the axes it does not touch.
        """
        if not self._names:
            raise ValueError("the network is empty: add variables first")
        if self._joint is None:
            n = len(self._names)
            axis = {name: i for i, name in enumerate(self._names)}
            joint = np.ones((2,) * n)
            for name in self._names:
                parents = self._parents[name]
                axes = [axis[q] for q in parents] + [axis[name]]
                factor = np.empty((2,) * len(axes))
                for key, p1 in self._tables[name].items():
                    factor[key + (0,)] = 1.0 - p1
                    factor[key + (1,)] = p1
                # put the factor's axes where they belong, length 1 elsewhere
                order = np.argsort(axes)
                shape = [1] * n
                for a in axes:
                    shape[a] = 2
                joint = joint * np.transpose(factor, order).reshape(shape)
            joint.setflags(write=False)
            self._joint = joint
        return self._joint

    def _mass(self, assignment) -> float:
        """The total probability of the worlds that agree with `assignment`."""
        index = [slice(None)] * len(self._names)
        for name, value in assignment.items():
            index[self._names.index(name)] = _check_value(value, f"the value of {name!r}")
        return float(self.joint()[tuple(index)].sum())

    def probability(self, event, given=None) -> float:
        """P(event | given), exactly, for dicts of variable values (0/1).

        ``net.probability({"cold": 1}, given={"headache": 1})`` is
        P(cold = 1 | headache = 1).  An event that contradicts the evidence
        has probability 0.  Raises ValueError for unknown variables, values
        other than 0 and 1, or evidence that has probability zero.
        """
        given = {} if given is None else dict(given)
        event = dict(event)
        self._check_names(list(event) + list(given))
        denominator = self._mass(given)
        if denominator == 0.0:
            raise ValueError(f"the evidence {given} has probability 0 in this network, "
                             f"so nothing can be conditioned on it")
        for name in set(event) & set(given):
            if _check_value(event[name], name) != _check_value(given[name], name):
                return 0.0
        return self._mass({**given, **event}) / denominator

    def posterior(self, name, given=None) -> float:
        """P(name = 1 | given): a shorthand for `probability({name: 1}, given)`."""
        return self.probability({name: 1}, given)

    def worlds(self):
        """Every complete assignment with its probability: a list of (dict, float), 2^n rows."""
        joint = self.joint()
        rows = []
        for values in itertools.product((0, 1), repeat=len(self._names)):
            rows.append((dict(zip(self._names, values)), float(joint[values])))
        return rows


# ------------------------------------------------------------------ helpers
def noisy_or(strengths, leak=0.0) -> dict:
    """The table of a noisy-OR effect: each active cause i fails to trigger it with prob 1 - s_i.

    P(effect = 1 | causes x) = 1 - (1 - leak) * prod over active causes of (1 - s_i).
    Returns the dict that `BayesNet.add` takes, keyed by tuples of 0/1.
    """
    strengths = [_check_probability(s, "a cause's strength") for s in strengths]
    leak = _check_probability(leak, "the leak probability")
    if not strengths:
        raise ValueError("a noisy-OR needs at least one cause")
    table = {}
    for x in itertools.product((0, 1), repeat=len(strengths)):
        miss = 1.0 - leak
        for active, s in zip(x, strengths):
            if active:
                miss *= 1.0 - s
        table[x] = 1.0 - miss
    return table


# The chapter's example: stated, round numbers (illustrative, not clinical data).
EXAMPLE_PRIORS = {"cancer": 0.005, "cold": 0.10}
EXAMPLE_HEADACHE = {(0, 0): 0.05, (0, 1): 0.60, (1, 0): 0.90, (1, 1): 0.95}


def explaining_away_net(p_cancer=EXAMPLE_PRIORS["cancer"], p_cold=EXAMPLE_PRIORS["cold"],
                        p_headache=None) -> BayesNet:
    """cancer → headache ← cold, with the chapter's priors and table.

    `p_headache` maps (cancer, cold) to P(headache = 1 | cancer, cold); by
    default 5 % with neither cause, 60 % with a cold, 90 % with cancer and
    95 % with both.  The numbers are illustrative, chosen to be easy to follow.
    """
    return (BayesNet()
            .add("cancer", p=p_cancer)
            .add("cold", p=p_cold)
            .add("headache", parents=("cancer", "cold"),
                 p=dict(EXAMPLE_HEADACHE if p_headache is None else p_headache)))

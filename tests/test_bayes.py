"""course.bayes against independent truth: a brute-force enumeration written
differently (itertools.product over all worlds, one explicit product per world)
and posteriors worked out by hand."""

import itertools

import numpy as np
import pytest

from course import bayes


def brute_force(priors, child, child_parents, child_table, event, given):
    """P(event | given) by listing every world of root variables + one child."""
    names = list(priors) + [child]
    num = den = 0.0
    for values in itertools.product([False, True], repeat=len(names)):
        world = dict(zip(names, values))
        p = 1.0
        for root, prior in priors.items():
            p *= prior if world[root] else 1.0 - prior
        p_child = child_table[tuple(int(world[q]) for q in child_parents)]
        p *= p_child if world[child] else 1.0 - p_child
        if all(world[k] == bool(v) for k, v in given.items()):
            den += p
            if all(world[k] == bool(v) for k, v in event.items()):
                num += p
    return num / den


PRIORS = {"cancer": 0.005, "cold": 0.10}
TABLE = {(0, 0): 0.05, (0, 1): 0.60, (1, 0): 0.90, (1, 1): 0.95}


@pytest.mark.parametrize("event,given", [
    ({"cold": 1}, {"headache": 1}),
    ({"cold": 1}, {"headache": 1, "cancer": 1}),
    ({"cancer": 1}, {"headache": 1}),
    ({"cancer": 1}, {"headache": 1, "cold": 1}),
    ({"cancer": 1, "cold": 1}, {"headache": 1}),
    ({"headache": 1}, {}),
    ({"cold": 0}, {"headache": 0}),
    ({"cold": 1}, {"cancer": 1}),
])
def test_example_matches_brute_force(event, given):
    net = bayes.explaining_away_net()
    expected = brute_force(PRIORS, "headache", ("cancer", "cold"), TABLE, event, given)
    assert net.probability(event, given) == pytest.approx(expected, rel=1e-12)


def test_explaining_away_by_hand():
    net = bayes.explaining_away_net()
    # P(h, cold) = 0.1 (0.995*0.60 + 0.005*0.95); P(h) adds 0.9 (0.995*0.05 + 0.005*0.90)
    p_h_cold = 0.1 * (0.995 * 0.60 + 0.005 * 0.95)
    p_h = p_h_cold + 0.9 * (0.995 * 0.05 + 0.005 * 0.90)
    assert p_h_cold == pytest.approx(0.060175) and p_h == pytest.approx(0.109)
    assert net.posterior("cold", {"headache": 1}) == pytest.approx(0.060175 / 0.109, rel=1e-12)
    # With cancer known, only the cold's own numbers remain: 0.1*0.95 / (0.1*0.95 + 0.9*0.90) = 19/181.
    assert net.posterior("cold", {"headache": 1, "cancer": 1}) == pytest.approx(19 / 181, rel=1e-12)
    # Explaining away: learning of cancer lowers the cold's posterior back near its prior.
    assert net.posterior("cold", {"headache": 1}) > net.posterior("cold", {"headache": 1, "cancer": 1})
    # The causes are independent a priori, dependent once the headache is seen.
    assert net.probability({"cancer": 1, "cold": 1}) == pytest.approx(0.005 * 0.10, rel=1e-12)
    joint = net.probability({"cancer": 1, "cold": 1}, {"headache": 1})
    product = net.posterior("cancer", {"headache": 1}) * net.posterior("cold", {"headache": 1})
    assert joint < 0.5 * product


def test_random_networks_match_brute_force():
    rng = np.random.default_rng(1)
    for k in range(1, 6):  # k independent causes of one effect
        priors = {f"c{i}": float(rng.uniform(0.01, 0.99)) for i in range(k)}
        table = {x: float(rng.uniform()) for x in itertools.product((0, 1), repeat=k)}
        net = bayes.BayesNet()
        for name, p in priors.items():
            net.add(name, p=p)
        net.add("e", parents=tuple(priors), p=table)
        for target in priors:
            for given in ({"e": 1}, {"e": 0}, {"e": 1, "c0": 1} if target != "c0" else {"e": 1}):
                want = brute_force(priors, "e", tuple(priors), table, {target: 1}, given)
                assert net.posterior(target, given) == pytest.approx(want, rel=1e-10)


def test_chain_and_worlds_sum_to_one():
    # a -> b -> c: parents listed out of axis order in a v-structure too
    net = bayes.BayesNet().add("a", p=0.3).add("b", "a", {(0,): 0.2, (1,): 0.7})
    net.add("c", parents=("b", "a"), p={(0, 0): 0.1, (0, 1): 0.4, (1, 0): 0.5, (1, 1): 0.9})
    rows = net.worlds()
    assert len(rows) == 8
    assert sum(p for _, p in rows) == pytest.approx(1.0)
    for world, p in rows:
        pa = 0.3 if world["a"] else 0.7
        pb1 = 0.7 if world["a"] else 0.2
        pc1 = {(0, 0): 0.1, (0, 1): 0.4, (1, 0): 0.5, (1, 1): 0.9}[(world["b"], world["a"])]
        want = pa * (pb1 if world["b"] else 1 - pb1) * (pc1 if world["c"] else 1 - pc1)
        assert p == pytest.approx(want, rel=1e-12)
    # Bayes' rule by hand for P(a | b = 1) = 0.3*0.7 / (0.3*0.7 + 0.7*0.2)
    assert net.posterior("a", {"b": 1}) == pytest.approx(0.21 / 0.35)


def test_noisy_or_table():
    t = bayes.noisy_or([0.8, 0.5], leak=0.1)
    assert t[(0, 0)] == pytest.approx(0.1)
    assert t[(1, 0)] == pytest.approx(1 - 0.9 * 0.2)
    assert t[(0, 1)] == pytest.approx(1 - 0.9 * 0.5)
    assert t[(1, 1)] == pytest.approx(1 - 0.9 * 0.2 * 0.5)
    assert bayes.noisy_or([0.3])[(1,)] == pytest.approx(0.3)


def test_contradicting_event_and_evidence_is_zero():
    net = bayes.explaining_away_net()
    assert net.probability({"cold": 1}, {"cold": 0}) == 0.0
    assert net.probability({"cold": True}, {"cold": True}) == pytest.approx(1.0)


@pytest.mark.parametrize("build,error", [
    (lambda n: n.add("x", p=1.5), ValueError),
    (lambda n: n.add("x", p=float("nan")), ValueError),
    (lambda n: n.add("x", p="0.5"), TypeError),
    (lambda n: n.add("x"), ValueError),
    (lambda n: n.add("x", parents=("y",), p={(0,): 0.1, (1,): 0.2}), ValueError),
    (lambda n: n.add("a", p=0.1).add("a", p=0.2), ValueError),
    (lambda n: n.add("a", p=0.1).add("x", parents="a", p={(0,): 0.1}), ValueError),
    (lambda n: n.add("a", p=0.1).add("x", parents="a", p=0.3), TypeError),
    (lambda n: n.add("a", p=0.1).add("x", parents="a", p={(2,): 0.1, (1,): 0.2}), ValueError),
])
def test_bad_construction(build, error):
    with pytest.raises(error):
        build(bayes.BayesNet())


def test_bad_queries():
    net = bayes.explaining_away_net()
    with pytest.raises(ValueError, match="unknown variable"):
        net.posterior("flu", {"headache": 1})
    with pytest.raises(ValueError, match="0 or 1"):
        net.posterior("cold", {"headache": 2})
    certain = bayes.BayesNet().add("a", p=1.0)
    with pytest.raises(ValueError, match="probability 0"):
        certain.posterior("a", {"a": 0})
    with pytest.raises(ValueError, match="empty"):
        bayes.BayesNet().joint()


def test_too_many_variables_is_refused():
    net = bayes.BayesNet()
    for i in range(bayes.MAX_VARIABLES):
        net.add(f"v{i}", p=0.5)
    with pytest.raises(ValueError, match="2\\^n"):
        net.add("one_more", p=0.5)

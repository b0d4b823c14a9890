"""The reproduction record of Nielsen's chapter 5 against the published numbers.

benchmarks/reproduce_nielsen.py writes benchmarks/results/nielsen_ch5.json.
Here we check the record against Nielsen's published values (within our seed
spread), and recompute its cheapest part to make sure it is current.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from course import gradients as G

RECORD = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "nielsen_ch5.json"
REGENERATE = "regenerate it with `.venv/bin/python benchmarks/reproduce_nielsen.py`"


@pytest.fixture(scope="module")
def record():
    assert RECORD.is_file(), f"{RECORD} is missing; {REGENERATE}"
    return json.loads(RECORD.read_text())


def _key(sizes):
    return "-".join(map(str, sizes))


def test_record_covers_every_published_net_with_enough_seeds(record):
    init = record["speeds_at_init"]
    assert len(init["seeds"]) >= 20
    assert set(init["nets"]) == {_key(s) for s in G.NIELSEN_SPEEDS_AT_INIT}
    for sizes, published in G.NIELSEN_SPEEDS_AT_INIT.items():
        net = init["nets"][_key(sizes)]
        assert net["published"] == list(published)
        assert np.shape(net["per_seed"]) == (len(init["seeds"]), len(sizes) - 2)


@pytest.mark.parametrize("sizes", list(G.NIELSEN_SPEEDS_AT_INIT), ids=_key)
def test_published_speeds_at_init_lie_inside_our_seed_range(record, sizes):
    net = record["speeds_at_init"]["nets"][_key(sizes)]
    per_seed = np.array(net["per_seed"])
    published = np.array(G.NIELSEN_SPEEDS_AT_INIT[sizes])
    low, high = per_seed.min(0), per_seed.max(0)
    assert np.all((low <= published) & (published <= high)), \
        f"published {published} not inside our seed range [{low}, {high}]"
    np.testing.assert_allclose(net["min"], low)
    np.testing.assert_allclose(net["max"], high)


@pytest.mark.parametrize("sizes", list(G.NIELSEN_SPEEDS_AT_INIT), ids=_key)
def test_layer_to_layer_ratios_are_between_3_and_8(record, sizes):
    per_seed = np.array(record["speeds_at_init"]["nets"][_key(sizes)]["per_seed"])
    ours = G.layer_ratios(per_seed.mean(0))                 # about 5 per layer
    assert np.all((3 < ours) & (ours < 8)), f"ratios of the mean speeds: {ours}"
    assert np.all((3 < np.median(G.layer_ratios(per_seed), 0)) & (np.median(G.layer_ratios(per_seed), 0) < 8))
    published = G.layer_ratios(G.NIELSEN_SPEEDS_AT_INIT[sizes])
    assert np.all((3 < published) & (published < 8))        # the book's own ratios, for comparison


def test_after_training_the_first_layer_is_about_100_times_slower_in_the_deepest_net(record):
    train = record["speeds_after_training"]
    assert (train["epochs"], train["eta"], train["lmbda"]) == (500, 0.1, 5.0)
    deepest = _key((784, 30, 30, 30, 30, 10))
    ratios = np.array(train["nets"][deepest]["last_over_first_per_seed"])
    published = train["published_last_over_first"][deepest]
    assert ratios.min() <= published <= ratios.max(), f"published {published}, our seeds {ratios}"
    # in every net and every seed, the first hidden layer ends up the slowest
    for net in train["nets"].values():
        final = np.array(net["final_speeds_per_seed"])
        assert np.all(final.argmin(axis=1) == 0), final


def test_window_maximum_matches_nielsen_and_brute_force(record):
    window = record["window"]
    assert round(window["w_star"], 1) == G.NIELSEN_WINDOW_MAX[0]
    assert round(window["width_star"], 2) == G.NIELSEN_WINDOW_MAX[1]
    assert window["brute_force_w_star"] == pytest.approx(window["w_star"], abs=0.02)
    assert window["brute_force_width_star"] == pytest.approx(window["width_star"], abs=1e-4)
    w_star, width_star = G.window_maximum()                 # recomputed now
    assert w_star == pytest.approx(window["w_star"], abs=1e-8)
    assert width_star == pytest.approx(window["width_star"], abs=1e-12)


def test_record_is_current(record):
    """Recompute the cheap part (speeds at init for three seeds) and compare."""
    data = record["data"]
    X, Y = G.nielsen_data(data["n_images"], seed=data["seed"])
    seeds = record["speeds_at_init"]["seeds"][:3]
    now = G.speeds_at_init(X, Y, seeds=seeds)
    for sizes, speeds in now.items():
        stored = np.array(record["speeds_at_init"]["nets"][_key(sizes)]["per_seed"])[:3]
        np.testing.assert_allclose(speeds, stored, rtol=1e-9,
                                   err_msg=f"the record is stale for {sizes}; {REGENERATE}")

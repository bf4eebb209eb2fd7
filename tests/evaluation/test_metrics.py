from __future__ import annotations

from evaluation.metrics import covered_share, find_all, prf, quadratic_weighted_kappa


def test_metrics() -> None:
    assert prf(8, 2, 0)["precision"] == 0.8 and prf(8, 2, 0)["recall"] == 1.0
    assert covered_share(0, 10, [(0, 5), (4, 9)]) == 0.9
    assert find_all("Sofi and Sofia met Sofi.", "Sofi") == [(0, 4), (19, 23)]
    assert quadratic_weighted_kappa([1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4, 5]) == 1.0

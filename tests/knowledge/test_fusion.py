from __future__ import annotations

import pytest

from knowledge.fusion import reciprocal_rank_fusion

pytestmark = pytest.mark.unit


def test_scores_are_sums_of_reciprocal_ranks():
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60))
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 62)


def test_agreement_beats_a_single_first_place():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["d", "b", "c"]])
    assert fused[0][0] == "b"


def test_weights_tilt_the_result():
    rankings = [["lex"], ["dense"]]
    assert reciprocal_rank_fusion(rankings, weights=[1.0, 2.0])[0][0] == "dense"
    assert reciprocal_rank_fusion(rankings, weights=[2.0, 1.0])[0][0] == "lex"


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 1.0])
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], k=-1)


def test_empty_input_gives_nothing():
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


def test_lexical_weight_per_language():
    from core.settings import KnowledgeSettings

    settings = KnowledgeSettings(lexical_weight=0.9, lexical_weights={"uk": 0.0})
    assert settings.lexical_weight_for("uk") == 0.0
    assert settings.lexical_weight_for("nb") == 0.9
    assert KnowledgeSettings().lexical_weight_for("nb") == KnowledgeSettings().lexical_weight


def test_score_fusion_is_a_weighted_mean_of_scaled_signals():
    import numpy as np

    from knowledge.fusion import scaled_by_best, score_fusion

    lexical = scaled_by_best(np.array([8.0, 2.0, 0.0]))
    assert lexical.tolist() == [1.0, 0.25, 0.0]
    assert scaled_by_best(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]
    dense = np.array([0.5, 0.6, 0.55])  # already calibrated to 0..1
    fused = score_fusion([lexical, dense], [1.0, 1.0])
    assert fused.tolist() == pytest.approx([0.75, 0.425, 0.275])
    # A clear lexical winner stays first when the dense scores are close together; rank fusion
    # would call it a tie (first in one list, last in the other).
    assert int(fused.argmax()) == 0
    assert score_fusion([lexical, dense], [0.0, 1.0]).tolist() == pytest.approx(dense.tolist())
    with pytest.raises(ValueError):
        score_fusion([lexical], [1.0, 1.0])
    with pytest.raises(ValueError):
        score_fusion([lexical, dense], [1.0, -1.0])

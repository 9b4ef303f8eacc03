"""Keyword cues per intent (bot/cues.py) and how the intent model weighs them."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.svm import LinearSVC

from kefu.bot import labels, models
from kefu.bot.cues import CUES, cues
from kefu.bot.intents import INTENT_IDS
from kefu.bot.normalize import normalize


class TestCues:
    def test_every_cue_names_an_intent_of_the_spec(self) -> None:
        assert set(CUES) <= set(INTENT_IDS)

    @pytest.mark.parametrize(
        ("text", "cue"),
        [
            ("可以用白条吗", "cue:payment"),
            ("花呗能分期吗", "cue:payment"),
            ("显示无货 什么时候补", "cue:stock"),
            ("我要投诉你们", "cue:complaint"),
            ("收件地址写错了", "cue:change_address"),
            ("能開專票嗎", "cue:invoice"),  # after normalisation, like simplified
        ],
    )
    def test_synonyms_share_one_cue(self, text: str, cue: str) -> None:
        assert cue in cues(normalize(text))

    def test_a_message_without_cue_words_has_none(self) -> None:
        assert cues(normalize("哈哈哈")) == []


class TestCueWeight:
    def test_prediction_by_hand_equals_the_weighted_union(self) -> None:
        """The union scales the cue block; the saved model carries that scale in
        its coefficients instead, so prediction by hand must give the scores of
        the weighted union and the machine fitted on it."""
        rows = labels.read_labelled(labels.INTENTS_TSV)
        texts, intents = [r.text for r in rows], [r.intent for r in rows]
        model = models.train(texts, intents, c=1.0, cue_weight=0.6)
        union = models.features(
            char_ngrams=(1, 2), min_df=1, max_features=None, with_words=True, cue_weight=0.6
        )
        matrix = union.fit_transform([normalize(t) for t in texts])
        machine = LinearSVC(C=1.0, random_state=0).fit(matrix, intents)
        for text in ("可以用白条吗", "黑色M还有货吗", "我要投诉", "哈哈"):
            expected = machine.decision_function(union.transform([normalize(text)]))[0]
            got = model.scores(normalize(text)) * model.temperature
            assert np.allclose(got, expected, atol=1e-3)

"""The bot's labelled data and its evaluation: the real JDDC labels (ids only,
split by session), the labelled-file reader, scores and the reliability table."""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu.bot import labels, runtime
from kefu.bot.evaluation import evaluate, evaluate_real, reliability
from kefu.bot.intents import INTENT_IDS
from kefu.kit.errors import BadInput
from tests.conftest import CORPUS


class TestEvaluate:
    @pytest.mark.usefixtures("bot")
    def test_reports_accuracy_macro_f1_and_confusions(self) -> None:
        rows = [("stock", "黑色M还有货吗"), ("invoice", "能开专票吗"), ("stock", "转人工")]
        report = evaluate(runtime.models().intent.predict, rows)
        assert report["n"] == 3 and report["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
        assert report["confusions"] == [["stock", "human_agent", 1]]
        assert sum(band["n"] for band in report["reliability"]) == 3

    def test_reliability_bands_count_answers_and_rights(self) -> None:
        table = reliability([0.95, 0.97, 0.6, 0.2], [True, False, True, False])
        by_band = {band["band"]: band for band in table}
        assert by_band["0.95–1.00"] == {
            "band": "0.95–1.00",
            "n": 2,
            "confidence": 0.96,
            "accuracy": 0.5,
        }
        assert by_band["0.50–0.70"]["accuracy"] == 1.0 and by_band["0.70–0.90"]["n"] == 0


class TestEvaluateReal:
    def test_each_second_reader_is_scored_against_the_same_labels_as_the_model(self) -> None:
        held = [
            labels.Labelled(i, t, "s", "real")
            for i, t in (("stock", "有货吗"), ("invoice", "开票"))
        ]
        split = labels.RealSplit([], held, {"B": ["stock", "stock"], "C": ["stock", "invoice"]})
        report = evaluate_real(lambda _text: ("stock", 0.9), split)
        assert (
            report["macro_f1"] == report["second_readers"]["B"] == pytest.approx(0.3333, abs=1e-4)
        )
        assert report["second_readers"]["C"] == 1.0


class TestReadLabelled:
    def test_a_bad_line_is_refused_with_its_number(self, tmp_path: Path) -> None:
        path = tmp_path / "x.tsv"
        path.write_text("stock\t有货吗\nnot_an_intent\t你好\n", encoding="utf-8")
        with pytest.raises(BadInput, match="第 2 行"):
            labels.read_labelled(path)


class TestReadReal:
    @pytest.mark.skipif(
        not (CORPUS / "jddc_sample_history.jsonl").exists(),
        reason=f"the JDDC history is not in {CORPUS}",
    )
    def test_labels_are_ids_and_the_split_keeps_sessions_whole(self) -> None:
        ids = labels.read_ids()
        assert len(ids) >= 1500 and set(ids.values()) <= set(INTENT_IDS)
        split = labels.read_real(CORPUS)
        assert split is not None
        assert {row.group for row in split.train}.isdisjoint({row.group for row in split.held_out})
        assert len(split.train) + len(split.held_out) == len(ids)

    def test_the_second_and_third_readings_label_the_same_messages(self) -> None:
        """bench/bot_agreement.py compares three readings of every real buyer message: the
        two independent ones must cover exactly the committed labels' ids."""
        committed = labels.read_ids()
        for name in ("jddc_labels_b.tsv", "jddc_labels_c.tsv"):
            reading = labels.read_ids(labels.DATA / name)
            assert reading.keys() == committed.keys(), name
            assert set(reading.values()) <= set(INTENT_IDS)
            differs = sum(reading[i] != committed[i] for i in committed)
            assert 0 < differs < len(committed) / 5, (name, differs)  # a reading, not a copy

    def test_without_the_history_file_there_is_no_real_set(self, tmp_path: Path) -> None:
        assert labels.read_real(tmp_path) is None

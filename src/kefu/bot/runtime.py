"""The trained models of this process, loaded once from ``KEFU_DATA_DIR/bot``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kefu.bot.features import warm_up
from kefu.config import get_settings
from kefu.kit.errors import Conflict

if TYPE_CHECKING:
    from kefu.bot.models import LinearTextModel

INTENT_FILE = "intent.joblib"
SENTIMENT_FILE = "sentiment.joblib"


@dataclass(frozen=True)
class Models:
    intent: LinearTextModel
    sentiment: LinearTextModel


_lock = threading.Lock()
_loaded: dict[Path, Models] = {}


def model_dir() -> Path:
    return get_settings().data_dir / "bot"


def available() -> bool:
    folder = model_dir()
    return (folder / INTENT_FILE).exists() and (folder / SENTIMENT_FILE).exists()


def models() -> Models:
    """The models, loaded on first use; 409 ``bot_not_trained`` before ``kefu bot train``."""
    folder = model_dir()
    with _lock:
        if folder not in _loaded:
            if not available():
                raise Conflict(
                    "机器人模型尚未训练：请先运行 kefu bot train", code="bot_not_trained"
                )
            # scikit-learn and SciPy load here, on the first question, not when the app starts:
            # a shop without a trained bot (and every test server) never needs them.
            from kefu.bot.models import LinearTextModel

            warm_up()
            _loaded[folder] = Models(
                intent=LinearTextModel.load(folder / INTENT_FILE),
                sentiment=LinearTextModel.load(folder / SENTIMENT_FILE),
            )
        return _loaded[folder]


def forget() -> None:
    """Drop loaded models (after training new ones in this process)."""
    with _lock:
        _loaded.clear()

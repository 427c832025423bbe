"""The Rasa featuriser runs the embedding engine compiled for this machine (knowledge/native), in
Rasa's own Python: a message is embedded in a few milliseconds, and its vector is the one the
knowledge base's search would compute (the action server reuses it, ``e5_query``)."""
from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, types
    from assistant.nlu.e5_featurizer import COMPILED_ENGINE, E5Featurizer
    config = {**E5Featurizer.get_default_config(), "alias": "e5"}
    featurizer = E5Featurizer.create(config, None, None, types.SimpleNamespace(node_name="e5"))
    vector = featurizer.embed(["kor lenge kan eg utsetje å betale studielånet?"])[0]
    print(json.dumps({"engine": str(COMPILED_ENGINE), "lib": featurizer._model._lib._name,
                      "vector": [float(x) for x in vector]}))
""")


def test_the_rasa_featurizer_runs_the_compiled_engine_and_gives_the_search_vector():
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", SCRIPT], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["lib"] == out["engine"]

    from core.settings import KnowledgeSettings
    from knowledge.dense import make_embedder

    embedder = make_embedder(KnowledgeSettings())
    ours = embedder.embed_queries(["kor lenge kan eg utsetje å betale studielånet?"])[0]
    assert float(np.dot(ours, np.asarray(out["vector"]))) >= 0.9999

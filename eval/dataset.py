"""Evaluation datasets in the public schema (eval/dataset.jsonl); evaluators bring their own in the same form."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from core.errors import CadreError

# The public set, shipped with the package (an installed wheel has it too).
PUBLIC_DATASET = Path(str(files("eval") / "dataset.jsonl"))

QuestionType = Literal["fact", "list", "why", "multi", "followup", "unanswerable", "traditional", "paraphrase"]
# Cross-cutting tags (issue 13): questions that name their source, use spoken wording (everyday: official terms
# swapped for the words villagers use), ask two things, ask for a
# fact the documents lack about a subject they cover, or have nothing to do with the documents (off_topic).
# Reports show each as a row of its own.
QuestionKindTag = Literal["source_scoped", "spoken", "everyday", "two_part", "absent_fact", "off_topic"]


class DatasetError(CadreError):
    default_help = "评测数据集格式不正确。"


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    question: str
    answer: str
    doc: str | None
    evidence: str | None
    type: QuestionType
    history: list[str] = []
    kinds: list[QuestionKindTag] = []
    doc2: str | None = None
    evidence2: str | None = None
    doc_alt: str | None = None
    evidence_alt: str | None = None

    @model_validator(mode="after")
    def _pairs(self) -> EvalItem:
        for doc, evidence in ((self.doc, self.evidence), (self.doc2, self.evidence2),
                              (self.doc_alt, self.evidence_alt)):
            if (doc is None) != (evidence is None):
                raise ValueError("a document and its evidence go together")
        if self.type != "unanswerable" and self.doc is None:
            raise ValueError("an answerable question needs doc and evidence")
        return self

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    def required_evidence(self) -> list[tuple[str, str]]:
        """(doc, evidence) pairs that must all be found; ``multi`` questions have two."""
        pairs = [(self.doc, self.evidence)] if self.doc else []
        if self.doc2:
            pairs.append((self.doc2, self.evidence2))
        return pairs

    def alternative_evidence(self) -> tuple[str, str] | None:
        return (self.doc_alt, self.evidence_alt) if self.doc_alt else None


def load_dataset(path: Path) -> list[EvalItem]:
    """Read a JSONL dataset; the first bad line is reported with its number."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path} not found", help_message=f"找不到评测数据集：{path}")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(EvalItem.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise DatasetError(f"{path}:{number}: {reason}",
                               help_message=f"评测数据集第 {number} 行有误：{reason}") from exc
    if not items:
        raise DatasetError(f"{path} is empty", help_message=f"评测数据集是空的：{path}")
    return items

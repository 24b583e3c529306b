"""The built-in model's tokenization run by SentencePiece, for the ONNX runtime.

The same 250,002 Unigram pieces take ~290 MB resident in ``tokenizers`` (its trie) and ~70 MB
in SentencePiece (a double-array trie), measured on the built-in model: the difference is a
quarter of what the page may use on a 4 GB county PC. ``tokenizer.json`` stays in the model
directory for sentence-transformers; a test holds the two to the same ids.

The engine's rules, as ``build_tokenizer`` states them for ``tokenizers``: the per-codepoint
normalization, runs of spaces folded to one, spaces written as ``▁``, one ``▁`` in front unless
the text already starts with one (an empty text gets none), one Viterbi pass over the whole text.
One difference, on purpose: ``tokenizers`` reads ``<s>`` written inside a text as the special
token; here it is text, as everything in a document should be.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

NORMALIZER_FILE = "sentencepiece.normalizer.model"
VOCABULARY_FILE = "sentencepiece.unigram.model"
_METASPACE = "\u2581"
_SPACE_RUNS = re.compile(" {2,}")


class SentencePieceTokenizer:
    def __init__(self, directory: Path, max_tokens: int) -> None:
        import sentencepiece as spm

        self._normalizer = spm.SentencePieceProcessor(model_file=str(Path(directory) / NORMALIZER_FILE))
        self._vocabulary = spm.SentencePieceProcessor(model_file=str(Path(directory) / VOCABULARY_FILE))
        self.bos_id, self.eos_id = self._vocabulary.bos_id(), self._vocabulary.eos_id()
        self.pad_id = self._vocabulary.pad_id()
        self.max_tokens = max_tokens

    @staticmethod
    def present(directory: Path) -> bool:
        return (Path(directory) / NORMALIZER_FILE).is_file() and (Path(directory) / VOCABULARY_FILE).is_file()

    def ids(self, text: str) -> list[int]:
        """Token ids with ``<s>`` and ``</s>``, cut to ``max_tokens`` like the engine's truncation."""
        spaced = _SPACE_RUNS.sub(" ", self._normalizer.normalize(text)).replace(" ", _METASPACE)
        if spaced and not spaced.startswith(_METASPACE):
            spaced = _METASPACE + spaced
        return [self.bos_id, *self._vocabulary.encode(spaced)[: self.max_tokens - 2], self.eos_id]

    def encode_batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Padded ``input_ids`` and ``attention_mask`` for one batch."""
        rows = [self.ids(text) for text in texts]
        width = max(len(row) for row in rows)
        ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return ids, mask

"""Make development questions from the corpus with the local LLM, by a different method than the public set.

The public set (eval/dataset.jsonl) was written by hand. The sets made here are what the answer-or-refuse
decision (assistant/assess.py) is fitted on, so that its reported figures come from data it never saw:

- ``generate``: for sampled passages, the local model (``cadre model fetch-llm``) writes one question in
  spoken village wording that the passage answers, with the answer copied from it (kept only when the
  passage really holds that answer), and one question on the same subject that the passage does *not*
  answer (another year, a duration, a cost…). Raw output, one JSON object per line.
- ``compose``: turns the reviewed raw questions into dataset rows and adds programmatic variants of the
  four kinds issue 13 names: questions that name their source (and ones that name the wrong source),
  two-part questions (both parts present, or one part absent), spoken wording, absent facts.
  The rows are split by source passage into a fitting part and a held-out part.

Run ``python -m eval.make_dev_set --help``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from assistant.prompts import render_prompt
from assistant.settings import PROJECT_ROOT, Settings
from ingest.chunking import split_sentences_zh
from ingest.index import KnowledgeIndex, load_index
from ingest.normalize import normalize_text

DEV_DIR = PROJECT_ROOT / "eval" / "dev"
_DIGIT = re.compile(r"\d")
_QUESTION_END = re.compile(r"[？?]$")


def sample_passages(index: KnowledgeIndex, per_doc: int, seed: int) -> list[dict]:
    """Windows of two neighbouring chunks, ``per_doc`` from each document, seeded."""
    rng = random.Random(seed)
    out = []
    for doc_id in sorted(index.documents):
        rows = index.chunks_of(doc_id)
        starts = list(range(0, max(1, len(rows) - 1)))
        rng.shuffle(starts)
        for i in sorted(starts[:per_doc]):
            members = [index.chunks[r] for r in rows[i : i + 2]]
            start, end = members[0].start, members[-1].end
            text = index.documents[doc_id].text[start:end]
            out.append({"doc": doc_id, "title": index.documents[doc_id].title, "start": start, "end": end,
                        "passage": text})
    return out


def _llm(model_path: Path, seed: int):
    try:
        from llama_cpp import Llama
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise SystemExit("需要本地大模型：pip install -e '.[llm]' 并运行 cadre model fetch-llm") from exc
    import os

    return Llama(model_path=str(model_path), n_ctx=2048, n_threads=os.cpu_count() or 2, seed=seed, verbose=False)


def _ask_json(llm, prompt: str, temperature: float) -> dict | None:
    reply = llm.create_chat_completion(messages=[{"role": "user", "content": prompt}],
                                       response_format={"type": "json_object"}, temperature=temperature,
                                       max_tokens=160)
    try:
        value = json.loads(reply["choices"][0]["message"]["content"])
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def evidence_around(doc_text: str, start: int, end: int, max_chars: int = 60) -> str:
    """The sentence holding ``[start, end)``, cut to ``max_chars`` around it (eval evidence is 15-80 chars)."""
    for s, e in split_sentences_zh(doc_text):
        if s <= start < e:
            lo = max(s, min(start, end - max_chars // 2) - max_chars // 4)
            hi = min(e, max(end, lo + 15))
            lo = max(s, min(lo, hi - 15))
            return doc_text[lo : min(hi, lo + max_chars)].strip()
    return doc_text[start:end]


def valid_answerable(item: dict, passage: dict) -> str | None:
    """Why a generated answerable question is rejected, or None when it is kept."""
    question, answer = item.get("question"), item.get("answer")
    if not isinstance(question, str) or not isinstance(answer, str):
        return "not strings"
    question, answer = question.strip(), normalize_text(answer.strip()).strip("。，；")
    if not 6 <= len(question) <= 60 or not 2 <= len(answer) <= 40:
        return "length"
    if answer not in passage["passage"]:
        return "answer not in passage"
    if answer in normalize_text(question):
        return "question holds its answer"
    if not _QUESTION_END.search(question) and not re.search(r"吗|呢|什么|多少|怎么|哪|几|谁", question):
        return "not a question"
    return None


def generate(args: argparse.Namespace) -> None:
    settings = Settings()
    index = load_index(settings.index_dir)
    passages = sample_passages(index, args.per_doc, args.seed)
    from assistant.llm_fetch import gguf_path

    llm = _llm(Path(args.model) if args.model else gguf_path(settings), args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    kept = rejected = 0
    with out.open("w", encoding="utf-8") as f:
        for n, passage in enumerate(tqdm(passages, desc="生成问题", unit="段", file=sys.stderr)):
            values = {"title": passage["title"], "passage": passage["passage"]}
            good = _ask_json(llm, render_prompt("devgen_answerable", **values), args.temperature)
            reason = valid_answerable(good or {}, passage) if good else "no JSON"
            if reason is None:
                answer = normalize_text(good["answer"].strip()).strip("。，；")
                at = passage["start"] + passage["passage"].index(answer)
                f.write(json.dumps({"passage_id": n, "kind": "answerable", "question": good["question"].strip(),
                                    "answer": answer, "doc": passage["doc"],
                                    "evidence": evidence_around(index.documents[passage["doc"]].text, at,
                                                                at + len(answer))}, ensure_ascii=False) + "\n")
                kept += 1
            else:
                rejected += 1
            bad = _ask_json(llm, render_prompt("devgen_unanswerable", **values), args.temperature)
            if bad and isinstance(bad.get("question"), str) and 6 <= len(bad["question"].strip()) <= 60:
                f.write(json.dumps({"passage_id": n, "kind": "unanswerable", "question": bad["question"].strip(),
                                    "missing": str(bad.get("missing", "")), "doc": passage["doc"],
                                    "passage": passage["passage"]}, ensure_ascii=False) + "\n")
            f.flush()
    print(f"answerable kept {kept}, rejected {rejected}; written to {out}", file=sys.stderr)


# How a question may point at a document, by what the document's metadata offers; {name} is filled in.
_SOURCE_REFERENCES = ["{name}那篇文章里说，", "{name}的那篇报道提到，", "我看{name}上那篇文章，"]
_SPEECH_REFERENCES = ["那篇讲话中说，", "组织部长的讲话里提到，"]
_PLACE_REFERENCES = ["讲{name}的那篇报道里，", "{name}那篇文章中，"]
_UNANSWERABLE = "资料中没有相关内容"


def _references(doc) -> list[str]:
    """Phrases that name ``doc`` as a question's source."""
    if "讲话" in doc.title:
        return list(_SPEECH_REFERENCES)
    out = []
    if doc.source and len(doc.source) >= 2:
        name = doc.source + ("报" if doc.source.endswith("日") else "")  # the scraped page cut 人民日报 to 人民日
        out += [r.format(name=name) for r in _SOURCE_REFERENCES]
    for place in ("巴中", "昌都", "山西"):
        if place in doc.title or place in doc.text[:300]:
            out += [r.format(name=place) for r in _PLACE_REFERENCES]
    return out


def _row(item_id: str, question: str, kind: str, kinds: list[str], split: str, *, doc=None, evidence=None,
         answer=_UNANSWERABLE, method: str, **extra) -> dict:
    qtype = kind if kind != "answerable" else ("fact" if _DIGIT.search(answer) else "paraphrase")
    return {"id": item_id, "question": question, "answer": answer, "doc": doc, "evidence": evidence, "type": qtype,
            "kinds": kinds, "split": split, "method": method, **extra}


def compose(args: argparse.Namespace) -> None:
    settings = Settings()
    index = load_index(settings.index_dir)
    rng = random.Random(args.seed)
    raw = [json.loads(line) for line in Path(args.raw).read_text(encoding="utf-8").splitlines() if line.strip()]
    review = json.loads(Path(args.review).read_text(encoding="utf-8")) if Path(args.review).is_file() else {}
    dropped = set(review.get("drop", {}))
    relabel = review.get("answerable_after_all", {})
    rows: list[dict] = []
    by_split: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for n, item in enumerate(raw):
        key = f"{item['passage_id']}:{item['kind']}"
        if key in dropped or item["question"] in dropped:
            continue
        split = "heldout" if item["passage_id"] % 3 == 0 else "fit"
        item_id = f"d{n:03d}"
        if item["kind"] == "answerable":
            row = _row(item_id, item["question"], "answerable", ["spoken"], split, doc=item["doc"],
                       evidence=item["evidence"], answer=item["answer"], method="llm-generated, checked")
        elif key in relabel:
            continue  # reviewed: the documents do answer it after all; not an absent fact
        else:
            row = _row(item_id, item["question"], "unanswerable", ["absent_fact", "spoken"], split,
                       method="llm-generated unanswerable, reviewed", missing=item.get("missing", ""))
        rows.append(row)
        by_split[split][row["type"] if row["type"] == "unanswerable" else "answerable"].append(row)

    for split, groups in by_split.items():
        answerable = list(groups["answerable"])
        rng.shuffle(answerable)
        # Source-scoped: the right source (answerable), and a wrong one the answer is not in (unanswerable).
        for i, row in enumerate(answerable[: args.scoped]):
            doc = index.documents[row["doc"]]
            refs = _references(doc)
            if refs:
                rows.append({**row, "id": f"{row['id']}s", "question": rng.choice(refs) + row["question"],
                             "kinds": ["source_scoped", "spoken"], "method": "scoped variant (right source)"})
            others = [d for d in index.documents.values()
                      if d.doc_id != row["doc"] and row["answer"] not in d.text and _references(d)]
            if others and i % 2 == 0:
                other = rng.choice(others)
                rows.append(_row(f"{row['id']}w", rng.choice(_references(other)) + row["question"], "unanswerable",
                                 ["source_scoped"], split, method="scoped variant (wrong source)"))
        # Two-part: two answerable questions from different documents, or one answerable with one absent fact.
        pool = answerable[args.scoped :]
        absent = list(groups["unanswerable"])
        rng.shuffle(absent)
        for i in range(0, min(len(pool) - 1, 2 * args.two_part), 2):
            first, second = pool[i], pool[i + 1]
            if first["doc"] == second["doc"] or not absent:
                continue
            if i % 4 == 0:
                rows.append({**_row(f"{first['id']}p", f"{first['question'].rstrip('？?')}？另外，{second['question']}",
                                    "multi", ["two_part", "spoken"], split, doc=first["doc"],
                                    evidence=first["evidence"], answer=f"{first['answer']}；{second['answer']}",
                                    method="two generated questions joined"),
                             "doc2": second["doc"], "evidence2": second["evidence"]})
            else:
                gap = absent.pop()
                rows.append(_row(f"{first['id']}q", f"{first['question'].rstrip('？?')}？还有，{gap['question']}",
                                 "multi", ["two_part", "absent_fact", "spoken"], split, doc=first["doc"],
                                 evidence=first["evidence"], answer=first["answer"],
                                 method="a generated question joined with an absent fact"))
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for split in ("fit", "heldout"):
        chosen = [r for r in rows if r["split"] == split]
        with (out / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen)
        print(f"{split}: {len(chosen)} questions", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.make_dev_set", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate raw questions with the local LLM")
    gen.add_argument("--out", default=str(DEV_DIR / "raw_generated.jsonl"))
    gen.add_argument("--per-doc", type=int, default=16, help="passages sampled per document")
    gen.add_argument("--seed", type=int, default=13)
    gen.add_argument("--temperature", type=float, default=0.7)
    gen.add_argument("--model", help="GGUF path (default: the one cadre model fetch-llm assembles)")
    comp = commands.add_parser("compose", help="dataset rows and programmatic variants, split fit / heldout")
    comp.add_argument("--raw", default=str(DEV_DIR / "raw_generated.jsonl"))
    comp.add_argument("--review", default=str(DEV_DIR / "review.json"),
                      help="rows dropped on review, with reasons ({\"drop\": {key: reason}})")
    comp.add_argument("--out-dir", default=str(DEV_DIR))
    comp.add_argument("--scoped", type=int, default=14, help="source-scoped variants per split")
    comp.add_argument("--two-part", type=int, default=10, help="two-part questions per split")
    comp.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args)
    else:
        compose(args)


if __name__ == "__main__":
    main()

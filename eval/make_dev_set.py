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
import zlib
from collections import defaultdict
from itertools import zip_longest
from pathlib import Path

from tqdm import tqdm

from assistant.evidence import ngram_support
from assistant.prompts import render_prompt
from core.settings import PROJECT_ROOT, Settings
from eval.dataset import PUBLIC_DATASET, load_dataset
from eval.evidence import locate_evidence
from ingest.chunking import split_sentences_zh
from ingest.index import KnowledgeIndex, load_index
from ingest.normalize import normalize_text

DEV_DIR = PROJECT_ROOT / "eval" / "dev"
_DIGIT = re.compile(r"\d")
_QUESTION_END = re.compile(r"[？?]$")


def sample_passages(index: KnowledgeIndex, per_doc: int, seed: int) -> list[dict]:
    """Windows of two neighbouring chunks, ``per_doc`` from each document, seeded; documents take turns, so
    any prefix of the list (an interrupted run) covers every document."""
    rng = random.Random(seed)
    by_doc: list[list[dict]] = []
    for doc_id in sorted(index.documents):
        out: list[dict] = []
        by_doc.append(out)
        rows = index.chunks_of(doc_id)
        starts = list(range(max(1, len(rows) - 1)))
        rng.shuffle(starts)
        for i in sorted(starts[:per_doc]):
            members = [index.chunks[r] for r in rows[i : i + 2]]
            start, end = members[0].start, members[-1].end
            text = index.documents[doc_id].text[start:end]
            out.append({"doc": doc_id, "title": index.documents[doc_id].title, "start": start, "end": end,
                        "passage": text})
    return [p for turn in zip_longest(*by_doc) for p in turn if p is not None]


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
                                       max_tokens=120)
    try:
        value = json.loads(reply["choices"][0]["message"]["content"])
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def evidence_around(doc_text: str, start: int, end: int, answer: str, max_chars: int = 60) -> str:
    """The sentence ``[start, end)`` as evidence; a long one cut to the ``max_chars`` window that holds most of
    the answer (eval evidence is 15-80 characters)."""
    sentence = doc_text[start:end].strip()
    if len(sentence) <= 80:
        return sentence
    windows = range(0, len(sentence) - max_chars + 1, 5)
    best = max(windows, key=lambda i: ngram_support(answer, [sentence[i : i + max_chars]]))
    return sentence[best : best + max_chars]


def supporting_sentence(answer: str, passage: dict, doc_text: str) -> tuple[int, int] | None:
    """Where the passage states the model's answer: the sentence holding most of it (character bigrams ≥ 0.8,
    every figure verbatim), as offsets in the document. The small model often rewords what it copies."""
    best, best_support = None, 0.0
    for s, e in split_sentences_zh(passage["passage"], passage["start"]):
        sentence = doc_text[s:e]
        if not all(f in sentence for f in re.findall(r"\d+(?:\.\d+)?", answer)):
            continue
        support = ngram_support(answer, [sentence])
        if support > best_support:
            best, best_support = (s, e), support
    return best if best_support >= 0.8 else None


def valid_answerable(item: dict, passage: dict, doc_text: str) -> tuple[str | None, tuple[int, int] | None]:
    """Why a generated answerable question is rejected (None when kept), and its supporting sentence."""
    question, answer = item.get("question"), item.get("answer")
    if not isinstance(question, str) or not isinstance(answer, str):
        return "not strings", None
    question, answer = question.strip(), normalize_text(answer.strip()).strip("。，；")
    if not 6 <= len(question) <= 60 or not 2 <= len(answer) <= 90:
        return "length", None
    if answer in normalize_text(question) or ngram_support(answer, [normalize_text(question)]) > 0.8:
        return "question holds its answer", None
    if not _QUESTION_END.search(question) and not re.search(r"吗|呢|什么|多少|怎么|哪|几|谁", question):
        return "not a question", None
    span = supporting_sentence(answer, passage, doc_text)
    return (None, span) if span else ("answer not in passage", None)


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
            doc_text = index.documents[passage["doc"]].text
            reason, span = valid_answerable(good, passage, doc_text) if good else ("no JSON", None)
            if reason is None:
                f.write(json.dumps({"passage_id": n, "start": passage["start"], "kind": "answerable",
                                    "question": good["question"].strip(),
                                    "answer": normalize_text(good["answer"].strip()).strip("。，；"),
                                    "doc": passage["doc"], "evidence": evidence_around(doc_text, *span, good["answer"])},
                                   ensure_ascii=False) + "\n")
                kept += 1
            else:
                rejected += 1
                print(f"rejected ({reason}): {good}", file=sys.stderr)
            bad = _ask_json(llm, render_prompt("devgen_unanswerable", **values), args.temperature)
            if bad and isinstance(bad.get("question"), str) and 6 <= len(bad["question"].strip()) <= 60:
                f.write(json.dumps({"passage_id": n, "start": passage["start"], "kind": "unanswerable",
                                    "question": bad["question"].strip(),
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


# Absent facts about present subjects: what the documents never give for a subject they do cover.
_ABSENT_TEMPLATES = [
    "{t}每人每个月能拿多少补贴？", "{t}是哪一年开始搞的？", "{t}一次要搞多长时间？", "到2025年{t}的目标是多少？",
    "{t}一年总共要花多少钱？", "{t}具体是哪个领导签字批的？", "{t}搞完以后老百姓的收入涨了百分之几？",
]


_PROGRAM = re.compile(r"工程|计划|行动|机制|模式|制度|活动|书记|工作队|示范|培训|集体经济|后备干部|帮扶|学历|之家|协会")


def absent_fact_candidates(index: KnowledgeIndex, rng: random.Random, n: int) -> list[str]:
    """Template questions over the corpus' quoted policy names; every one is reviewed before it is kept."""
    from ingest.segment import POLICY_TERMS, quoted_terms

    corpus = "\n".join(d.text for d in index.documents.values())
    # Programs and bodies (工程, 计划, 工作队…), not slogans: what a secretary would ask the cost or length of.
    subjects = sorted(t for t in quoted_terms([corpus]) | {t for t in POLICY_TERMS if t in corpus}
                      if len(t) >= 3 and _PROGRAM.search(t))
    rng.shuffle(subjects)
    return [rng.choice(_ABSENT_TEMPLATES).format(t=t) for t in subjects[:n]]


# Official terms and the words a village secretary says for them (issue 13: 老百姓 for 群众, 钱 for 经费, 当官的 for
# 领导干部, 管 for 负责), and spoken question words (啥时候, 咋, 为啥). General wording, written from how people
# talk, not from any question's errors; applied in this order (longer terms first), outside quotation marks.
# The LLM's "spoken" questions mostly keep the documents' terms: these variants are the kind's real test.
EVERYDAY_WORDS = (
    ("领导干部", "当官的"), ("贫困群众", "穷苦老百姓"), ("人民群众", "老百姓"), ("群众", "老百姓"),
    ("贫困户", "困难户"), ("农民", "庄稼人"), ("经费", "钱"), ("资金", "钱"), ("报酬", "工钱"), ("负责", "管"),
    ("实施", "搞"), ("开展", "搞"), ("选派", "派"), ("举措", "办法"), ("措施", "办法"), ("方式", "法子"),
    ("目前", "现在"), ("增收", "多挣钱"), ("考核", "打分"), ("攻坚克难", "啃硬骨头"), ("村党组织书记", "村支书"),
    ("党支部书记", "支书"), ("是否", "是不是"), ("为什么", "为啥"), ("什么", "啥"), ("怎么样", "咋样"),
    ("怎样", "咋样"), ("怎么", "咋"), ("如何", "咋"),
)
_QUOTED = re.compile(r"(《[^》]*》|“[^”]*”|‘[^’]*’|'[^']*')")


def in_everyday_words(question: str) -> str:
    """``question`` as a village secretary might say it (``EVERYDAY_WORDS``); quoted names stay as written."""
    pieces = _QUOTED.split(question)
    for i in range(0, len(pieces), 2):  # the even pieces are outside quotation marks
        for official, everyday in EVERYDAY_WORDS:
            pieces[i] = pieces[i].replace(official, everyday)
    return "".join(pieces)


# Everyday questions with nothing to do with the documents (weather, prices, cooking, sport…), in the shapes the
# analysis distinguishes (how many, how much, when, who, how, why). Without them the fitting data held only
# questions on the documents' subjects, and a model fitted on it answered 今天天气怎么样 from the nearest passage.
OFF_TOPIC = (
    "明天会下雨吗？", "这周末的天气预报怎么说？", "世界杯足球赛哪个队赢了？", "感冒发烧吃什么药好得快？",
    "红烧肉怎么做才好吃？", "手机信号不好怎么办？", "县城到省城的高铁票多少钱？", "最近猪肉价格是多少？",
    "孩子高考志愿怎么填？", "驾照考试要考几门？", "春节放假几天？", "小麦什么时候播种最好？",
    "电动车上牌需要带什么证件？", "银行存款利率是多少？", "哪部电视剧最近最火？", "怎么在网上买火车票？",
    "血压高的人饮食要注意什么？", "广场舞比赛谁得了第一名？", "化肥一袋多少钱？", "微信怎么转账？",
    "奥运会在哪一年举办？", "冰箱不制冷是什么原因？",
)

PUBLIC_SET = PUBLIC_DATASET


def same_fact_as(row: dict, others: list[tuple[str, tuple[int, int] | None]], index: KnowledgeIndex) -> bool:
    """Whether the row's evidence overlaps the evidence of other questions (same document, any overlap): the
    public set's, or the earlier runs' for a fresh run's row."""
    located = locate_evidence(index, row["doc"], row["evidence"])
    if located is None:
        return True  # evidence that cannot be found is no use either
    return any(doc == row["doc"] and span is not None and span[0] < located[1] and located[0] < span[1]
               for doc, span in others)


def quiz_rows(path: str | None, index: KnowledgeIndex) -> list[dict]:
    """Single-choice stems of ``cadre quiz --out FILE.json`` (rule-based, source-scoped by title) as questions."""
    if not path:
        return []
    out = []
    for q in json.loads(Path(path).read_text(encoding="utf-8")):
        if q["type"] != "single_choice" or "____" in q["stem"]:
            continue
        answer = q["options"][ord(q["answer"]) - ord("A")]
        span = q["citation"]["span"]
        evidence = evidence_around(span, 0, len(span), answer)
        out.append(_row(f"z{q['id']}", q["stem"], "answerable", ["source_scoped"], "", doc=q["citation"]["doc_id"],
                        evidence=evidence, answer=answer, method="cadre quiz single-choice stem (rule-based)"))
    return out


def answers_its_question(item: dict, index: KnowledgeIndex) -> bool:
    """A generated answer to a figure question (多少, 什么时候开始…) must hold a figure of that kind; the small
    model sometimes copies the sentence about the subject that does not give it (then the pair is dropped)."""
    from assistant.question.analysis import analyze_question
    from assistant.question.holds import holds_answer_type

    analysis = analyze_question(normalize_text(item["question"]), index)
    return holds_answer_type(analysis, item["answer"])


def passage_start(item: dict, index: KnowledgeIndex) -> int:
    """Where the raw row's source passage starts (rows of the first run did not record it)."""
    if "start" in item:
        return item["start"]
    if "passage" in item:
        return index.documents[item["doc"]].text.find(item["passage"])
    return index.documents[item["doc"]].text.find(item["evidence"]) // 240 * 240  # close enough to group


def _row(item_id: str, question: str, kind: str, kinds: list[str], split: str, *, doc=None, evidence=None,
         answer=_UNANSWERABLE, method: str, **extra) -> dict:
    qtype = kind if kind != "answerable" else ("fact" if _DIGIT.search(answer) else "paraphrase")
    return {"id": item_id, "question": question, "answer": answer, "doc": doc, "evidence": evidence, "type": qtype,
            "kinds": kinds, "split": split, "method": method, **extra}


def _later_split(spec: str) -> tuple[str, str]:
    split, sep, path = spec.partition("=")
    if not sep or not split or not path:
        raise SystemExit(f"--later takes SPLIT=RAW (fresh2=eval/dev/raw_generated_8.jsonl), not {spec!r}")
    return split, path


def compose(args: argparse.Namespace) -> None:
    settings = Settings()
    index = load_index(settings.index_dir)
    rng = random.Random(args.seed)
    fresh_files = {Path(path).stem for path in args.fresh_raw}
    later = [_later_split(spec) for spec in args.later]  # (split, raw file), in the order they were made
    later_files = {Path(path).stem: split for split, path in later}
    later_names = [split for split, _ in later]
    raw = [{**json.loads(line), "file": Path(path).stem}
           for path in [*args.raw, *args.fresh_raw, *(path for _, path in later)]
           for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    review = json.loads(Path(args.review).read_text(encoding="utf-8")) if Path(args.review).is_file() else {}
    dropped = set(review.get("drop", {}))
    relabel = review.get("answerable_after_all", {})
    rows: list[dict] = []
    by_split: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    public = [(r.doc, locate_evidence(index, r.doc, r.evidence)) for r in load_dataset(PUBLIC_SET)
              for r in [r] if r.doc]
    starts = {(r["file"], r["passage_id"]): passage_start(r, index) for r in raw if "start" in r or "passage" in r}
    # A fresh run samples passages the earlier runs sampled too (the documents are short): its rows are kept
    # unless they test a fact a fitting question tests, or repeat an earlier question.
    fit_facts: list[tuple[str, tuple[int, int] | None]] = []
    earlier_questions = {r["question"] for r in raw if r["file"] not in fresh_files | set(later_files)}
    # A later split may not repeat a question of any run made before it.
    made_before = {name: {r["question"] for r in raw
                          if later_files.get(r["file"]) in (None, *later_names[:later_names.index(name)])}
                   for name in later_names}
    for n, item in enumerate(raw):
        key = f"{item['file']}:{item['passage_id']}:{item['kind']}"
        if key in dropped or item["question"] in dropped:
            continue
        # Split by source passage, so a question and its variants never sit on both sides, and two runs that
        # sampled the same passage put it on the same side.
        start = starts.get((item["file"], item["passage_id"]), passage_start(item, index))
        split = "heldout" if zlib.crc32(f"{item['doc']}:{start}".encode()) % 3 == 0 else "fit"
        if item["file"] in fresh_files:
            split = "fresh"
        if item["file"] in later_files:
            split = later_files[item["file"]]
        item_id = f"d{n:03d}"
        if item["kind"] == "answerable" and not answers_its_question(item, index):
            continue
        if item["kind"] == "answerable":
            row = _row(item_id, item["question"], "answerable", ["spoken"], split, doc=item["doc"],
                       evidence=item["evidence"], answer=item["answer"], method="llm-generated, checked")
        elif key in relabel:
            # Asked as an absent fact, but the corpus answers it (found on review): an answerable question.
            found = relabel[key]
            row = _row(item_id, item["question"], "answerable", ["spoken"], split, doc=found["doc"],
                       evidence=found["evidence"], answer=found["answer"],
                       method="llm-generated as unanswerable; the corpus answers it (review)")
        else:
            row = _row(item_id, item["question"], "unanswerable", ["absent_fact", "spoken"], split,
                       method="llm-generated unanswerable, reviewed", missing=item.get("missing", ""))
        if row["doc"] and same_fact_as(row, public, index):
            continue  # the public set is only ever reported on: no development question may test its facts
        if split in ("fresh", *later_names) and (
                item["question"] in (earlier_questions if split == "fresh" else made_before[split])
                or row["doc"] and same_fact_as(row, fit_facts, index)):
            continue
        if split == "fit" and row["doc"]:
            fit_facts.append((row["doc"], locate_evidence(index, row["doc"], row["evidence"])))
        rows.append(row)
        by_split[split][row["type"] if row["type"] == "unanswerable" else "answerable"].append(row)

    for n, item in enumerate(quiz_rows(args.quiz, index)):
        if same_fact_as(item, public, index) or item["question"] in dropped:
            continue
        item["split"] = "heldout" if zlib.crc32(f"{item['doc']}:{item['evidence']}".encode()) % 3 == 0 else "fit"
        if n % 2:  # half keep the quiz's 根据《…》 prefix: source-scoped by title
            item["question"] = re.sub(r"^根据《[^》]+》，", "", item["question"])
            item["kinds"] = []
        rows.append(item)

    for n, question in enumerate(absent_fact_candidates(index, rng, args.templates)):
        if question in dropped:
            continue
        split = "heldout" if n % 3 == 0 else "fit"
        rows.append(_row(f"t{n:03d}", question, "unanswerable", ["absent_fact"], split,
                         method="template absent fact, reviewed"))

    for n, question in enumerate(OFF_TOPIC):
        split = "heldout" if zlib.crc32(question.encode()) % 3 == 0 else "fit"
        rows.append(_row(f"o{n:03d}", question, "unanswerable", ["off_topic"], split,
                         method="template off-topic question"))

    # The fresh splits last, the later one after the earlier: their variants draw on the random generator after
    # the older splits', leaving theirs as they were.
    order = {"fresh": 1, **{name: 2 + i for i, name in enumerate(later_names)}}
    for split, groups in sorted(by_split.items(), key=lambda item: (order.get(item[0], 0), item[0])):
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
            # A wrong source is only surely wrong for a figure: another document may answer a general question.
            if others and _DIGIT.search(row["answer"]):
                other = rng.choice(others)
                rows.append(_row(f"{row['id']}w", rng.choice(_references(other)) + row["question"], "unanswerable",
                                 ["source_scoped"], split, method="scoped variant (wrong source)"))
        # Two-part: two answerable questions from different documents, or one answerable with one absent fact.
        pool = answerable[::-1]  # every answerable question may also be one part of a two-part question
        absent = list(groups["unanswerable"])
        rng.shuffle(absent)
        made = 0
        for i in range(0, len(pool) - 1, 2):
            first, second = pool[i], pool[i + 1]
            if first["doc"] == second["doc"] or not absent or made >= args.two_part:
                continue
            made += 1
            if made % 2:
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
    # Everyday wording: each generated question (answerable or not) asked again in a village secretary's words.
    for row in [r for r in rows if re.fullmatch(r"d\d+", r["id"])]:
        everyday = in_everyday_words(row["question"])
        if everyday != row["question"]:
            rows.append({**row, "id": f"{row['id']}e", "question": everyday,
                         "kinds": [*row["kinds"], "everyday"], "method": f"{row['method']}; everyday-wording variant"})
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for split in ("fit", "heldout", *(["fresh"] if fresh_files else []), *later_names):
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
    comp.add_argument("--raw", nargs="+", default=[str(DEV_DIR / "raw_generated.jsonl")], help="raw files")
    comp.add_argument("--fresh-raw", nargs="*", default=[],
                      help="raw files of runs made after the held-out errors were read: their rows (and variants) "
                           "form fresh.jsonl, a second held-out split")
    comp.add_argument("--later", action="append", default=[], metavar="SPLIT=RAW",
                      help="a run made after the fresh split was measured, forming a split of its own with its "
                           "variants (repeatable, in the order the runs were made): fresh2=eval/dev/raw_generated_8.jsonl")
    comp.add_argument("--review", default=str(DEV_DIR / "review.json"),
                      help="rows dropped on review, with reasons ({\"drop\": {key: reason}})")
    comp.add_argument("--out-dir", default=str(DEV_DIR))
    comp.add_argument("--scoped", type=int, default=14, help="source-scoped variants per split")
    comp.add_argument("--two-part", type=int, default=10, help="two-part questions per split")
    comp.add_argument("--quiz", help="a cadre quiz JSON export whose single-choice stems become questions")
    comp.add_argument("--templates", type=int, default=24, help="template absent-fact questions")
    comp.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.command == "generate":
        generate(args)
    else:
        compose(args)


if __name__ == "__main__":
    main()

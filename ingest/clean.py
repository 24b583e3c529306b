"""Turn a scraped policy page into its title, metadata and body paragraphs.

Every rule here answers a problem seen in the sample corpus: breadcrumbs before
the title, share/follow blocks, editor lines followed by related-news lists and
site footers, place-name spam tails, a download-site disclaimer, page numbers
left inside PDF text, a title repeated at the start of the body, and repeated
paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.normalize import normalize_text

_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜】\]]+)")
_AUTHOR = re.compile(r"(?:作者\s*[:：]\s*|本报记者\s+|记者\s+)([^\s|｜】\]:：]{2,12})")
_SENTENCE_END = "。！？!?；;…”\"'）)"

# A body that has started ends at the first of these: what follows is page furniture.
_TAIL_MARKERS = re.compile(
    r"^(?:[（(]?\s*(?:责任编辑|编辑|责编|编审|审核|校对|值班编辑)\s*[:：]"
    r"|关键词\s*[:：]|相关(?:新闻|文章|阅读|报道|链接)|您可能(?:关注|感兴趣)|查看更多|分享到|上一篇|下一篇|更多$)"
)
_BOILERPLATE_LINE = re.compile(
    r"(?:您当前的位置|当前位置\s*[:：]|ICP\s*备|ICP证|版权所有|版权声明|Copyright|©|未经授权|不得复制"
    r"|联系电话|投稿须知|邮编\s*[:：]|本站不保证|申明敬告|不予受理|免责声明|扫一扫|打印本页|关闭窗口)",
    re.IGNORECASE,
)
_STANDALONE_JUNK = re.compile(
    r"^(?:分享到\s*[:：]?|微信公众号|官方微博|微信|微博|Close|打印|收藏|关闭|返回顶部|文档介绍|正文|字号\s*[:：].*"
    r"|[\d.,]+\s*[KkMmWw万]?)$"
)
_FOLLOW_LABEL = re.compile(r"^(?:微信公众号|官方微博|扫一扫.*|关注我们)$")
_BREADCRUMB = re.compile(r"^\S{1,12}(?:\s*[>＞»]\s*\S{1,12}){2,}")
_PIPE_LIST = re.compile(r"^(?:[^|｜]{1,8}[|｜]\s*){4,}")
# Space-delimited integers between Han text are page numbers of a PDF flattened to text.
_SPACED_NUMBER = re.compile(r"(?<=[^\s\d])[ \t]+\d{1,3}(?:[ \t]+(?=[^\s\d])|[ \t]*$)", re.MULTILINE)
_PARAGRAPH_GAP = re.compile(r"(?<=[^\x00-\x7f])[ \t]+(?=[^\x00-\x7f])")


@dataclass
class CleanedText:
    title: str
    paragraphs: list[str]
    date: str | None = None
    source: str | None = None
    author: str | None = None
    dropped: Counter = field(default_factory=Counter)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def is_boilerplate(line: str) -> bool:
    """A line that is page furniture wherever it appears."""
    return bool(
        _BOILERPLATE_LINE.search(line)
        or _STANDALONE_JUNK.match(line)
        or _BREADCRUMB.match(line)
        or _PIPE_LIST.match(line)
    )


def _is_metadata_line(line: str) -> bool:
    return bool(_SOURCE.search(line) or (_DATE.search(line) and len(line) < 80))


def extract_metadata(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """Date (YYYY-MM-DD), source and author found in the lines around the title."""
    date = source = author = None
    for line in lines:
        if date is None and (m := _DATE.search(line)):
            date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        if source is None and (m := _SOURCE.search(line)):
            source = m.group(1).strip("】]")
        if author is None and (m := _AUTHOR.search(line)):
            author = m.group(1)
    return date, source, author


def remove_page_numbers(text: str) -> str:
    """Drop page numbers that a PDF-to-text step left between words, if the document has several."""
    if len(_SPACED_NUMBER.findall(text)) < 3:
        return text
    return _SPACED_NUMBER.sub("", text)


def split_paragraphs(line: str) -> list[str]:
    """Split a line at spaces between Han characters: flattened documents use them as paragraph breaks."""
    return [p.strip() for p in _PARAGRAPH_GAP.split(line) if p.strip()]


def _find_title(lines: list[str]) -> tuple[int, int | None]:
    """Index of the title line and of the metadata line (date/source) that follows it, if any."""
    for i, line in enumerate(lines[:25]):
        if line and _is_metadata_line(line) and not is_boilerplate(line):
            for j in range(i - 1, -1, -1):
                if lines[j] and not is_boilerplate(lines[j]):
                    return j, i
    for i, line in enumerate(lines):
        if line and not is_boilerplate(line):
            return i, None
    return 0, None


def _is_byline(line: str, next_line: str) -> bool:
    return len(line) <= 15 and not any(p in line for p in "。，,；") and len(next_line) > 50


def clean_text(raw: str) -> CleanedText:
    """Clean a raw page: normalize characters, find title and metadata, keep the body paragraphs."""
    text = normalize_text(raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in text.split("\n")]
    title_at, meta_at = _find_title(lines)
    title = lines[title_at] if lines else ""
    header = lines[title_at : (meta_at or title_at) + 3]
    date, source, author = extract_metadata(header)

    dropped: Counter = Counter()
    dropped["header"] = sum(1 for line in lines[:title_at] if line)
    body_lines = [line for i, line in enumerate(lines) if i > title_at and i != meta_at and line]
    kept: list[str] = []
    body_started = False
    for i, line in enumerate(body_lines):
        next_line = body_lines[i + 1] if i + 1 < len(body_lines) else ""
        if body_started and _TAIL_MARKERS.match(line):
            dropped["tail"] += len(body_lines) - i
            break
        if is_boilerplate(line) or _FOLLOW_LABEL.match(next_line):
            dropped["boilerplate"] += 1
            continue
        if not body_started and _is_byline(line, next_line):
            author = author or re.sub(r"^(?:本报记者|记者)\s*", "", line)
            dropped["byline"] += 1
            continue
        kept.append(line)
        body_started = body_started or len(line) > 50

    paragraphs = _dedupe(_body_paragraphs(kept, title), dropped)
    return CleanedText(title=title, paragraphs=[title, *paragraphs], date=date, source=source, author=author,
                       dropped=dropped)


def _body_paragraphs(lines: list[str], title: str) -> list[str]:
    joined = remove_page_numbers("\n".join(lines))
    paragraphs: list[str] = []
    for line in joined.split("\n"):
        if title and line.startswith(title) and line != title:
            line = line[len(title) :].strip()  # a flattened document repeats its title before the body
        paragraphs.extend(split_paragraphs(line))
    return [p for p in paragraphs if p != title]


def _dedupe(paragraphs: list[str], dropped: Counter) -> list[str]:
    """Keep the first occurrence of each paragraph (the sample repeats whole sections)."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = re.sub(r"\s+", "", paragraph)
        if len(key) >= 4 and key in seen:
            dropped["duplicate"] += 1
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept

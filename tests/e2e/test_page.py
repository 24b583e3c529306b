"""The page end to end: a real server on a free port, Debian's Chromium driven by Playwright, gradio_client."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.records import REFUSAL
from tests.conftest import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")  # boxes without an emoji font
# Chromium as root in a closed network: no sandbox, and no background connections that would be refused.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
XSS_DOC = ("村务公开简报\n2022年03月01日 来源:某村委会\n"
           "本村公开栏写着<script>window.__pwned = 1</script>和<img src=x onerror=\"window.__pwned = 2\">两段代码，"
           "村务监督委员会每季度公开一次村级财务收支。\n")
UPLOAD_DOC = ("合作社简报\n2021年07月01日 来源:某乡党委\n"
              "青山村党支部领办的茶叶专业合作社吸纳了86户脱贫户入社，户均年增收4200元。\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_index, tmp_path_factory):
    base = tmp_path_factory.mktemp("page")
    shutil.copytree(sample_index.path.parent.parent / "corpus", base / "corpus")
    shutil.copytree(sample_index.path.parent, base / "index")
    (base / "corpus" / "xss.txt").write_text(XSS_DOC, encoding="utf-8")
    env = {**os.environ, "CADRE_CORPUS_DIR": str(base / "corpus"), "CADRE_INDEX_DIR": str(base / "index")}
    # The first ingest picks up xss.txt before the page starts.
    subprocess.run([sys.executable, "-m", "ui.cli", "ingest", "-q"], env=env, check=True, capture_output=True)
    with running_page(base) as url:
        yield url, base


@contextmanager
def running_page(base: Path):
    """``python app.py`` over ``base``/corpus and ``base``/index on a free port, until the block ends."""
    env = {**os.environ, "CADRE_CORPUS_DIR": str(base / "corpus"), "CADRE_INDEX_DIR": str(base / "index")}
    port = free_port()
    log = (base / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            assert proc.poll() is None, (base / "server.log").read_text()
            time.sleep(0.5)
    else:
        raise AssertionError("the page did not come up")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (scripts/test.sh does this)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server[0])
    yield page
    shots = PROJECT_ROOT / "test-output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{request.node.name}.png"), full_page=True)
    context.close()


LAST = "#conversation .turn:last-child"


def ask(page, question: str) -> None:
    """Type a question, send it, and wait until its turn holds the final answer (not the pending card)."""
    turns = page.locator("#conversation .turn").count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.wait_for_function(f"document.querySelectorAll('#conversation .turn').length > {turns}")
    page.wait_for_selector(f"{LAST} .answer-card:not(.pending)")


def test_the_figure_first_then_the_quotation_with_a_working_marker(page):
    ask(page, "巴中选派了多少名党员干部组建驻村工作队？")
    assert page.locator(f"{LAST} .short-answer strong").inner_text() == "3654名"
    assert "3654" in page.locator(f"{LAST} .answer-text").inner_text()
    marker = page.locator(f"{LAST} a.cite").first
    assert marker.inner_text() == "[1]"
    assert "3654" in page.locator("#t1-source-1 mark").inner_text()
    marker.click()
    page.wait_for_function("location.hash === '#t1-source-1'")
    assert page.locator("#t1-source-1").is_visible()
    assert page.locator("#conversation").inner_text().count("3654名") >= 1


def test_a_list_question_gets_numbered_items(page):
    ask(page, "昌都的“三大基础”包括哪些？")
    items = page.locator(f"{LAST} ol.items li")
    assert items.count() == 3 and "健全组织体系" in items.first.inner_text()
    assert items.first.locator("a.cite").count() == 1


def test_follow_up_goes_further_and_clear_resets_it(page):
    ask(page, "什么是“两包三到”？")
    first = page.locator(f"{LAST} .answer-text").inner_text()
    ask(page, "那具体怎么做？")
    further = page.locator(f"{LAST} .answer-text").inner_text()
    assert "两包三到" in first and further and further.split("[")[0] not in first
    page.locator("#clear").click()
    page.wait_for_function("document.querySelectorAll('#conversation .turn').length === 0")
    ask(page, "那具体怎么做？")
    assert REFUSAL in page.locator(f"{LAST} .answer-text").inner_text()


def test_unanswerable_question_is_refused_with_what_to_try(page):
    ask(page, "贵州省选派了多少名第一书记？")
    card = page.locator(f"{LAST} .answer-card.refused")
    assert card.count() == 1 and REFUSAL in card.inner_text()
    assert card.locator("a.cite").count() == 0 and card.locator(".copy-answer").count() == 0
    assert "可能相关" in card.inner_text()  # the subject is in the documents, only 贵州 is not
    assert "资料里没有提到问题中的贵州" in card.inner_text()
    assert "可以试试" in card.inner_text() and "《山西推动党的建设与脱贫攻坚深度融合》" in card.inner_text()
    ask(page, "今天天气怎么样？")
    assert "可能相关" not in page.locator(f"{LAST} .answer-card").inner_text()  # nothing close: nothing shown


def test_copy_button_copies_the_answer_with_its_sources(page):
    ask(page, "巴中选派了多少名党员干部组建驻村工作队？")
    page.locator(f"{LAST} .copy-answer").click()
    page.wait_for_function("window.__copied !== undefined")
    copied = page.evaluate("window.__copied")
    assert copied.startswith("问：巴中选派了多少名党员干部组建驻村工作队？\n答：3654名") and "[1]《" in copied
    assert page.locator(f"{LAST} .copy-answer").inner_text() == "已复制"


def test_examples_come_from_the_knowledge_base_and_are_answered(page):
    examples = page.locator("#examples button")
    examples.first.wait_for()
    assert examples.count() >= 3
    examples.first.click()
    page.wait_for_selector(f"{LAST} .answer-card:not(.pending)")
    assert page.locator(f"{LAST} .answer-card.refused").count() == 0


def test_gradio_speaks_chinese_to_an_english_browser(browser, server):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server[0])
    page.get_by_role("tab", name="资料库").click()
    page.locator("#upload").wait_for()
    text = page.locator("body").inner_text()
    assert "Drop File Here" not in text and "将文件拖放到此处" in text
    assert not any(word in text for word in ("Use via API", "Built with Gradio", "Settings"))
    assert not EMOJI.search(text)
    context.close()


def test_document_html_renders_as_text(page):
    ask(page, "村务监督委员会多久公开一次村级财务收支？")
    text = page.locator(LAST).inner_text()
    assert "每季度" in text
    assert "<script>" in text or "<img" in text  # shown as characters, not run
    assert page.evaluate("window.__pwned === undefined")


def test_upload_then_answer_from_it_and_reject_a_bad_file(page, server, tmp_path):
    good = tmp_path / "合作社.txt"
    good.write_text(UPLOAD_DOC, encoding="utf-8")
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    page.get_by_role("tab", name="资料库").click()
    page.locator("#upload input[type=file]").set_input_files([str(good), str(bad)])
    page.wait_for_timeout(1000)
    page.locator("#ingest").click()
    page.wait_for_function("document.querySelector('#kb-status').innerText.includes('入库完成')", timeout=180_000)
    status = page.locator("#kb-status").inner_text()
    assert "坏文件.docx" in status and "Word" in status
    assert not (server[1] / "corpus" / "坏文件.docx").exists()
    assert "合作社简报" in page.locator("#docs").inner_text()
    assert "完成" in status and "未入库" in status and not EMOJI.search(status)
    page.get_by_role("tab", name="问答").click()
    ask(page, "茶叶专业合作社吸纳了多少户脱贫户？")
    assert page.locator(f"{LAST} .short-answer").inner_text() == "86户"


def test_quiz_generated_and_downloaded(page):
    page.get_by_role("tab", name="出题").click()
    page.locator("#quiz-topic textarea").fill("第一书记")
    page.get_by_label("各文档平均分配").check()
    page.locator("#quiz-generate").click()
    page.wait_for_function("document.querySelector('#quiz-preview').innerText.includes('答案与出处')",
                           timeout=120_000)
    preview = page.locator("#quiz-preview").inner_text()
    assert "出处：" in preview and "姓名：" in preview and "一、单项选择题" in preview
    assert "考政策实质" in preview  # the paper's summary for the trainer
    link = page.locator("#quiz-files a[download$='.docx']").first
    with page.expect_download() as info:
        link.click()
    download = info.value
    import docx

    path = download.path()
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "答案与出处" in paragraphs


def test_phone_reading_order(browser, server):
    """At 390 px: the question, the answer with its sources right under it, then the input; no sideways scroll."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server[0])
    ask(page, "巴中选派了多少名党员干部组建驻村工作队？")
    tops = page.evaluate("""() => ['.turn:last-child .question', '.turn:last-child .short-answer',
        '.turn:last-child .answer-text', '.turn:last-child .source', '.turn:last-child .copy-answer',
        '#question', '#send'].map(s => document.querySelector(s).getBoundingClientRect().top + window.scrollY)""")
    assert tops == sorted(tops), tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.locator(f"{LAST} .answer-card").count() == 1 and page.locator(".answer-card").count() == 1
    page.locator(f"{LAST} a.cite").first.tap()
    page.wait_for_function("location.hash === '#t1-source-1'")
    shots = PROJECT_ROOT / "test-output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "phone.png"), full_page=True)
    context.close()


def test_gradio_client_ask_and_twenty_concurrent_conversations(server):
    from gradio_client import Client

    client = Client(server[0], verbose=False)
    answer = client.predict("巴中选派了多少名党员干部组建驻村工作队？", [], api_name="/ask")
    assert "3654" in answer["answer"] and answer["citations"]

    conversations = [
        (["山西怎么管理第一书记？"], "那具体怎么管理？", "第一书记"),
        (["昌都的“三大基础”是什么？"], "它们分别是什么？", "健全组织体系"),
        ([], "巴中选派了多少名党员干部组建驻村工作队？", "3654"),
        ([], "山西选派了多少名干部担任农村第一书记？", "10009"),
        ([], "贵州省选派了多少名第一书记？", REFUSAL),
    ] * 4

    def converse(case):
        history, question, expected = case
        own = Client(server[0], verbose=False)
        result = own.predict(question, history, api_name="/ask")
        return expected in result["answer"], result["standalone_question"], history

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(converse, conversations))
    assert all(ok for ok, _, _ in results), [r for r in results if not r[0]]
    for _, standalone, history in results:
        if history:
            assert standalone.startswith(history[0].rstrip("？?"))


def test_quiz_api(server):
    from gradio_client import Client

    questions = Client(server[0], verbose=False).predict("第一书记", 3, api_name="/quiz")
    assert len(questions) == 3 and all(q["citation"]["text"] for q in questions)


def test_chat_keeps_answering_while_an_ingest_runs_then_delete(browser, server, tmp_path):
    speech = (PROJECT_ROOT / "data" / "corpus" / "003_a4f876b9c19c779d.txt").read_text(encoding="utf-8")
    uploads = []
    for i in range(8):  # enough chunks that the ingest takes a while
        path = tmp_path / f"讲话{i}.txt"
        path.write_text(speech.replace("同志们", f"第{i}次会议同志们"), encoding="utf-8")
        uploads.append(str(path))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin, reader = context.new_page(), context.new_page()
    for p in (admin, reader):
        p.set_default_timeout(180_000)
        p.goto(server[0])
    admin.get_by_role("tab", name="资料库").click()
    admin.locator("#upload input[type=file]").set_input_files(uploads)
    admin.wait_for_timeout(1000)
    admin.locator("#ingest").click()
    ask(reader, "山西选派了多少名干部担任农村第一书记？")
    assert "10009" in reader.locator(f"{LAST} .answer-text").inner_text()
    assert "入库完成" not in admin.locator("#kb-status").inner_text()  # answered before the ingest finished
    admin.wait_for_function("document.querySelector('#kb-status').innerText.includes('入库完成')")

    admin.locator("#doc-choice input").click()
    admin.get_by_role("option", name="讲话0.txt").click()
    admin.locator("#delete").click()
    admin.locator("#delete-confirm").wait_for()
    assert "确定要删除《" in admin.locator("#delete-question").inner_text()  # asks first, naming the title
    assert (server[1] / "corpus" / "讲话0.txt").exists()
    admin.locator("#delete-confirm").click()
    admin.wait_for_function("document.querySelector('#kb-status').innerText.includes('已删除')")
    assert "讲话0.txt" not in admin.locator("#docs").inner_text()
    assert not (server[1] / "corpus" / "讲话0.txt").exists()

    fresh = context.new_page()  # a new session reads the selectors as they are now
    fresh.goto(server[0])
    fresh.get_by_role("tab", name="资料库").click()
    fresh.locator("#doc-choice input").click()
    assert fresh.get_by_role("option", name="讲话1.txt").count() == 1
    fresh.keyboard.press("Escape")
    fresh.locator("#recycle-choice input").click()
    fresh.get_by_role("option", name="讲话0.txt").click()
    fresh.locator("#restore").click()
    fresh.wait_for_function("document.querySelector('#kb-status').innerText.includes('已恢复')", timeout=180_000)
    assert (server[1] / "corpus" / "讲话0.txt").exists() and "讲话0.txt" in fresh.locator("#docs").inner_text()
    context.close()


def test_eval_tab_shows_metrics_and_chart(page):
    page.get_by_role("tab", name="评测").click()
    page.locator("#eval-run").click()
    page.wait_for_function("document.querySelector('#eval-metrics').innerText.includes('全部')", timeout=300_000)
    text = page.locator("#eval-metrics").inner_text()
    assert "前5命中率" in text and "评测报告" in text
    page.wait_for_selector("#eval-chart img")


def test_rating_an_answer_wrong_reaches_the_usage_tab_and_an_eval_file(page, server, tmp_path):
    from eval.dataset import load_dataset

    ask(page, "第一书记的工作经费有多少？")
    page.locator(f"{LAST} .rate-btn[data-rating=wrong]").click()
    status = f"document.querySelector('{LAST} .rate-status').innerText"
    page.wait_for_function(f"{status}.includes('已记录')")
    page.locator(f"{LAST} .rate-text").fill("金额应为市里的标准")
    page.locator(f"{LAST} .rate-send").click()
    page.wait_for_function(f"{status}.includes('已记录说明')")

    page.get_by_role("tab", name="使用情况").click()
    page.locator("#usage-refresh").click()
    page.wait_for_function("document.querySelector('#usage-wrong').innerText.includes('第一书记的工作经费有多少')")
    assert "金额应为市里的标准" in page.locator("#usage-wrong").inner_text()
    assert "个提问" in page.locator("#usage-summary").inner_text()
    page.wait_for_selector("#usage-chart img")
    page.locator("#usage-export").click()
    link = page.locator("#usage-files a[download$='.jsonl']").first
    link.wait_for(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / "from-page.jsonl"
    info.value.save_as(saved)
    items = load_dataset(saved)
    assert "第一书记的工作经费有多少？" in [i.question for i in items]
    env = {**os.environ, "CADRE_INDEX_DIR": str(server[1] / "index")}
    run = subprocess.run([sys.executable, "-m", "ui.cli", "eval", "--dataset", str(saved), "-q", "--out",
                          str(tmp_path / "report")], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr


def test_bounded_questions_on_the_page_and_the_api(page, server):
    from gradio_client import Client

    ask(page, "该" * 400)
    assert "问题太长了" in page.locator(f"{LAST} .answer-card.error").inner_text()
    ask(page, "？？？！！！")
    assert "请换个问法" in page.locator(f"{LAST} .answer-card.error").inner_text()
    with pytest.raises(Exception, match="问题太长了"):
        Client(server[0], verbose=False).predict("该" * 5000, [], api_name="/ask")


@pytest.fixture(scope="module")
def server_with_logins(sample_index, tmp_path_factory):
    """The page with a users file: one admin, one reader."""
    from assistant.users import UserStore

    base = tmp_path_factory.mktemp("logins")
    shutil.copytree(sample_index.path.parent.parent / "corpus", base / "corpus")
    shutil.copytree(sample_index.path.parent, base / "index")
    store = UserStore(base / "users.json")
    store.add("王书记", "admin-pass-1", "admin")
    store.add("村干部", "reader-pass-1", "reader")
    with running_page(base) as url:
        yield url


def login(browser, url: str, name: str, password: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.locator("input[type=text]").first.fill(name)
    page.locator("input[type=password]").fill(password)
    page.keyboard.press("Enter")
    page.get_by_role("tab", name="问答").wait_for()
    return context, page


def test_readers_ask_and_admins_manage(browser, server_with_logins):
    from gradio_client import Client

    context, reader = login(browser, server_with_logins, "村干部", "reader-pass-1")
    reader.get_by_role("tab", name="资料库").click()
    reader.get_by_text("只有管理员可以").first.wait_for()
    assert not reader.locator("#upload").is_visible() and not reader.locator("#delete").is_visible()
    reader.get_by_role("tab", name="问答").click()
    ask(reader, "巴中选派了多少名党员干部组建驻村工作队？")
    assert reader.locator(f"{LAST} .short-answer").inner_text() == "3654名"
    context.close()

    context, admin = login(browser, server_with_logins, "王书记", "admin-pass-1")
    admin.get_by_role("tab", name="资料库").click()
    admin.locator("#upload").wait_for()
    assert admin.locator("#delete").is_visible()
    context.close()

    client = Client(server_with_logins, auth=("村干部", "reader-pass-1"), verbose=False)
    assert "3654" in client.predict("巴中选派了多少名党员干部组建驻村工作队？", [], api_name="/ask")["answer"]
    with pytest.raises(ValueError, match="Could not login"):
        Client(server_with_logins, auth=("村干部", "wrong-password"), verbose=False)


def test_a_session_asking_too_fast_is_told_to_wait(page):
    for i in range(20):  # CADRE_QUESTIONS_PER_MINUTE: 20
        ask(page, f"第{i + 1}个问题：巴中选派了多少名党员干部？")
    ask(page, "巴中选派了多少名党员干部组建驻村工作队？")
    assert "提问太频繁" in page.locator(f"{LAST} .answer-card.error").inner_text()
    assert page.locator("#question textarea").input_value() != ""  # the question is kept to send again


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(server):
    """Gradio's own limit (max_file_size, from CADRE_MAX_FILE_MB): the file never reaches its temp folder."""
    import httpx

    from core.settings import Settings

    limit = int(Settings().max_file_mb * 1e6)
    big = httpx.post(server[0] + "gradio_api/upload", files={"files": ("大.txt", b"x" * (limit + 1), "text/plain")},
                     timeout=120)
    assert big.status_code == 413 and "maximum allowed size" in big.text
    small = httpx.post(server[0] + "gradio_api/upload", files={"files": ("小.txt", "第一书记".encode(), "text/plain")},
                       timeout=120)
    assert small.status_code == 200

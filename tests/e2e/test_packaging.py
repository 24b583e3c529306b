"""An installed wheel, away from the checkout, has its prompts and the public eval set."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from tests.conftest import PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_the_wheel_carries_prompts_and_the_public_dataset(tmp_path):
    # Built from a copy: setuptools leaves build/ and *.egg-info beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "data", "test-output", "build", "bench",
                                                               "docs", "tests", "*.egg-info", "__pycache__"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(tmp_path / "dist")], check=False, capture_output=True, text=True,
                           timeout=600, cwd=tmp_path)
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = (tmp_path / "dist").glob("cadre*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    prompt_files = {p.name for p in (ROOT / "prompts").glob("*.md")}
    assert {f"prompts/{name}" for name in prompt_files} <= names
    assert {"eval/dataset.jsonl", "assistant/decision_model.json", "ui/style.css", "ui/page.js"} <= names

    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    script = ("import assistant, eval.dataset as d\n"
              "from assistant.prompts import load_prompt\n"
              f"assert assistant.__file__.startswith({str(installed)!r}), assistant.__file__\n"
              "assert '{question}' in load_prompt('answer')\n"
              "print(len(d.load_dataset(d.PUBLIC_DATASET)))\n")
    run = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env={"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert int(run.stdout.strip()) == sum(1 for line in (ROOT / "eval" / "dataset.jsonl").open() if line.strip())

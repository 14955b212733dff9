"""No file of the project copies more than 40 consecutive words of the article.

The article (CGTN, Seymur Mammadov, 2020) is copyrighted. The book quotes it only in short
excerpts: the register's quote column, each quote at most 25 words. This test walks every
file under the repository (tracked or not, except build outputs, environments and
node_modules), normalises its words and the article's, and fails on any run of more than
40 consecutive words shared with the article. The register's quote column is checked
separately (tests/test_claims_register.py) and is left out of the scan of claims.csv.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from minsk2020.paths import CURATED, ROOT

MAX_RUN = 40
SKIP_DIRS = {"_build", ".venv", "node_modules", ".git", ".pytest_cache", "__pycache__", ".ipynb_checkpoints",
             ".jupyter_cache", "minsk2020.egg-info"}
SKIP_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".zip", ".gz", ".xlsx", ".xls", ".woff", ".woff2",
                 ".ttf", ".pyc", ".sqlite", ".db", ".parquet"}
WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def article_path() -> Path:
    env = os.environ.get("BOOK_ARTICLE_TEXT")
    return Path(env) if env else ROOT.parent / "shared" / "seed" / "article.txt"


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return WORD.findall(text)


def shingles(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def longest_shared_run(tokens: list[str], article_grams: set, n: int) -> int:
    """Length of the longest run of tokens shared with the article (0 if under n+1)."""
    best = run = 0
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i:i + n]) in article_grams:
            run = run + 1 if run else n
            best = max(best, run)
        else:
            run = 0
    return best


def project_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            path = Path(folder) / name
            if path.suffix.lower() in SKIP_SUFFIXES or path.stat().st_size > 20_000_000:
                continue
            yield path


def text_of(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="ignore")
    if path == CURATED / "claims.csv":
        # the quote column is the one place verbatim excerpts may live (each <= 25 words)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        text = frame.drop(columns=["quote"]).to_csv(index=False)
    return text


@pytest.fixture(scope="module")
def article_grams():
    path = article_path()
    if not path.is_file():
        pytest.skip(f"the article's text is not available at {path} (set BOOK_ARTICLE_TEXT)")
    return shingles(words(path.read_text(encoding="utf-8")), MAX_RUN + 1)


def test_no_file_copies_more_than_40_words_of_the_article(article_grams):
    offenders = []
    for path in project_files():
        tokens = words(text_of(path))
        run = longest_shared_run(tokens, article_grams, MAX_RUN + 1)
        if run:
            offenders.append(f"{path.relative_to(ROOT)}: {run} consecutive words of the article")
    assert not offenders, "\n".join(offenders)


def test_the_check_catches_a_copied_passage(article_grams, tmp_path):
    article = words(article_path().read_text(encoding="utf-8"))
    copied = ["intro", "text"] + article[100:145] + ["outro"]
    assert longest_shared_run(copied, article_grams, MAX_RUN + 1) == 45
    assert longest_shared_run(article[100:140], article_grams, MAX_RUN + 1) == 0  # 40 words are allowed

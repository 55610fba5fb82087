"""Ingest throughput against raw underthesea NER, same sentences, same processes.

Builds a corpus by shuffling paragraphs of the bundled samples, times
`annotate ingest` on it (a real CLI run into a fresh database), then times
bare `underthesea.ner()` over the same sentences in a pool of the same size.
Prints articles/s, chars/s, the ratio (target: ingest >= 0.85 of raw NER)
and how busy the cores were.

    python benchmarks/ingest.py [--articles 2000] [--workers N]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.text.layout import analyse_layout  # noqa: E402
from annotate.preannotate.tokens import sentence_ranges  # noqa: E402

SAMPLES = ROOT / "annotate" / "samples"


def build_corpus(folder: Path, count: int, seed: int = 7) -> list[str]:
    """Write count articles made of shuffled sample paragraphs; return their texts."""
    paragraphs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        start, end = analyse_layout(text).article
        paragraphs += [p.strip() for p in text[start:end].split("\n") if len(p.strip()) > 60]
    rng = random.Random(seed)
    texts = []
    for number in range(count):
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 9)))
        text = f"Bài số {number}: hợp tác địa phương Việt Nam - Trung Quốc\n\n" + "\n\n".join(body) + "\n"
        (folder / f"article_{number:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def article_sentences(text: str) -> list[str]:
    layout = analyse_layout(text)
    cuts = sorted(layout.furniture)
    sentences = []
    for s, e in sentence_ranges(text, *layout.article):
        if not any(fs < e and s < fe for fs, fe in cuts):
            sentences.append(text[s:e])
    return sentences


def _ner_sentences(sentences: list[str]) -> int:
    from underthesea import ner

    for sentence in sentences:
        if sentence.strip():
            ner(sentence)
    return len(sentences)


def _warm() -> None:
    from underthesea import ner

    ner("Hà Nội")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        texts = build_corpus(folder, args.articles)
        chars = sum(len(t) for t in texts)
        print(f"corpus: {len(texts)} articles, {chars:,} characters, {args.workers} processes")

        cpu_before = children_cpu()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "annotate", "ingest", str(folder), "--db", str(Path(tmp) / "bench.db"), "--workers", str(args.workers)],
            check=True,
        )
        ingest_s = time.perf_counter() - started
        ingest_cpu = children_cpu() - cpu_before

        jobs = [article_sentences(t) for t in texts]
        context = multiprocessing.get_context("spawn")
        with context.Pool(args.workers, initializer=_warm) as pool:
            started = time.perf_counter()
            for _ in pool.imap(_ner_sentences, jobs, chunksize=8):
                pass
            raw_s = time.perf_counter() - started

    ratio = raw_s / ingest_s
    print(f"annotate ingest : {ingest_s:8.1f} s  {len(texts) / ingest_s:7.1f} articles/s  {chars / ingest_s:10,.0f} chars/s")
    print(f"raw underthesea : {raw_s:8.1f} s  {len(texts) / raw_s:7.1f} articles/s  {chars / raw_s:10,.0f} chars/s  (model already loaded)")
    print(f"throughput ratio ingest/raw: {ratio:.2f}  (target >= 0.85)")
    print(f"core use during ingest: {ingest_cpu / ingest_s:.2f} of {args.workers} cores busy on average")


if __name__ == "__main__":
    main()

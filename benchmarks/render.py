"""Benchmark one engine render: CPU milliseconds per document of the Lào Cai plan.

Run by hand from the repository root (not part of the test suite):

    python benchmarks/render.py              # 7 runs of 300 renders, median and best

``CompiledTemplate.render`` of data/lao_cai_2023.yaml, in the sandbox with all its
bounds (issue 13). CPU time, not wall time: on the shared machine wall time varies
several-fold. To compare with another version, run this file with that version's
checkout first on ``PYTHONPATH``, alternating runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vbhc.document.engine import compiled_template  # noqa: E402
from vbhc.pipeline.render import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    loaded = load("ke-hoach", ROOT / "data" / "lao_cai_2023.yaml")
    template = compiled_template(loaded.kind.template_path)
    for _ in range(50):  # -- warm up: caches, allocator --
        template.render(loaded.context)
    per_doc = []
    for _ in range(args.runs):
        start = time.process_time()
        for _ in range(args.docs):
            template.render(loaded.context)
        per_doc.append((time.process_time() - start) / args.docs * 1000)
    print(f"engine render: {statistics.median(per_doc):.3f} CPU ms/doc "
          f"(best {min(per_doc):.3f}, {args.runs} runs of {args.docs})")


if __name__ == "__main__":
    main()

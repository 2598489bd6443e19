"""Benchmark the studio's preview: from an edit sent to the page images ready to show.

Run by hand from the repository root (needs LibreOffice; python3-uno keeps it warm):

    python benchmarks/studio.py               # 20 edits of the 7-page Lào Cai plan
    python benchmarks/studio.py --edits 40

A real studio serves a copy of data/ on 127.0.0.1; each edit changes the campaign's
year and POSTs the form's data as the page does, timing until the reply (the rendered
.docx converted to PDF by the warm LibreOffice, cut into page images and text) is in.
For comparison, the same document converted by one fresh ``soffice --convert-to pdf``
per edit (what a preview without a warm office would cost), in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    import httpx

    from vbhc.pipeline import pdf, render
    from vbhc.studio import documents
    from vbhc.studio.server import RunningStudio

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    edits = parser.parse_args().edits
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "data", root / "data")
        with RunningStudio(root) as running:
            opened = documents.open_document(running.studio.workspace, "data/lao_cai_2023.yaml")
            client = httpx.Client(base_url=running.url, timeout=300, headers={
                "X-VBHC-Token": running.studio.token, "Origin": running.url})
            body = {"tep": opened.path, "loai": opened.kind, "goc": opened.text,
                    "state": opened.state}
            client.post("/api/xem-truoc", json=body)  # starts LibreOffice
            warm: list[float] = []
            pages = 0
            for index in range(edits):
                body["state"]["chien_dich"]["nam"] = 2024 + index % 2
                started = time.perf_counter()
                reply = client.post("/api/xem-truoc", json=body).json()
                warm.append(time.perf_counter() - started)
                pages = len(reply["trang"])
                assert pages and not reply["loi"], reply["loi"]
        cold: list[float] = []
        loaded = render.load(None, ROOT / "data" / "lao_cai_2023.yaml")
        for index in range(min(edits, 8)):
            target = root / f"lanh_{index}.docx"
            started = time.perf_counter()
            target.write_bytes(render.render_to_bytes(loaded))
            assert not pdf.convert_to_pdf([target], jobs=1)
            cold.append(time.perf_counter() - started)
    print(f"Preview of the Lào Cai plan ({pages} pages), {edits} edits, one run:")
    print("| way | median s | p95 s |")
    print("|---|---:|---:|")
    print(f"| vbhc studio: edit → page images (warm LibreOffice) | "
          f"{statistics.median(warm):.2f} | {percentile(warm, 0.95):.2f} |")
    print(f"| one fresh soffice --convert-to pdf per edit (PDF only) | "
          f"{statistics.median(cold):.2f} | {percentile(cold, 0.95):.2f} |")
    print(f"ratio (median): {statistics.median(cold) / statistics.median(warm):.1f}×")


if __name__ == "__main__":
    main()

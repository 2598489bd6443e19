"""Make the example images of the electronic form (data/anh/): run ``python data/make_anh_mau.py``.

They only stand in for the office's real scans: a red seal 36 mm across and a blue
signature, both transparent PNGs at 150 dpi.
"""

from pathlib import Path

from tests.png_tools import seal_png, signature_png

HERE = Path(__file__).resolve().parent / "anh"

if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    (HERE / "dau_bcd_lao_cai.png").write_bytes(seal_png())
    (HERE / "chu_ky_giang_thi_dung.png").write_bytes(signature_png())

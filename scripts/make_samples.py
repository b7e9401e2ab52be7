"""Regenerate samples/: every scenario's returned kit, its stripped export, its LibreOffice
re-saves (.xlsx and .ods) and samples/README.md.

    python scripts/make_samples.py [--folder samples]

The LibreOffice forms need `soffice` (apt-get install libreoffice-calc-nogui).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from starterkit.demo import sample_files, samples_readme

ROOT = Path(__file__).resolve().parents[1]
LIBREOFFICE_FORMATS = {"libreoffice-xlsx": "xlsx:Calc MS Excel 2007 XML", "libreoffice-ods": "ods"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "samples")
    args = parser.parse_args()
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice is missing: apt-get install libreoffice-calc-nogui")

    folder: Path = args.folder
    if folder.exists():
        shutil.rmtree(folder)
    originals = []
    for name, content in sample_files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if not name.startswith("returned/"):
            originals.append(name)
    (folder / "README.md").write_text(samples_readme(), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="samples-lo-") as profile:
        for variant, target in LIBREOFFICE_FORMATS.items():
            for subfolder in sorted({str(Path(name).parent) for name in originals}):
                out = folder / "returned" / variant / subfolder
                out.mkdir(parents=True, exist_ok=True)
                sources = [str(folder / n) for n in originals if str(Path(n).parent) == subfolder]
                subprocess.run(
                    [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                     "--convert-to", target, "--outdir", str(out), *sources],
                    check=True, capture_output=True, timeout=600,
                )  # fmt: skip
    print(f"wrote {sum(1 for p in folder.rglob('*') if p.is_file())} files in {folder}")


if __name__ == "__main__":
    main()

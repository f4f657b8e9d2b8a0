"""A non-editable install must work: the wheel carries the templates inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_contains_the_templates(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("vaultkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "vaultkit/templates/dashboard.md.j2" in names
    assert "vaultkit/templates/person.md.j2" in names
    package = {path.relative_to(ROOT).as_posix() for path in (ROOT / "vaultkit").rglob("*.py")}
    assert "vaultkit/cli/main.py" in package and package <= set(names)  # every subpackage ships

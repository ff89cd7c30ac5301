"""Copy govuk-frontend's built files and axe-core from node_modules into static files.

No build chain: the CSS is copied with two rewrites that the package documents as the
integrator's job. Asset URLs point at where Django serves them, and the GDS Transport font
(for GOV.UK services only) is replaced by the system font stack.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "inclusion" / "core" / "static" / "govuk"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SYSTEM_FONTS = '-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif'


def rewrite_css(css: str) -> str:
    css = re.sub(r"@font-face\{font-family:GDS Transport;[^}]*\}", "", css)
    css = css.replace("font-family:GDS Transport,arial,sans-serif", f"font-family:{SYSTEM_FONTS}")
    css = css.replace("font-family:GDS Transport", f"font-family:{SYSTEM_FONTS}")
    css = css.replace("url(/assets/", "url(/static/govuk/assets/")
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)


def main() -> int:
    if not SOURCE.is_dir():
        print("node_modules/govuk-frontend is missing: run npm ci first.", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "assets").mkdir(parents=True)
    shutil.copytree(SOURCE / "assets" / "images", TARGET / "assets" / "images")
    css = (SOURCE / "govuk-frontend.min.css").read_text(encoding="utf-8")
    (TARGET / "govuk-frontend.min.css").write_text(rewrite_css(css), encoding="utf-8")
    for name in ("govuk-frontend.min.js", "govuk-frontend.min.js.map"):
        shutil.copy2(SOURCE / name, TARGET / name)
    axe_target = ROOT / "tests" / "browser" / "vendor"
    axe_target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(AXE, axe_target / "axe.min.js")
    print(f"Copied govuk-frontend assets to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

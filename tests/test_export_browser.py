"""The HTML export in a real headless Chromium: type in the search box, see what stays visible.

Needs Debian's `chromium` package (`.ci/run` installs it when it runs as root with
apt-get); skipped otherwise. `CX_CHROMIUM` may point at another Chromium binary.
No Python dependency: Chromium loads a copy of the exported page with a small script
appended that types each query (sets the value, dispatches an 'input' event, as a
keystroke does), records which entries are still rendered, and writes the record into
the page; `--dump-dom` prints the page, and the test reads the record back.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import Cx, write_glossary

CHROMIUM = Path(os.environ.get("CX_CHROMIUM", "/usr/bin/chromium"))

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} not found: install Debian's chromium (.ci/run does, as root)",
)

PROBE = """
<script>
(function () {
  var input = document.getElementById("cx-search");
  function shown(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector))
      .filter(function (el) { return el.getClientRects().length > 0; });
  }
  function state() {
    return {
      ids: shown("article.entry").map(function (el) { return el.getAttribute("data-id"); }),
      sections: shown("section.category").length,
      count: document.getElementById("cx-count").textContent,
      none: shown("#cx-none").length === 1
    };
  }
  var record = {initial: state(), queries: {}, scripts: document.scripts.length,
                pwned: window.cxPwned || null};
  QUERIES.forEach(function (query) {
    input.value = query;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    record.queries[query] = state();
  });
  var out = document.createElement("pre");
  out.id = "cx-probe";
  out.textContent = JSON.stringify(record);
  document.body.appendChild(out);
})();
</script>
"""

QUERIES = [
    "AHT",
    "DURÉE moyenne",
    "duree-moyenne",
    "temps d’attente",
    "average handle",
    "Net Promoter",
    "zzzqqqxx",
    "onerror",
    "",
]


def run_page(page: str, tmp_path: Path) -> dict[str, Any]:
    probe = PROBE.replace("QUERIES", json.dumps(QUERIES))
    assert page.count("</body>") == 1
    target = tmp_path / "page.html"
    target.write_text(page.replace("</body>", probe + "</body>"), encoding="utf-8")
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--dump-dom",
        target.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="cx-probe">(.*?)</pre>', done.stdout, flags=re.S)
    assert found, "the probe did not run:\n" + done.stdout[-2000:] + done.stderr[-2000:]
    record: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return record


def test_search_box_filters_entries_as_you_type(cx: Cx, tmp_path: Path) -> None:
    hostile = write_glossary(
        tmp_path / "hostile.yaml",
        """\
        entries:
          - id: hostile
            term: {fr: "Piège <script>window.cxPwned = 1</script>", en: Trap}
            category: process
            definition:
              fr: "<img src=x onerror=\\"window.cxPwned = 2\\"> fin."
              en: "</article></section><script>window.cxPwned = 3</script>"
        """,
    )
    page_path = tmp_path / "glossary.html"
    cx("export", "--format", "html", "--output", str(page_path), "-g", str(hostile))
    total = len(cx.json("list", "-g", str(hostile))["entries"])
    record = run_page(page_path.read_text(encoding="utf-8"), tmp_path)

    # Glossary text stayed text: no script of its own ran, none was added.
    assert record["pwned"] is None
    assert record["scripts"] == 2  # the page's own and the probe

    initial = record["initial"]
    assert len(initial["ids"]) == total and not initial["none"]
    queries = record["queries"]

    aht = queries["AHT"]["ids"]
    assert "aht" in aht and "nps" not in aht and len(aht) < total
    assert queries["AHT"]["count"] == f"{len(aht)} / {total} entrées"
    for query in ("DURÉE moyenne", "duree-moyenne", "average handle"):
        assert "aht" in queries[query]["ids"], query
        assert len(queries[query]["ids"]) < 20, query
    assert "waiting-time" in queries["temps d’attente"]["ids"]
    assert "nps" in queries["Net Promoter"]["ids"]

    nothing = queries["zzzqqqxx"]
    assert nothing["ids"] == [] and nothing["none"] is True and nothing["sections"] == 0
    assert queries["onerror"]["ids"] == ["hostile"]

    cleared = queries[""]
    assert len(cleared["ids"]) == total and cleared["none"] is False
    assert cleared["count"] == f"{total} entrées"


def test_english_page(cx: Cx, tmp_path: Path) -> None:
    page = cx("export", "--format", "html", "--lang", "en").stdout
    assert '<html lang="en">' in page
    record = run_page(page, tmp_path)
    assert "aht" in record["queries"]["average handle"]["ids"]
    assert record["queries"]["zzzqqqxx"]["count"].endswith("entries")

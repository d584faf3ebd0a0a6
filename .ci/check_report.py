#!/usr/bin/env python3
"""Opens the HTML report of the last run in headless Chromium and fails unless it renders, its
script ran, its counts match the closing line of summary.json, and the page logged nothing to
the console (the report logs nothing, so any console message is an error or a warning).

    python3 .ci/check_report.py [--report target/acceptance/report.html]
                                [--summary target/acceptance/summary.json]
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

CLOSING = re.compile(r"^acceptance: (\d+) passed, (\d+) failed, (\d+) skipped$")
TILES = ("passed", "failed", "skipped", "expected-failures", "warnings")


class ReportDom(HTMLParser):
    """Collects what the check compares: the tiles, the closing line, the scenarios' states."""

    def __init__(self):
        super().__init__()
        self.ready = False
        self.capture = None
        self.text = {}
        self.statuses = {}
        self.sections = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html" and attrs.get("data-report-ready") == "yes":
            self.ready = True
        if tag == "section" and attrs.get("id"):
            self.sections.add(attrs["id"])
        if tag == "article" and "scenario" in (attrs.get("class") or "").split():
            status = attrs.get("data-status", "")
            self.statuses[status] = self.statuses.get(status, 0) + 1
        element_id = attrs.get("id", "")
        if element_id == "closing-line" or element_id.startswith("count-"):
            self.capture = element_id
            self.text[element_id] = ""

    def handle_endtag(self, tag):
        if tag in ("p", "span"):
            self.capture = None

    def handle_data(self, data):
        if self.capture:
            self.text[self.capture] += data


def dump_dom(report: Path, timeout: int):
    """The DOM after the page's script ran, and the console lines Chromium logged."""
    with tempfile.TemporaryDirectory(prefix="check-report-") as profile:
        command = [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--dump-dom", report.resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.returncode, done.stdout, console, done.stderr


def check(report: Path, summary_path: Path, timeout: int) -> list:
    summary = json.loads(summary_path.read_text())
    closing = summary["closing_line"]
    match = CLOSING.match(closing)
    if not match:
        return [f"{summary_path}: the closing line {closing!r} is not 'acceptance: N passed, N failed, N skipped'"]
    passed, failed, skipped = map(int, match.groups())
    code, dom_text, console, stderr = dump_dom(report, timeout)
    if code != 0 or not dom_text.strip():
        tail = "\n".join(stderr.splitlines()[-15:])
        return [f"chromium exited {code} and rendered nothing:\n{tail}"]
    dom = ReportDom()
    dom.feed(dom_text)
    problems = [f"console: {line}" for line in console]
    if not dom.ready:
        problems.append("the report's script did not finish (no data-report-ready on <html>)")
    for section in ("summary", "features"):
        if section not in dom.sections:
            problems.append(f"no section #{section} in the rendered page")
    if dom.text.get("closing-line", "").strip() != closing:
        problems.append(f"the page shows the closing line {dom.text.get('closing-line')!r}, summary.json {closing!r}")
    counts = summary.get("counts", {})
    expected = {
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "expected-failures": counts.get("expected_failures", 0),
        "warnings": counts.get("warnings", 0),
    }
    for tile in TILES:
        shown = dom.text.get(f"count-{tile}", "").strip()
        if shown != str(expected[tile]):
            problems.append(f"the {tile} tile shows {shown!r}, expected {expected[tile]}")
    rows = dom.statuses
    if rows.get("passed", 0) + rows.get("expected-failure", 0) != passed:
        problems.append(f"{passed} passed in the closing line, but the page lists {rows} scenarios")
    if rows.get("skipped", 0) != skipped:
        problems.append(f"{skipped} skipped in the closing line, but the page lists {rows} scenarios")
    if rows.get("failed", 0) + rows.get("fixed", 0) > failed:
        problems.append(f"{failed} failed in the closing line, but the page lists {rows} scenarios")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="target/acceptance/report.html", type=Path)
    parser.add_argument("--summary", default="target/acceptance/summary.json", type=Path)
    parser.add_argument("--timeout", default=60, type=int, help="seconds Chromium may take")
    args = parser.parse_args()
    for path in (args.report, args.summary):
        if not path.is_file():
            print(f"check_report: {path} not found (the acceptance run writes it)", file=sys.stderr)
            return 1
    started = time.monotonic()
    try:
        problems = check(args.report, args.summary, args.timeout)
    except subprocess.TimeoutExpired:
        problems = [f"chromium did not finish within {args.timeout} s"]
    seconds = time.monotonic() - started
    if problems:
        print(f"check_report: {args.report} FAILED ({seconds:.1f} s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"check_report: {args.report} renders in Chromium, counts match the closing line, no console messages ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

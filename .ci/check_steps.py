#!/usr/bin/env python3
"""Two rules of the step vocabulary, checked on the tree (exit 1 on a breach):

1. No step body in src/steps/ is longer than MAX_BODY_LINES lines: a step parses its words and
   calls support, where the behaviour and the assertions live.
2. No step sentence in features/process/ or features/openapi/ carries a command-line flag
   (`--name`) or inline JSON: sentences say what the user wants; mechanics belong in step
   support, tables or docstrings.

`--report` also lists every step body longer than five lines, longest first.
"""
import pathlib
import re
import sys

MAX_BODY_LINES = 15
ROOT = pathlib.Path(__file__).resolve().parent.parent
STEP_ATTRIBUTE = re.compile(r"\s*#\[(given|when|then)\b")
KEYWORD = re.compile(r"^\s*(Given|When|Then|And|But|\*) (.*)$")
FLAG = re.compile(r"(^|[\s\"'`(])--[a-z]")
INLINE_JSON = re.compile(r"[{\[]\s*\"")


def step_bodies():
    """(body lines, file:line, fn name) of every step function."""
    for path in sorted((ROOT / "src" / "steps").rglob("*.rs")):
        lines = path.read_text().splitlines()
        i = 0
        while i < len(lines):
            if not STEP_ATTRIBUTE.match(lines[i]):
                i += 1
                continue
            j = i
            while not re.search(r"\bfn\s+\w+", lines[j]):
                j += 1
            depth, start, k = 0, None, j
            while True:
                for ch in lines[k]:
                    if ch == "{":
                        depth += 1
                        start = k if start is None else start
                    elif ch == "}":
                        depth -= 1
                if start is not None and depth == 0:
                    break
                k += 1
            name = re.search(r"fn\s+(\w+)", lines[j]).group(1)
            yield k - start - 1, f"{path.relative_to(ROOT)}:{j + 1}", name
            i = k + 1


def sentence_breaches():
    """file:line and text of step sentences with a flag or inline JSON."""
    for folder in ("process", "openapi"):
        for path in sorted((ROOT / "features" / folder).rglob("*.feature")):
            in_docstring = False
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if line.strip().startswith('"""'):
                    in_docstring = not in_docstring
                    continue
                match = KEYWORD.match(line)
                if in_docstring or not match:
                    continue
                text = match.group(2)
                if FLAG.search(text) or INLINE_JSON.search(text):
                    yield f"{path.relative_to(ROOT)}:{number}", text


def main():
    bodies = list(step_bodies())
    too_long = [b for b in bodies if b[0] > MAX_BODY_LINES]
    breaches = list(sentence_breaches())
    if "--report" in sys.argv:
        over5 = sorted((b for b in bodies if b[0] > 5), reverse=True)
        print(f"{len(bodies)} steps; {len(over5)} bodies longer than 5 lines:")
        for lines, where, name in over5:
            print(f"  {lines:3} {where} {name}")
    for lines, where, name in too_long:
        print(f"{where}: step {name} has a body of {lines} lines (at most {MAX_BODY_LINES})")
    for where, text in breaches:
        print(f"{where}: a step sentence spells out a flag or inline JSON: {text}")
    print(
        f"steps: {len(bodies)} step bodies, {len(too_long)} longer than {MAX_BODY_LINES} lines; "
        f"{len(breaches)} sentences with flags or inline JSON"
    )
    return 1 if too_long or breaches else 0


if __name__ == "__main__":
    sys.exit(main())

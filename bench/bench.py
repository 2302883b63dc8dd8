#!/usr/bin/env python3
"""The benchmark of `notes`: one command that builds in release, generates
the cases, runs each a few times under /usr/bin/time -v, runs Pandoc on the
same notes for comparison, and writes BENCHMARKS.md and bench/results.json.

    python3 bench/bench.py              # everything (about 15 minutes)
    python3 bench/bench.py --quick      # one run per case, no x100
    python3 bench/bench.py --cases default,x10 --runs 5
    python3 bench/bench.py --cases "" --scaling all   # the scaling suite alone
    python3 bench/bench.py --cases default --watch    # and a rebuild of `notes watch`
    python3 bench/bench.py --cases default,x10 --pairs 7   # and notes beside Pandoc, in pairs

The scaling suite runs each construct (footnotes, headings, links, images,
formulas, index entries, talks, events; links by name in a vault, by the
EPUB) at n and 10·n and reports the ratio of the times (target: under 12).
`--jobs N` passes --jobs to notes.
Profile Typst's part with NOTES_TYPST_TRACE and bench/profile.py.

It compares the new figures with the last recorded ones (bench/results.json)
and prints a warning for every case more than 20% slower. It never fails a
build: timing is noisy on a shared machine; read the warnings.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
REPORT = REPO / "BENCHMARKS.md"
SHARED_CORPUS = REPO.parent / "shared" / "corpora" / "joshbohde-event-notes" / "source"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


# ---------------------------------------------------------------- the cases

def copy_default(dst: Path, times: int):
    """The default book repeated `times` times, events and talks retitled."""
    src = REPO / "sources"
    events = [l.split("(")[1].split(")")[0] for l in (src / "index.md").read_text().splitlines() if l.startswith("- [")]
    root = ["# Event Notes", ""]
    for n in range(1, times + 1):
        for ev in events:
            folder = ev.split("/")[0]
            new = f"{folder}_{n}" if times > 1 else folder
            shutil.copytree(src / folder, dst / new)
            if times > 1:
                for note in (dst / new).glob("*.md"):
                    lines = note.read_text().splitlines()
                    for i, line in enumerate(lines):
                        if line.startswith("# "):
                            lines[i] = f"{line} ({n})"
                            break
                    note.write_text("\n".join(lines) + "\n")
            root.append(f"- [{new}]({new}/index.md)")
    (dst / "index.md").write_text("\n".join(root) + "\n")
    shutil.copy(REPO / "notes.toml", dst.parent / "notes.toml")


WORDS = ("python talk speaker notes community package testing release memory thread "
         "server database query index cache network design module function class object").split()


def paragraph(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(words)).capitalize() + "."


def many_talks(dst: Path, talks: int, per_event: int = 100):
    """`talks` one-page talks in events of `per_event`."""
    root = ["# Many Talks", ""]
    for e in range(talks // per_event):
        ev = dst / f"event_{e:03}"
        ev.mkdir(parents=True)
        index = [f"# Event {e}", ""]
        for t in range(per_event):
            name = f"talk_{t:03}.md"
            body = [f"# Talk {e}.{t}", "", "## Author", "", f"Talk by Speaker {e * per_event + t}", ""]
            for s in range(3):
                body += [f"## Section {s}", ""] + [f"- {paragraph(e * 1000 + t * 10 + s + i, 12)}" for i in range(5)] + [""]
            (ev / name).write_text("\n".join(body))
            index.append(f"- [Talk {t}]({name})")
        (ev / "index.md").write_text("\n".join(index) + "\n")
        root.append(f"- [Event {e}](event_{e:03}/index.md)")
    (dst / "index.md").write_text("\n".join(root) + "\n")
    (dst.parent / "notes.toml").write_text('title = "Many Talks"\nauthor = "Bench"\ndate = 2024-01-01\n')


def big_note(dst: Path, megabytes: float):
    """One talk of about `megabytes` MB."""
    ev = dst / "event"
    ev.mkdir(parents=True)
    (dst / "index.md").write_text("# Big\n\n- [Event](event/index.md)\n")
    (ev / "index.md").write_text("# The Event\n\n- [Big](big.md)\n")
    out, size, s = ["# A Very Long Talk", ""], 0, 0
    while size < megabytes * 1_000_000:
        block = [f"## Part {s}", "", paragraph(s, 120), ""] + [f"- {paragraph(s + i, 15)}" for i in range(8)] + [""]
        text = "\n".join(block)
        out.append(text)
        size += len(text)
        s += 1
    (ev / "big.md").write_text("\n".join(out))
    (dst.parent / "notes.toml").write_text('title = "Big Note"\nauthor = "Bench"\ndate = 2024-01-01\n')


def vault(dst: Path, notes: int = 5000, folders: int = 300):
    """An Obsidian-like vault: `notes` notes in `folders` folders (two levels
    deep, spaces in the names), each note linking three others by name."""
    (dst / ".obsidian").mkdir(parents=True)
    (dst / ".obsidian" / "app.json").write_text("{}\n")
    top = max(1, folders // 10)
    names = [f"Note {n:04}" for n in range(notes)]
    for n, name in enumerate(names):
        f = n % folders
        folder = dst / f"Area {f // 10:02}" / f"Topic {f:03}"
        folder.mkdir(parents=True, exist_ok=True)
        links = " ".join(f"[[{names[(n * 7 + k * 131) % notes]}]]" for k in range(1, 4))
        body = [
            "---", f"tags: [area{f // 10}]", f"created: 2024-01-{1 + n % 28:02}", "---", "",
            f"# {name}", "", paragraph(n, 40), "", f"See also {links}.", "",
            "## Details", "", f"- {paragraph(n + 1, 12)}", f"- {paragraph(n + 2, 12)}", "",
        ]
        (folder / f"{name}.md").write_text("\n".join(body))
    for t in range(top):
        area = dst / f"Area {t:02}"
        if area.is_dir():
            (area / f"Area {t:02}.md").write_text(f"# Area {t:02}\n\n{paragraph(t, 30)}\n")
    (dst.parent / "notes.toml").write_text('title = "A Vault"\nauthor = "Bench"\ndate = 2024-01-01\n')


# Formulas of the kinds lecture notes hold, each written inline.
FORMULAS = [r"x_{i}^{2}", r"\frac{a}{b}", r"\alpha + \beta", r"\sqrt{n}", r"e^{i\pi}", r"\sum_{k=1}^{n} k",
            r"f(x) = x^2", r"\mathbb{R}^n", r"\lim_{h \to 0}", r"\vec{v} \cdot \vec{w}"]


def formula_note(dst: Path, with_formulas: bool, count: int = 5000):
    """One talk with `count` inline formulas in prose (ten to a paragraph),
    or, without them, the same note with each formula replaced by plain
    words of the same length."""
    ev = dst / "event"
    ev.mkdir(parents=True)
    (dst / "index.md").write_text("# Formulas\n\n- [Event](event/index.md)\n")
    (ev / "index.md").write_text("# The Event\n\n- [Lecture](lecture.md)\n")
    out = ["# A Lecture Full of Formulas", ""]
    for p in range(count // 10):
        sentences = []
        for i in range(10):
            tex = FORMULAS[(p * 10 + i) % len(FORMULAS)]
            math = f"${tex}$"
            if not with_formulas:
                words, n = [], 0
                while n < len(math):
                    w = WORDS[(p + i + len(words)) % len(WORDS)]
                    words.append(w)
                    n += len(w) + 1
                math = " ".join(words)[: len(math)].rstrip()
            sentences.append(f"{paragraph(p + i, 6)[:-1]} {math} holds.")
        if p % 25 == 0:
            out += [f"## Section {p // 25 + 1}", ""]
        out += [" ".join(sentences), ""]
    (ev / "lecture.md").write_text("\n".join(out))
    (dst.parent / "notes.toml").write_text('title = "Formulas"\nauthor = "Bench"\ndate = 2024-01-01\n')


# ------------------------------------------------------- the scaling suite
#
# Each construct at n and 10·n, in a book otherwise small: the PDF's time
# for 10·n over its time for n must stay under 12 (linear, with room for
# noise). Text grows with the count as little as the construct allows.

def one_talk(dst: Path, body, title="Scaling"):
    """A book of one event with one talk whose note is `body`."""
    ev = dst / "event"
    ev.mkdir(parents=True)
    (dst / "index.md").write_text(f"# {title}\n\n- [Event](event/index.md)\n")
    (ev / "index.md").write_text("# The Event\n\n- [Talk](talk.md)\n")
    (ev / "talk.md").write_text(body)
    (dst.parent / "notes.toml").write_text(f'title = "{title}"\nauthor = "Bench"\ndate = 2024-01-01\n')
    return ev


def footnotes_note(dst: Path, n: int):
    """One talk with `n` footnotes, one to a sentence."""
    out = ["# Footnotes", ""]
    out += [f"{paragraph(i, 8)[:-1]} ends here.[^n{i}]\n" for i in range(n)]
    out += [f"[^n{i}]: Footnote {i}: {paragraph(i + 1, 5)}" for i in range(n)]
    one_talk(dst, "\n".join(out) + "\n")


def headings_note(dst: Path, n: int):
    """One talk with `n` headings (levels 2 to 4), a sentence under each."""
    out = ["# Headings", ""]
    for i in range(n):
        out += [f"{'#' * (2 + i % 3)} Heading {i}", "", paragraph(i, 8), ""]
    one_talk(dst, "\n".join(out))


def links_note(dst: Path, n: int):
    """One talk with `n` links to its own headings (one heading per ten links)."""
    out = ["# Links", ""]
    for i in range(n):
        if i % 10 == 0:
            out += [f"## Target {i // 10}", ""]
        out += [f"{paragraph(i, 6)[:-1]}, see [target {i // 10 * 10}](#target-{i // 10 // 2 * 2}).", ""]
    one_talk(dst, "\n".join(out))


def png(size: int = 16) -> bytes:
    """A grey square as a PNG, `size` pixels wide: the image of the images case."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([128]) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def images_note(dst: Path, n: int):
    """One talk with `n` figures (the same small PNG under `n` names)."""
    out = ["# Images", ""]
    for i in range(n):
        out += [f"![Figure {i}](img{i}.png)", "", paragraph(i, 6), ""]
    ev = one_talk(dst, "\n".join(out))
    image = png()
    for i in range(n):
        (ev / f"img{i}.png").write_bytes(image)


def formulas_scaled(dst: Path, n: int):
    """One talk with `n` different inline formulas, ten to a paragraph."""
    out = ["# Formulas", ""]
    for p in range(max(1, n // 10)):
        out += [" ".join(f"Then ${FORMULAS[(p * 10 + i) % len(FORMULAS)]} + {p * 10 + i}$ holds." for i in range(10)), ""]
    one_talk(dst, "\n".join(out))


def index_note(dst: Path, n: int):
    """One talk with `n` index entries (MyST `{index}` directives), each
    before a paragraph."""
    out = ["# Index", ""]
    for i in range(n):
        out += ["```{index} " + f"Term {i:05}; sub {i % 7}", "```", "", paragraph(i, 8), ""]
    one_talk(dst, "\n".join(out))


def talks_book(dst: Path, n: int):
    """`n` short talks in one event."""
    ev = dst / "event"
    ev.mkdir(parents=True)
    (dst / "index.md").write_text("# Talks\n\n- [Event](event/index.md)\n")
    index = ["# The Event", ""]
    for t in range(n):
        (ev / f"t{t:05}.md").write_text(f"# Talk {t}\n\n{paragraph(t, 30)}\n\n## Part\n\n{paragraph(t + 1, 30)}\n")
        index.append(f"- [Talk {t}](t{t:05}.md)")
    (ev / "index.md").write_text("\n".join(index) + "\n")
    (dst.parent / "notes.toml").write_text('title = "Talks"\nauthor = "Bench"\ndate = 2024-01-01\n')


def events_book(dst: Path, n: int):
    """`n` events of one short talk each (each event opens on a right-hand page)."""
    root = ["# Events", ""]
    for e in range(n):
        ev = dst / f"e{e:04}"
        ev.mkdir(parents=True)
        (ev / "index.md").write_text(f"# Event {e}\n\n- [Talk](talk.md)\n")
        (ev / "talk.md").write_text(f"# Talk of event {e}\n\n{paragraph(e, 40)}\n")
        root.append(f"- [Event {e}](e{e:04}/index.md)")
    (dst / "index.md").write_text("\n".join(root) + "\n")
    (dst.parent / "notes.toml").write_text('title = "Events"\nauthor = "Bench"\ndate = 2024-01-01\n')


# name: (what, generator, n). Each runs at n and 10·n.
SCALING = {
    "footnotes": ("footnotes in one talk", footnotes_note, 400),
    "headings": ("headings in one talk", headings_note, 500),
    "links": ("internal links in one talk", links_note, 400),
    "images": ("images in one talk", images_note, 50),
    "formulas": ("different inline formulas in one talk", formulas_scaled, 300),
    "index": ("index entries in one talk", index_note, 300),
    "talks": ("talks in one event", talks_book, 40),
    "events": ("events of one talk each", events_book, 20),
    # Links by name are resolved before either output is made: the EPUB
    # alone keeps the case quick (a PDF of 3,000 notes is minutes).
    "names": ("notes of a vault, three links by name each (EPUB)", lambda d, n: vault(d, n, max(10, n // 17)), 300),
}


CASES = {
    "default": ("the default book (x1, ~50 pages)", lambda d: copy_default(d, 1)),
    "x10": ("the default book x10 (~500 pages)", lambda d: copy_default(d, 10)),
    "x100": ("the default book x100 (~5,000 pages)", lambda d: copy_default(d, 100)),
    "talks2000": ("2,000 one-page talks", lambda d: many_talks(d, 2000)),
    "note5mb": ("a single 5 MB note", lambda d: big_note(d, 5)),
    "corpus": ("the reStructuredText corpus of ../shared", None),
    "vault5000": ("an Obsidian-like vault: 5,000 notes in 300 folders, wikilinks", lambda d: vault(d)),
    "formulas": ("a note with 5,000 inline formulas", lambda d: formula_note(d, True)),
    "no-formulas": ("the same note, formulas replaced by words", lambda d: formula_note(d, False)),
}

# Outputs measured per case (default: all three).
MODES = {"vault5000": ("epub",)}


def prepare(name: str, work: Path):
    """Returns (project root, source folder, list of note files in book order)."""
    root = work / name
    if name == "corpus":
        if not SHARED_CORPUS.is_dir():
            return None
        root.mkdir(parents=True)
        return root, SHARED_CORPUS
    src = root / "sources"
    src.mkdir(parents=True)
    CASES[name][1](src)
    return root, src


# ------------------------------------------------------------------ running

def time_v(cmd, cwd):
    """Runs cmd under /usr/bin/time -v; returns wall, cpu, max rss (MB), stdout."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, text=True, capture_output=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stdout}\n{p.stderr[-3000:]}")
    err = p.stderr
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", err).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", err).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)) / 1024
    return wall, user + system, rss, p.stdout


def stages_of(stdout: str):
    stages = {}
    for line in stdout.splitlines():
        m = re.match(r"\s+(\w[\w ]*?)\s+([\d.]+) s$", line)
        if m:
            stages[m.group(1)] = float(m.group(2))
    return stages


JOBS = []  # `--jobs N` for notes, when the benchmark is given one


def run_notes(binary, root, src, mode, out, runs):
    flags = {"pdf": ["--pdf"], "epub": ["--epub"], "both": []}[mode]
    cmd = [str(binary), *JOBS, "render", *flags, "--timings", "--source", str(src), "--out", str(out)]
    samples = []
    for _ in range(runs):
        samples.append(time_v(cmd, root))
    walls = sorted(samples, key=lambda s: s[0])
    median = walls[len(walls) // 2]
    sizes = {f.suffix[1:]: f.stat().st_size for f in Path(out).iterdir() if f.suffix in (".pdf", ".epub")}
    return {
        "wall": median[0],
        "cpu": median[1],
        "rss_mb": max(s[2] for s in samples),
        "stages": stages_of(median[3]),
        "spread": (walls[-1][0] - walls[0][0]) / median[0] if median[0] > 0 else 0,
        "sizes_kb": {k: round(v / 1000) for k, v in sizes.items() if mode == "both" or k == mode},
    }


def run_scaling(binary, work: Path, names, runs):
    """Each construct of SCALING at n and 10·n: the PDF's wall time, and
    the ratio."""
    results = {}
    for name in names:
        what, generate, n = SCALING[name]
        mode = "epub" if "(EPUB)" in what else "pdf"
        row = {"what": what, "n": n}
        for count in (n, 10 * n):
            root = work / f"scale-{name}-{count}"
            src = root / "sources"
            src.mkdir(parents=True)
            generate(src, count)
            out = root / "out"
            out.mkdir()
            r = run_notes(binary, root, src, mode, out, runs)
            row["small" if count == n else "large"] = {"count": count, "wall": r["wall"], "cpu": r["cpu"], "rss_mb": r["rss_mb"], "layout": r["stages"].get("layout")}
        row["ratio"] = row["large"]["wall"] / row["small"]["wall"]
        results[name] = row
        print(f"scaling {name:10} {n:6} -> {10 * n:6}: {row['small']['wall']:6.2f} s -> {row['large']['wall']:6.2f} s  x{row['ratio']:.1f}", flush=True)
    return results


def run_watch(binary, work: Path, edits=3):
    """`notes watch --pdf` on the default book: the first build's time, then
    the time of a rebuild after each of a few edits of one note (the
    times watch prints)."""
    root = work / "watch"
    src = root / "sources"
    src.mkdir(parents=True)
    copy_default(src, 1)
    note = sorted(src.glob("*/*.md"))[1]
    proc = subprocess.Popen([str(binary), *JOBS, "watch", "--pdf", "--source", str(src), "--out", str(root / "out")],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    times = []
    try:
        for line in proc.stdout:
            m = re.match(r"(re)?built in ([\d.]+) s", line.strip())
            if not m:
                continue
            times.append(float(m.group(2)))
            if len(times) > edits:
                break
            time.sleep(0.5)
            note.write_text(note.read_text() + f"\nAn edit, number {len(times)}.\n")
    finally:
        proc.terminate()
        proc.wait()
    if len(times) < 2:
        return None
    rebuild = statistics.median(times[1:])
    return {"cold": times[0], "rebuilds": times[1:], "rebuild": rebuild, "ratio": rebuild / times[0]}


def book_order(src: Path):
    """The note files of a Markdown book in its order, for Pandoc."""
    files = []

    def walk(index: Path):
        for line in index.read_text().splitlines():
            m = re.match(r"\s*[-*] \[[^\]]*\]\(([^)]+)\)", line)
            if not m:
                continue
            target = index.parent / m.group(1)
            if target.name == "index.md":
                walk(target)
            else:
                files.append(target)

    walk(src / "index.md")
    return files


def rst_order(src: Path):
    files = []

    def walk(index: Path):
        text = index.read_text()
        in_toc = False
        for line in text.splitlines():
            if line.strip().startswith(".. toctree::"):
                in_toc = True
                continue
            if in_toc:
                entry = line.strip()
                if not entry or entry.startswith(":"):
                    continue
                if not line.startswith(" "):
                    in_toc = False
                    continue
                target = index.parent / (entry + ".rst")
                if target.name == "index.rst":
                    walk(target)
                else:
                    files.append(target)

    walk(src / "index.rst")
    return files


def pandoc_cmd(src, out, rst=False):
    """Pandoc's command for the EPUB of the notes in `src`, in book order."""
    files = rst_order(src) if rst else book_order(src)
    return ["pandoc", "-f", "rst" if rst else "markdown", "--toc", "-o", str(out / "pandoc.epub"), "--metadata", "title=Bench"] + [str(f) for f in files]


def run_pandoc(src, out, runs, rst=False):
    if not shutil.which("pandoc"):
        return None
    cmd = pandoc_cmd(src, out, rst)
    samples = [time_v(cmd, src)]
    # A Pandoc run of over 20 s is not repeated: its noise is small beside it.
    if samples[0][0] < 20:
        samples += [time_v(cmd, src) for _ in range(runs - 1)]
    samples.sort(key=lambda s: s[0])
    median = samples[len(samples) // 2]
    return {"wall": median[0], "cpu": median[1], "rss_mb": max(s[2] for s in samples)}


def run_pairs(binary, root, src, out, pairs, rst=False):
    """`pairs` times: `notes render` (PDF and EPUB), then Pandoc's EPUB right
    after it, so that both see the same load; the median of the ratios of
    their wall times and of their CPU times."""
    if not shutil.which("pandoc"):
        return None
    notes_cmd = [str(binary), *JOBS, "render", "--source", str(src), "--out", str(out)]
    rows = []
    for _ in range(pairs):
        n = time_v(notes_cmd, root)
        p = time_v(pandoc_cmd(src, out, rst), src)
        rows.append({"notes_wall": n[0], "notes_cpu": n[1], "pandoc_wall": p[0], "pandoc_cpu": p[1]})
    med = lambda f: statistics.median(f(r) for r in rows)
    return {
        "pairs": pairs,
        "notes_wall": med(lambda r: r["notes_wall"]),
        "notes_cpu": med(lambda r: r["notes_cpu"]),
        "pandoc_wall": med(lambda r: r["pandoc_wall"]),
        "pandoc_cpu": med(lambda r: r["pandoc_cpu"]),
        "ratio_wall": med(lambda r: r["notes_wall"] / r["pandoc_wall"]),
        "ratio_cpu": med(lambda r: r["notes_cpu"] / r["pandoc_cpu"]),
        "load": os.getloadavg()[0],
    }


# ---------------------------------------------------------------- reporting

def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    pandoc = sh(["pandoc", "--version"]).stdout.splitlines()[0] if shutil.which("pandoc") else "not installed"
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "os": platform.platform(), "pandoc": pandoc}


def fmt_stages(st):
    keys = ["open", "read", "normalize", "layout", "export", "epub"]
    return ", ".join(f"{k} {st[k]:.2f}" for k in keys if k in st)


def discovery_share(r):
    """Finding (open: layout detection), reading and ordering the notes
    (read), as a share of the build's wall time."""
    st = r.get("stages", {})
    return (st.get("open", 0) + st.get("read", 0)) / r["wall"] if r.get("wall") else 0


def write_report(results, info, args):
    lines = [
        "# Benchmarks",
        "",
        "Measured by `python3 bench/bench.py` (builds `notes` in release, generates the cases, runs each",
        f"case {args.runs} time(s) under `/usr/bin/time -v` and keeps the median wall time; peak memory is the",
        "largest of the runs). Pandoc runs on the same notes, in the same session, to EPUB.",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, {info['os']}; {info['pandoc']}.",
        "",
        "| case | output | wall (s) | spread | CPU (s) | peak RSS (MB) | size (KB) | stages (s) | finding + reading + ordering | Pandoc → EPUB wall (s) |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for name, case in results["cases"].items():
        for mode in ("pdf", "epub", "both"):
            r = case.get(mode)
            if not r:
                continue
            pandoc = case.get("pandoc")
            p = f"{pandoc['wall']:.2f}" if pandoc and mode == "epub" else ""
            spread = f"{100 * r.get('spread', 0):.0f}%"
            share = f"{100 * discovery_share(r):.1f}%"
            size = " + ".join(f"{v}" for _, v in sorted(r.get("sizes_kb", {}).items(), key=lambda kv: kv[0] != "pdf"))
            lines.append(f"| {CASES[name][0]} | {mode} | {r['wall']:.2f} | {spread} | {r['cpu']:.2f} | {r['rss_mb']:.0f} | {size} | {fmt_stages(r['stages'])} | {share} | {p} |")
    paired = [(name, case["pairs"]) for name, case in results["cases"].items() if isinstance(case.get("pairs"), dict)]
    if paired:
        lines += [
            "",
            "Side by side (`--pairs N`: `notes render` of PDF and EPUB, then Pandoc's EPUB right after it, N times; medians, and the median of the ratios):",
            "",
            "| case | pairs | notes PDF + EPUB wall (CPU), s | Pandoc EPUB wall (CPU), s | ratio, wall (CPU) | load average |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, r in paired:
            lines.append(f"| {CASES[name][0]} | {r['pairs']} | {r['notes_wall']:.2f} ({r['notes_cpu']:.2f}) | {r['pandoc_wall']:.2f} ({r['pandoc_cpu']:.2f}) | {r['ratio_wall']:.2f} ({r['ratio_cpu']:.2f}) | {r['load']:.1f} |")
    if results.get("scaling"):
        lines += [
            "",
            "Scaling (the PDF, but where the construct says EPUB; each construct at n and 10·n in a book otherwise small; target: 10·n within 12× the time of n):",
            "",
            "| construct | n | wall (s) | 10·n | wall (s) | ratio | CPU at 10·n (s) | peak RSS at 10·n (MB) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in results["scaling"].items():
            a, b = row["small"], row["large"]
            lines.append(f"| {row['what']} (`{name}`) | {a['count']} | {a['wall']:.2f} | {b['count']} | {b['wall']:.2f} | {row['ratio']:.1f}× | {b['cpu']:.2f} | {b['rss_mb']:.0f} |")
    if results.get("watch"):
        w = results["watch"]
        lines += ["", f"`notes watch --pdf` on the default book: first build {w['cold']:.2f} s, rebuilds after an edit of one note "
                  + ", ".join(f"{t:.2f}" for t in w["rebuilds"]) + f" s (median {w['rebuild']:.2f} s): {w['ratio']:.2f} of the first build."]
    lines += [
        "",
        "Spread: (slowest − fastest) / median wall time of the runs of a case: the noise of this",
        "(shared) machine. Stages are those `notes render --timings` prints, from the median run.",
        "",
    ]
    # The analysis below the marker is written by hand and kept across runs.
    old = REPORT.read_text() if REPORT.exists() else ""
    analysis = old[old.index(ANALYSIS):] if ANALYSIS in old else ANALYSIS + "\n"
    REPORT.write_text("\n".join(lines) + "\n" + analysis)


ANALYSIS = "<!-- analysis: written by hand, kept by bench.py -->"


def compare(old, new):
    warnings = []
    for name, case in new["cases"].items():
        for mode, r in case.items():
            if mode in ("pandoc", "pairs") or not isinstance(r, dict):
                continue
            before = old.get("cases", {}).get(name, {}).get(mode)
            if before and before.get("wall") and r["wall"] > before["wall"] * 1.2 and r["wall"] - before["wall"] > 0.05:
                warnings.append(f"WARNING: {name}/{mode} is {100 * (r['wall'] / before['wall'] - 1):.0f}% slower than last recorded ({before['wall']:.2f} s -> {r['wall']:.2f} s)")
    return warnings


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one run per case, without x100")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated, of: " + ",".join(CASES) + " (empty: none)")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-record", action="store_true", help="do not overwrite BENCHMARKS.md and results.json")
    ap.add_argument("--scaling", default="", help="the scaling suite: 'all' or names (" + ",".join(SCALING) + ")")
    ap.add_argument("--watch", action="store_true", help="measure a rebuild of `notes watch` after an edit")
    ap.add_argument("--jobs", type=int, help="pass --jobs N to notes")
    ap.add_argument("--pairs", type=int, default=0, help="then N pairs per case: notes (PDF and EPUB) and Pandoc right after it, the median ratio")
    args = ap.parse_args()
    if args.jobs:
        JOBS[:] = ["--jobs", str(args.jobs)]
    scaling = list(SCALING) if args.scaling == "all" else [c for c in args.scaling.split(",") if c]
    if args.quick:
        args.runs = 1
    cases = [c for c in args.cases.split(",") if c and not (args.quick and c == "x100")]

    if not args.no_build:
        print("building notes in release ...", flush=True)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "release" / "notes"

    info = machine()
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results = {"machine": info, "cases": {}}
    with tempfile.TemporaryDirectory(prefix="notes-bench-") as tmp:
        work = Path(tmp)
        if scaling:
            results["scaling"] = run_scaling(binary, work, scaling, args.runs)
        if args.watch:
            results["watch"] = run_watch(binary, work)
            if results["watch"]:
                w = results["watch"]
                print(f"watch: first build {w['cold']:.2f} s, rebuild {w['rebuild']:.2f} s: {w['ratio']:.2f}", flush=True)
        for name in cases:
            prepared = prepare(name, work)
            if prepared is None:
                print(f"{name}: skipped (no ../shared corpus)")
                continue
            root, src = prepared
            out = work / f"{name}-out"
            out.mkdir()
            results["cases"][name] = {}
            for mode in MODES.get(name, ("pdf", "epub", "both")):
                r = run_notes(binary, root, src, mode, out, args.runs)
                results["cases"][name][mode] = r
                print(f"{name:10} {mode:5} wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  rss {r['rss_mb']:7.0f} MB  {fmt_stages(r['stages'])}  (finding, reading, ordering: {100 * discovery_share(r):.1f}%)", flush=True)
            pandoc = run_pandoc(src, out, args.runs, rst=(name == "corpus")) if name not in MODES else None
            if pandoc:
                results["cases"][name]["pandoc"] = pandoc
                print(f"{name:10} pandoc wall {pandoc['wall']:7.2f} s  cpu {pandoc['cpu']:7.2f} s  rss {pandoc['rss_mb']:7.0f} MB", flush=True)
            pairs = run_pairs(binary, root, src, out, args.pairs, rst=(name == "corpus")) if args.pairs and name not in MODES else None
            if pairs:
                results["cases"][name]["pairs"] = pairs
                print(f"{name:10} pairs ({args.pairs}): notes/Pandoc wall {pairs['ratio_wall']:.2f}, CPU {pairs['ratio_cpu']:.2f}", flush=True)
    for w in compare(old, results):
        print(w)
    if not args.no_record:
        results["notes"] = old.get("notes", "")
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
        write_report(results, info, args)
        print(f"wrote {REPORT.relative_to(REPO)} and {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())

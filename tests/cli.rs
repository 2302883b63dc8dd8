//! The `notes` binary, run as a user runs it (never on a terminal): each
//! command and each error a user can act on, with its exit code, what it
//! prints (compared to the expected text where the text matters), and the
//! files it writes, or leaves alone.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{PdfRead, squash};

/// What a run of `notes` did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn notes_command(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_notes"));
    cmd.current_dir(dir).env("SOURCE_DATE_EPOCH", "1700000000").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

fn notes(dir: &Path, args: &[&str]) -> Run {
    notes_with(dir, args, &[])
}

fn notes_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = notes_command(dir);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("notes runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// `wrote out/x.pdf (61 KB, 6 pages)` → `wrote out/x.pdf (SIZE, 6 pages)`:
/// sizes change with fonts and Typst versions, the rest should not.
fn without_sizes(text: &str) -> String {
    text.lines()
        .map(|l| match (l.find(" ("), l.find(" KB").or(l.find(" MB")).or(l.find(" B,")).or(l.find(" B)"))) {
            (Some(open), Some(unit)) if unit > open => {
                let unit_end = l[unit + 1..].find([',', ')']).map_or(l.len(), |i| unit + 1 + i);
                format!("{} (SIZE{}", &l[..open], &l[unit_end..])
            }
            _ => l.to_string(),
        })
        .map(|l| match l.find(" in ").filter(|_| l.ends_with(" s")) {
            Some(i) => format!("{} in TIME", &l[..i]),
            None => l,
        })
        .map(|l| if l.starts_with("done in ") { "done in TIME".to_string() } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A project with three talks in two events, every one with speakers.
fn small_book() -> tempfile::TempDir {
    common::project(&[
        ("notes.toml", "title = \"Small Book\"\nauthor = \"Ada\"\ndate = 2016-11-12\n"),
        ("sources/index.md", "# Small Book\n\n- [Alpha Conf](alpha/index.md)\n- [Beta Days](beta/index.md)\n"),
        ("sources/alpha/index.md", "# Alpha Conf\n\n- [The Future Is Bright](future.md)\n- [Second Thoughts](second.md)\n"),
        (
            "sources/alpha/future.md",
            "---\nspeakers: [Jesse Noller]\ndate: 2011-10-06\n---\n\n# The Future Is Bright\n\n## Intro\n\n- Aimed at all communities.\n\nSee [the other talk](second.md), [the event](index.md) and [the intro](#intro).\n",
        ),
        ("sources/alpha/second.md", "---\nspeakers: [Grace Hopper]\n---\n\n# Second Thoughts\n\nAlphabet soup.\n"),
        ("sources/beta/index.md", "# Beta Days\n\n- [Lightning Talks](lightning.md)\n"),
        ("sources/beta/lightning.md", "---\nspeakers: [Many People]\n---\n\n# Lightning Talks\n\nQuick ones.\n"),
    ])
}

/// A project whose notes have one of every warning `notes check` knows.
fn broken_book() -> tempfile::TempDir {
    common::project(&[
        ("notes.toml", "title = \"Broken\"\n"),
        ("sources/index.md", "# Broken\n\n- [Conf](conf/index.md)\n"),
        (
            "sources/conf/index.md",
            "# Conf\n\n- [First Talk](first.md)\n- [Second](second.md)\n- [First Talk](again.md)\n- [Empty](empty.md)\n- [Gone](gone.md)\n",
        ),
        (
            "sources/conf/first.md",
            "# First Talk\n\nSee [the second talk](second.md) and [a missing one](missing.md).\nAlso [a bad anchor](second.md#nowhere).\n\n<button class=\"note\">raw</button>\n\n![A diagram](diagram.png)\n\n## Section\n\n#### Too deep\n\n:::{foo}\nRemember.\n:::\n",
        ),
        ("sources/conf/second.md", "# Second Talk\n\nText.\n"),
        ("sources/conf/again.md", "# First Talk\n\nMore text.\n"),
        ("sources/conf/empty.md", "# Empty\n"),
        ("sources/conf/stray.md", "# Stray\n\nNot listed.\n"),
    ])
}

// ------------------------------------------------------------------ init, new

#[test]
fn init_makes_a_project_that_checks_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let run = notes(dir.path(), &["init", "book", "--title", "Conference Notes", "--author", "Ada Lovelace"]);
    run.expect(0);
    assert_eq!(
        run.stdout,
        "created book/notes.toml
created book/sources/index.md
created book/sources/example-conference/index.md
created book/sources/example-conference/writing-notes-that-last.md
created book/sources/example-conference/pipeline.svg
created book/.gitignore

Next:
  cd book
  notes watch      rebuild the PDF each time a note is saved
                   (try it: edit sources/example-conference/writing-notes-that-last.md)
  notes new example-conference/my-talk \"My Talk\"
  notes check      report problems in the notes
"
    );
    assert_eq!(run.stderr, "");
    let book = dir.path().join("book");
    let toml = std::fs::read_to_string(book.join("notes.toml")).unwrap();
    assert!(toml.contains("title = \"Conference Notes\"") && toml.contains("author = \"Ada Lovelace\""));
    for key in ["paper = \"a4\"", "two-sided = true", "# subtitle", "[fonts]", "body = \"Libertinus Serif\""] {
        assert!(toml.contains(key), "notes.toml lacks {key}");
    }
    assert_eq!(std::fs::read_to_string(book.join(".gitignore")).unwrap(), "# What `notes render` writes\n/out/\n");
    let talk = std::fs::read_to_string(book.join("sources/example-conference/writing-notes-that-last.md")).unwrap();
    assert!(talk.contains("date: 2023-11-14"), "the example talk is dated today (SOURCE_DATE_EPOCH)");

    let run = notes(&book, &["check"]);
    run.expect(0);
    assert_eq!(run.stdout, "layout: readme (index.md)\nchecked 1 event and 1 talk: no problems\n");
    assert_eq!(run.stderr, "");

    let run = notes(&book, &["render", "--pdf"]);
    run.expect(0);
    assert_eq!(without_sizes(&run.stdout), "wrote out/conference-notes.pdf (SIZE, 7 pages)\ndone in TIME");
    assert_eq!(run.stderr, "", "the example notes give no warnings");
    let pdf = PdfRead::new(&std::fs::read(book.join("out/conference-notes.pdf")).unwrap());
    let text = squash(&pdf.all_text());
    for expected in ["Conference Notes", "Ada Lovelace", "Writing Notes That Last", "Ada Example, Grace Sample"] {
        assert!(text.contains(expected), "the PDF lacks {expected:?}");
    }
    // The example's handout too (it links to its event, which a handout does not hold).
    let run = notes(&book, &["render", "--handouts"]);
    run.expect(0);
    assert_eq!(without_sizes(&run.stdout), "wrote out/handouts/writing-notes-that-last.pdf (SIZE, 1 page)\ndone in TIME");
}

#[test]
fn init_refuses_to_overwrite_and_names_the_files() {
    let dir = common::project(&[("notes.toml", "title = \"Mine\"\n"), ("sources/index.md", "# Mine\n")]);
    let run = notes(dir.path(), &["init"]);
    run.expect(1);
    assert_eq!(
        run.stderr,
        "error[file-exists]: these files already exist: notes.toml, sources/index.md
 = help: nothing was written: choose another folder, or move these files away

"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(files(dir.path()), ["notes.toml", "sources/index.md"], "nothing was written");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.toml")).unwrap(), "title = \"Mine\"\n");
}

#[test]
fn init_adds_out_to_a_gitignore_that_is_there() {
    let dir = common::project(&[(".gitignore", "target")]);
    notes(dir.path(), &["-q", "init"]).expect(0);
    assert_eq!(std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(), "target\n# What `notes render` writes\n/out/\n");
    let dir = common::project(&[(".gitignore", "out/\n")]);
    let run = notes(dir.path(), &["init"]);
    run.expect(0);
    assert!(!run.stdout.contains(".gitignore"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(), "out/\n");
}

#[test]
fn new_adds_a_talk_and_lists_it_in_its_event() {
    let dir = tempfile::tempdir().unwrap();
    notes(dir.path(), &["-q", "init"]).expect(0);
    let run = notes(
        dir.path(),
        &["new", "example-conference/second-talk", "Second Talk: [Quotes] \"and\" more", "--speaker", "Grace Hopper", "--date", "2024-05-01"],
    );
    run.expect(0);
    assert_eq!(run.stdout, "created sources/example-conference/second-talk.md\nupdated sources/example-conference/index.md\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sources/example-conference/second-talk.md")).unwrap(),
        "---
title: 'Second Talk: [Quotes] \"and\" more'
speakers:
- Grace Hopper
date: 2024-05-01
tags: []
---

What the talk was about, in a sentence or two.

## Notes

- The first point made.

## Links

- [Slides](https://example.com/slides)
"
    );
    let index = std::fs::read_to_string(dir.path().join("sources/example-conference/index.md")).unwrap();
    assert!(
        index.ends_with("- [Writing Notes That Last](writing-notes-that-last.md)\n- [Second Talk: \\[Quotes\\] \"and\" more](second-talk.md)\n"),
        "{index}"
    );

    // A new event gets a folder, an index, and a line in the root index.
    let run = notes(dir.path(), &["new", "pycon_2012", "Stop Writing Classes"]);
    run.expect(0);
    assert_eq!(run.stdout, "created sources/pycon_2012/stop-writing-classes.md\ncreated sources/pycon_2012/index.md\nupdated sources/index.md\n");
    assert!(std::fs::read_to_string(dir.path().join("sources/index.md")).unwrap().contains("- [Pycon 2012](pycon_2012/index.md)\n"));

    let run = notes(dir.path(), &["check"]);
    run.expect(0);
    assert_eq!(run.stdout, "layout: readme (index.md)\nchecked 2 events and 3 talks: no problems\n");

    // Never over an existing talk; never outside the notes.
    let before = std::fs::read(dir.path().join("sources/example-conference/second-talk.md")).unwrap();
    let run = notes(dir.path(), &["new", "example-conference/second-talk", "Again"]);
    run.expect(1);
    assert!(run.stderr.contains("error[file-exists]: this file already exists: sources/example-conference/second-talk.md"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("sources/example-conference/second-talk.md")).unwrap(), before);
    let run = notes(dir.path(), &["new", "../escape/talk", "Out"]);
    run.expect(2);
    assert!(run.stderr.contains("error[bad-talk-name]"), "{}", run.stderr);
    assert!(!dir.path().join("escape").exists());
}

#[test]
fn new_outside_a_project_says_to_init() {
    let dir = tempfile::tempdir().unwrap();
    let run = notes(dir.path(), &["new", "a/b", "B"]);
    run.expect(1);
    assert!(run.stderr.contains("there is no folder of notes at sources") && run.stderr.contains("notes init"), "{}", run.stderr);
}

// ---------------------------------------------------------------------- check

#[test]
fn check_reports_every_problem_at_its_place() {
    let dir = broken_book();
    let run = notes(dir.path(), &["check"]);
    run.expect(0);
    assert_eq!(
        run.stdout,
        "layout: readme (index.md)\nin no table of contents, added after their folder's listed notes (1):\n  conf/stray.md\nchecked 1 event and 5 talks: 10 warnings\n"
    );
    let expected = [
        ("empty-talk", "sources/conf/empty.md:1:1"),
        ("broken-link", "sources/conf/first.md:3:38"),
        ("broken-link", "sources/conf/first.md:4:6"),
        ("html-element", "sources/conf/first.md:6:1"),
        ("missing-image", "sources/conf/first.md:8:1"),
        ("heading-level-jump", "sources/conf/first.md:12:1"),
        ("unknown-directive", "sources/conf/first.md:14:1"),
        ("duplicate-title", "sources/conf/again.md:1:1"),
        ("missing-toc-entry", "sources/conf/index.md:7:3"),
    ];
    assert!(run.stderr.contains("warning[not-in-index]: 1 note is in no index: conf/stray.md"), "{}", run.stderr);
    for (code, place) in expected {
        assert!(run.stderr.contains(&format!("warning[{code}]")), "no {code} in\n{}", run.stderr);
        assert!(run.stderr.contains(&format!("┌─ {place}\n")), "no {place} in\n{}", run.stderr);
    }
    // One in full: the rustc style, with the line and the span underlined.
    assert!(
        run.stderr.contains(
            "warning[broken-link]: broken link: \"second.md\" has no heading or anchor \"nowhere\"
  ┌─ sources/conf/first.md:4:6
  │
4 │ Also [a bad anchor](second.md#nowhere).
  │      ^^^^^^^^^^^^^^^^^
  │
  = help: the link's text is kept without a link
"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("10 warnings"), "the verdict is a result, on stdout");
    assert!(!dir.path().join("out").exists(), "check writes nothing");

    let run = notes(dir.path(), &["check", "--deny-warnings"]);
    run.expect(1);
    assert!(run.stdout.ends_with("checked 1 event and 5 talks: 10 warnings (warnings denied)\n"), "{}", run.stdout);
}

#[test]
fn check_prints_json_for_programs() {
    let dir = broken_book();
    let run = notes(dir.path(), &["check", "--format", "json"]);
    run.expect(0);
    assert_eq!(run.stderr, "");
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 10);
    let link = list.iter().find(|d| d["code"] == "broken-link" && d["line"] == 3).expect("the broken link");
    assert_eq!(link["severity"], "warning");
    assert_eq!(link["file"], "sources/conf/first.md");
    assert_eq!(link["column"], 38);
    assert_eq!(link["message"], "broken link: there is no note \"missing.md\"");

    // Errors that stop before any note is read come as JSON too.
    let empty = tempfile::tempdir().unwrap();
    let run = notes(empty.path(), &["check", "--format", "json"]);
    run.expect(1);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(list[0]["code"], "missing-sources");
}

#[test]
fn errors_in_the_notes_fail_check_and_stop_render_with_nothing_written() {
    let dir = small_book();
    // A cycle: an event's index lists itself.
    std::fs::write(dir.path().join("sources/beta/index.md"), "# Beta Days\n\n- [Lightning Talks](lightning.md)\n- [Again](index.md)\n").unwrap();
    let run = notes(dir.path(), &["check"]);
    run.expect(1);
    assert!(run.stderr.contains("error[index-cycle]") && run.stderr.contains("sources/beta/index.md:4:3"), "{}", run.stderr);
    assert_eq!(run.stdout, "layout: readme (index.md)\nchecked 2 events and 3 talks: 1 error\n");

    let run = notes(dir.path(), &["render", "--pdf"]);
    run.expect(1);
    assert!(run.stderr.contains("error[index-cycle]"), "{}", run.stderr);
    assert!(run.stderr.ends_with("1 error\nnothing was written: the notes have errors\n"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(!dir.path().join("out").exists(), "nothing was written");
}

#[test]
fn render_prints_warnings_and_still_writes() {
    let dir = small_book();
    std::fs::write(dir.path().join("sources/beta/lightning.md"), "# Lightning Talks\n\nSee [nothing](nowhere.md).\n").unwrap();
    let run = notes(dir.path(), &["render", "--pdf"]);
    run.expect(0);
    assert!(run.stderr.contains("warning[broken-link]") && run.stderr.contains("sources/beta/lightning.md:3:5"), "{}", run.stderr);
    assert!(run.stderr.ends_with("1 warning\n"), "{}", run.stderr);
    assert_eq!(without_sizes(&run.stdout), "wrote out/small-book.pdf (SIZE, 9 pages)\ndone in TIME");
    assert!(dir.path().join("out/small-book.pdf").is_file());
}

// ------------------------------------------------------- errors a user can fix

#[test]
fn a_missing_sources_folder_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    for command in [&["check"][..], &["render", "--pdf"], &["watch"]] {
        let run = notes(dir.path(), command);
        run.expect(1);
        assert_eq!(
            run.stderr,
            "error[missing-sources]: there is no folder of notes at sources
 = help: run `notes init` to start a project here, or pass `--source FOLDER`

",
            "{command:?}"
        );
    }
}

#[test]
fn a_bad_notes_toml_names_the_key_the_line_and_what_is_allowed() {
    let dir = common::project(&[("notes.toml", "title = \"x\"\npaper = \"b5\"\n"), ("sources/t.md", "# T\n\nText.\n")]);
    let run = notes(dir.path(), &["check"]);
    run.expect(1);
    assert!(
        run.stderr.starts_with(
            "error[bad-config]: `paper`: unknown variant `b5`, expected one of `a4`, `letter`, `a5`, `half-letter`, `ereader`
  ┌─ notes.toml:2:9
  │
2 │ paper = \"b5\"
  │         ^^^^
"
        ),
        "{}",
        run.stderr
    );
    std::fs::write(dir.path().join("notes.toml"), "title = \"x\"\npaper-size = \"a4\"\n").unwrap();
    let run = notes(dir.path(), &["render", "--pdf"]);
    run.expect(1);
    assert!(run.stderr.contains("unknown field `paper-size`") && run.stderr.contains("notes.toml:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("help: the keys of notes.toml are: title,"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unknown_font_lists_the_fonts_there_are() {
    let dir = common::project(&[("notes.toml", "title = \"x\"\n[fonts]\nbody = \"Comic Sans\"\n"), ("sources/t.md", "# T\n\nText.\n")]);
    let run = notes(dir.path(), &["render", "--pdf"]);
    run.expect(1);
    assert!(
        run.stderr.starts_with(
            "error[unknown-font]: there is no font named \"Comic Sans\" (fonts.body)
  ┌─ notes.toml:3:8
  │
3 │ body = \"Comic Sans\"
  │        ^^^^^^^^^^^^
  │
  = help: the fonts available are: DejaVu Sans Mono, Libertinus Serif, New Computer Modern,"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unreadable_note_is_an_error_with_its_name() {
    let dir = small_book();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("nowhere.md", dir.path().join("sources/alpha/lost.md")).unwrap();
        let run = notes(dir.path(), &["check"]);
        run.expect(1);
        assert!(run.stderr.contains("error[unreadable-file]: alpha/lost.md is a link to a file that does not exist"), "{}", run.stderr);
        assert!(run.stderr.contains("in sources/alpha/lost.md"), "{}", run.stderr);
        std::fs::remove_file(dir.path().join("sources/alpha/lost.md")).unwrap();

        // A file without read permission (not enforced for root, so only
        // checked where it is).
        use std::os::unix::fs::PermissionsExt;
        let talk = dir.path().join("sources/alpha/second.md");
        std::fs::set_permissions(&talk, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&talk).is_err() {
            let run = notes(dir.path(), &["check"]);
            run.expect(1);
            assert!(run.stderr.contains("error[unreadable-file]: cannot read this file") && run.stderr.contains("sources/alpha/second.md"), "{}", run.stderr);
        }
        std::fs::set_permissions(&talk, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[test]
fn an_unwritable_out_folder_is_an_io_error_and_nothing_is_half_written() {
    let dir = small_book();
    std::fs::write(dir.path().join("out"), "a file where the folder should be").unwrap();
    let run = notes(dir.path(), &["render", "--pdf"]);
    run.expect(3);
    assert_eq!(
        run.stderr,
        "error[unwritable-output]: cannot write out/small-book.pdf: out is a file, not a folder
 = help: make sure the folder can be written (and is a folder), or choose another with --out DIR

"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read_to_string(dir.path().join("out")).unwrap(), "a file where the folder should be");
    // --out elsewhere works.
    notes(dir.path(), &["-q", "render", "--pdf", "--out", "build"]).expect(0);
    assert_eq!(files(&dir.path().join("build")), ["small-book.pdf"]);
}

#[test]
fn usage_errors_exit_2() {
    let dir = small_book();
    for args in [&["render", "--bogus"][..], &["render", "--paper", "b5"], &["frobnicate"], &["render", "--only", "a/b/c"], &["check", "--format", "xml"]] {
        let run = notes(dir.path(), args);
        run.expect(2);
        assert!(run.stderr.starts_with("error:"), "{args:?}: {}", run.stderr);
    }
    let run = notes(dir.path(), &["render", "--pdf", "--only", "gamma"]);
    run.expect(2);
    assert_eq!(run.stderr, "error[unknown-selection]: --only: there is no event \"gamma\" in the book\n = help: the events are: alpha, beta\n\n");
    let run = notes(dir.path(), &["render", "--pdf", "--only", "alpha/nope"]);
    run.expect(2);
    assert!(run.stderr.contains("the event alpha has no talk \"nope\"") && run.stderr.contains("its talks are: future, second"), "{}", run.stderr);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn jobs_limits_the_threads_and_changes_no_byte() {
    let dir = small_book();
    let out = |jobs: &str| {
        let o = format!("out-{jobs}");
        notes(dir.path(), &["-q", "render", "--jobs", jobs, "--out", &o]).expect(0);
        notes(dir.path(), &["-q", "render", "--handouts", "-j", jobs, "--out", &format!("{o}/h")]).expect(0);
        files(&dir.path().join(&o)).into_iter().map(|f| (std::fs::read(dir.path().join(&o).join(&f)).unwrap(), f)).collect::<Vec<_>>()
    };
    let one = out("1");
    assert_eq!(one.len(), 5, "a PDF, an EPUB and three handouts: {:?}", one.iter().map(|f| &f.1).collect::<Vec<_>>());
    assert!(one == out("3"), "the outputs differ with --jobs 1 and --jobs 3");
    for bad in ["0", "many"] {
        let run = notes(dir.path(), &["render", "--jobs", bad]);
        run.expect(2);
        assert!(run.stderr.starts_with("error:") && run.stderr.contains("--jobs"), "{}", run.stderr);
    }
}

// ------------------------------------------------------ handouts, subsets, paper

#[test]
fn handouts_are_one_pdf_per_talk_named_after_it() {
    let dir = small_book();
    let run = notes(dir.path(), &["render", "--pdf", "--handouts"]);
    run.expect(0);
    assert_eq!(
        without_sizes(&run.stdout),
        "wrote out/handouts/the-future-is-bright.pdf (SIZE, 1 page)
wrote out/handouts/second-thoughts.pdf (SIZE, 1 page)
wrote out/handouts/lightning-talks.pdf (SIZE, 1 page)
3 files (SIZE, 3 pages) in TIME"
    );
    assert_eq!(files(&dir.path().join("out")), ["handouts/lightning-talks.pdf", "handouts/second-thoughts.pdf", "handouts/the-future-is-bright.pdf"]);
    let pdf = PdfRead::new(&std::fs::read(dir.path().join("out/handouts/the-future-is-bright.pdf")).unwrap());
    assert_eq!(pdf.page_count(), 1);
    let text = squash(&pdf.page_text(1));
    for expected in ["The Future Is Bright", "Jesse Noller", "Alpha Conf", "October 6, 2011", "1 Intro", "1 of 1"] {
        assert!(text.contains(expected), "the handout lacks {expected:?}: {text}");
    }
    assert!(!text.contains("1.1.1"), "a handout's sections are numbered on their own: {text}");
    // A talk without a date shows the date of the notes.
    let pdf = PdfRead::new(&std::fs::read(dir.path().join("out/handouts/second-thoughts.pdf")).unwrap());
    let text = squash(&pdf.page_text(1));
    assert!(text.contains("Alpha Conf · November 12, 2016") && text.contains("Grace Hopper"), "{text}");

    // --only picks the handouts too, under the same names.
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    notes(dir.path(), &["-q", "render", "--handouts", "--only", "beta"]).expect(0);
    assert_eq!(files(&dir.path().join("out")), ["handouts/lightning-talks.pdf"]);
}

#[test]
fn handouts_of_talks_with_one_title_carry_their_event_with_only_or_not() {
    let dir = common::project(&[
        ("sources/index.md", "# Two\n\n- [A](a/index.md)\n- [B](b/index.md)\n"),
        ("sources/a/index.md", "# A\n\n- [Lightning Talks](lightning.md)\n"),
        ("sources/a/lightning.md", "# Lightning Talks\n\nFirst.\n"),
        ("sources/b/index.md", "# B\n\n- [Lightning Talks](lightning.md)\n"),
        ("sources/b/lightning.md", "# Lightning Talks\n\nSecond.\n"),
    ]);
    notes(dir.path(), &["-q", "render", "--handouts"]).expect(0);
    assert_eq!(files(&dir.path().join("out")), ["handouts/a-lightning-talks.pdf", "handouts/b-lightning-talks.pdf"]);
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    notes(dir.path(), &["-q", "render", "--handouts", "--only", "b/lightning"]).expect(0);
    assert_eq!(files(&dir.path().join("out")), ["handouts/b-lightning-talks.pdf"]);
}

#[test]
fn handouts_of_many_pages_count_them() {
    let long: String = (1..=120).map(|i| format!("- Point number {i}, with enough words to take a line.\n")).collect();
    let dir = common::project(&[("sources/e/index.md", "# E\n\n- [Long](long.md)\n"), ("sources/e/long.md", &format!("# Long\n\n{long}"))]);
    notes(dir.path(), &["-q", "render", "--handouts"]).expect(0);
    let pdf = PdfRead::new(&std::fs::read(dir.path().join("out/handouts/long.pdf")).unwrap());
    let n = pdf.page_count();
    assert!(n >= 2, "{n} pages");
    assert!(squash(&pdf.page_text(1)).contains(&format!("1 of {n}")));
    assert!(squash(&pdf.page_text(n as u32)).contains(&format!("{n} of {n}")));
}

#[test]
fn only_renders_a_part_of_the_book_under_its_own_name() {
    let dir = small_book();
    let run = notes(dir.path(), &["render", "--pdf", "--only", "alpha/future"]);
    run.expect(0);
    assert_eq!(without_sizes(&run.stdout), "wrote out/small-book-alpha-future.pdf (SIZE, 7 pages)\ndone in TIME");
    let text = squash(&PdfRead::new(&std::fs::read(dir.path().join("out/small-book-alpha-future.pdf")).unwrap()).all_text());
    assert!(text.contains("The Future Is Bright") && !text.contains("Lightning Talks") && !text.contains("Alphabet soup"), "{text}");
    notes(dir.path(), &["-q", "render", "--pdf", "--only", "Beta Days"]).expect(0);
    assert!(dir.path().join("out/small-book-beta-days.pdf").is_file());
    assert!(!dir.path().join("out/small-book.pdf").exists(), "the whole book is not overwritten");
}

#[test]
fn paper_comes_from_notes_toml_or_the_command_line() {
    let dir = small_book();
    let size = |path: &str| {
        let pdf = PdfRead::new(&std::fs::read(dir.path().join(path)).unwrap());
        let (_, id) = pdf.doc.get_pages().into_iter().next().unwrap();
        let page = pdf.doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap().clone();
        let f = |o: &lopdf::Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32)).unwrap();
        ((f(&media[2]) - f(&media[0])).round() as i32, (f(&media[3]) - f(&media[1])).round() as i32)
    };
    notes(dir.path(), &["-q", "render", "--pdf"]).expect(0);
    assert_eq!(size("out/small-book.pdf"), (595, 842), "A4 by default");
    notes(dir.path(), &["-q", "render", "--pdf", "--paper", "ereader"]).expect(0);
    assert_eq!(size("out/small-book.pdf"), (255, 340), "90 × 120 mm");
    std::fs::write(dir.path().join("notes.toml"), "title = \"Small Book\"\npaper = \"letter\"\n").unwrap();
    notes(dir.path(), &["-q", "render", "--pdf"]).expect(0);
    assert_eq!(size("out/small-book.pdf"), (612, 792));
    notes(dir.path(), &["-q", "render", "--pdf", "--paper", "a5"]).expect(0);
    assert_eq!(size("out/small-book.pdf"), (420, 595));
}

// --------------------------------------------------------------- output, help

#[test]
fn quiet_prints_nothing_but_errors_and_verbose_more() {
    let dir = small_book();
    let run = notes(dir.path(), &["-q", "render", "--pdf"]);
    run.expect(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let run = notes(dir.path(), &["-v", "render", "--pdf"]);
    run.expect(0);
    for stage in ["read", "normalize", "pdf", "layout", "export"] {
        assert!(run.stdout.contains(&format!("  {stage} ")), "no {stage} in {}", run.stdout);
    }
}

#[test]
fn no_progress_bar_and_no_colour_off_a_terminal() {
    let dir = broken_book();
    let run = notes(dir.path(), &["render", "--pdf", "--handouts"]);
    run.expect(0);
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "escape codes: {text:?}");
        assert!(!text.contains("making the handouts"), "a progress bar: {text:?}");
    }
    let run = notes(dir.path(), &["--color", "always", "check"]);
    assert!(run.stderr.contains("\u{1b}["), "--color always colours: {:?}", run.stderr);
    let run = notes_with(dir.path(), &["--color", "auto", "check"], &[("NO_COLOR", "1")]);
    assert!(!run.stderr.contains('\u{1b}'));
    let run = notes(dir.path(), &["--color", "never", "check"]);
    assert!(!run.stderr.contains('\u{1b}'));
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let run = notes(dir.path(), &["--help"]);
    run.expect(0);
    assert!(run.stdout.contains("Exit codes:") && run.stdout.contains("notes watch"), "{}", run.stdout);
    for command in ["init", "new", "check", "render", "watch", "ast", "completions", "man"] {
        let run = notes(dir.path(), &[command, "--help"]);
        run.expect(0);
        assert!(run.stdout.contains("Example") && run.stdout.contains(&format!("notes {command}")), "{command}: {}", run.stdout);
    }
}

#[test]
fn completions_and_the_manual_come_from_the_definitions() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = notes(dir.path(), &["completions", shell]);
        run.expect(0);
        assert!(run.stdout.contains("handouts"), "{shell} completes --handouts");
    }
    let run = notes(dir.path(), &["man"]);
    run.expect(0);
    assert!(run.stdout.starts_with(".ie") || run.stdout.contains(".TH notes"), "{}", &run.stdout[..200.min(run.stdout.len())]);
    assert!(run.stdout.contains("watch"));
    let run = notes(dir.path(), &["man", "--out", "man"]);
    run.expect(0);
    let pages = files(&dir.path().join("man"));
    for page in ["notes.1", "notes-check.1", "notes-init.1", "notes-new.1", "notes-render.1", "notes-watch.1"] {
        assert!(pages.iter().any(|p| p == page), "{page} missing from {pages:?}");
        assert!(run.stdout.contains(&format!("wrote man/{page}")), "{}", run.stdout);
    }
}

// ---------------------------------------------------------------------- watch

/// `notes watch`, running; its stdout and stderr read line by line.
struct Watching {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// Every line so far, and the lines not yet taken by `wait_for`.
    seen: Vec<String>,
    pending: Vec<String>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = notes_command(dir).arg("watch").args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("notes watch starts");
        let (tx, rx) = mpsc::channel();
        for stream in [Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>, Box::new(child.stderr.take().unwrap())] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watching { child, lines: rx, seen: Vec::new(), pending: Vec::new() }
    }

    /// Waits for a line that starts with `prefix` and takes it; returns it.
    /// Lines of stdout and stderr arrive in no fixed order between them,
    /// so lines not yet taken are looked at first.
    fn wait_for(&mut self, prefix: &str) -> String {
        if let Some(i) = self.pending.iter().position(|l| l.starts_with(prefix)) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                    self.pending.push(line);
                }
                Err(_) => break,
            }
        }
        panic!("no line starting with {prefix:?}; saw:\n{}", self.seen.join("\n"));
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves a file as editors do: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("md.saving~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn watch_rebuilds_on_save_reads_only_what_changed_and_survives_errors() {
    let dir = small_book();
    let pdf_path: PathBuf = dir.path().join("out/small-book.pdf");
    let mut watch = Watching::start(dir.path(), &[]);
    watch.wait_for("wrote out/small-book.pdf");
    watch.wait_for("built in");
    assert_eq!(watch.wait_for("watching"), "watching sources/, notes.toml (Ctrl-C stops)");
    let text = || squash(&PdfRead::new(&std::fs::read(&pdf_path).unwrap()).all_text());
    assert!(text().contains("Alphabet soup"));

    // An edit: one note read again, the new text in the PDF.
    save(&dir.path().join("sources/alpha/second.md"), "---\nspeakers: [Grace Hopper]\n---\n\n# Second Thoughts\n\nAlphabet stew.\n");
    assert_eq!(watch.wait_for("changed:"), "changed: sources/alpha/second.md");
    let rebuilt = watch.wait_for("rebuilt in");
    assert!(rebuilt.ends_with("(1 of 6 notes read again)"), "{rebuilt}");
    assert!(text().contains("Alphabet stew") && !text().contains("Alphabet soup"));

    // An error: printed, watching goes on, the last good PDF stays.
    let good = std::fs::read(&pdf_path).unwrap();
    std::fs::write(dir.path().join("notes.toml"), "title = \"Small Book\"\n[fonts]\nbody = \"Comic Sans\"\n").unwrap();
    watch.wait_for("changed: notes.toml");
    watch.wait_for("error[unknown-font]");
    watch.wait_for("not rebuilt: the notes have errors; the last good output stays");
    assert_eq!(std::fs::read(&pdf_path).unwrap(), good);
    std::fs::write(dir.path().join("notes.toml"), "title = \"Small Book\"\npaper = \"a5\"\n").unwrap();
    watch.wait_for("changed: notes.toml");
    watch.wait_for("rebuilt in");
    assert_ne!(std::fs::read(&pdf_path).unwrap(), good);

    // A style: the project's own template is watched too.
    std::fs::create_dir(dir.path().join("styles")).unwrap();
    let template = notes_pdf::world::BUILTIN_TEMPLATE.replace("accent: rgb(\"#1f4e79\")", "accent: rgb(\"#791f4e\")");
    assert_ne!(template, notes_pdf::world::BUILTIN_TEMPLATE);
    std::fs::write(dir.path().join("styles/book.typ"), template).unwrap();
    watch.wait_for("rebuilt in");
}

#[test]
fn render_watch_is_watch() {
    let dir = small_book();
    let mut child = Watching::start(dir.path(), &[]);
    child.wait_for("built in");
    drop(child);
    let mut cmd = notes_command(dir.path());
    let mut child = cmd.args(["render", "--watch", "--pdf"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let second = lines.next().and_then(Result::ok).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.starts_with("wrote out/small-book.pdf") && second.starts_with("built in"), "{first}\n{second}");
}

#[test]
fn render_says_each_cause_once_and_check_says_every_one() {
    let links: String = (1..=7).map(|i| format!("See [gone {i}](gone{i}.md).\n\n")).collect();
    let talk = format!("# Talk\n\n{links}");
    let dir = common::project(&[("sources/ev/index.md", "# Ev\n\n- [Talk](talk.md)\n"), ("sources/ev/talk.md", &talk)]);
    let run = notes(dir.path(), &["render", "--pdf"]);
    run.expect(0);
    assert_eq!(run.stderr.matches("warning[broken-link]").count(), 4, "{}", run.stderr);
    assert!(run.stderr.contains("4 more like this, in sources/ev/talk.md"), "{}", run.stderr);
    let check = notes(dir.path(), &["check"]);
    assert_eq!(check.stderr.matches("warning[broken-link]").count(), 7, "{}", check.stderr);
}

#[test]
fn booklets_are_imposed_in_the_order_to_fold() {
    // A talk of three pages as a handout booklet: padded to four pages, two
    // sides of one sheet: (blank, 1) then (2, 3).
    let long: String = (1..=60).map(|i| format!("Paragraph {i} of the talk, long enough to fill some lines of a small page.\n\n")).collect();
    let talk = format!("# Folding\n\n{long}");
    let dir = common::project(&[("sources/ev/index.md", "# Ev\n\n- [Folding](folding.md)\n"), ("sources/ev/folding.md", &talk)]);
    let run = notes(dir.path(), &["render", "--handouts", "--booklet"]);
    run.expect(0);
    assert!(run.stderr.contains("flipping on the short edge"), "{}", run.stderr);
    let plain = notes(dir.path(), &["render", "--handouts", "--paper", "a5"]);
    plain.expect(0);
    let handout = common::PdfRead::new(&std::fs::read(dir.path().join("out/handouts/folding.pdf")).unwrap());
    let pages = handout.page_count();
    assert!(pages >= 2, "the test needs a talk of several A5 pages, not {pages}");
    let booklet = common::PdfRead::new(&std::fs::read(dir.path().join("out/handouts/folding-booklet.pdf")).unwrap());
    let padded = pages.div_ceil(4) * 4;
    assert_eq!(booklet.page_count(), padded / 2, "two pages to a side");
    // Each side holds the pages of the saddle-stitch order, left then
    // right: the pages it places are the handout's pages, content for
    // content.
    let order = notes_pdf::booklet::page_order(pages);
    assert_eq!(order.len(), booklet.page_count());
    let originals: Vec<Vec<u8>> = handout.doc.get_pages().values().map(|id| handout.doc.get_page_content(*id)).collect();
    for (side, (left, right)) in order.iter().enumerate() {
        let expected: Vec<usize> = [left, right].into_iter().filter(|p| **p > 0).map(|p| *p).collect();
        let placed: Vec<usize> = booklet
            .placed_pages(side as u32 + 1)
            .iter()
            .map(|content| originals.iter().position(|o| o.trim_ascii_end() == content.trim_ascii_end()).map_or(0, |i| i + 1))
            .collect();
        assert_eq!(placed, expected, "side {} is not pages {left} and {right}", side + 1);
    }
    // The sheet is A4 across.
    let (w, h) = booklet.page_size(1);
    assert!((w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0, "{w} × {h}");
}

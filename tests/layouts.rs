//! Every layout of a notes folder becomes a whole book: the fixtures under
//! `tests/fixtures/layouts/` (one small project of our own per layout, with
//! the book it should make in its `EXPECTED.md`) are loaded and rendered,
//! and the structure, the warnings and the words are read back from the
//! tree, the PDF and the EPUB.

mod common;

use std::io::{Cursor, Read};
use std::path::PathBuf;

use common::PdfRead;
use notes_doc::plain_text;

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/layouts").join(name).join("project")
}

fn load(name: &str) -> notes::Loaded {
    let options = notes_project::ProjectOptions { cwd: common::repo(), source: Some(fixture(name)), config: None, out: None };
    let loaded = notes::load(&options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let errors: Vec<String> = loaded.diagnostics.iter().filter(|d| d.severity == notes_doc::diag::Severity::Error).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
    loaded
}

/// Letters and digits only, lower case: words found whatever the line
/// breaks, hyphens and spaces of a text extraction.
fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn pdf_text(loaded: &notes::Loaded) -> String {
    let bytes = notes_pdf::render(&loaded.book, &loaded.project.config, &loaded.assets).unwrap_or_else(|e| panic!("{e}")).bytes;
    key(&PdfRead::new(&bytes).all_text())
}

fn epub_text(loaded: &notes::Loaded) -> String {
    let mut assets = loaded.assets.clone();
    let cover = notes_pdf::draw_cover(&loaded.book, &loaded.project.config, &assets, notes_epub::COVER_WIDTH).unwrap_or_else(|e| panic!("{e}"));
    assets.cover = Some(notes_project::assets::CoverImage { name: "the title page".into(), bytes: cover });
    let bytes = notes_epub::render(&loaded.book, &loaded.project.config, &assets).unwrap_or_else(|e| panic!("{e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("a file");
        if !file.name().is_ok_and(|n| n.ends_with(".xhtml")) {
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml).expect("UTF-8");
        let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let doc = roxmltree::Document::parse_with_options(&xml, options).expect("XHTML");
        for node in doc.descendants().filter(|n| n.is_text()) {
            text.push_str(node.text().unwrap_or(""));
            text.push(' ');
        }
    }
    key(&text)
}

/// The book as (part title, [chapter titles]).
fn structure(loaded: &notes::Loaded) -> Vec<(String, Vec<String>)> {
    loaded.book.parts.iter().map(|p| (plain_text(&p.title), p.chapters.iter().map(|c| plain_text(&c.title)).collect())).collect()
}

struct Expected<'a> {
    layout: &'a str,
    parts: &'a [(&'a str, &'a [&'a str])],
    /// Paths named by the one `not-in-index` warning (none: no warning).
    orphans: &'a [&'a str],
    left_out: &'a [&'a str],
    must: &'a [&'a str],
    must_not: &'a [&'a str],
}

fn check(name: &str, want: Expected) {
    let loaded = load(name);
    assert!(loaded.survey.layout.starts_with(want.layout), "{name}: layout {}", loaded.survey.layout);
    let got = structure(&loaded);
    let wanted: Vec<(String, Vec<String>)> = want.parts.iter().map(|(p, cs)| (p.to_string(), cs.iter().map(|c| c.to_string()).collect())).collect();
    assert_eq!(got, wanted, "{name}: the book's parts and chapters");
    let warnings: Vec<_> = loaded.diagnostics.iter().filter(|d| d.code == "not-in-index" && d.severity == notes_doc::diag::Severity::Warning).collect();
    if want.orphans.is_empty() {
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
    } else {
        assert_eq!(warnings.len(), 1, "{name}: one warning for all orphans: {warnings:?}");
        for o in want.orphans {
            assert!(warnings[0].message.contains(o), "{name}: {o} not named in {}", warnings[0].message);
        }
        assert_eq!(loaded.survey.orphans.len(), want.orphans.len(), "{name}: {:?}", loaded.survey.orphans);
    }
    for l in want.left_out {
        assert!(loaded.survey.left_out.iter().any(|(p, _)| p == l), "{name}: {l} is not listed as left out: {:?}", loaded.survey.left_out);
    }
    let pdf = pdf_text(&loaded);
    let epub = epub_text(&loaded);
    for w in want.must {
        assert!(pdf.contains(&key(w)), "{name}: {w:?} is not in the PDF");
        assert!(epub.contains(&key(w)), "{name}: {w:?} is not in the EPUB");
    }
    for w in want.must_not {
        assert!(!pdf.contains(&key(w)), "{name}: {w:?} is in the PDF");
        assert!(!epub.contains(&key(w)), "{name}: {w:?} is in the EPUB");
    }
}

#[test]
fn sphinx_with_myst_markdown() {
    check(
        "sphinx-myst",
        Expected {
            layout: "sphinx (conf.py, MyST Markdown)",
            parts: &[
                (
                    "Conferences / Fernhollow DataCon 2030",
                    &["Opening Keynote: The Quiet Compiler", "Why Lanterns Beat Load Balancers", "Tide Tables as Time Series", "Day Two Hallway Notes"],
                ),
                ("Meetups / Cinder Bay Meetup (Tōkai chapter)", &["Nachtcafé Lightning Round", "Embers and Backpressure"]),
            ],
            orphans: &["fernhollow-2030/forgotten-day-two.md"],
            left_out: &["README.md", "drafts", "fernhollow-2030/hidden-errata.rst"],
            must: &["silogrammar", "murmurline", "hushwarden", "lampwicks", "brackwater", "netknot", "thermokiln", "cindersort", "emberstall", "Quarrington"],
            must_not: &["readmeonlyword", "repositoryblurb", "licenceonlyword", "stalecopyonly", "errataonlyword", "draftonlyword"],
        },
    );
}

#[test]
fn readme_repository() {
    check(
        "readme",
        Expected {
            layout: "readme (README.md)",
            parts: &[
                ("2031 / Brackenfield DevDays 2031", &["Keynote: Tessellated Teams", "Sourdough Schedulers", "Closing Panel"]),
                ("2031 / Vexbridge Meetup", &["Bridges of Config"]),
                ("2032 / Nordlicht Summit 2032", &["Scheduling by Aurora Forecast", "Snow-Load Testing", "Polar Night Pairing", "Ice Bar Conversations"]),
                ("2032 / Ålesund fjord meetup", &["Fjordline Deployments"]),
            ],
            orphans: &["2032/nordlicht/unlisted-ice-bar.md", "2032/ålesund fjord meetup/fjordline.md"],
            left_out: &["2031/vexbridge/2031-09-03-draft-talk.md", "2031/brackenfield-devdays/03-lost-notes.md"],
            must: &[
                "Gristle",
                "woolgathering",
                "tessellrun",
                "levainqueue",
                "panelgrumble",
                "trollspan",
                "heatshare",
                "borealslot",
                "driftcrest",
                "kaffeswap",
                "frostbyte",
                "ferrysync",
                "espresso",
            ],
            must_not: &["licenceonlyword", "contributingonlyword", "changelogonlyword", "draftonlyword"],
        },
    );
}

#[test]
fn jekyll_site() {
    check(
        "jekyll",
        Expected {
            layout: "jekyll (_config.yml)",
            parts: &[
                ("Saltmarsh Meetup — March 2031", &["Warm-up Lightning Talks", "Rusty Kettles: Rewriting the Tea Rota in Rust"]),
                ("Saltmarsh Meetup — May 2031", &["Tidal Locks and Mutexes"]),
                ("2031", &["Summer Social (no talks)"]),
                ("Workshops", &["Estuary Git Workshop"]),
                ("Raw", &["Pad export from the March meetup"]),
            ],
            orphans: &["raw/pad-export.md"],
            left_out: &["_posts/2030-11-20-theme-demo.md", "_drafts", "private-notes.md", "README.md"],
            must: &["Gulliver", "kettlelock", "reedpipe", "brinejam", "marshmallow", "eelbraid", "marshpad", "Achterberg", "About this journal"],
            must_not: &[
                "readmeonlyword",
                "licenceonlyword",
                "notfoundonlyword",
                "includeonlyword",
                "includemarkdownonly",
                "siteoutputonly",
                "unpublishedonlyword",
                "jekylldraftonly",
                "excludedonlyword",
                "noticeinfo",
                "targetblank",
            ],
        },
    );
}

#[test]
fn hugo_site() {
    check(
        "hugo",
        Expected {
            layout: "hugo (hugo.toml)",
            parts: &[
                // The group's own note is a part of its own, before its events.
                ("Meetups", &[]),
                ("Meetups / 2031 Meetups", &["March Gathering: Typed Lanterns", "January Gathering: Pickled Iterators"]),
                (
                    "Meetups / 2030 Meetups",
                    &["October Gathering: Founding Night", "November Gathering: Lamp Oil and Logging", "December Gathering: Whiteboard Wrap-up"],
                ),
                ("Sommer café", &["Open-Air Sprint at the Sommer Café"]),
                ("Pages", &["Code of Conduct"]),
            ],
            orphans: &[],
            left_out: &["meetups/2031/february-draft.md"],
            must: &["lamplighter", "brinestack", "lumenfloat", "glowcheck", "wickrecord", "Glimmerpy", "frostlamp", "wespenstich", "quietbook", "Teodora"],
            must_not: &["readmeonlyword", "licenceonlyword", "archetypeonlyword", "dataonlyword", "outsidecontentonly", "huguodraftonly", "notfoundonlyword"],
        },
    );
}

#[test]
fn mkdocs_with_a_nav() {
    check(
        "mkdocs-nav",
        Expected {
            layout: "mkdocs (mkdocs.yml)",
            parts: &[
                (
                    "Ashgrove Summit 2031",
                    &["Keynote: Slow Software, Fast Teams", "Ferrous Pipelines in Practice", "Birds, Bugs and Backlogs", "Ashgrove Appendix", "Hallway Track"],
                ),
                ("Meetups / Kessel Run Meetup", &["Wasm on the Tram", "Über Zeitzonen"]),
            ],
            orphans: &["ashgrove/hallway-track.md"],
            left_out: &["scratch", "_unpublished", "ashgrove/demo-app"],
            must: &["Vonk", "slowship", "nachtjob", "tramjob", "gooselog", "socketrule", "kettlefish", "stempelwasm", "Zeitsprungtabelle", "Sommerzeitlücke"],
            must_not: &["readmeonlyword", "siteoutputonly", "licenceonlyword", "scratchonlyword", "mkdocsdraftonly", "demoappreadme", "demoappwords"],
        },
    );
}

#[test]
fn mkdocs_with_awesome_pages() {
    check(
        "mkdocs-awesome-pages",
        Expected {
            layout: "mkdocs (mkdocs.yml)",
            parts: &[
                ("Spring Forum 2031", &["Opening: The Copper Age of Computing", "Closing Panel", "Beta Channels for Bakeries", "Überraschung am Morgen"]),
                ("Autumn Meetups 2030", &["Lighthouse Logging", "Dune Migrations", "Ferry Queues"]),
                ("Guest Talks", &["Zephyr Deploys", "Alder Trees and Merge Trees"]),
                ("Archive", &["Old Notes from 2029"]),
            ],
            orphans: &["guest-talks/alder.md"],
            left_out: &["drafts"],
            must: &[
                "quercuspage",
                "verdigris",
                "programmeless",
                "crumbflag",
                "Bohnenwächter",
                "beamrotate",
                "duneshift",
                "gangplankq",
                "Tinkerly",
                "zephyrgate",
                "alderroot",
                "rustbucket",
            ],
            must_not: &["licenceonlyword", "notfoundonlyword", "awesomedraftonly"],
        },
    );
}

#[test]
fn mdbook_with_a_summary() {
    check(
        "mdbook",
        Expected {
            layout: "mdbook (book.toml)",
            parts: &[
                ("Thistledown Summit 2031", &["Opening: Graphs All the Way Down", "Q&A After the Opening", "Borrow Checkers for Humans"]),
                ("Brambleford Meetup", &["Lightning Round", "Looking Back on 2031", "Hidden Talk"]),
                ("Other notes", &["Notes to Self"]),
                ("Colophon", &[]),
            ],
            orphans: &["meetup/hidden.md", "notes-to-self.md"],
            left_out: &[],
            must: &["Brackenbrew", "edgeglance", "hyperthistle", "lendlock", "Prickle", "bramblesort", "millbrew", "whisperstack", "gorseflag", "Abernathy"],
            must_not: &["readmeonlyword", "licenceonlyword", "bookoutputonly"],
        },
    );
}

#[test]
fn jupyter_book_with_a_notebook() {
    check(
        "jupyter-book",
        Expected {
            layout: "jupyter-book (_toc.yml)",
            parts: &[
                ("Winter Seminar 2031", &["Kettles in Superposition", "Lichen Graphs", "Questions on Lichen Graphs", "Unlisted Musings"]),
                ("Spring Workshop", &["Spring Workshop Overview", "Fern Fractals", "Sporen über Nacht"]),
            ],
            orphans: &["winter/unlisted-musings.md"],
            left_out: &["README.md", "drafts"],
            must: &[
                "Puhuri",
                "kettlecat",
                "Schrödi",
                "mycobond",
                "fungalweave",
                "Torvik",
                "2 symbiotic edges",
                "frostfern",
                "mistcron",
                "pinnacurse",
                "Keimlauf",
            ],
            must_not: &["readmeonlyword", "licenceonlyword", "buildoutputonly", "jbdraftonly"],
        },
    );
}

#[test]
fn jupyter_book_with_the_older_toc() {
    check(
        "jupyter-book-legacy-toc",
        Expected {
            layout: "jupyter-book (_toc.yml, legacy _toc.yml)",
            parts: &[
                ("Autumn Colloquium 2031", &["Slate Roofs and Cache Lines", "Slate Demo", "Owl Census by Acoustic Sensors", "Barn Notes"]),
                ("Single Talks", &["Apple Queues", "Bread Sharding"]),
            ],
            orphans: &["autumn/barn-notes.md"],
            left_out: &["autumn/scratch-owl-ideas.md"],
            must: &["Kardemummabolaget", "slatemiss", "drizzlebench", "Hootnanny", "barnloft", "pomacequeue", "hotshard", "Welcome"],
            must_not: &["licenceonlyword", "scratchonlyword"],
        },
    );
}

#[test]
fn quarto_book() {
    check(
        "quarto",
        Expected {
            layout: "quarto (_quarto.yml)",
            parts: &[
                ("Saltwater Symposium", &["Tidal Prediction with Harmonics", "Kelp Forest Census", "Stray Thoughts on Spring Tides"]),
                ("Harbour Day", &["Container Cranes as Schedulers"]),
                // references.qmd holds only `::: {#refs}` (no bibliography
                // is read): nothing to print.
                ("Glossary", &[]),
            ],
            orphans: &["saltwater/stray-thoughts.qmd"],
            left_out: &["harbour/unfinished.qmd", "scratch.ipynb", "README.md"],
            must: &[
                "ferrylog",
                "moonpull",
                "Abiodun-Marsh",
                "Brinewick",
                "kelpmark",
                "seaweedologists",
                "transect total 38",
                "Gullhaven",
                "springcron",
                "winchbread",
                "spreaderstall",
                "tidewordlist",
            ],
            must_not: &["readmeonlyword", "licenceonlyword", "bookoutputonly", "quartodraftonly", "htmlonlyoutput", "scratchpadonly"],
        },
    );
}

#[test]
fn obsidian_vault() {
    check(
        "obsidian",
        Expected {
            layout: "obsidian (.obsidian)",
            parts: &[
                // The group's folder note is a part of its own, before its events.
                ("Konferenzen", &[]),
                ("Konferenzen / Zinnwald Retreat 2030", &["Moss Protocols"]),
                ("Konferenzen / Moorland DevCamp 2031", &["Zeppelin Caching", "Async Ölpumpen", "Quiet Refactors"]),
                ("Konferenzen / Ärztekammer Hackathon", &["Befund-Parser", "Dosis & Dezimalen"]),
                ("Reference", &["Glossar", "Loop A", "Loop B"]),
            ],
            orphans: &["Konferenzen/Moorland DevCamp 2031/Quiet Refactors.md"],
            left_out: &["Konferenzen/Zinnwald Retreat 2030/Skipped Session.md", "Templates"],
            must: &[
                "Torfi",
                "airshipcache",
                "ballastdrop",
                "heliumhash",
                "Ölstau",
                "stauwort",
                "wiederholfest",
                "sheepcommit",
                "schneetag",
                "mossgossip",
                "befundbot",
                "kommafehler",
                "loopalpha",
                "loopbeta",
            ],
            must_not: &["publishfalseonly", "templateonlyword", "trashonlyword"],
        },
    );
}

#[test]
fn plain_folder() {
    check(
        "plain",
        Expected {
            layout: "plain",
            parts: &[
                ("Driftwood Notebook", &["A Loose Thought"]),
                ("2031 Hollowmere Camp", &["Arrival Evening", "Afternoon Workshop: Bark Parsing", "Keynote: Hollow Trees, Hollow Abstractions"]),
                ("2031 Hollowmere Camp / Day 2", &["Talk 2: Canoe Consensus", "Talk 10: Lakeside Latency"]),
                ("Café Tüftler", &["Löten für Anfänger"]),
                ("Meetups / Kranich", &["Kranich-Treffen im Januar"]),
            ],
            orphans: &[],
            left_out: &["2031 Hollowmere Camp/2031-04-03 draft.md"],
            must: &["flotsamidea", "hollowoak", "barkrot", "loonbell", "canoeraft", "lakeping", "Zinnklecks", "Zugvogelqueue", "Featherstonehaugh"],
            must_not: &["licenceonlyword", "contributingonlyword", "plaindraftonly", "nodemodulesonly", "hiddenfolderonly", "builtsiteonly"],
        },
    );
}

#[test]
fn orphans_can_follow_the_toc_strictly() {
    let dir = tempfile::tempdir().expect("a folder");
    let src = fixture("mdbook");
    copy(&src, dir.path());
    std::fs::write(dir.path().join("notes.toml"), "orphans = \"leave-out\"\nsources = \".\"\n").expect("notes.toml");
    let options = notes_project::ProjectOptions { cwd: dir.path().to_path_buf(), source: Some(dir.path().to_path_buf()), config: None, out: None };
    let loaded = notes::load(&options).expect("loads");
    let chapters: Vec<String> = loaded.book.parts.iter().flat_map(|p| &p.chapters).map(|c| plain_text(&c.title)).collect();
    assert!(!chapters.iter().any(|c| c == "Hidden Talk" || c == "Notes to Self"), "{chapters:?}");
    assert!(loaded.diagnostics.iter().all(|d| !(d.code == "not-in-index" && d.severity >= notes_doc::diag::Severity::Warning)));
    assert_eq!(loaded.survey.orphans.len(), 2);
}

#[test]
fn a_sub_folder_of_a_site_renders_that_part() {
    let options = notes_project::ProjectOptions { cwd: common::repo(), source: Some(fixture("jekyll").join("_posts/2031")), config: None, out: None };
    let loaded = notes::load(&options).expect("loads");
    assert!(loaded.survey.layout.starts_with("jekyll"), "{}", loaded.survey.layout);
    let chapters: Vec<String> = loaded.book.parts.iter().flat_map(|p| &p.chapters).map(|c| plain_text(&c.title)).collect();
    assert_eq!(chapters, ["Rusty Kettles: Rewriting the Tea Rota in Rust"]);
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).expect("a folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

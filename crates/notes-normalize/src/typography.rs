//! Typography: straight quotes become the quotation marks of the book's
//! language (“ ” in English, „ “ in German, « » in French …), apostrophes
//! curly, `--` an en dash, `---` an em dash, `...` an ellipsis. Never inside
//! code, nor in a link whose text is its URL; `--` before a word
//! (`--use-mirrors`, a command-line option) is left alone.

use notes_doc::words::Quotes;
use notes_doc::{Block, Book, Inline, Target, block_inlines_mut, walk_blocks_mut};

/// Sets the typography of the whole book, in the marks of `language`.
pub fn run(book: &mut Book, language: &str) {
    use rayon::prelude::*;
    let q = Quotes::of(language);
    // Each talk on its own: on all cores.
    book.parts.par_iter_mut().for_each(|part| {
        seq(&mut part.title, &mut ' ', &q);
        blocks(&mut part.blocks, &q);
        part.chapters.par_iter_mut().for_each(|chapter| {
            seq(&mut chapter.title, &mut ' ', &q);
            blocks(&mut chapter.blocks, &q);
            for note in &mut chapter.footnotes {
                blocks(&mut note.blocks, &q);
            }
        });
    });
    blocks(&mut book.front, &q);
}

fn blocks(blocks: &mut [Block], q: &Quotes) {
    walk_blocks_mut(blocks, &mut |block| {
        for s in block_inlines_mut(block) {
            seq(s, &mut ' ', q);
        }
    });
}

/// Sets the typography of a sequence; `prev` is the character before it.
fn seq(inlines: &mut [Inline], prev: &mut char, q: &Quotes) {
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Text { text } => {
                if let Some(new) = smarten(text, *prev, q) {
                    *text = new;
                }
                if let Some(c) = text.chars().next_back() {
                    *prev = c;
                }
            }
            Inline::Code { text } => *prev = text.chars().next_back().unwrap_or(*prev),
            Inline::Math { .. } => *prev = 'x',
            Inline::Link { target: Target::Url(url), content, .. } if notes_doc::plain_text(content) == *url => {
                *prev = url.chars().next_back().unwrap_or(*prev);
            }
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Sub { content }
            | Inline::Sup { content }
            | Inline::Link { content, .. } => seq(content, prev, q),
            Inline::Image { .. } => *prev = 'x',
            Inline::LineBreak => *prev = ' ',
            Inline::FootnoteRef { .. } | Inline::Anchor { .. } | Inline::Index { .. } => {}
        }
    }
}

fn opens(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '<' | '–' | '—' | '‘' | '“' | '„' | '‚' | '«' | '‹' | '「' | '『' | '/' | '-' | '\u{a0}' | '\u{202f}')
}

/// The text with its typography set in the marks `q`, or `None` when
/// nothing changes. `before` is the character before the text.
pub fn smarten(text: &str, before: char, q: &Quotes) -> Option<String> {
    if !text.contains(['"', '\'', '-', '.']) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = before;
    // Whether a single quotation mark opened in this text is still open.
    let mut single_open = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '"' => {
                let (open, close) = q.double;
                if opens(prev) {
                    out.push(open);
                    out.extend(q.inner_space);
                } else {
                    if q.inner_space.is_some() && out.ends_with(' ') {
                        out.pop();
                    }
                    out.extend(q.inner_space);
                    out.push(close);
                }
            }
            '\'' => {
                let (open, close) = q.single;
                let closes_quote = single_open && !next.is_some_and(char::is_alphanumeric);
                let curly = if prev.is_alphanumeric() || !opens(prev) {
                    // An apostrophe (what's), or the end of a quotation.
                    if closes_quote {
                        single_open = false;
                        close
                    } else {
                        '’'
                    }
                } else {
                    match next {
                        // '90s
                        Some(d) if d.is_ascii_digit() && chars.get(i + 2).is_some_and(|c| c.is_ascii_digit()) => '’',
                        Some(n) if !n.is_whitespace() => {
                            single_open = true;
                            open
                        }
                        _ => '’',
                    }
                };
                out.push(curly);
            }
            '-' => {
                let run = chars[i..].iter().take_while(|&&c| c == '-').count();
                let after = chars.get(i + run).copied();
                let option_like = opens(prev) && after.is_some_and(|a| a.is_alphabetic());
                match run {
                    3 => out.push('—'),
                    2 if !option_like => out.push('–'),
                    _ => out.extend(std::iter::repeat_n('-', run)),
                }
                prev = '-';
                i += run;
                continue;
            }
            '.' => {
                let run = chars[i..].iter().take_while(|&&c| c == '.').count();
                if run == 3 {
                    out.push('…');
                } else {
                    out.extend(std::iter::repeat_n('.', run));
                }
                prev = '.';
                i += run;
                continue;
            }
            c => out.push(c),
        }
        prev = c;
        i += 1;
    }
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> String {
        smarten(t, ' ', &Quotes::of("en")).unwrap_or_else(|| t.to_string())
    }

    #[test]
    fn quotes_in_the_books_language() {
        let q = |lang: &str, t: &str| smarten(t, ' ', &Quotes::of(lang)).unwrap_or_else(|| t.to_string());
        assert_eq!(q("de", "Er sagte \"Hallo\" und 'ja'."), "Er sagte „Hallo“ und ‚ja‘.");
        assert_eq!(q("fr", "Il a dit \"bonjour\"."), "Il a dit «\u{202f}bonjour\u{202f}».");
        assert_eq!(q("ja", "\"東京\""), "「東京」");
        assert_eq!(q("de", "Peter's Buch"), "Peter’s Buch");
    }

    #[test]
    fn quotes() {
        assert_eq!(s("\"Kids are okay\"."), "“Kids are okay”.");
        assert_eq!(s("What's the Future? Don't."), "What’s the Future? Don’t.");
        assert_eq!(s("the 'meat' of it"), "the ‘meat’ of it");
        assert_eq!(s("back in '90s"), "back in ’90s");
        assert_eq!(s("(\"quoted\")"), "(“quoted”)");
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(s("one -- two --- three"), "one – two — three");
        assert_eq!(s("pages 10--20"), "pages 10–20");
        assert_eq!(s("pip install --use-mirrors"), "pip install --use-mirrors");
        assert_eq!(s("wait... what...."), "wait… what....");
        assert_eq!(s("a-b ---- c"), "a-b ---- c");
    }

    #[test]
    fn code_and_url_links_are_untouched() {
        let mut inlines = vec![
            Inline::text("say \"hi\" "),
            Inline::Code { text: "\"x\" -- y".into() },
            Inline::Link { target: Target::Url("http://a.org/x--y".into()), content: vec![Inline::text("http://a.org/x--y")], pos: Default::default() },
            Inline::text(" "),
            Inline::Emph { content: vec![Inline::text("'em'")] },
        ];
        seq(&mut inlines, &mut ' ', &Quotes::of("en"));
        let j = serde_json::to_string(&inlines).unwrap();
        assert!(j.contains("say “hi” ") && j.contains("\\\"x\\\" -- y") && j.contains("x--y") && j.contains("‘em’"), "{j}");
    }

    #[test]
    fn context_crosses_inlines() {
        let mut inlines = vec![Inline::Strong { content: vec![Inline::text("Bob")] }, Inline::text("'s talk")];
        seq(&mut inlines, &mut ' ', &Quotes::of("en"));
        assert_eq!(notes_doc::plain_text(&inlines), "Bob’s talk");
    }
}

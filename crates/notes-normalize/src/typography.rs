//! Typography: straight quotes become curly ones, `--` an en dash, `---` an
//! em dash, `...` an ellipsis. Never inside code, nor in a link whose text
//! is its URL; `--` before a word (`--use-mirrors`, a command-line option)
//! is left alone.

use notes_doc::{Block, Book, Inline, Target, block_inlines_mut, walk_blocks_mut};

pub fn run(book: &mut Book) {
    use rayon::prelude::*;
    // Each talk on its own: on all cores.
    book.parts.par_iter_mut().for_each(|part| {
        seq(&mut part.title, &mut ' ');
        blocks(&mut part.blocks);
        part.chapters.par_iter_mut().for_each(|chapter| {
            seq(&mut chapter.title, &mut ' ');
            blocks(&mut chapter.blocks);
            for note in &mut chapter.footnotes {
                blocks(&mut note.blocks);
            }
        });
    });
    blocks(&mut book.front);
}

fn blocks(blocks: &mut [Block]) {
    walk_blocks_mut(blocks, &mut |block| {
        for s in block_inlines_mut(block) {
            seq(s, &mut ' ');
        }
    });
}

/// Sets the typography of a sequence; `prev` is the character before it.
fn seq(inlines: &mut [Inline], prev: &mut char) {
    for inline in inlines.iter_mut() {
        match inline {
            Inline::Text { text } => {
                if let Some(new) = smarten(text, *prev) {
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
            | Inline::Link { content, .. } => seq(content, prev),
            Inline::Image { .. } => *prev = 'x',
            Inline::LineBreak => *prev = ' ',
            Inline::FootnoteRef { .. } | Inline::Anchor { .. } | Inline::Index { .. } => {}
        }
    }
}

fn opens(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '<' | '–' | '—' | '‘' | '“' | '/' | '-' | '\u{a0}')
}

/// The text with its typography set, or `None` when nothing changes.
pub fn smarten(text: &str, before: char) -> Option<String> {
    if !text.contains(['"', '\'', '-', '.']) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev = before;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '"' => out.push(if opens(prev) { '“' } else { '”' }),
            '\'' => {
                let curly = if prev.is_alphanumeric() {
                    '’'
                } else if opens(prev) {
                    match next {
                        // '90s
                        Some(d) if d.is_ascii_digit() && chars.get(i + 2).is_some_and(|c| c.is_ascii_digit()) => '’',
                        Some(n) if !n.is_whitespace() => '‘',
                        _ => '’',
                    }
                } else {
                    '’'
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
        smarten(t, ' ').unwrap_or_else(|| t.to_string())
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
        seq(&mut inlines, &mut ' ');
        let j = serde_json::to_string(&inlines).unwrap();
        assert!(j.contains("say “hi” ") && j.contains("\\\"x\\\" -- y") && j.contains("x--y") && j.contains("‘em’"), "{j}");
    }

    #[test]
    fn context_crosses_inlines() {
        let mut inlines = vec![Inline::Strong { content: vec![Inline::text("Bob")] }, Inline::text("'s talk")];
        seq(&mut inlines, &mut ' ');
        assert_eq!(notes_doc::plain_text(&inlines), "Bob’s talk");
    }
}

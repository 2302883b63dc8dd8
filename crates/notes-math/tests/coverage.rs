//! Exact MathML structure and Typst markup for every construct the crate
//! supports (one test per area of the brief's coverage list).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{case, case_with};

#[test]
fn greek_letters() {
    case(false, r#"\alpha\beta\gamma"#, r#"α β γ"#, r#"<mi>α</mi><mi>β</mi><mi>γ</mi>"#);
    case(false, r#"\epsilon\varepsilon\theta\vartheta\phi\varphi"#, r#"ϵ ε θ ϑ ϕ φ"#, r#"<mi>ϵ</mi><mi>ε</mi><mi>θ</mi><mi>ϑ</mi><mi>ϕ</mi><mi>φ</mi>"#);
    case(false, r#"\Gamma\Delta\Omega"#, r#"Γ Δ Ω"#, r#"<mi mathvariant="normal">Γ</mi><mi mathvariant="normal">Δ</mi><mi mathvariant="normal">Ω</mi>"#);
    case(false, r#"\pi r^2"#, r#"π r^2"#, r#"<mi>π</mi><msup><mi>r</mi><mn>2</mn></msup>"#);
}

#[test]
fn sub_and_superscripts() {
    case(false, r#"x_i^2"#, r#"x_i^2"#, r#"<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"#);
    case(false, r#"x^2_i"#, r#"x_i^2"#, r#"<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"#);
    case(false, r#"x_{i,j}"#, r#"x_(i \, j)"#, r#"<msub><mi>x</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub>"#);
    case(false, r#"x^{n+1}"#, r#"x^(n + 1)"#, r#"<msup><mi>x</mi><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow></msup>"#);
    case(false, r#"f'"#, r#"f'"#, r#"<msup><mi>f</mi><mo>′</mo></msup>"#);
    case(false, r#"f''(x)"#, r#"f'' \( x \)"#, r#"<msup><mi>f</mi><mo>″</mo></msup><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#);
    case(false, r#"f'_k"#, r#"f'_k"#, r#"<msubsup><mi>f</mi><mi>k</mi><mo>′</mo></msubsup>"#);
    case(false, r#"f'^2"#, r#"f'^2"#, r#"<msup><mi>f</mi><mrow><mo>′</mo><mn>2</mn></mrow></msup>"#);
    case(false, r#"a_{n_k}"#, r#"a_(n_k)"#, r#"<msub><mi>a</mi><msub><mi>n</mi><mi>k</mi></msub></msub>"#);
    case(false, r#"{a+b}^2"#, r#"attach(a + b, t: 2)"#, r#"<msup><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></msup>"#);
    case(false, r#"^2 x"#, r#"attach("", t: 2) x"#, r#"<msup><mrow></mrow><mn>2</mn></msup><mi>x</mi>"#);
    case(false, r#"2^{10}"#, r#"2^10"#, r#"<msup><mn>2</mn><mn>10</mn></msup>"#);
}

#[test]
fn fractions() {
    case(false, r#"\frac{a}{b}"#, r#"frac(a, b)"#, r#"<mfrac><mi>a</mi><mi>b</mi></mfrac>"#);
    case(false, r#"\dfrac{1}{2}"#, r#"display(frac(1, 2))"#, r#"<mstyle displaystyle="true" scriptlevel="0"><mfrac><mn>1</mn><mn>2</mn></mfrac></mstyle>"#);
    case(false, r#"\tfrac{3}{4}"#, r#"inline(frac(3, 4))"#, r#"<mstyle displaystyle="false" scriptlevel="0"><mfrac><mn>3</mn><mn>4</mn></mfrac></mstyle>"#);
    case(false, r#"\frac12"#, r#"frac(1, 2)"#, r#"<mfrac><mn>1</mn><mn>2</mn></mfrac>"#);
    case(
        false,
        r#"\frac{1}{\frac{1}{x}+1}"#,
        r#"frac(1, frac(1, x) + 1)"#,
        r#"<mfrac><mn>1</mn><mrow><mfrac><mn>1</mn><mi>x</mi></mfrac><mo>+</mo><mn>1</mn></mrow></mfrac>"#,
    );
    case(false, r#"\binom{n}{k}"#, r#"binom(n, k)"#, r#"<mrow><mo>(</mo><mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac><mo>)</mo></mrow>"#);
}

#[test]
fn roots() {
    case(false, r#"\sqrt{x}"#, r#"sqrt(x)"#, r#"<msqrt><mi>x</mi></msqrt>"#);
    case(false, r#"\sqrt[n]{x+1}"#, r#"root(n, x + 1)"#, r#"<mroot><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mi>n</mi></mroot>"#);
    case(false, r#"\sqrt[3]{2}"#, r#"root(3, 2)"#, r#"<mroot><mn>2</mn><mn>3</mn></mroot>"#);
}

#[test]
fn large_operators() {
    case(
        true,
        r#"\sum_{i=1}^{n} i"#,
        r#"∑_(i = 1)^n i"#,
        r#"<munderover><mo movablelimits="true">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>i</mi>"#,
    );
    case(
        false,
        r#"\sum_{i=1}^{n} i"#,
        r#"∑_(i = 1)^n i"#,
        r#"<munderover><mo movablelimits="true">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>i</mi>"#,
    );
    case(
        false,
        r#"\prod_{k=1}^{n} k"#,
        r#"∏_(k = 1)^n k"#,
        r#"<munderover><mo movablelimits="true">∏</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>k</mi>"#,
    );
    case(
        true,
        r#"\int_0^1 f(x)\,dx"#,
        r#"∫_0^1 f \( x \) thin d x"#,
        r#"<msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup><mi>f</mi><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mspace width="0.1667em"/><mi>d</mi><mi>x</mi>"#,
    );
    case(false, r#"\iint_D f"#, r#"∬_D f"#, r#"<msub><mo>∬</mo><mi>D</mi></msub><mi>f</mi>"#);
    case(false, r#"\oint_C \omega"#, r#"∮_C ω"#, r#"<msub><mo>∮</mo><mi>C</mi></msub><mi>ω</mi>"#);
    case(true, r#"\int\limits_a^b f"#, r#"limits(∫)_a^b f"#, r#"<munderover><mo movablelimits="false">∫</mo><mi>a</mi><mi>b</mi></munderover><mi>f</mi>"#);
    case(true, r#"\sum\nolimits_{i} x_i"#, r#"scripts(∑)_i x_i"#, r#"<msub><mo>∑</mo><mi>i</mi></msub><msub><mi>x</mi><mi>i</mi></msub>"#);
}

#[test]
fn named_functions() {
    case(
        true,
        r#"\lim_{x \to 0} x"#,
        r#"lim_(x → 0) x"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">lim</mo><mrow><mi>x</mi><mo>→</mo><mn>0</mn></mrow></munder><mo rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#,
    );
    case(
        false,
        r#"\lim_{x \to 0} x"#,
        r#"lim_(x → 0) x"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">lim</mo><mrow><mi>x</mi><mo>→</mo><mn>0</mn></mrow></munder><mo rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#,
    );
    case(
        false,
        r#"\limsup_{n} a_n"#,
        r#"limsup_n a_n"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">lim sup</mo><mi>n</mi></munder><mo rspace="0.1667em">&#x2061;</mo><msub><mi>a</mi><mi>n</mi></msub>"#,
    );
    case(
        false,
        r#"\liminf_{n} a_n"#,
        r#"liminf_n a_n"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">lim inf</mo><mi>n</mi></munder><mo rspace="0.1667em">&#x2061;</mo><msub><mi>a</mi><mi>n</mi></msub>"#,
    );
    case(
        false,
        r#"\max_{x} f"#,
        r#"max_x f"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">max</mo><mi>x</mi></munder><mo rspace="0.1667em">&#x2061;</mo><mi>f</mi>"#,
    );
    case(
        false,
        r#"\min(a, b)"#,
        r#"min \( a \, b \)"#,
        r#"<mo lspace="0em" rspace="0em" movablelimits="true">min</mo><mo>&#x2061;</mo><mo stretchy="false">(</mo><mi>a</mi><mo>,</mo><mi>b</mi><mo stretchy="false">)</mo>"#,
    );
    case(false, r#"\sup S"#, r#"sup S"#, r#"<mo lspace="0em" rspace="0em" movablelimits="true">sup</mo><mo rspace="0.1667em">&#x2061;</mo><mi>S</mi>"#);
    case(false, r#"\inf S"#, r#"inf S"#, r#"<mo lspace="0em" rspace="0em" movablelimits="true">inf</mo><mo rspace="0.1667em">&#x2061;</mo><mi>S</mi>"#);
    case(false, r#"\log x"#, r#"log x"#, r#"<mi>log</mi><mo rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#);
    case(false, r#"\ln(x)"#, r#"ln \( x \)"#, r#"<mi>ln</mi><mo>&#x2061;</mo><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#);
    case(false, r#"\exp x"#, r#"exp x"#, r#"<mi>exp</mi><mo rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#);
    case(false, r#"\sin x"#, r#"sin x"#, r#"<mi>sin</mi><mo rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#);
    case(false, r#"\cos^2\theta"#, r#"cos^2 θ"#, r#"<msup><mi>cos</mi><mn>2</mn></msup><mo rspace="0.1667em">&#x2061;</mo><mi>θ</mi>"#);
    case(false, r#"\tan x"#, r#"tan x"#, r#"<mi>tan</mi><mo rspace="0.1667em">&#x2061;</mo><mi>x</mi>"#);
    case(false, r#"\det A"#, r#"det A"#, r#"<mo lspace="0em" rspace="0em" movablelimits="true">det</mo><mo rspace="0.1667em">&#x2061;</mo><mi>A</mi>"#);
    case(false, r#"\operatorname{rank} A"#, r#"op("rank") A"#, r#"<mi>rank</mi><mo rspace="0.1667em">&#x2061;</mo><mi>A</mi>"#);
    case(
        true,
        r#"\operatorname*{argmax}_x f"#,
        r#"limits(op("argmax"))_x f"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">argmax</mo><mi>x</mi></munder><mo rspace="0.1667em">&#x2061;</mo><mi>f</mi>"#,
    );
    case(
        false,
        r#"\operatorname*{argmax}_x f"#,
        r#"op("argmax")_x f"#,
        r#"<munder><mo lspace="0em" rspace="0em" movablelimits="true">argmax</mo><mi>x</mi></munder><mo rspace="0.1667em">&#x2061;</mo><mi>f</mi>"#,
    );
    case(false, r#"\operatorname{arg\,max}"#, r#"op("arg max")"#, r#"<mi>arg max</mi>"#);
}

#[test]
fn delimiters() {
    case(
        false,
        r#"\left( x \right)"#,
        r#"lr(\( x \))"#,
        r#"<mrow><mo fence="true" stretchy="true">(</mo><mi>x</mi><mo fence="true" stretchy="true">)</mo></mrow>"#,
    );
    case(
        false,
        r#"\left[ x \right]"#,
        r#"lr(\[ x \])"#,
        r#"<mrow><mo fence="true" stretchy="true">[</mo><mi>x</mi><mo fence="true" stretchy="true">]</mo></mrow>"#,
    );
    case(
        false,
        r#"\left\{ x \right\}"#,
        r#"lr(\{ x \})"#,
        r#"<mrow><mo fence="true" stretchy="true">{</mo><mi>x</mi><mo fence="true" stretchy="true">}</mo></mrow>"#,
    );
    case(
        false,
        r#"\left| x \right|"#,
        r#"lr(\|x\|)"#,
        r#"<mrow><mo fence="true" stretchy="true">|</mo><mi>x</mi><mo fence="true" stretchy="true">|</mo></mrow>"#,
    );
    case(
        false,
        r#"\left\| x \right\|"#,
        r#"lr(\‖x\‖)"#,
        r#"<mrow><mo fence="true" stretchy="true">‖</mo><mi>x</mi><mo fence="true" stretchy="true">‖</mo></mrow>"#,
    );
    case(
        false,
        r#"\left\langle x \right\rangle"#,
        r#"lr(\⟨ x \⟩)"#,
        r#"<mrow><mo fence="true" stretchy="true">⟨</mo><mi>x</mi><mo fence="true" stretchy="true">⟩</mo></mrow>"#,
    );
    case(
        false,
        r#"\left\lfloor x \right\rfloor"#,
        r#"lr(\⌊ x \⌋)"#,
        r#"<mrow><mo fence="true" stretchy="true">⌊</mo><mi>x</mi><mo fence="true" stretchy="true">⌋</mo></mrow>"#,
    );
    case(
        false,
        r#"\left\lceil x \right\rceil"#,
        r#"lr(\⌈ x \⌉)"#,
        r#"<mrow><mo fence="true" stretchy="true">⌈</mo><mi>x</mi><mo fence="true" stretchy="true">⌉</mo></mrow>"#,
    );
    case(false, r#"\left. x \right|"#, r#"lr(x\|)"#, r#"<mrow><mi>x</mi><mo fence="true" stretchy="true">|</mo></mrow>"#);
    case(false, r#"\left( x \right."#, r#"lr(\( x)"#, r#"<mrow><mo fence="true" stretchy="true">(</mo><mi>x</mi></mrow>"#);
    case(
        false,
        r#"\left\lvert x \right\rvert"#,
        r#"lr(\|x\|)"#,
        r#"<mrow><mo fence="true" stretchy="true">|</mo><mi>x</mi><mo fence="true" stretchy="true">|</mo></mrow>"#,
    );
    case(
        false,
        r#"\left( a \middle| b \right)"#,
        r#"lr(\( a/**/mid(\|)b \))"#,
        r#"<mrow><mo fence="true" stretchy="true">(</mo><mi>a</mi><mo fence="true" stretchy="true">|</mo><mi>b</mi><mo fence="true" stretchy="true">)</mo></mrow>"#,
    );
    case(false, r#"\langle x \rangle"#, r#"\⟨ x \⟩"#, r#"<mo stretchy="false">⟨</mo><mi>x</mi><mo stretchy="false">⟩</mo>"#);
    case(false, r#"\lvert x \rvert"#, r#"\|x\|"#, r#"<mo stretchy="false">|</mo><mi>x</mi><mo stretchy="false">|</mo>"#);
    case(
        false,
        r#"\|x\|"#,
        r#"\‖x\‖"#,
        r#"<mo stretchy="false" lspace="0em" rspace="0em">‖</mo><mi>x</mi><mo stretchy="false" lspace="0em" rspace="0em">‖</mo>"#,
    );
    case(
        false,
        r#"|x|"#,
        r#"\|x\|"#,
        r#"<mo stretchy="false" lspace="0em" rspace="0em">|</mo><mi>x</mi><mo stretchy="false" lspace="0em" rspace="0em">|</mo>"#,
    );
    case(
        false,
        r#"\bigl( x \bigr)"#,
        r#"\( x \)"#,
        r#"<mo minsize="1.2em" maxsize="1.2em" stretchy="true" symmetric="true">(</mo><mi>x</mi><mo minsize="1.2em" maxsize="1.2em" stretchy="true" symmetric="true">)</mo>"#,
    );
}

#[test]
fn text_and_fonts() {
    case(false, r#"\text{if } x"#, r#""if "x"#, r#"<mtext>if&#xA0;</mtext><mi>x</mi>"#);
    case(false, r#"\text{a $x$ b}"#, r#""a "x" b""#, r#"<mrow><mtext>a&#xA0;</mtext><mi>x</mi><mtext>&#xA0;b</mtext></mrow>"#);
    case(false, r#"\mathrm{d}x"#, r#"upright(d) x"#, r#"<mi mathvariant="normal">d</mi><mi>x</mi>"#);
    case(false, r#"\mathrm{max}"#, r#"upright(m a x)"#, r#"<mi>max</mi>"#);
    case(false, r#"\mathbf{v}"#, r#"upright(bold(v))"#, r#"<mi>𝐯</mi>"#);
    case(false, r#"\mathbf{1}"#, r#"upright(bold(1))"#, r#"<mn>𝟏</mn>"#);
    case(false, r#"\mathit{xy}"#, r#"italic(x y)"#, r#"<mrow><mi>𝑥</mi><mi>𝑦</mi></mrow>"#);
    case(false, r#"\mathbb{R}"#, r#"bb(R)"#, r#"<mi>ℝ</mi>"#);
    case(false, r#"\mathcal{L}"#, r#"cal(L)"#, r#"<mi>ℒ</mi>"#);
    case(false, r#"\mathfrak{g}"#, r#"frak(g)"#, r#"<mi>𝔤</mi>"#);
    case(false, r#"\mathsf{T}"#, r#"upright(sans(T))"#, r#"<mi>𝖳</mi>"#);
    case(false, r#"\mathtt{x}"#, r#"mono(x)"#, r#"<mi>𝚡</mi>"#);
    case(false, r#"\boldsymbol{\alpha}"#, r#"bold(α)"#, r#"<mi>𝜶</mi>"#);
    case(false, r#"\textbf{bold}"#, r#"bold("bold")"#, r#"<mtext mathvariant="bold">bold</mtext>"#);
}

#[test]
fn accents() {
    case(false, r#"\hat{x}"#, r#"hat(x)"#, r#"<mover accent="true"><mi>x</mi><mo stretchy="false">^</mo></mover>"#);
    case(false, r#"\bar{x}"#, r#"macron(x)"#, r#"<mover accent="true"><mi>x</mi><mo stretchy="false">¯</mo></mover>"#);
    case(false, r#"\vec{v}"#, r#"arrow(v)"#, r#"<mover accent="true"><mi>v</mi><mo stretchy="false">→</mo></mover>"#);
    case(false, r#"\tilde{x}"#, r#"tilde(x)"#, r#"<mover accent="true"><mi>x</mi><mo stretchy="false">~</mo></mover>"#);
    case(false, r#"\dot{x}"#, r#"dot(x)"#, r#"<mover accent="true"><mi>x</mi><mo stretchy="false">˙</mo></mover>"#);
    case(false, r#"\ddot{x}"#, r#"dot.double(x)"#, r#"<mover accent="true"><mi>x</mi><mo stretchy="false">¨</mo></mover>"#);
    case(false, r#"\widehat{AB}"#, r#"hat(A B)"#, r#"<mover accent="true"><mrow><mi>A</mi><mi>B</mi></mrow><mo stretchy="true">^</mo></mover>"#);
    case(false, r#"\overline{AB}"#, r#"overline(A B)"#, r#"<mover accent="true"><mrow><mi>A</mi><mi>B</mi></mrow><mo stretchy="true">‾</mo></mover>"#);
    case(false, r#"\underline{x}"#, r#"underline(x)"#, r#"<munder accentunder="true"><mi>x</mi><mo stretchy="true">_</mo></munder>"#);
    case(
        true,
        r#"\overbrace{a+b}^{n}"#,
        r#"overbrace(a + b, n)"#,
        r#"<mover><mover><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mo stretchy="true">⏞</mo></mover><mi>n</mi></mover>"#,
    );
    case(
        true,
        r#"\underbrace{a+b}_{n}"#,
        r#"underbrace(a + b, n)"#,
        r#"<munder><munder><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mo stretchy="true">⏟</mo></munder><mi>n</mi></munder>"#,
    );
    case(true, r#"\overbrace{x}"#, r#"overbrace(x)"#, r#"<mover><mi>x</mi><mo stretchy="true">⏞</mo></mover>"#);
}

#[test]
fn relations_and_operators() {
    case(false, r#"a \le b"#, r#"a ≤ b"#, r#"<mi>a</mi><mo>≤</mo><mi>b</mi>"#);
    case(false, r#"a \ge b"#, r#"a ≥ b"#, r#"<mi>a</mi><mo>≥</mo><mi>b</mi>"#);
    case(false, r#"a \neq b"#, r#"a ≠ b"#, r#"<mi>a</mi><mo>≠</mo><mi>b</mi>"#);
    case(false, r#"a \approx b"#, r#"a ≈ b"#, r#"<mi>a</mi><mo>≈</mo><mi>b</mi>"#);
    case(false, r#"a \equiv b"#, r#"a ≡ b"#, r#"<mi>a</mi><mo>≡</mo><mi>b</mi>"#);
    case(false, r#"a \sim b"#, r#"a ∼ b"#, r#"<mi>a</mi><mo>∼</mo><mi>b</mi>"#);
    case(false, r#"a \simeq b"#, r#"a ≃ b"#, r#"<mi>a</mi><mo>≃</mo><mi>b</mi>"#);
    case(false, r#"a \propto b"#, r#"a ∝ b"#, r#"<mi>a</mi><mo>∝</mo><mi>b</mi>"#);
    case(false, r#"x \in A"#, r#"x ∈ A"#, r#"<mi>x</mi><mo>∈</mo><mi>A</mi>"#);
    case(false, r#"x \notin A"#, r#"x ∉ A"#, r#"<mi>x</mi><mo>∉</mo><mi>A</mi>"#);
    case(false, r#"A \subset B"#, r#"A ⊂ B"#, r#"<mi>A</mi><mo>⊂</mo><mi>B</mi>"#);
    case(false, r#"A \subseteq B"#, r#"A ⊆ B"#, r#"<mi>A</mi><mo>⊆</mo><mi>B</mi>"#);
    case(false, r#"A \cup B"#, r#"A ∪ B"#, r#"<mi>A</mi><mo>∪</mo><mi>B</mi>"#);
    case(false, r#"A \cap B"#, r#"A ∩ B"#, r#"<mi>A</mi><mo>∩</mo><mi>B</mi>"#);
    case(false, r#"a \times b"#, r#"a × b"#, r#"<mi>a</mi><mo>×</mo><mi>b</mi>"#);
    case(false, r#"a \cdot b"#, r#"a ⋅ b"#, r#"<mi>a</mi><mo>⋅</mo><mi>b</mi>"#);
    case(false, r#"a \pm b"#, r#"a ± b"#, r#"<mi>a</mi><mo>±</mo><mi>b</mi>"#);
    case(false, r#"a \mp b"#, r#"a ∓ b"#, r#"<mi>a</mi><mo>∓</mo><mi>b</mi>"#);
    case(false, r#"f \to g"#, r#"f → g"#, r#"<mi>f</mi><mo>→</mo><mi>g</mi>"#);
    case(false, r#"a \rightarrow b"#, r#"a → b"#, r#"<mi>a</mi><mo>→</mo><mi>b</mi>"#);
    case(false, r#"P \Rightarrow Q"#, r#"P ⇒ Q"#, r#"<mi>P</mi><mo>⇒</mo><mi>Q</mi>"#);
    case(false, r#"P \iff Q"#, r#"P thick ⟺ thick Q"#, r#"<mi>P</mi><mrow><mspace width="0.2778em"/><mo>⟺</mo><mspace width="0.2778em"/></mrow><mi>Q</mi>"#);
    case(false, r#"x \mapsto y"#, r#"x ↦ y"#, r#"<mi>x</mi><mo>↦</mo><mi>y</mi>"#);
    case(false, r#"\infty"#, r#"∞"#, r#"<mi>∞</mi>"#);
    case(false, r#"\partial f"#, r#"∂ f"#, r#"<mi>∂</mi><mi>f</mi>"#);
    case(false, r#"\nabla f"#, r#"∇ f"#, r#"<mi>∇</mi><mi>f</mi>"#);
    case(false, r#"\forall x"#, r#"∀ x"#, r#"<mi>∀</mi><mi>x</mi>"#);
    case(false, r#"\exists y"#, r#"∃ y"#, r#"<mi>∃</mi><mi>y</mi>"#);
    case(false, r#"\emptyset"#, r#"∅"#, r#"<mi>∅</mi>"#);
    case(false, r#"a, \ldots, z"#, r#"a \, … \, z"#, r#"<mi>a</mi><mo>,</mo><mo>…</mo><mo>,</mo><mi>z</mi>"#);
    case(false, r#"a + \cdots + z"#, r#"a + ⋯ + z"#, r#"<mi>a</mi><mo>+</mo><mo>⋯</mo><mo>+</mo><mi>z</mi>"#);
    case(false, r#"\vdots"#, r#"⋮"#, r#"<mo>⋮</mo>"#);
    case(false, r#"\ddots"#, r#"⋱"#, r#"<mo>⋱</mo>"#);
    case(false, r#"a \not= b"#, r#"a ≠ b"#, r#"<mi>a</mi><mo>≠</mo><mi>b</mi>"#);
    case(false, r#"a \not\in B"#, r#"a ∉ B"#, r#"<mi>a</mi><mo>∉</mo><mi>B</mi>"#);
    // TeX's infix fractions.
    case(false, r#"{a \over b}"#, r#"frac(a, b)"#, r#"<mrow><mfrac><mi>a</mi><mi>b</mi></mfrac></mrow>"#);
    case(false, r#"{n \choose k}"#, r#"binom(n, k)"#, r#"<mrow><mrow><mo>(</mo><mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac><mo>)</mo></mrow></mrow>"#);
    case(false, r#"{a \atop b}"#, r#"vec(delim: #none, a, b)"#, r#"<mrow><mfrac linethickness="0"><mi>a</mi><mi>b</mi></mfrac></mrow>"#);
    // Room kept, nothing shown.
    case(false, r#"a\phantom{+b}c"#, r#"a std.hide(+ b) c"#, r#"<mi>a</mi><mphantom><mrow><mo>+</mo><mi>b</mi></mrow></mphantom><mi>c</mi>"#);
}

#[test]
fn spacing() {
    case(false, r#"a\,b"#, r#"a thin b"#, r#"<mi>a</mi><mspace width="0.1667em"/><mi>b</mi>"#);
    case(false, r#"a\;b"#, r#"a thick b"#, r#"<mi>a</mi><mspace width="0.2778em"/><mi>b</mi>"#);
    case(false, r#"a\quad b"#, r#"a quad b"#, r#"<mi>a</mi><mspace width="1em"/><mi>b</mi>"#);
    case(false, r#"a\qquad b"#, r#"a wide b"#, r#"<mi>a</mi><mspace width="2em"/><mi>b</mi>"#);
    case(false, r#"a\!b"#, r#"a b"#, r#"<mi>a</mi><mspace width="-0.1667em"/><mi>b</mi>"#);
    case(false, r#"a\:b"#, r#"a med b"#, r#"<mi>a</mi><mspace width="0.2222em"/><mi>b</mi>"#);
    case(false, r#"a~b"#, r#"a thick b"#, r#"<mi>a</mi><mspace width="0.3333em"/><mi>b</mi>"#);
}

#[test]
fn environments() {
    case(true, r#"\begin{equation} a = b \end{equation}"#, r#"a = b"#, r#"<mrow><mi>a</mi><mo>=</mo><mi>b</mi></mrow>"#);
    case(true, r#"\begin{equation*} a = b \end{equation*}"#, r#"a = b"#, r#"<mrow><mi>a</mi><mo>=</mo><mi>b</mi></mrow>"#);
    case(
        true,
        r#"\begin{align} a &= b \\ c &= d \end{align}"#,
        r#"a & = b \ c & = d"#,
        r#"<mtable displaystyle="true" columnalign="right left" columnspacing="0em"><mtr><mtd style="text-align: right; padding-right: 0"><mi>a</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd style="text-align: right; padding-right: 0"><mi>c</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>d</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"\begin{align*} a &= b \end{align*}"#,
        r#"a & = b"#,
        r#"<mtable displaystyle="true" columnalign="right left" columnspacing="0em"><mtr><mtd style="text-align: right; padding-right: 0"><mi>a</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>b</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"x = \begin{aligned} a &= b \\ c &= d \end{aligned}"#,
        r#"x = vec(delim: #none, a & = b, c & = d)"#,
        r#"<mi>x</mi><mo>=</mo><mtable displaystyle="true" columnalign="right left" columnspacing="0em"><mtr><mtd style="text-align: right; padding-right: 0"><mi>a</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd style="text-align: right; padding-right: 0"><mi>c</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>d</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"\begin{gather} a \\ b \end{gather}"#,
        r#"a \ b"#,
        r#"<mtable displaystyle="true"><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"\begin{gather*} a \\ b \end{gather*}"#,
        r#"a \ b"#,
        r#"<mtable displaystyle="true"><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}"#,
        r#"f \( x \) = cases(1 & x > 0, 0 &"else")"#,
        r#"<mi>f</mi><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo><mo>=</mo><mrow><mo fence="true" stretchy="true">{</mo><mtable columnalign="left left" columnspacing="1em"><mtr><mtd style="text-align: left"><mn>1</mn></mtd><mtd style="text-align: left"><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr><mtr><mtd style="text-align: left"><mn>0</mn></mtd><mtd style="text-align: left"><mtext>else</mtext></mtd></mtr></mtable></mrow>"#,
    );
    case(
        false,
        r#"\begin{matrix} a & b \\ c & d \end{matrix}"#,
        r#"mat(delim: #none, a, b; c, d)"#,
        r#"<mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable>"#,
    );
    case(
        false,
        r#"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"#,
        r#"mat(delim: "(", a, b; c, d)"#,
        r#"<mrow><mo fence="true" stretchy="true">(</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo fence="true" stretchy="true">)</mo></mrow>"#,
    );
    case(
        false,
        r#"\begin{bmatrix} a \\ b \end{bmatrix}"#,
        r#"mat(delim: "[", a; b)"#,
        r#"<mrow><mo fence="true" stretchy="true">[</mo><mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable><mo fence="true" stretchy="true">]</mo></mrow>"#,
    );
    case(
        false,
        r#"\begin{Bmatrix} a \end{Bmatrix}"#,
        r#"mat(delim: "{", a)"#,
        r#"<mrow><mo fence="true" stretchy="true">{</mo><mtable><mtr><mtd><mi>a</mi></mtd></mtr></mtable><mo fence="true" stretchy="true">}</mo></mrow>"#,
    );
    case(
        false,
        r#"\begin{vmatrix} a \end{vmatrix}"#,
        r#"mat(delim: "|", a)"#,
        r#"<mrow><mo fence="true" stretchy="true">|</mo><mtable><mtr><mtd><mi>a</mi></mtd></mtr></mtable><mo fence="true" stretchy="true">|</mo></mrow>"#,
    );
    case(
        false,
        r#"\begin{Vmatrix} a \end{Vmatrix}"#,
        r#"mat(delim: "‖", a)"#,
        r#"<mrow><mo fence="true" stretchy="true">‖</mo><mtable><mtr><mtd><mi>a</mi></mtd></mtr></mtable><mo fence="true" stretchy="true">‖</mo></mrow>"#,
    );
    case(
        true,
        r#"\begin{array}{lcr} a & b & c \\ d & e & f \end{array}"#,
        r#"mat(delim: #none, a, b, c; d, e, f)"#,
        r#"<mtable columnalign="left center right"><mtr><mtd style="text-align: left"><mi>a</mi></mtd><mtd><mi>b</mi></mtd><mtd style="text-align: right"><mi>c</mi></mtd></mtr><mtr><mtd style="text-align: left"><mi>d</mi></mtd><mtd><mi>e</mi></mtd><mtd style="text-align: right"><mi>f</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"\begin{array}{c|c} a & b \\ \hline c & d \end{array}"#,
        r#"mat(delim: #none, a, b; c, d)"#,
        r#"<mtable columnalign="center center" columnlines="solid" rowlines="solid"><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"\begin{equation}\begin{split} a &= b \\ &= c \end{split}\end{equation}"#,
        r#"a & = b \ & = c"#,
        r#"<mrow><mtable displaystyle="true" columnalign="right left" columnspacing="0em"><mtr><mtd style="text-align: right; padding-right: 0"><mi>a</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd style="text-align: right; padding-right: 0"></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>c</mi></mtd></mtr></mtable></mrow>"#,
    );
    case(
        true,
        r#"a = b \\ c = d"#,
        r#"a = b \ c = d"#,
        r#"<mtable displaystyle="true"><mtr><mtd><mi>a</mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi><mo>=</mo><mi>d</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"a &= b \\ c &= d"#,
        r#"a & = b \ c & = d"#,
        r#"<mtable displaystyle="true" columnalign="right left" columnspacing="0em"><mtr><mtd style="text-align: right; padding-right: 0"><mi>a</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd style="text-align: right; padding-right: 0"><mi>c</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>d</mi></mtd></mtr></mtable>"#,
    );
    case(
        true,
        r#"\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}"#,
        r#"mat(delim: "(", 1, 2; 3, "")"#,
        r#"<mrow><mo fence="true" stretchy="true">(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr><mtd><mn>3</mn></mtd></mtr></mtable><mo fence="true" stretchy="true">)</mo></mrow>"#,
    );
    case(
        true,
        r#"\begin{matrix} a \\ b \\ \end{matrix}"#,
        r#"mat(delim: #none, a; b)"#,
        r#"<mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable>"#,
    );
}

#[test]
fn labels_and_tags() {
    let f = case_with(true, r#"a = b \label{eq:x}"#, r#"a = b"#, r#"<mi>a</mi><mo>=</mo><mi>b</mi>"#);
    assert_eq!(f.label(), Some("eq:x"));
    assert_eq!(f.tag(), None);
    let f = case_with(
        true,
        r#"\begin{equation} E = mc^2 \label{ eq:einstein } \end{equation}"#,
        r#"E = m c^2"#,
        r#"<mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow>"#,
    );
    assert_eq!(f.label(), Some("eq:einstein"));
    let f = case_with(
        true,
        r#"\begin{align} a &= b \label{eq:y} \\ c &= d \nonumber \end{align}"#,
        r#"a & = b \ c & = d"#,
        r#"<mtable displaystyle="true" columnalign="right left" columnspacing="0em"><mtr><mtd style="text-align: right; padding-right: 0"><mi>a</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>b</mi></mtd></mtr><mtr><mtd style="text-align: right; padding-right: 0"><mi>c</mi></mtd><mtd style="text-align: left; padding-left: 0"><mi></mi><mo>=</mo><mi>d</mi></mtd></mtr></mtable>"#,
    );
    assert_eq!(f.label(), Some("eq:y"));
    let f = case_with(true, r#"a = b \tag{1.2}"#, r#"a = b"#, r#"<mi>a</mi><mo>=</mo><mi>b</mi>"#);
    assert_eq!(f.tag(), Some("1.2"));
    assert_eq!(f.label(), None);
    let f = case_with(true, r#"a = b \label{eq:z} \tag*{$\star$}"#, r#"a = b"#, r#"<mi>a</mi><mo>=</mo><mi>b</mi>"#);
    assert_eq!(f.tag(), Some(r"$\star$"));
    assert_eq!(f.label(), Some("eq:z"));
    let f = case_with(false, r#"x \label{in:line}"#, r#"x"#, r#"<mi>x</mi>"#);
    assert_eq!(f.label(), Some("in:line"));
    let f = case_with(false, r#"x \notag"#, r#"x"#, r#"<mi>x</mi>"#);
    assert_eq!(f.label(), None);
}

#[test]
fn numbers_and_identifiers() {
    case(false, r#"ab"#, r#"a b"#, r#"<mi>a</mi><mi>b</mi>"#);
    case(false, r#"xyz"#, r#"x y z"#, r#"<mi>x</mi><mi>y</mi><mi>z</mi>"#);
    case(false, r#"2x"#, r#"2 x"#, r#"<mn>2</mn><mi>x</mi>"#);
    case(false, r#"3.14"#, r#"3.14"#, r#"<mn>3.14</mn>"#);
    case(false, r#".5"#, r#".5"#, r#"<mn>.5</mn>"#);
    case(false, r#"1{,}000"#, r#"1 class("normal", \,) 000"#, r#"<mn>1</mn><mrow><mo>,</mo></mrow><mn>000</mn>"#);
    case(false, r#"x2"#, r#"x 2"#, r#"<mi>x</mi><mn>2</mn>"#);
}

/// The `physics` package's commands that lecture notes use (built from
/// their arguments, never expanded as macros), MathJax's `\gt` and `\lt`,
/// and colours (left out).
#[test]
fn physics_package_and_colours() {
    case(false, r#"\curl E"#, r#"∇ × E"#, r#"<mrow><mi>∇</mi><mo>×</mo></mrow><mi>E</mi>"#);
    case(false, r#"\divergence E"#, r#"∇ ⋅ E"#, r#"<mrow><mi>∇</mi><mo>⋅</mo></mrow><mi>E</mi>"#);
    case(false, r#"\laplacian u"#, r#"∇^2 u"#, r#"<msup><mi>∇</mi><mn>2</mn></msup><mi>u</mi>"#);
    case(false, r#"\grad V"#, r#"∇ V"#, r#"<mi>∇</mi><mi>V</mi>"#);
    case(false, r#"\dd x"#, r#"thin upright(d) x"#, r#"<mrow><mspace width="0.1667em"/><mi mathvariant="normal">d</mi></mrow><mi>x</mi>"#);
    case(false, r#"\dd{x}"#, r#"thin upright(d) x"#, r#"<mrow><mspace width="0.1667em"/><mi mathvariant="normal">d</mi><mi>x</mi></mrow>"#);
    case(
        false,
        r#"\dv[2]{U}{r}"#,
        r#"frac(upright(d)^2 U, upright(d) r^2)"#,
        r#"<mfrac><mrow><msup><mi mathvariant="normal">d</mi><mn>2</mn></msup><mi>U</mi></mrow><mrow><mi mathvariant="normal">d</mi><msup><mi>r</mi><mn>2</mn></msup></mrow></mfrac>"#,
    );
    case(
        false,
        r#"\dv{}{t}"#,
        r#"frac(upright(d), upright(d) t)"#,
        r#"<mfrac><mi mathvariant="normal">d</mi><mrow><mi mathvariant="normal">d</mi><mi>t</mi></mrow></mfrac>"#,
    );
    case(false, r#"\pdv{f}{x}"#, r#"frac(∂ f, ∂ x)"#, r#"<mfrac><mrow><mi>∂</mi><mi>f</mi></mrow><mrow><mi>∂</mi><mi>x</mi></mrow></mfrac>"#);
    case(false, r#"\pdv{x}"#, r#"frac(∂, ∂ x)"#, r#"<mfrac><mi>∂</mi><mrow><mi>∂</mi><mi>x</mi></mrow></mfrac>"#);
    case(false, r#"\vb{F}"#, r#"upright(bold(F))"#, r#"<mi>𝐅</mi>"#);
    case(false, r#"a \gt b \lt c"#, r#"a > b < c"#, r#"<mi>a</mi><mo>&gt;</mo><mi>b</mi><mo>&lt;</mo><mi>c</mi>"#);
    case(false, r#"\textcolor{red}{r} \color{blue} x"#, r#"r x"#, r#"<mi>r</mi><mi>x</mi>"#);
}

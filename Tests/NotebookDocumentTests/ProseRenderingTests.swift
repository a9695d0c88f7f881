import Testing
@testable import NotebookDocument

/// The prose features reports render beyond plain GFM, as HTML fragments written by hand.
@Suite struct ProseMathTests {
    func html(_ markdown: String) -> String { renderProse(markdown).html }

    @Test func inlineMathIsKeptAsTeXAndNotEmphasised() {
        #expect(html("Loss $a_i * b_j$ here.") == "<p>Loss <span class=\"math math-inline\">a_i * b_j</span> here.</p>\n")
        #expect(renderProse("Loss $a_i * b_j$ here.").containsMath)
    }

    @Test func backslashPipeInMathIsNotEaten() {
        #expect(html("A norm $\\|x\\|$.") == "<p>A norm <span class=\"math math-inline\">\\|x\\|</span>.</p>\n")
    }

    @Test func displayMathSpansLines() {
        #expect(html("$$\n\\sum_i x_i < 1\n$$") == "<p><span class=\"math math-display\">\n\\sum_i x_i &lt; 1\n</span></p>\n")
    }

    @Test func moneyIsNotMath() {
        // The second `$` follows a space, so it cannot close; nothing else opens.
        #expect(html("It costs $5 and $6.") == "<p>It costs $5 and $6.</p>\n")
        #expect(!renderProse("It costs $5 and $6.").containsMath)
        // A closing `$` may not be followed by a digit, nor an opening one by a space.
        #expect(html("Pay $ 5$ or $a$1.") == "<p>Pay $ 5$ or $a$1.</p>\n")
    }

    @Test func escapedDollarAndCodeAreNotMath() {
        #expect(html("Not \\$x\\$ nor `$y$`.") == "<p>Not $x$ nor <code>$y$</code>.</p>\n")
        #expect(html("```\n$z$\n```") == "<pre><code>$z$\n</code></pre>\n")
    }

    @Test func mathDoesNotRunAcrossABlankLine() {
        #expect(html("$a\n\nb$") == "<p>$a</p>\n<p>b$</p>\n")
    }

    @Test func mathWithAPipeStaysInItsTableCell() {
        let table = "| n | v |\n|---|---|\n| $|x|$ | 1 |"
        #expect(html(table).contains("<tr>\n<td><span class=\"math math-inline\">|x|</span></td>\n<td>1</td>\n</tr>"))
    }

    @Test func mathIsEscaped() {
        #expect(html("$<script>$") == "<p><span class=\"math math-inline\">&lt;script&gt;</span></p>\n")
    }

    @Test func scannerReportsByteRanges() {
        #expect(MathScanner.spans(in: "é $x$") == [MathSpan(range: 3..<6, tex: "x", display: false)])
    }
}

@Suite struct ProseBlockFeatureTests {
    func html(_ markdown: String, prefix: String = "") -> String {
        renderProse(markdown, options: ProseRenderOptions(footnotePrefix: prefix)).html
    }

    @Test func footnotesAreRenderedWithPrefixedIDs() {
        let rendered = html("Text[^a].\n\n[^a]: The note.", prefix: "p2-")
        #expect(rendered == """
            <p>Text<sup class="footnote-ref"><a href="#p2-fn-a" id="p2-fnref-a" data-footnote-ref>1</a></sup>.</p>
            <section class="footnotes" data-footnotes>
            <ol>
            <li id="p2-fn-a">
            <p>The note. <a href="#p2-fnref-a" class="footnote-backref" data-footnote-backref aria-label="Back to content">↩</a></p>
            </li>
            </ol>
            </section>

            """)
    }

    @Test func everyAlertKindIsRendered() {
        for (marker, title) in [("NOTE", "Note"), ("TIP", "Tip"), ("IMPORTANT", "Important"), ("WARNING", "Warning"), ("CAUTION", "Caution")] {
            #expect(html("> [!\(marker)]\n> Mind *this*.") == """
                <div class="alert alert-\(title.lowercased())">
                <p class="alert-title">\(title)</p>
                <p>Mind <em>this</em>.</p>
                </div>

                """)
        }
    }

    @Test func aMarkerNotAloneOnItsLineIsAQuote() {
        #expect(html("> [!NOTE] and more") == "<blockquote>\n<p>[!NOTE] and more</p>\n</blockquote>\n")
        #expect(html("> [!OTHER]\n> x") == "<blockquote>\n<p>[!OTHER]\nx</p>\n</blockquote>\n")
    }

    @Test func rightAndCentreAlignedColumnsKeepTheirAlignment() {
        let rendered = html("| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |")
        #expect(rendered.contains("<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n<th align=\"center\">c</th>"))
        #expect(rendered.contains("<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n<td align=\"center\">3</td>"))
    }

    @Test func detailsAndSummaryPassWithMarkdownInside() {
        let rendered = html("<details>\n<summary>Solution</summary>\n\nThe answer is **42**.\n\n</details>")
        #expect(rendered == "<details>\n<summary>Solution</summary>\n<p>The answer is <strong>42</strong>.</p>\n</details>\n")
        #expect(html("<details open>\n<summary>Shown</summary>\n\nx\n\n</details>")
            == "<details open>\n<summary>Shown</summary>\n<p>x</p>\n</details>\n")
    }

    @Test func mathsInASummaryIsRendered() {
        #expect(renderProse("<details><summary>For $k=10$</summary>\n\nx\n\n</details>").html
            == "<details><summary>For <span class=\"math math-inline\">k=10</span></summary>\n<p>x</p>\n</details>\n")
    }

    @Test func unclosedDetailsAreClosedAndStrayClosersDropped() {
        #expect(html("<details>\n<summary>Open\n\ntext") == "<details>\n<summary>Open\n<p>text</p>\n</summary></details>\n")
        #expect(html("</details>\n\ntext") == "\n<p>text</p>\n")
    }
}

/// Raw HTML inside or around `<details>` must not open a way to run script.
@Suite struct ProseHTMLInjectionTests {
    func html(_ markdown: String) -> String { renderProse(markdown).html }

    @Test func attributesOnDetailsDropTheBlock() {
        for attack in [
            "<details onclick=\"alert(1)\">\n<summary>x</summary>",
            "<details open ontoggle=alert(1)>\n<summary>x</summary>",
            "<details>\n<summary onmouseover=\"alert(1)\">x</summary>",
            "<details style=\"background:url(javascript:alert(1))\">",
        ] {
            let rendered = html(attack + "\n\nbody\n\n</details>")
            #expect(rendered == "<!-- raw HTML omitted -->\n<p>body</p>\n\n", "\(attack)")
        }
    }

    @Test func scriptAndOtherTagsInsideDetailsStayOut() {
        let rendered = html("""
            <details>
            <summary>Solution</summary>

            <script>alert(1)</script>

            <img src=x onerror=alert(1)>

            Text <span onclick="alert(1)">inline</span> and <iframe src="javascript:alert(1)"></iframe>.

            <details><summary>nested <b>bold</b></summary>

            </details>
            </details>
            """)
        #expect(rendered == """
            <details>
            <summary>Solution</summary>
            <!-- raw HTML omitted -->
            <!-- raw HTML omitted -->
            <p>Text <!-- raw HTML omitted -->inline<!-- raw HTML omitted --> and <!-- raw HTML omitted --><!-- raw HTML omitted -->.</p>
            <!-- raw HTML omitted -->
            </details>


            """)
        #expect(!rendered.contains("<script") && !rendered.contains("onerror") && !rendered.contains("onclick"))
    }

    @Test func summaryTextCannotOpenATag() {
        #expect(html("<details><summary>a &amp; \"b\" > c</summary>\n\n</details>")
            == "<details><summary>a &amp; \"b\" &gt; c</summary>\n</details>\n")
    }
}

@Suite struct ProseLinkRenderingTests {
    @Test func linksAreRewrittenAndImagesReplaced() {
        let options = ProseRenderOptions(
            rewriteLink: { RelativeTarget(url: $0) == nil ? nil : "../nb/" + $0 },
            imageHTML: { url, alt in "<img src=\"data:x\" alt=\"\(alt)|\(url)\">" })
        let rendered = renderProse("[a](x.md#s) [b](#top) [c](https://e.org) ![alt *t*](f.png)", options: options).html
        #expect(rendered == "<p><a href=\"../nb/x.md#s\">a</a> <a href=\"#top\">b</a> <a href=\"https://e.org\">c</a> <img src=\"data:x\" alt=\"alt t|f.png\"></p>\n")
    }

    @Test func imagesInTableCellsAreReplacedToo() {
        let options = ProseRenderOptions(imageHTML: { _, _ in "<img src=\"data:y\" alt=\"\">" })
        #expect(renderProse("| a |\n|---|\n| ![p](p.png) |", options: options).html.contains("<td><img src=\"data:y\" alt=\"\"></td>"))
    }

    @Test func markdownDestinationsAreRewrittenInPlace() {
        let text = "See [a](x.md \"t\"), ![b](<my fig.png>), [c][r], [d](https://e.org) and `[e](y.md)`.\n\n[r]: ref.md\n[^1]: foot\n"
        let rewritten = rewritingLinkDestinations(in: text) { url in RelativeTarget(url: url) == nil ? nil : "up/" + url }
        #expect(rewritten == "See [a](up/x.md \"t\"), ![b](<up/my fig.png>), [c][r], [d](https://e.org) and `[e](y.md)`.\n\n[r]: up/ref.md\n[^1]: foot\n")
    }

    @Test func relativeTargetsAreFilesBesideTheNotebook() {
        #expect(RelativeTarget(url: "figures/my%20plot.png#x") == RelativeTarget(path: "figures/my plot.png", suffix: "#x"))
        for url in ["https://e.org/a.png", "mailto:a@b.c", "data:image/png;base64,AA", "#top", "/etc/passwd", ""] {
            #expect(RelativeTarget(url: url) == nil, "\(url)")
        }
        let target = RelativeTarget(url: "../docs/fidelity.md#cache")!
        #expect(target.resolved(notebookPath: "Notebooks/tutorial.md") == "docs/fidelity.md")
        #expect(target.rewritten(notebookPath: "/r/Notebooks/tutorial.md", outputDirectory: "/r/Output/run 1") == "../../docs/fidelity.md#cache")
        #expect(RelativeTarget(url: "a b.md")!.rewritten(notebookPath: "/r/n.md", outputDirectory: "/r/out") == "../a%20b.md")
    }

    @Test func footnoteDefinitionsAreCollectedWithTheirContinuations() {
        let text = "Intro[^a].\n\n[^a]: First line\n    continued.\n\nAfter.\n\n[^b]: Second.\n"
        #expect(footnoteDefinitions(in: text) == "[^a]: First line\n    continued.\n\n[^b]: Second.\n\n")
    }
}

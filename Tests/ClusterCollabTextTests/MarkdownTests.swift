import Foundation
import Testing
@testable import ClusterCollabText

@Suite("Markdown rendering")
struct MarkdownTests {
    // MARK: Blocks

    @Test(arguments: [
        ("Hello", "<p>Hello</p>"),
        ("line one\nline two\n\nsecond paragraph", "<p>line one line two</p>\n<p>second paragraph</p>"),
        ("  padded  \n   lines ", "<p>padded lines</p>"),
        ("windows\r\nline\r\n\r\nends\rold mac", "<p>windows line</p>\n<p>ends old mac</p>"),
        ("\n\n\n", ""),
        ("a\u{0}b", "<p>a\u{FFFD}b</p>"),
    ])
    func paragraphsAreSeparatedByBlankLinesAndJoinTheirLines(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("# One", "<h2>One</h2>"),
        ("## Two", "<h3>Two</h3>"),
        ("### Three", "<h4>Three</h4>"),
        ("#### Four", "<h5>Four</h5>"),
        ("##### Five", "<h6>Five</h6>"),
        ("###### Six", "<h6>Six</h6>"),
        ("####### Seven", "<p>####### Seven</p>"),
        ("## Closed ##", "<h3>Closed</h3>"),
        ("# Hash \\#", "<h2>Hash #</h2>"),
        ("   # Indented", "<h2>Indented</h2>"),
        ("#hashtag", "<p>#hashtag</p>"),
        ("# *Call* for <interest>", "<h2><em>Call</em> for &lt;interest&gt;</h2>"),
        ("text\n# Heading\nmore", "<p>text</p>\n<h2>Heading</h2>\n<p>more</p>"),
    ])
    func headingsStartAtH2BecauseThePageHasTheH1(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("* a\n* b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("+ a\n+ b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("- a\n+ b", "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("1) one\n2) two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>"),
        ("- a\n\n- b", "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
        ("- a\n\n  still a\n- b", "<ul>\n<li>\n<p>a</p>\n<p>still a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
        ("- a\nlazy line", "<ul>\n<li>a lazy line</li>\n</ul>"),
        ("- a\n- b\n\nafter", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>after</p>"),
        ("text\n- item", "<p>text</p>\n<ul>\n<li>item</li>\n</ul>"),
        ("in\n2019. it started", "<p>in 2019. it started</p>"),
        ("- **bold** item\n- [link](/x)", "<ul>\n<li><strong>bold</strong> item</li>\n<li><a href=\"/x\">link</a></li>\n</ul>"),
    ])
    func listsAreBulletedOrOrderedAndTightOrLoose(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("- a\n  - b\n  - c\n- d", "<ul>\n<li>a\n<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>"),
        ("1. a\n   - b\n2. c", "<ol>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ol>"),
        ("- a\n    - b", "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"),
    ])
    func anIndentedListNestsInTheItemAbove(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test func nestingStopsAtTwelveLevelsAndTheRestIsText() {
        let html = Markdown.html(String(repeating: ">", count: 14) + " deep")
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == 12)
        #expect(html.contains("<p>&gt;&gt; deep</p>"))
        let list = Markdown.html(String(repeating: "- ", count: 14) + "deep")
        #expect(list.components(separatedBy: "<ul>").count - 1 == 12)
        #expect(list.contains("<li>- - deep</li>"))
    }

    @Test(arguments: [
        ("-\ttab item\n\tcontinued", "<ul>\n<li>tab item continued</li>\n</ul>"),
        ("- a\n\t- b", "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"),
        ("```\n\tgo code\n```", "<pre><code>\tgo code\n</code></pre>"),
    ])
    func tabsCountAsFourColumnStops(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("> one\ntwo", "<blockquote>\n<p>one two</p>\n</blockquote>"),
        ("> outer\n> > inner", "<blockquote>\n<p>outer</p>\n<blockquote>\n<p>inner</p>\n</blockquote>\n</blockquote>"),
        ("> - a\n> - b", "<blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>"),
        ("> a\n\n> b", "<blockquote>\n<p>a</p>\n</blockquote>\n<blockquote>\n<p>b</p>\n</blockquote>"),
        (">", "<blockquote>\n</blockquote>"),
    ])
    func blockQuotesContainBlocks(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("```\nlet a = \"<b>\" && b\n```", "<pre><code>let a = &quot;&lt;b&gt;&quot; &amp;&amp; b\n</code></pre>"),
        ("```swift\nlet x = 1\n\n  indented\n```", "<pre><code class=\"language-swift\">let x = 1\n\n  indented\n</code></pre>"),
        ("~~~\n*not em* [not](/link)\n~~~", "<pre><code>*not em* [not](/link)\n</code></pre>"),
        ("```\nnever closed <script>", "<pre><code>never closed &lt;script&gt;\n</code></pre>"),
        ("```js\"><script>\nx\n```", "<pre><code>x\n</code></pre>"),
        ("  ```\n  two\n    four\n  ```", "<pre><code>two\n  four\n</code></pre>"),
        ("text\n```\ncode\n```", "<p>text</p>\n<pre><code>code\n</code></pre>"),
        ("> ```\n> code\nafter", "<blockquote>\n<pre><code>code\n</code></pre>\n</blockquote>\n<p>after</p>"),
    ])
    func fencedCodeIsEscapedVerbatim(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("---", "<hr>"),
        ("***", "<hr>"),
        ("_ _ _", "<hr>"),
        ("- - -", "<hr>"),
        ("above\n---\nbelow", "<p>above</p>\n<hr>\n<p>below</p>"),
        ("--", "<p>--</p>"),
    ])
    func threeDashesStarsOrUnderscoresMakeARule(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    // MARK: Inline

    @Test(arguments: [
        ("**bold** and __bold__", "<p><strong>bold</strong> and <strong>bold</strong></p>"),
        ("*em* and _em_", "<p><em>em</em> and <em>em</em></p>"),
        ("***both***", "<p><em><strong>both</strong></em></p>"),
        ("**bold *and em***", "<p><strong>bold <em>and em</em></strong></p>"),
        ("foo*bar*baz", "<p>foo<em>bar</em>baz</p>"),
        ("snake_case_name", "<p>snake_case_name</p>"),
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
        ("**unclosed bold", "<p>**unclosed bold</p>"),
        ("**a*", "<p>*<em>a</em></p>"),
        ("*a **b* c**", "<p><em>a <em><em>b</em> c</em></em></p>"),
        ("\\*not em\\*", "<p>*not em*</p>"),
    ])
    func emphasisFollowsCommonMarkDelimiterRules(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("`code`", "<p><code>code</code></p>"),
        ("`<b>&amp;</b>`", "<p><code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code></p>"),
        ("``a ` b``", "<p><code>a ` b</code></p>"),
        ("` a `", "<p><code>a</code></p>"),
        ("`*no em*` *em*", "<p><code>*no em*</code> <em>em</em></p>"),
        ("`unclosed", "<p>`unclosed</p>"),
        ("*a `*` b*", "<p><em>a <code>*</code> b</em></p>"),
    ])
    func codeSpansAreEscapedAndOpaque(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("[site](https://example.eu)", "<p><a href=\"https://example.eu\" rel=\"nofollow noopener\">site</a></p>"),
        ("[site](http://example.eu/a?b=1&c=2)", "<p><a href=\"http://example.eu/a?b=1&amp;c=2\" rel=\"nofollow noopener\">site</a></p>"),
        ("[mail](mailto:team@example.eu)", "<p><a href=\"mailto:team@example.eu\" rel=\"nofollow noopener\">mail</a></p>"),
        ("[page](/calls/42)", "<p><a href=\"/calls/42\">page</a></p>"),
        ("[section](#deadline)", "<p><a href=\"#deadline\">section</a></p>"),
        ("[other host](//example.eu)", "<p><a href=\"//example.eu\" rel=\"nofollow noopener\">other host</a></p>"),
        ("[t](/a \"The \\\"title\\\"\")", "<p><a href=\"/a\" title=\"The &quot;title&quot;\">t</a></p>"),
        ("[t](/a 'single')", "<p><a href=\"/a\" title=\"single\">t</a></p>"),
        ("[sp](<https://e.eu/a b>)", "<p><a href=\"https://e.eu/a%20b\" rel=\"nofollow noopener\">sp</a></p>"),
        ("[u](https://e.eu/ä)", "<p><a href=\"https://e.eu/%C3%A4\" rel=\"nofollow noopener\">u</a></p>"),
        ("[p](/a(b)c)", "<p><a href=\"/a(b)c\">p</a></p>"),
        ("[**bold** label](/x)", "<p><a href=\"/x\"><strong>bold</strong> label</a></p>"),
        ("*[em link](/x)*", "<p><em><a href=\"/x\">em link</a></em></p>"),
        ("[relative](page.html)", "<p>relative</p>"),
        ("[outer [inner](/i) text](/o)", "<p>[outer <a href=\"/i\">inner</a> text](/o)</p>"),
        ("[a <https://e.eu> b](/u)", "<p>[a <a href=\"https://e.eu\" rel=\"nofollow noopener\">https://e.eu</a> b](/u)</p>"),
        ("[no destination]", "<p>[no destination]</p>"),
        ("[[[[a]]]]", "<p>[[[[a]]]]</p>"),
        ("[a](/unclosed", "<p>[a](/unclosed</p>"),
        ("**a [b** c](/u)", "<p>**a <a href=\"/u\">b** c</a></p>"),
    ])
    func linksKeepOnlyAllowedDestinations(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("<https://example.eu/x>", "<p><a href=\"https://example.eu/x\" rel=\"nofollow noopener\">https://example.eu/x</a></p>"),
        ("<team@example.eu>", "<p><a href=\"mailto:team@example.eu\" rel=\"nofollow noopener\">team@example.eu</a></p>"),
        ("<ftp://example.eu>", "<p>&lt;ftp://example.eu&gt;</p>"),
        ("<not an autolink>", "<p>&lt;not an autolink&gt;</p>"),
    ])
    func autolinksAreLinksToThemselves(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("\\*\\_\\`\\[\\]\\#\\<\\\\", "<p>*_`[]#&lt;\\</p>"),
        ("\\a stays", "<p>\\a stays</p>"),
        ("R&amp;D &copy; &#233;&#xE9; &nbsp;", "<p>R&amp;D © éé \u{A0}</p>"),
        ("AT&T &unknown; &#0; &#x110000;", "<p>AT&amp;T &amp;unknown; \u{FFFD} \u{FFFD}</p>"),
        ("&lt;b&gt;", "<p>&lt;b&gt;</p>"),
        ("&#42;not em&#42;", "<p>*not em*</p>"),
    ])
    func escapesAndCharacterReferencesAreText(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test(arguments: [
        ("![logo](/logo.png)", "<p>logo</p>"),
        ("![a *b* `c`](https://e.eu/i.png)", "<p>a b c</p>"),
        ("[![alt](/i.png)](/target)", "<p><a href=\"/target\">alt</a></p>"),
        ("![x](javascript:alert(1))", "<p>x</p>"),
    ])
    func imagesRenderAsTheirAltText(input: String, expected: String) {
        #expect(Markdown.html(input) == expected)
    }

    @Test func aDescriptionCombiningEverythingRendersExactly() {
        let input = """
            # Call for interest

            We look for **partners** in *photonics*; see [the call](https://example.eu/call).

            - one
            - two

            > Deadline: `2025-06-30`
            """
        let expected = """
            <h2>Call for interest</h2>
            <p>We look for <strong>partners</strong> in <em>photonics</em>; see \
            <a href="https://example.eu/call" rel="nofollow noopener">the call</a>.</p>
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            <blockquote>
            <p>Deadline: <code>2025-06-30</code></p>
            </blockquote>
            """
        #expect(Markdown.html(input) == expected)
    }

    // MARK: Safety

    static let attacks = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](<java\nscript:alert(1)>)",
        "[x](\u{1}javascript:alert(1))",
        "[x](<\u{1}javascript:alert(1)>)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "[x](https://e.eu/\"onmouseover=\"alert(1))",
        "[x](https://e.eu/ \"a\\\" onmouseover=\\\"alert(1)\")",
        "[x](/a 'b\" onmouseover=\"alert(1)')",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](\\javascript:alert(1))",
        "&#106;avascript:alert(1)",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "![x\" onerror=\"alert(1)](/i.png)",
        "```\"><script>alert(1)</script>\ncode\n```",
        "`<script>alert(1)</script>`",
        "> <iframe src=javascript:alert(1)>",
        "- <svg onload=alert(1)>",
        "[<script>](/x)",
        "<https://e.eu/\"onmouseover=alert(1)>",
    ]

    @Test(arguments: attacks)
    func noAttackProducesActiveMarkup(input: String) {
        let html = Markdown.html(input)
        let lowered = html.lowercased()
        #expect(!lowered.contains("<script"))
        #expect(!lowered.contains("<img"))
        #expect(!lowered.contains("<iframe"))
        #expect(!lowered.contains("<svg"))
        #expect(!lowered.contains("href=\"javascript"))
        #expect(!lowered.contains("href=\"data"))
        #expect(!lowered.contains("href=\"vbscript"))
        // "onerror=" may remain as escaped text ("&lt;img … onerror=…&gt;"), never as an attribute: the
        // checker only accepts the renderer's own tags with their own attributes and unbroken quoting.
        #expect(Self.wellFormednessProblem(html) == nil, "\(html)")
    }

    @Test func aDisallowedLinkRendersAsItsLabelOnly() {
        #expect(Markdown.html("[click *me*](javascript:alert(1))") == "<p>click <em>me</em></p>")
        #expect(Markdown.html("[x](JAVASCRIPT:alert(1))") == "<p>x</p>")
        #expect(Markdown.html("[x]( javascript:alert(1))") == "<p>x</p>")
        #expect(Markdown.html("[x](data:text/html;base64,AAAA)") == "<p>x</p>")
        #expect(Markdown.html("[x](&#106;avascript:alert(1))") == "<p>x</p>")
        #expect(Markdown.html("<javascript:alert(1)>") == "<p>&lt;javascript:alert(1)&gt;</p>")
    }

    @Test func rawHTMLIsShownAsText() {
        #expect(Markdown.html("<b>bold</b> & <i>") == "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;</p>")
        #expect(Markdown.html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(Markdown.html("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>")
    }

    @Test func quotesInDestinationsAndTitlesCannotLeaveTheAttribute() {
        #expect(
            Markdown.html("[x](https://e.eu/\"onmouseover=\"alert(1))")
                == "<p><a href=\"https://e.eu/%22onmouseover=%22alert(1)\" rel=\"nofollow noopener\">x</a></p>")
        #expect(
            Markdown.html("[x](/a \"q\\\" onclick=\\\"y\")")
                == "<p><a href=\"/a\" title=\"q&quot; onclick=&quot;y\">x</a></p>")
        #expect(Markdown.html("[x](/it's)") == "<p><a href=\"/it&#39;s\">x</a></p>")
    }

    @Test(arguments: [
        "javascript:alert(1)", "JAVASCRIPT:x", " javascript:x", "\u{1}javascript:x", "java\tscript:x",
        "java\nscript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "page.html", "?q=1", "",
        "&#106;avascript:x", "%6Aavascript:x", "\u{212A}ttps://e.eu",
    ])
    func destinationsOutsideTheAllowListAreRejected(destination: String) {
        #expect(Markdown.allowedDestination(destination) == nil)
    }

    @Test(arguments: [
        ("https://e.eu", "https://e.eu"), ("HTTP://E.EU", "HTTP://E.EU"), ("mailto:a@e.eu", "mailto:a@e.eu"),
        ("/calls", "/calls"), ("#top", "#top"), (" \u{1}https://e.eu\u{7} ", "https://e.eu"),
        ("ht\ttps://e.eu", "https://e.eu"),
    ])
    func allowedDestinationsAreCleanedLikeABrowserDoes(destination: String, cleaned: String) {
        #expect(Markdown.allowedDestination(destination) == cleaned)
    }

    // MARK: Well-formedness

    @Test func randomInputsAlwaysGiveWellFormedHTML() {
        var random = SeededRandom(seed: 0x5EED_CAFE)
        let pieces = [
            "*", "**", "_", "__", "`", "``", "```", "~~~", "[", "]", "(", ")", "![", "](", "<", ">", "\\", "&",
            "#", "# ", "## ", "-", "- ", "+ ", "1. ", "2) ", "> ", ">", "---", "***", " ", "  ", "    ", "\t",
            "\n", "\n", "\n\n", "a", "b", "word", "é", "\u{301}", "<b>", "</p>", "\"", "'", "=", ":", "/", "#x",
            "&amp;", "&#106;", "&#x3C;", "&lt;", "javascript:", "https://e.eu", "mailto:x@e.eu", "x@e.eu",
            "<https://e.eu>", "<javascript:x>", "\"t\"", "onerror=", "\r\n", "\u{0}",
        ]
        var failures = 0
        for _ in 0..<2_000 {
            var input = ""
            for _ in 0..<random.next(below: 60) {
                input += pieces[random.next(below: pieces.count)]
            }
            let html = Markdown.html(input)
            if let problem = Self.wellFormednessProblem(html) {
                failures += 1
                Issue.record("\(problem) for \(input.debugDescription) → \(html.debugDescription)")
                if failures > 5 { return }
            }
            _ = Markdown.plainText(input)
        }
    }

    @Test func theCheckerRejectsBrokenHTML() {
        #expect(Self.wellFormednessProblem("<p>ok <em>fine</em></p>\n<hr>") == nil)
        #expect(Self.wellFormednessProblem("<p><em>x</p></em>") != nil)
        #expect(Self.wellFormednessProblem("<p>x") != nil)
        #expect(Self.wellFormednessProblem("<p>a < b</p>") != nil)
        #expect(Self.wellFormednessProblem("<p>a > b</p>") != nil)
        #expect(Self.wellFormednessProblem("<p>a & b</p>") != nil)
        #expect(Self.wellFormednessProblem("<p>\"</p>") != nil)
        #expect(Self.wellFormednessProblem("<img src=x>") != nil)
        #expect(Self.wellFormednessProblem("<a href=\"/x\" onclick=\"y\">x</a>") != nil)
        #expect(Self.wellFormednessProblem("<a href=\"javascript:x\">x</a>") != nil)
        #expect(Self.wellFormednessProblem("<a href=\"/x\"><a href=\"/y\">y</a></a>") != nil)
    }

    // MARK: Linear time

    static let pathologicalInputs: [(String, String)] = [
        ("stars", String(repeating: "*", count: 100_000)),
        ("star words", String(repeating: "*a ", count: 33_000)),
        ("alternating", String(repeating: "*a_", count: 33_000)),
        ("strong openers", String(repeating: "**a ", count: 25_000)),
        ("underscores", String(repeating: "_", count: 100_000)),
        ("open brackets", String(repeating: "[", count: 100_000)),
        ("close brackets", String(repeating: "]", count: 100_000)),
        ("bracket pairs", String(repeating: "[]", count: 50_000)),
        ("link starts", String(repeating: "[a](", count: 25_000)),
        ("nested links", String(repeating: "[", count: 30_000) + "a" + String(repeating: "](/u)", count: 14_000)),
        ("images", String(repeating: "![", count: 25_000) + String(repeating: "](/)", count: 12_000)),
        ("link tails", "[a]" + String(repeating: "(", count: 100_000)),
        ("long destination", "[a](" + String(repeating: "b", count: 100_000)),
        ("titles", String(repeating: "[a](/u \"", count: 12_000)),
        ("backticks", (1...440).map { String(repeating: "`", count: $0) + "x" }.joined()),
        ("angles", String(repeating: "<a", count: 50_000)),
        ("emails", String(repeating: "<a@", count: 33_000)),
        ("entities", String(repeating: "&#12345", count: 14_000)),
        ("escapes", String(repeating: "\\", count: 100_000)),
        ("quotes", String(repeating: ">", count: 100_000)),
        ("quote lines", (0..<2_000).map { String(repeating: ">", count: $0 % 40) + " x" }.joined(separator: "\n")),
        ("nested items", String(repeating: "- ", count: 40_000) + "x"),
        ("indented items", (0..<3_000).map { String(repeating: " ", count: ($0 % 20) * 2) + "- x" }.joined(separator: "\n")),
        ("lines", String(repeating: "a\n", count: 50_000)),
        ("fences", String(repeating: "```\n", count: 25_000)),
        ("mixed", String(repeating: "*[`<_](&\\!", count: 10_000)),
    ]

    @Test(arguments: pathologicalInputs)
    func pathologicalInputsRenderQuickly(name: String, input: String) {
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure { html = Markdown.html(input) }
        #expect(elapsed < .seconds(1), "\(name) took \(elapsed)")
        #expect(Self.wellFormednessProblem(html) == nil, "\(name)")
    }

    // MARK: Plain text

    @Test(arguments: [
        ("**Bold** and *em* with `code`", "Bold and em with code"),
        ("See [the call](https://example.eu/call) now", "See the call (https://example.eu/call) now"),
        ("[https://e.eu](https://e.eu) and [team@e.eu](mailto:team@e.eu)", "https://e.eu and team@e.eu"),
        ("Click [here](javascript:alert(1))", "Click here"),
        ("<https://e.eu> or <team@e.eu>", "https://e.eu or team@e.eu"),
        ("# Title\n\nBody text\non two lines", "Title\n\nBody text on two lines"),
        ("- a\n- b\n\n1. x\n2. y", "- a\n- b\n\n1. x\n2. y"),
        ("- a\n  - b", "- a\n  - b"),
        ("> quoted *words*", "quoted words"),
        ("```\nlet a = 1\nlet b = 2\n```", "let a = 1\nlet b = 2"),
        ("above\n\n---\n\nbelow", "above\n\nbelow"),
        ("R&amp;D &copy; \\*", "R&D © *"),
        ("<b>not markup</b>", "<b>not markup</b>"),
        ("![logo](/l.png) Cluster", "logo Cluster"),
        ("", ""),
    ])
    func plainTextDropsTheMarkup(input: String, expected: String) {
        #expect(Markdown.plainText(input) == expected)
    }

    // MARK: Helpers

    /// A description of why `html` is not what the renderer may produce, or nil: only the renderer's tags and
    /// attributes, balanced and properly nested, no link inside a link, allowed `href`s only, and no raw
    /// `<`, `>`, `"`, `'` or bare `&` in text.
    static func wellFormednessProblem(_ html: String) -> String? {
        let attributes: [String: Set<String>] = [
            "p": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [], "ul": [], "ol": ["start"], "li": [],
            "blockquote": [], "pre": [], "code": ["class"], "hr": [], "em": [], "strong": [],
            "a": ["href", "title", "rel"],
        ]
        let references = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
        let scalars = Array(html.unicodeScalars)
        var open: [String] = []
        var index = 0
        func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "<":
                index += 1
                let closing = index < scalars.count && scalars[index] == "/"
                if closing { index += 1 }
                var name = ""
                while index < scalars.count, isNameCharacter(scalars[index]) {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard let allowed = attributes[name] else { return "unknown tag <\(name)>" }
                if closing {
                    guard index < scalars.count, scalars[index] == ">" else { return "broken </\(name)>" }
                    guard open.last == name else { return "</\(name)> closes <\(open.last ?? "nothing")>" }
                    open.removeLast()
                    index += 1
                    continue
                }
                while index < scalars.count, scalars[index] == " " {
                    index += 1
                    var attribute = ""
                    while index < scalars.count, isNameCharacter(scalars[index]) {
                        attribute.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    guard allowed.contains(attribute) else { return "attribute \(attribute) on <\(name)>" }
                    guard index + 1 < scalars.count, scalars[index] == "=", scalars[index + 1] == "\"" else {
                        return "unquoted \(attribute)"
                    }
                    index += 2
                    var value = ""
                    while index < scalars.count, scalars[index] != "\"" {
                        if scalars[index] == "<" || scalars[index] == ">" { return "raw angle bracket in \(attribute)" }
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    guard index < scalars.count else { return "unterminated \(attribute)" }
                    index += 1
                    if attribute == "href" {
                        let lowered = value.lowercased()
                        guard ["http:", "https:", "mailto:", "/", "#"].contains(where: { lowered.hasPrefix($0) }) else {
                            return "href \(value)"
                        }
                    }
                }
                guard index < scalars.count, scalars[index] == ">" else { return "broken <\(name)>" }
                index += 1
                if name == "a" && open.contains("a") { return "link inside a link" }
                if name != "hr" { open.append(name) }
            case ">", "\"", "'":
                return "raw \(scalar) in text"
            case "&":
                // Compared scalar by scalar: as Characters, "&lt;" followed by a combining accent is not "&lt;".
                guard references.contains(where: { scalars[index...].starts(with: $0.unicodeScalars) }) else {
                    return "bare & in text"
                }
                index += 1
            default:
                index += 1
            }
        }
        return open.isEmpty ? nil : "unclosed \(open)"
    }

    /// SplitMix64: a small deterministic generator, so the random corpus is the same on every run.
    struct SeededRandom {
        var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func next(below bound: Int) -> Int {
            Int(next() % UInt64(bound))
        }
    }
}

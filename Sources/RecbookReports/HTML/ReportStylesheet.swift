/// The HTML report's inline stylesheet: system fonts, a readable measure, light and dark
/// colours, phone-friendly, printable. No external resources.
enum ReportStylesheet {
    static let css = """
    :root {
      color-scheme: light dark;
      --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
      --accent: #0969da; --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
      --skip: #7d4e00; --skip-bg: #fff8c5;
      --hl-command: #8250df; --hl-keyword: #cf222e; --hl-option: #0550ae; --hl-number: #0a3069;
      --hl-string: #116329; --hl-boolean: #953800; --hl-comment: #6e7781; --hl-punctuation: #57606a;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --border: #3d444d;
        --accent: #4493f8; --ok: #3fb950; --ok-bg: #12261e; --bad: #f85149; --bad-bg: #2d1214;
        --skip: #d29922; --skip-bg: #2b2111;
        --hl-command: #d2a8ff; --hl-keyword: #ff7b72; --hl-option: #79c0ff; --hl-number: #a5d6ff;
        --hl-string: #7ee787; --hl-boolean: #ffa657; --hl-comment: #8b949e; --hl-punctuation: #b1bac4;
      }
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
    code, pre, td.num { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
    a { color: var(--accent); }
    h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.6em; }
    .report-header h1 { margin-top: 0; font-size: 2rem; }
    .byline { color: var(--muted); margin: -0.4rem 0 1rem; }
    .summary { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0 0 1rem; padding: 0; }
    .summary div { display: flex; gap: 0.4rem; align-items: baseline; }
    .summary dt { color: var(--muted); font-size: 0.85rem; }
    .summary dd { margin: 0; font-weight: 600; }
    .status-ok { color: var(--ok); } .status-bad { color: var(--bad); }
    details.manifest, nav.toc { border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem 1rem; margin: 0.75rem 0; background: var(--panel); }
    details.manifest summary { cursor: pointer; font-weight: 600; }
    details.manifest h3 { font-size: 0.95rem; margin: 1rem 0 0.3rem; }
    nav.toc h2 { font-size: 0.95rem; margin: 0.3rem 0; }
    nav.toc ol { margin: 0.2rem 0 0.4rem; padding-left: 1.4rem; font-size: 0.92rem; }
    nav.toc a { text-decoration: none; white-space: nowrap; }
    nav.toc .toc-time { color: var(--muted); font-variant-numeric: tabular-nums; }
    nav.toc code { color: var(--muted); font-size: 0.85em; overflow-wrap: anywhere; }
    .prose img { max-width: 100%; }
    .statement { margin: 1.1rem 0 0.35rem; font-size: 0.85rem; color: var(--muted); border-top: 1px dashed var(--border); padding-top: 0.5rem; }
    .statement code { color: var(--fg); }
    .statement .ln { font-variant-numeric: tabular-nums; margin-right: 0.25rem; }
    .statement-time { float: right; font-variant-numeric: tabular-nums; }
    .citation { border-bottom: 1px dotted var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
    .citation.missing { color: var(--bad); font-style: italic; }
    .prose pre { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem 1rem; overflow-x: auto; }
    .prose :not(pre) > code { background: var(--panel); padding: 0.1em 0.35em; border-radius: 4px; font-size: 0.9em; }
    .prose blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid var(--border); color: var(--muted); }
    /* GitHub alerts: > [!NOTE] and the like. */
    .alert { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid var(--alert); background: var(--panel); border-radius: 0 6px 6px 0; }
    .alert > :last-child { margin-bottom: 0.3rem; }
    .alert-title { margin: 0.2rem 0 0.4rem; font-weight: 600; color: var(--alert); }
    .alert-note { --alert: #0969da; } .alert-tip { --alert: #1a7f37; } .alert-important { --alert: #8250df; }
    .alert-warning { --alert: #9a6700; } .alert-caution { --alert: #cf222e; }
    .alert-title::before { margin-right: 0.4em; }
    .alert-note .alert-title::before { content: "ℹ"; } .alert-tip .alert-title::before { content: "✓"; }
    .alert-important .alert-title::before { content: "!"; } .alert-warning .alert-title::before { content: "⚠"; }
    .alert-caution .alert-title::before { content: "✖"; }
    .prose details { border: 1px solid var(--border); border-radius: 6px; padding: 0.4rem 0.9rem; margin: 1rem 0; }
    .prose details > summary { cursor: pointer; font-weight: 600; }
    .prose details[open] > summary { margin-bottom: 0.4rem; }
    .footnotes { margin-top: 1.5rem; border-top: 1px solid var(--border); font-size: 0.88rem; color: var(--muted); }
    .footnotes ol { padding-left: 1.4rem; }
    .footnote-ref a, .footnote-backref { text-decoration: none; }
    /* Maths: KaTeX typesets these spans; without it the TeX shows as code. */
    .math { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .math-display { display: block; margin: 0.8rem 0; text-align: center; overflow-x: auto; overflow-y: hidden; }
    .math-display .katex-display { margin: 0; }
    .prose th[align="right"], .prose td[align="right"] { text-align: right; }
    .prose th[align="center"], .prose td[align="center"] { text-align: center; }
    .cell { margin: 1.5rem 0; border: 1px solid var(--border); border-radius: 8px; overflow: hidden; break-inside: avoid-page; }
    .cell-failed { border-color: var(--bad); }
    .cell-head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.75rem; padding: 0.4rem 0.9rem;
      background: var(--panel); border-bottom: 1px solid var(--border); font-size: 0.85rem; color: var(--muted); }
    .cell-head .cell-name { font-weight: 600; color: var(--fg); white-space: nowrap; }
    .cell-head .time { margin-left: auto; font-variant-numeric: tabular-nums; }
    .badge { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600; }
    .badge-succeeded { color: var(--ok); background: var(--ok-bg); }
    .badge-failed { color: var(--bad); background: var(--bad-bg); }
    .badge-not-run { color: var(--skip); background: var(--skip-bg); }
    .cache { font-size: 0.8em; color: var(--skip); margin-left: 0.6em; } .cache-hit { color: var(--ok); }
    p.notice { border-left: 4px solid #d97706; background: var(--panel); padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    /* Long lines wrap (never cut off), continuing under the text rather than under the line number;
       commands, options and hyphenated names never break at their hyphens. */
    pre.code { margin: 0; padding: 0.75rem 0; font-size: 0.875rem; line-height: 1.55; white-space: pre-wrap; overflow-wrap: anywhere; }
    pre.code .line { display: block; padding: 0 1rem 0 4.2em; text-indent: -4.2em; }
    pre.code .ln { display: inline-block; width: 3.2em; padding-right: 1em; text-align: right; color: var(--muted);
      opacity: 0.7; user-select: none; -webkit-user-select: none; text-indent: 0; }
    pre.code .hl-command, pre.code .hl-option, pre.code .nobr { white-space: nowrap; }
    .hl-command { color: var(--hl-command); font-weight: 600; } .hl-keyword { color: var(--hl-keyword); }
    .hl-option { color: var(--hl-option); } .hl-number { color: var(--hl-number); } .hl-string { color: var(--hl-string); }
    .hl-boolean { color: var(--hl-boolean); } .hl-comment { color: var(--hl-comment); font-style: italic; }
    .hl-punctuation { color: var(--hl-punctuation); }
    .outputs { border-top: 1px solid var(--border); padding: 0.75rem 1rem; display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.9rem; }
    .outputs:empty { display: none; }
    pre.log { margin: 0; padding: 0.6rem 0.8rem; background: var(--panel); border-radius: 6px; font-size: 0.82rem; overflow-x: auto; white-space: pre; }
    figure { margin: 0; }
    figcaption { font-weight: 600; font-size: 0.9rem; margin-bottom: 0.35rem; }
    .table-scroll { overflow-x: auto; }
    .table-scroll table, .prose table, .manifest table { border-collapse: collapse; font-size: 0.88rem; }
    th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
    th { font-weight: 600; border-bottom-width: 2px; white-space: nowrap; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .prose table { display: block; overflow-x: auto; }
    .figures { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0; }
    .figure { border: 1px solid var(--border); border-radius: 8px; padding: 0.45rem 0.9rem; min-width: 7.5rem; }
    .figure dt { font-size: 0.78rem; color: var(--muted); }
    .figure dd { margin: 0; font-size: 1.3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    /* Charts keep their aspect ratio (tall ones have long legends or many rows); the width cap
       keeps an ordinary 640 × 360 chart about 26rem high. */
    figure.chart svg { display: block; width: 100%; height: auto; max-width: 46rem; margin: 0 auto; }
    .error { border-top: 1px solid var(--bad); background: var(--bad-bg); color: var(--fg); padding: 0.75rem 1rem; }
    .error-headline { margin: 0; color: var(--bad); font-weight: 600; white-space: pre-wrap; overflow-wrap: anywhere; }
    .error pre { margin: 0.5rem 0 0; font-size: 0.85rem; overflow-x: auto; }
    .not-run { border-top: 1px solid var(--border); padding: 0.6rem 1rem; margin: 0; color: var(--skip); font-size: 0.9rem; }
    table.index code { color: var(--muted); font-size: 0.85em; overflow-wrap: anywhere; }
    table.index td.reports { white-space: nowrap; }
    footer { margin-top: 3rem; color: var(--muted); font-size: 0.8rem; }
    @media (max-width: 600px) {
      body { font-size: 15px; }
      main { padding: 1.25rem 0.8rem 3rem; }
      .report-header h1 { font-size: 1.55rem; }
      pre.code .ln { width: 2.4em; padding-right: 0.6em; }
      pre.code .line { padding-left: 3em; text-indent: -3em; }
      .figure { min-width: 6rem; flex: 1 1 40%; }
      /* Charts shrink with the screen; enlarge their text (in viewBox units) to stay legible. */
      figure.chart svg text { font-size: 19px; }
      figure.chart svg .chart-title { font-size: 22px; }
      figure.chart svg .bar-value { font-size: 14px; }
      /* Dense parts are laid out for these sizes (SVGChartRenderer's layout fonts). */
      figure.chart svg .tick, figure.chart svg .legend text, figure.chart svg .key-label { font-size: 16px; }
      figure.chart svg .chart-caption, figure.chart svg .chart-note { font-size: 14px; }
    }
    @media print {
      :root { --fg: #000; --muted: #444; --bg: #fff; --panel: #f4f4f4; --border: #bbb; }
      main { max-width: none; padding: 0; }
      nav.toc { display: none; }
      pre.code, pre.log, .table-scroll { overflow: visible; white-space: pre-wrap; }
      .cell, figure.chart { break-inside: avoid; }
      a { color: inherit; }
    }
    """
}

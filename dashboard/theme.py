"""Page-level CSS: typography, headline cards, evidence highlight. Colours match dashboard/.streamlit/config.toml."""

CSS = """
<style>
:root { --djcx-red: #B8141B; --djcx-ink: #262626; --djcx-muted: #7A7A7A; --djcx-line: #E6E6E6; }
.djcx-brand { font-weight: 700; font-size: 1.05rem; color: var(--djcx-red); letter-spacing: .04em;
  padding: .1rem 0 .6rem 0; border-bottom: 2px solid var(--djcx-red); margin-bottom: .4rem; }
.djcx-pagehead h1 { font-size: 1.9rem; margin: 0 0 .1rem 0; color: var(--djcx-ink); }
.djcx-pagehead p { color: var(--djcx-muted); margin: 0 0 .6rem 0; font-size: .95rem; }
.djcx-scope { display: inline-block; background: #F7ECEC; color: var(--djcx-red); border-radius: 999px;
  padding: .05rem .7rem; font-size: .85rem; margin-right: .4rem; }
.djcx-card { border: 1px solid var(--djcx-line); border-top: 4px solid var(--djcx-red); border-radius: 8px;
  padding: .9rem 1.1rem .8rem 1.1rem; background: #fff; height: 100%; min-height: 11.5rem;
  display: flex; flex-direction: column; margin-bottom: 1rem; }
.djcx-card .label { color: var(--djcx-ink); font-size: 1rem; font-weight: 600; }
.djcx-card .value { color: var(--djcx-red); font-size: 2.6rem; font-weight: 700; line-height: 1.15;
  margin: .25rem 0 .1rem 0; font-variant-numeric: tabular-nums; }
.djcx-card .value .unit { font-size: 1.1rem; font-weight: 600; margin-left: .2rem; color: var(--djcx-ink); }
.djcx-card .companion { color: var(--djcx-ink); font-size: .95rem; margin-bottom: .35rem; }
.djcx-card .meta { color: var(--djcx-muted); font-size: .8rem; line-height: 1.45; margin-top: auto; }
.djcx-card .peers { font-size: .8rem; line-height: 1.45; margin-top: .35rem; padding-top: .3rem; border-top: 1px solid var(--djcx-line); color: var(--djcx-ink); }
.djcx-evidence { background: #FAFAFA; border-left: 3px solid #D9D9D9; padding: .5rem .8rem;
  color: #555; font-size: .92rem; line-height: 1.7; margin: .2rem 0 .8rem 0; }
.djcx-evidence mark { background: #FBE3A6; color: #000; padding: 0 .15rem; border-radius: 2px; font-weight: 600; }
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
.djcx-rev-text { background: #FAFAFA; border: 1px solid #E6E6E6; padding: .8rem 1rem; line-height: 1.9;
  max-height: 420px; overflow-y: auto; font-size: .95rem; }
.djcx-rev-text mark { padding: 0 .15rem; border-radius: 2px; }
.djcx-rev-on { background: #FBE3A6; }
.djcx-rev-off { background: #EEEEEE; text-decoration: line-through; color: #888; }
.djcx-rev-text mark.djcx-rev-focus { background: #B8141B; color: #FFF; font-weight: 700; }
.djcx-story { margin: .2rem 0 .4rem 0; padding-left: 1.2rem; line-height: 1.75; color: var(--djcx-ink); }
.djcx-story li.below::marker { content: "▼ "; color: var(--djcx-red); }
.djcx-story li.below { color: var(--djcx-ink); }
.djcx-foot-phone, .djcx-title-phone { display: none; }
@media (max-width: 640px) {
  .djcx-title-phone { display: block; font-size: 1.05rem; line-height: 1.4; color: var(--djcx-ink);
    margin-bottom: -4.2rem; position: relative; z-index: 1; padding-right: 2.4rem; }
  .djcx-title-phone .sub { font-size: .85rem; color: var(--djcx-muted); font-weight: 400; }
  .js-plotly-plot .infolayer .g-gtitle { display: none; }
  .djcx-foot-phone { display: block; color: var(--djcx-muted); font-size: .78rem; line-height: 1.5;
    margin: -.6rem 0 .8rem 0; }
  /* the footnote drawn inside the chart (the last annotation) would be cut at the right edge */
  .js-plotly-plot .infolayer .annotation:last-of-type { display: none; }
}
/* Printing a page (Ctrl+P): A4 landscape, only the content. The sidebar, the navigation and every control
   go; charts and tables are kept whole on a page and scaled into its width (they were clipped at the right). */
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"], .modebar-container, .stButton, [data-testid="stDownloadButton"],
  [data-testid="stPageLink"], [data-testid="stBaseButton-tertiary"] { display: none !important; }
  .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] { position: static !important;
    margin: 0 !important; overflow: visible !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; width: 100% !important;
    padding: 0 !important; }
  .stPlotlyChart, [data-testid="stDataFrame"], .djcx-card { break-inside: avoid; }
  .stPlotlyChart, .stPlotlyChart > div, .js-plotly-plot, .plot-container, .svg-container {
    max-width: 100% !important; width: 100% !important; }
  .js-plotly-plot svg.main-svg { max-width: 100% !important; }
}
</style>
"""

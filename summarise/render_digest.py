"""The digest object (summarise.digest/1) as Markdown or as one self-contained HTML page.

Nothing here computes: every format draws from the JSON object, so they cannot disagree. The
HTML has no external assets (inline CSS, a few lines of inline JS to sort tables) and a
viewport meta tag, so it opens offline on a laptop or a phone.
"""

from __future__ import annotations

import html
from typing import Any

Obj = dict[str, Any]


def _md(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _amount_text(v: Obj) -> str:
    """The English figure, and its converted value when it is in another currency."""
    conv = v.get("converted")
    if conv and conv["currency"] != v.get("currency"):
        return f"{v['english']} {conv['display']}"
    return v["english"]


def _value_cell(v: Obj) -> str:
    conv = v.get("converted")
    extra = f" {conv['display']}" if conv and conv["currency"] != v.get("currency") else ""
    return f"{v['english']} ({v['text']}){extra}"


def _rates_line(obj: Obj) -> str | None:
    conv = obj.get("conversion")
    if not conv:
        return None
    rates = "; ".join(
        f"1 {r['base']} = {r['rate']} {r['quote']}"
        + (f" on {r['date']}" if r["date"] else "")
        + f" ({r['source']})"
        for r in conv["rates"]
    )
    return f"Converted to {conv['to']} with {rates}; rounded {conv['rounding']}."


def render_markdown(obj: Obj) -> str:
    arts = {a["id"]: a for a in obj["articles"]}
    lines = [f"# Digest: {len(obj['articles'])} articles, {len(obj['stories'])} stories", ""]
    if rates := _rates_line(obj):
        lines += [f"*{rates}*", ""]
    lines += ["## Stories by size", "", "| story | articles | headline |", "|---|---|---|"]
    for s in obj["overview"]["stories_by_size"]:
        lines.append(f"| {s['story']} | {s['articles']} | {_md(s['headline'])} |")
    largest = obj["overview"]["largest_amounts"]
    if largest:
        lines += ["", "## Largest amounts", "", "| amount | story | article |", "|---|---|---|"]
        for v in largest:
            lines.append(f"| {_md(_value_cell(v))} | {v['story']} | {v['article']} |")
    timeline = obj["overview"]["timeline"]
    if timeline:
        lines += ["", "## Amounts over time", "", "| date | amount | story | article |"]
        lines.append("|---|---|---|---|")
        for v in timeline:
            lines.append(f"| {v['date']} | {_md(_value_cell(v))} | {v['story']} | {v['article']} |")
    for s in obj["stories"]:
        lines += ["", f"## {s['id']}: {_md(s['headline'])}", ""]
        for aid in s["articles"]:
            a = arts[aid]
            date = f", {a['date']}" if a["date"] else ""
            lines.append(f"- **{aid}** {_md(a['headline'])} (`{a['path']}`, {a['language']}{date})")
        if s["conflicts"]:
            lines += ["", "**Conflicts**", ""]
            for c in s["conflicts"]:
                vals = "; ".join(
                    f"{v['article']}: {v['english']} ({v['text']})" for v in c["values"]
                )
                lines.append(f"- **{_md(c['label'])}**: {_md(vals)} — {_md('; '.join(c['notes']))}")
        if s["facts"]:
            lines += ["", "**Key facts**", ""]
            for f in s["facts"]:
                mark = "" if f["fidelity"] in ("ok", "unchecked") else f" [{f['fidelity']}]"
                lines.append(f"- {_md(f['text'])}{mark} ({', '.join(f['articles'])})")
        if s["figures"]:
            lines += ["", "| quantity | status | " + " | ".join(s["articles"]) + " |"]
            lines.append("|---|---|" + "---|" * len(s["articles"]))
            for r in s["figures"]:
                cells = []
                for aid in s["articles"]:
                    vals = [_value_cell(v) for v in r["values"] if v["article"] == aid]
                    cells.append(_md("; ".join(vals)))
                status = "**CONFLICT**" if r["status"] == "conflict" else r["status"]
                lines.append(f"| {_md(r['label'])} | {status} | " + " | ".join(cells) + " |")
    if obj.get("failed"):
        lines += ["", f"*{obj['failed']} inputs could not be read (see the errors on stderr).*"]
    return "\n".join(lines) + "\n"


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;
max-width:70rem;padding:1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
tr.conflict td{background:#fff0f0}.tag{font-weight:600;color:#a00}
.conflicts{border-left:4px solid #c00;padding:.2rem .8rem;background:#fff6f6}
.muted{color:#666;font-size:.85rem}code{font-size:.85em}
@media (max-width:600px){body{font-size:14px;padding:.5rem}th,td{padding:.2rem .3rem}}
"""

_JS = """
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      t.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-sort')||a.cells[i].textContent,
            y=b.cells[i].getAttribute('data-sort')||b.cells[i].textContent,
            num=/^-?[0-9]+(?:[.][0-9]+)?$/,c;
        c=(num.test(x.trim())&&num.test(y.trim()))?parseFloat(x)-parseFloat(y):
          x.localeCompare(y);
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r)});});});});
"""


def _e(text: Any) -> str:
    return html.escape(str(text if text is not None else ""))


def _table(head: list[str], rows: list[tuple[list[tuple[str, str | None]], str]]) -> str:
    """A sortable table; each cell is (html, sort key or None), each row has a class."""
    out = ['<div class="wrap"><table class="sortable"><thead><tr>']
    out += [f"<th>{_e(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for cells, cls in rows:
        out.append(f'<tr class="{cls}">' if cls else "<tr>")
        for content, key in cells:
            attr = f' data-sort="{_e(key)}"' if key is not None else ""
            out.append(f"<td{attr}>{content}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _amount_key(v: Obj) -> str | None:
    conv = v.get("converted")
    return conv["value"] if conv else v.get("value")


def render_html(obj: Obj) -> str:
    arts = {a["id"]: a for a in obj["articles"]}
    title = f"Digest: {len(obj['articles'])} articles, {len(obj['stories'])} stories"
    body = [f"<h1>{_e(title)}</h1>"]
    if rates := _rates_line(obj):
        body.append(f'<p class="muted">{_e(rates)}</p>')
    body.append("<h2>Stories by size</h2>")
    body.append(
        _table(
            ["story", "articles", "headline"],
            [
                (
                    [
                        (f'<a href="#{_e(s["story"])}">{_e(s["story"])}</a>', s["story"]),
                        (_e(s["articles"]), str(s["articles"])),
                        (_e(s["headline"]), None),
                    ],
                    "",
                )
                for s in obj["overview"]["stories_by_size"]
            ],
        )
    )
    for name, key in (("Largest amounts", "largest_amounts"), ("Amounts over time", "timeline")):
        items = obj["overview"][key]
        if not items:
            continue
        body.append(f"<h2>{name}</h2>")
        body.append(
            _table(
                ["date", "amount", "source text", "story", "article"],
                [
                    (
                        [
                            (_e(v.get("date") or ""), None),
                            (
                                _e(_amount_text(v)),
                                _amount_key(v),
                            ),
                            (_e(v["text"]), None),
                            (_e(v["story"]), None),
                            (_e(v["article"]), None),
                        ],
                        "",
                    )
                    for v in items
                ],
            )
        )
    for s in obj["stories"]:
        body.append(f'<h2 id="{_e(s["id"])}">{_e(s["id"])}: {_e(s["headline"])}</h2><ul>')
        for aid in s["articles"]:
            a = arts[aid]
            date = f", {a['date']}" if a["date"] else ""
            body.append(
                f"<li><b>{_e(aid)}</b> {_e(a['headline'])} "
                f'<span class="muted"><code>{_e(a["path"])}</code>, {_e(a["language"])}'
                f"{_e(date)}</span></li>"
            )
        body.append("</ul>")
        if s["conflicts"]:
            body.append('<div class="conflicts"><p class="tag">Conflicts</p><ul>')
            for c in s["conflicts"]:
                vals = "; ".join(
                    f"{v['article']}: {v['english']} ({v['text']})" for v in c["values"]
                )
                body.append(
                    f"<li><b>{_e(c['label'])}</b>: {_e(vals)} — {_e('; '.join(c['notes']))}</li>"
                )
            body.append("</ul></div>")
        if s["facts"]:
            body.append("<h3>Key facts</h3><ul>")
            for f in s["facts"]:
                mark = "" if f["fidelity"] in ("ok", "unchecked") else f" [{f['fidelity']}]"
                body.append(
                    f"<li>{_e(f['text'])}{_e(mark)} "
                    f'<span class="muted">({_e(", ".join(f["articles"]))})</span></li>'
                )
            body.append("</ul>")
        if s["figures"]:
            rows = []
            for r in s["figures"]:
                cells: list[tuple[str, str | None]] = [
                    (_e(r["label"]), None),
                    (
                        '<span class="tag">CONFLICT</span>'
                        if r["status"] == "conflict"
                        else _e(r["status"]),
                        r["status"],
                    ),
                ]
                for aid in s["articles"]:
                    vals = [v for v in r["values"] if v["article"] == aid]
                    cells.append(
                        (
                            "<br>".join(_e(_value_cell(v)) for v in vals),
                            _amount_key(vals[0]) if vals else "",
                        )
                    )
                rows.append((cells, "conflict" if r["status"] == "conflict" else ""))
            body.append("<h3>Figures</h3>")
            body.append(_table(["quantity", "status", *s["articles"]], rows))
    if obj.get("failed"):
        body.append(f'<p class="muted">{obj["failed"]} inputs could not be read.</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style>"
        f'<meta name="generator" content="summarise {_e(obj.get("version", ""))} '
        f'({_e(obj["schema"])})"></head><body>'
        + "\n".join(body)
        + f"<script>{_JS}</script></body></html>\n"
    )

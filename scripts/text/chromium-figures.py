#!/usr/bin/env python3
"""The same counts as phrase-figures.py, for Chromium: the sign sentences set by headless Chromium
in BIZ UDPGothic (Kosatsu's own font file), with `line-break: strict`, and with
`word-break: auto-phrase` + `text-wrap: balance`. Lines are read back from the layout (the top of
each character's box); widths from each line's range. Phrases are Kosatsu's (`kosatsu text breaks
--strictness phrase`), so both engines are judged by the same phrases.

    scripts/text/chromium-figures.py [--chromium chromium] [--kosatsu .build/debug/kosatsu]
                                     [--size 72] [--width 900]

Optional: needs Debian's `chromium` (not installed by scripts/deps.sh); exits 77 without it."""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SETTINGS = [
    ("Chromium strict", "line-break: strict;"),
    ("Chromium auto-phrase + balance", "line-break: strict; word-break: auto-phrase; text-wrap: balance;"),
]

PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Sign"; src: url("file://{font}"); }}
body {{ margin: 0; }}
div {{ font: {size}px/1.25 "Sign"; width: {width}px; {css} }}
</style></head><body>{divs}<pre id="out"></pre><script>
document.fonts.ready.then(() => {{
  const results = [];
  for (const div of document.querySelectorAll("div")) {{
    const text = div.firstChild;
    const lines = [];
    let top = null, start = 0;
    const chars = Array.from(text.data);
    let offset = 0;
    const starts = [];
    for (let i = 0; i < chars.length; i++) {{
      const range = document.createRange();
      range.setStart(text, offset); range.setEnd(text, offset + chars[i].length);
      const rect = range.getClientRects()[0];
      if (rect && (top === null || rect.top > top + 1)) {{ starts.push([i, offset]); top = rect.top; }}
      offset += chars[i].length;
    }}
    starts.push([chars.length, offset]);
    for (let k = 0; k + 1 < starts.length; k++) {{
      const range = document.createRange();
      range.setStart(text, starts[k][1]); range.setEnd(text, starts[k + 1][1]);
      const rects = Array.from(range.getClientRects());
      const left = Math.min(...rects.map(r => r.left)), right = Math.max(...rects.map(r => r.right));
      lines.push([chars.slice(starts[k][0], starts[k + 1][0]).join(""), right - left]);
    }}
    results.push(lines);
  }}
  document.getElementById("out").textContent = JSON.stringify(results);
}});
</script></body></html>"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--kosatsu", default=".build/debug/kosatsu")
    parser.add_argument("--size", default="72")
    parser.add_argument("--width", default="900")
    parser.add_argument("--sentences", default="scripts/text/sign-sentences.txt")
    parser.add_argument("--show", action="store_true")
    options = parser.parse_args()
    if not shutil.which(options.chromium):
        print(f"SKIP: {options.chromium} not found (apt-get install chromium)")
        sys.exit(77)
    sentences = [line for line in open(options.sentences, encoding="utf-8").read().split("\n") if line]
    breaks = subprocess.run([options.kosatsu, "text", "breaks", "--strictness", "phrase"],
                            input="\n".join(sentences) + "\n", capture_output=True, text=True, check=True)
    allowed = [set(map(int, row.split())) for row in breaks.stdout.strip().split("\n")]
    font = os.path.abspath("Fonts/BIZUDPGothic-Regular.ttf")
    print(f"{len(sentences)} sentences, BIZ UDPGothic {options.size} px in {options.width} px")
    print(f"{'setting':<32} {'multi-line':>10} {'mid-phrase':>10} {'orphans':>8}")
    for name, css in SETTINGS:
        divs = "".join(f"<div>{html.escape(s)}</div>" for s in sentences)
        page = PAGE.format(font=font, size=options.size, width=options.width, css=css, divs=divs)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "page.html")
            open(path, "w", encoding="utf-8").write(page)
            dom = subprocess.run([options.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                  "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                                  "file://" + path], capture_output=True, text=True, check=True).stdout
        found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
        if not found or not found.group(1):
            sys.exit("no layout read back from Chromium")
        blocks = json.loads(html.unescape(found.group(1)))
        multi = mid = orphans = 0
        for sentence, lines, phrase in zip(sentences, blocks, allowed):
            if len(lines) < 2:
                continue
            multi += 1
            offsets, total = [], 0
            for text, _ in lines[:-1]:
                total += len(text)
                offsets.append(total)
            inside = any(offset not in phrase for offset in offsets)
            widest = max(width for _, width in lines)
            orphan = any(width < widest / 2 for _, width in lines)
            mid += inside
            orphans += orphan
            if options.show:
                print("  " + " / ".join(text for text, _ in lines) + ("  [mid-phrase]" if inside else "")
                      + ("  [orphan]" if orphan else ""))
        print(f"{name:<32} {multi:>10} {mid:>10} {orphans:>8}")


if __name__ == "__main__":
    main()

/// The page of `kosatsu preview`: the frame, its controls, the findings beside it. Plain HTML and
/// script, no framework: the page must load from a laptop with no network.
enum PreviewStudioPage {
    static let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Kosatsu preview</title>
        <style>
        body { font: 14px system-ui, sans-serif; margin: 0; background: #1d1f21; color: #e8e8e8; }
        header { display: flex; flex-wrap: wrap; gap: 12px; padding: 10px 14px; background: #2a2d30; align-items: center; }
        label { display: flex; gap: 6px; align-items: center; }
        main { display: flex; gap: 14px; padding: 14px; align-items: flex-start; }
        #stage { flex: 3; min-width: 0; }
        #frame { max-width: 100%; max-height: 80vh; border: 1px solid #444; background: #000; }
        #error { display: none; background: #5a1d1d; color: #fff; padding: 12px; white-space: pre-wrap; }
        aside { flex: 1; min-width: 260px; }
        aside li { margin-bottom: 8px; }
        .error { color: #ff8a80; } .warning { color: #ffd180; }
        </style></head>
        <body>
        <header>
          <strong>Kosatsu preview</strong>
          <label>Page <select id="page"></select></label>
          <label>Language <select id="lang">
            <option>ja</option><option>en</option><option>zh-Hans</option><option>zh-Hant</option><option>ko</option>
          </select></label>
          <label>Size <select id="size">
            <option value="1920x1080">1920×1080</option><option value="3840x2160">3840×2160 (4K)</option>
            <option value="1080x1920">1080×1920 (portrait)</option>
          </select></label>
          <label>Theme <select id="theme"><option value="">default</option></select></label>
          <label>Time <input id="at" type="range" min="0" max="1435" step="5" value="540"> <span id="clock">09:00</span></label>
        </header>
        <main>
          <div id="stage"><img id="frame" alt="the frame"><pre id="error"></pre></div>
          <aside><h3>kosatsu check</h3><p id="summary">…</p><ul id="findings"></ul></aside>
        </main>
        <script>
        const $ = (id) => document.getElementById(id);
        let motion = 0, moving = false;
        function clock() {
          const m = +$("at").value;
          return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
        }
        function query() {
          const q = new URLSearchParams({ page: $("page").value || "1", lang: $("lang").value,
            size: $("size").value, theme: $("theme").value, at: clock() });
          if (moving) q.set("t", motion.toFixed(1));
          return q.toString();
        }
        async function showFrame() {
          $("clock").textContent = clock();
          const answer = await fetch("/frame.png?" + query());
          if (answer.ok) {
            const url = URL.createObjectURL(await answer.blob());
            const old = $("frame").src;
            $("frame").src = url;
            if (old.startsWith("blob:")) URL.revokeObjectURL(old);
            $("frame").style.display = ""; $("error").style.display = "none";
          } else {
            $("error").textContent = await answer.text();
            $("error").style.display = "block"; $("frame").style.display = "none";
          }
        }
        async function showFindings() {
          const answer = await fetch("/check.json?" + query());
          const list = $("findings"); list.replaceChildren();
          if (!answer.ok) { $("summary").textContent = "not checked: " + (await answer.text()); return; }
          const lang = $("lang").value, page = $("page").selectedOptions[0]?.text ?? "";
          const shown = (await answer.json()).filter((f) => f.shown.includes("'" + page + "'") && f.shown.includes(lang));
          $("summary").textContent = shown.length ? shown.length + " findings for this page and language" : "clean";
          for (const f of shown) {
            const item = document.createElement("li"); item.className = f.severity;
            item.textContent = f.file + ":" + f.line + ":" + f.column + ": " + f.severity + ": " + f.message + " (" + f.shown + ")";
            list.append(item);
          }
        }
        async function outline() {
          const answer = await fetch("/layout.json");
          if (!answer.ok) return;
          const layout = await answer.json();
          moving = layout.moving;
          const keep = $("page").value, keepTheme = $("theme").value;
          $("page").replaceChildren(...layout.pages.map((name, i) => new Option(name, String(i + 1))));
          if (keep) $("page").value = keep;
          $("theme").replaceChildren(new Option("default", ""), ...layout.themes.map((t) => new Option(t, t)));
          $("theme").value = keepTheme;
        }
        async function refresh() { await outline(); await showFrame(); showFindings(); }
        for (const id of ["page", "lang", "size", "theme", "at"]) $(id).addEventListener("input", () => { showFrame(); showFindings(); });
        new EventSource("/events").addEventListener("change", refresh);
        // Tickers move with the time shown: advance it while the layout has one.
        setInterval(() => { if (moving) { motion += 0.5; showFrame(); } }, 500);
        refresh();
        </script>
        </body></html>
        """
}

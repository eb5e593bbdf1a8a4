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
          <label>Language <select id="lang"></select></label>
          <label>Size <select id="size">
            <option value="1920x1080">1920×1080</option><option value="3840x2160">3840×2160 (4K)</option>
            <option value="1080x1920">1080×1920 (portrait)</option>
          </select></label>
          <label>Theme <select id="theme"><option value="">default</option></select></label>
          <label>Data <select id="data"></select></label>
          <label>Time <input id="at" type="range" min="0" max="1435" step="5" value="540"> <span id="clock">09:00</span></label>
        </header>
        <main>
          <div id="stage"><img id="frame" alt="the frame"><pre id="error"></pre></div>
          <aside><h3>kosatsu check</h3><p id="summary">…</p><ul id="findings"></ul></aside>
        </main>
        <script>
        const $ = (id) => document.getElementById(id);
        // `moving`: the last frame said its page moves by itself (a ticker); then the page plays it.
        let motion = 0, moving = false, frameAsked = 0, findingsAsked = 0, findingsTimer = 0, loading = false;
        function clock() {
          const m = +$("at").value;
          return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
        }
        function query(withMotion) {
          const q = new URLSearchParams({ page: $("page").value || "1", lang: $("lang").value,
            size: $("size").value, theme: $("theme").value, at: clock(), data: $("data").value });
          if (withMotion && moving) q.set("t", motion.toFixed(1));
          // A space as %20: the server reads `+` as itself (a literal + is %2B here).
          return q.toString().replace(/\\+/g, "%20");
        }
        // Answers can arrive out of order: only the last asked is shown.
        async function showFrame() {
          const asked = ++frameAsked;
          $("clock").textContent = clock();
          loading = true;
          try {
            const answer = await fetch("/frame.png?" + query(true));
            if (asked !== frameAsked) return;
            if (answer.ok) {
              moving = answer.headers.get("Kosatsu-Moving") === "yes";
              const url = URL.createObjectURL(await answer.blob());
              if (asked !== frameAsked) { URL.revokeObjectURL(url); return; }
              const old = $("frame").src;
              $("frame").src = url;
              if (old.startsWith("blob:")) URL.revokeObjectURL(old);
              $("frame").style.display = ""; $("error").style.display = "none";
            } else {
              const text = await answer.text();
              if (asked !== frameAsked) return;
              $("error").textContent = text;
              $("error").style.display = "block"; $("frame").style.display = "none";
            }
          } finally { if (asked === frameAsked) loading = false; }
        }
        // The findings of `kosatsu check` for exactly the view shown (the server checks it; a moment later).
        async function showFindings() {
          const asked = ++findingsAsked;
          $("summary").textContent = "checking…";
          const answer = await fetch("/check.json?" + query(false));
          const text = await answer.text();
          if (asked !== findingsAsked) return;
          const list = $("findings"); list.replaceChildren();
          if (!answer.ok) { $("summary").textContent = "not checked: " + text; return; }
          const shown = JSON.parse(text);
          $("summary").textContent = shown.length ? shown.length + " findings for this view" : "clean";
          for (const f of shown) {
            const item = document.createElement("li"); item.className = f.severity;
            item.textContent = f.file + ":" + f.line + ":" + f.column + ": " + f.severity + ": " + f.message + " (" + f.shown + ")";
            list.append(item);
          }
        }
        function laterFindings() { clearTimeout(findingsTimer); findingsTimer = setTimeout(showFindings, 250); }
        // Refills a menu, keeping the choice when it is still offered.
        function fill(select, options, fallback) {
          const keep = select.value;
          select.replaceChildren(...options);
          select.value = options.some((o) => o.value === keep) ? keep : fallback;
        }
        async function outline() {
          const answer = await fetch("/layout.json");
          if (!answer.ok) return;
          const layout = await answer.json();
          fill($("page"), layout.pages.map((name, i) => new Option(name, String(i + 1))), "1");
          fill($("lang"), layout.languages.map((l) => new Option(l, l)), layout.languages[0] ?? "");
          fill($("theme"), [new Option("default", ""), ...layout.themes.map((t) => new Option(t, t))], "");
          fill($("data"), layout.samples.map((s) => new Option(s.label, s.name)), layout.samples[0]?.name ?? "");
        }
        async function refresh() { await outline(); await showFrame(); laterFindings(); }
        for (const id of ["page", "lang", "size", "theme", "at", "data"]) $(id).addEventListener("input", () => { showFrame(); laterFindings(); });
        new EventSource("/events").addEventListener("change", refresh);
        // Tickers move with the time shown: advance it while the page has one (no frame asked twice at once).
        setInterval(() => { if (moving && !loading) { motion += 0.5; showFrame(); } }, 500);
        refresh();
        </script>
        </body></html>
        """
}

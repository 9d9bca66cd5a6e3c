// kimdoc: small enhancements; every page works without this file.
//
// The client form: "PDF erstellen" asks the server for the PDF without leaving the page. If the
// server finds problems, each is shown next to its field (announced to screen readers), and a
// name written in another script gets a button that puts the suggested Latin spelling into the
// field. Nothing typed is stored in the browser: no localStorage, no history entry, no URL.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-client-form]");
  if (!form) return;
  const status = document.getElementById("form-status");

  function clearProblems() {
    form.querySelectorAll(".problem").forEach((el) => el.remove());
    form.querySelectorAll("[aria-invalid]").forEach((el) => {
      el.removeAttribute("aria-invalid");
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.startsWith("p-"));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    });
  }

  function showProblem(problem, index) {
    const container = form.querySelector(`[data-field="${CSS.escape(problem.field)}"]`);
    const id = `p-${index}`;
    const box = document.createElement("div");
    box.className = "problem error";
    box.id = id;
    const text = document.createElement("p");
    text.textContent = problem.message;
    box.appendChild(text);
    const input = container ? container.querySelector("input, textarea, select") : null;
    if (problem.suggestion && input && (input.tagName === "TEXTAREA" || input.type === "text")) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.textContent = `Vorschlag übernehmen: ${problem.suggestion}`;
      button.addEventListener("click", () => {
        input.value = problem.suggestion;
        box.remove();
        input.removeAttribute("aria-invalid");
        input.focus();
      });
      box.appendChild(button);
    }
    if (container) {
      container.appendChild(box);
      container.querySelectorAll("input, textarea, select").forEach((el) => {
        el.setAttribute("aria-invalid", "true");
        const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        ids.push(id);
        el.setAttribute("aria-describedby", ids.join(" "));
      });
    } else {
      status.appendChild(box);
    }
    return input;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblems();
    status.textContent = "Das PDF wird erstellt …";
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json, application/pdf" },
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (e) {
      status.textContent = "Der Server ist nicht erreichbar. Bitte versuchen Sie es noch einmal.";
      return;
    }
    if (response.ok && (response.headers.get("Content-Type") || "").startsWith("application/pdf")) {
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      const link = document.createElement("a");
      link.href = url;
      link.download = match ? match[1] : "formular.pdf";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = "Das PDF ist erstellt und wird heruntergeladen.";
      return;
    }
    if (response.status === 422 && (response.headers.get("Content-Type") || "").startsWith("application/json")) {
      const answer = await response.json();
      status.textContent = `Das PDF wurde nicht erstellt: ${answer.problems.length} Angabe(n) prüfen.`;
      let first = null;
      answer.problems.forEach((p, i) => {
        const input = showProblem(p, i);
        if (!first && input) first = input;
      });
      if (first) first.focus();
      return;
    }
    status.textContent = `Das PDF wurde nicht erstellt (Fehler ${response.status}). Laden Sie die Seite neu.`;
  });
});

// The translation editor: placeholder chips insert themselves at the cursor (of the field last
// focused: a plural unit has one per category); the checks of `kimdoc catalog check` run on the
// text as it is typed, and the server lays it out in its document (after a short pause: the
// region around the unit's box; after a longer one, or on opening, the page too). The form's
// fields go as they are: the server makes one message of a plural's fields.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-translation]");
  if (!form) return;
  const fields = Array.from(form.querySelectorAll("textarea"));
  let text = fields[0];
  fields.forEach((f) => f.addEventListener("focus", () => { text = f; }));
  const findings = document.getElementById("findings");
  const typed = () => {
    const data = new URLSearchParams(new FormData(form));
    data.delete("action");
    return data;
  };
  form.querySelectorAll("button[data-insert]").forEach((chip) => {
    chip.addEventListener("click", () => {
      const insert = chip.getAttribute("data-insert");
      const start = text.selectionStart, end = text.selectionEnd;
      text.value = text.value.slice(0, start) + insert + text.value.slice(end);
      text.focus();
      text.selectionStart = text.selectionEnd = start + insert.length;
      text.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
  const preview = document.getElementById("preview");
  function image(src, alt, className) {
    const img = document.createElement("img");
    img.src = src;
    img.alt = alt;
    if (className) img.className = className;
    return img;
  }
  function figure(src, alt, caption, overflow) {
    const fig = document.createElement("figure");
    if (src) fig.appendChild(image(src, alt, "region"));
    const cap = document.createElement("figcaption");
    cap.textContent = caption + (overflow ? " – " + overflow : "");
    if (overflow) cap.className = "error";
    fig.appendChild(cap);
    return fig;
  }
  let previewRequest = 0;
  // The page thumbnails of the last answer that had them: kept while the translator types.
  let thumbs = [];
  async function showPreview(withPages) {
    if (!preview) return;
    const mine = ++previewRequest;
    const body = typed();
    if (!withPages) body.set("pages", "none");
    try {
      const r = await fetch(form.getAttribute("data-preview"), { method: "POST", body: body, credentials: "same-origin", cache: "no-store" });
      if (!r.ok || mine !== previewRequest) return;
      const answer = await r.json();
      const parts = [];
      const status = document.createElement("p");
      status.setAttribute("data-preview-status", "");
      if (answer.problem) {
        status.textContent = answer.problem;
      } else if (answer.overflow) {
        status.className = "error";
        status.textContent = `${answer.overflow} (${answer.document}, ${answer.office}, Seite ${answer.page}).`;
      } else if (answer.overflows.length) {
        status.className = "error";
        status.textContent = answer.overflows.join("; ");
      } else {
        status.textContent = `Passt: ${answer.document}, ${answer.office}${answer.page ? ", Seite " + answer.page : ""}.`;
      }
      parts.push(status);
      if (answer.region) {
        parts.push(figure(answer.region, `Ausschnitt von Seite ${answer.page}: der Text in seinem Feld, umrandet`, "Der Text in seinem Feld", null));
      }
      if (answer.examples.length) {
        const list = document.createElement("div");
        list.className = "examples";
        answer.examples.forEach((e) => {
          list.appendChild(figure(e.region, `Ausschnitt für die Zahl ${e.number} (${e.category})`, `${e.category}: ${e.number}`, e.overflow));
        });
        parts.push(list);
      }
      if (withPages) {
        thumbs = answer.pages.map((src, i) => image(src, answer.page ? `Seite ${answer.page} verkleinert, das Feld umrandet` : `Vorschau, Seite ${i + 1}`, "thumb"));
      }
      preview.replaceChildren(...parts, ...thumbs);
    } catch (e) {
      /* no preview */
    }
  }
  showPreview(true);
  let previewTimer = null;
  let pagesTimer = null;
  let timer = null;
  form.addEventListener("input", () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => showPreview(false), 400);
    clearTimeout(pagesTimer);
    pagesTimer = setTimeout(() => showPreview(true), 1500);
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const r = await fetch(form.getAttribute("data-check"), { method: "POST", body: typed(), credentials: "same-origin", cache: "no-store" });
        if (!r.ok) return;
        const answer = await r.json();
        const list = document.createElement("ul");
        answer.findings.forEach((f) => {
          const item = document.createElement("li");
          const strong = document.createElement("strong");
          strong.textContent = (f.severity === "error" ? "Fehler" : "Hinweis") + ": ";
          item.appendChild(strong);
          item.appendChild(document.createTextNode(f.message));
          list.appendChild(item);
        });
        findings.replaceChildren(list);
      } catch (e) {
        /* the server's answer on saving is what counts */
      }
    }, 400);
  });
});

// vbhc studio: the few lines of script the live preview needs. Pages are drawn by the
// server; this keeps the data being edited, asks for previews, and shows problems.
"use strict";
const token = document.querySelector('meta[name="vbhc-token"]').content;

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST", body: JSON.stringify(body),
    headers: {"Content-Type": "application/json", "X-VBHC-Token": token},
  });
  return response;
}

function parts(path) { return path.split(".").filter(Boolean).map(p => /^\d+$/.test(p) ? +p : p); }

function setPath(data, path, value) {
  const keys = parts(path);
  let node = data;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") {
      node[key] = typeof keys[i + 1] === "number" ? [] : {};
    }
    node = node[key];
  });
  const last = keys[keys.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last]; else node[last] = value ?? "";
}

const editor = document.getElementById("editor");
if (editor) {
  const file = editor.dataset.file, kind = editor.dataset.kind;
  let version = editor.dataset.version;
  let state = JSON.parse(document.getElementById("state").textContent);
  let original = document.getElementById("original").value;
  let latestYaml = original;
  const form = document.getElementById("form"), status = document.getElementById("status");
  const say = text => { status.textContent = text; };

  function valueOf(input) {
    if (input.dataset.kind === "bool") return input.checked;
    const text = input.value;
    if (input.dataset.kind === "int") return text.trim() === "" ? undefined : Number(text);
    return text === "" && !/\.\d+$/.test(input.dataset.path) ? undefined : text;
  }

  // -- previews: one request in flight; edits made meanwhile are sent once it returns --
  let inFlight = false, dirty = false, timer = null, retried = false;
  function schedule() { dirty = true; clearTimeout(timer); timer = setTimeout(preview, 250); }
  async function preview() {
    if (inFlight) return;
    inFlight = true; dirty = false;
    say("Đang cập nhật bản xem trước…");
    try {
      const response = await post("/api/xem-truoc", {tep: file, loai: kind, goc: original, state});
      const result = await response.json();
      if (!response.ok) { showError(result.loi); }
      else if (!result.bi_thay) {
        show(result);
        // -- LibreOffice stopped: the error stays on screen; one fresh try starts a new one --
        if (result.loi && !retried) { retried = true; setTimeout(schedule, 1500); }
        else if (!result.loi) retried = false;
      }
    } catch (error) { showError("Mất kết nối với vbhc studio: " + error); }
    inFlight = false;
    if (dirty) preview(); else say("");
  }

  function showError(message) {
    document.getElementById("preview").innerHTML = "";
    const p = document.createElement("p"); p.className = "preview-error"; p.textContent = message;
    document.getElementById("preview").append(p);
  }

  function show(result) {
    latestYaml = result.yaml;
    if (result.ten && result.ten.length) names = result.ten;
    const yaml = document.getElementById("yaml");
    if (document.getElementById("yaml-tab").hidden) yaml.value = result.yaml;
    showProblems(result.van_de, result.kiem_tra);
    const errors = result.van_de.filter(p => !p.canh_bao);
    if (result.loi) { showError(result.loi); return; }
    if (errors.length) { say("Dữ liệu có lỗi: bản xem trước chưa đổi"); return; }
    const pane = document.getElementById("preview");
    const pages = result.trang.map((page, i) => {
      const box = document.createElement("figure"); box.className = "page";
      const img = document.createElement("img"); img.src = page.anh; img.alt = "Trang " + (i + 1);
      const text = document.createElement("pre"); text.className = "page-text"; text.textContent = page.chu;
      const caption = document.createElement("figcaption"); caption.textContent = "Trang " + (i + 1);
      box.append(img, text, caption); return box;
    });
    pane.replaceChildren(...pages);
    pane.dataset.preview = result.so;
  }

  function showProblems(problems, findings) {
    form.querySelectorAll(".problem").forEach(p => { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll(".has-problem").forEach(f => f.classList.remove("has-problem"));
    const list = document.querySelector("#problems ul");
    list.replaceChildren();
    for (const problem of problems) {
      const item = document.createElement("li");
      item.className = problem.canh_bao ? "warning" : "error";
      const where = problem.dong ? `dòng ${problem.dong}` : "";
      const what = [where, problem.truong].filter(Boolean).join(", ");
      item.textContent = `${problem.canh_bao ? "Cảnh báo" : "Lỗi"}${what ? " (" + what + ")" : ""}: ${problem.thong_bao}`;
      const target = nearest(problem.truong);
      if (target) {
        target.hidden = false; target.textContent = problem.thong_bao;
        target.parentElement.classList.add("has-problem");
        item.tabIndex = 0;
        item.addEventListener("click", () => focusField(problem.truong));
      }
      list.append(item);
    }
    for (const finding of findings || []) {
      const item = document.createElement("li");
      item.className = finding.muc_do === "FAIL" ? "error" : "warning";
      item.textContent = `NĐ 30 (${finding.muc}) ${finding.o_dau}: ${finding.thay}; cần ${finding.can}`;
      list.append(item);
    }
  }

  function nearest(path) {
    const keys = parts(path || "");
    while (true) {
      const found = form.querySelector(`.problem[data-for="${keys.join(".")}"]`);
      if (found || !keys.length) return found;
      keys.pop();
    }
  }

  function focusField(path) {
    const keys = parts(path || "");
    while (keys.length) {
      const field = form.querySelector(`[data-path="${keys.join(".")}"]:is(input, textarea, select)`);
      if (field) { field.focus(); field.scrollIntoView({block: "center"}); return; }
      const box = form.querySelector(`fieldset[data-path="${keys.join(".")}"]`);
      if (box) { box.scrollIntoView({block: "center"}); const first = box.querySelector("input, textarea, select"); if (first) first.focus(); return; }
      keys.pop();
    }
  }

  form.addEventListener("input", event => {
    const input = event.target;
    if (!input.dataset.path) return;
    setPath(state, input.dataset.path, valueOf(input));
    schedule();
    if (input.tagName === "TEXTAREA") offerNames(input);
  });

  // -- completion of {{ … }}: typing "{{" offers the document's facts by name --
  let names = [];
  const menu = document.createElement("ul");
  menu.id = "completion"; menu.hidden = true; document.body.append(menu);
  function offerNames(area) {
    const before = area.value.slice(0, area.selectionStart);
    const open = before.match(/\{\{\s*([\w.]*)$/);
    if (!open) { menu.hidden = true; return; }
    const typed = open[1];
    const found = names.filter(name => name.startsWith(typed)).slice(0, 12);
    if (!found.length) { menu.hidden = true; return; }
    menu.replaceChildren(...found.map(name => {
      const item = document.createElement("li"); item.textContent = name;
      item.addEventListener("mousedown", event => {
        event.preventDefault();
        const start = area.selectionStart - typed.length;
        area.setRangeText(name + " }}", start, area.selectionStart, "end");
        area.dispatchEvent(new Event("input", {bubbles: true}));
        menu.hidden = true; area.focus();
      });
      return item;
    }));
    const box = area.getBoundingClientRect();
    menu.style.left = `${box.left + window.scrollX}px`;
    menu.style.top = `${box.bottom + window.scrollY}px`;
    menu.hidden = false;
  }
  form.addEventListener("focusout", () => setTimeout(() => { menu.hidden = true; }, 150));
  form.addEventListener("submit", event => event.preventDefault());
  form.addEventListener("click", async event => {
    const button = event.target.closest("button.op");
    if (!button) return;
    let key = "";
    if (button.dataset.askKey) { key = prompt("Tên khóa (không dấu, nối bằng _):") || ""; if (!key) return; }
    const response = await post("/api/bieu-mau", {tep: file, loai: kind, goc: original, state,
      thao_tac: button.dataset.op, duong_dan: button.dataset.target, khoa: key,
      muc_moi: button.dataset.item ? JSON.parse(button.dataset.item) : ""});
    const result = await response.json();
    if (!response.ok) { say(result.loi); return; }
    state = result.state; form.innerHTML = result.html; schedule();
  });

  document.querySelectorAll(".tabs button").forEach(tab => tab.addEventListener("click", () => {
    document.querySelectorAll(".tabs button").forEach(t => t.classList.toggle("active", t === tab));
    const yaml = tab.dataset.tab === "yaml";
    form.hidden = yaml; document.getElementById("yaml-tab").hidden = !yaml;
    if (yaml) document.getElementById("yaml").value = latestYaml;
  }));
  document.getElementById("apply-yaml").addEventListener("click", async () => {
    const response = await post("/api/yaml", {tep: file, loai: kind, goc: original,
                                              yaml: document.getElementById("yaml").value});
    const result = await response.json();
    if (!response.ok) { say(result.loi); return; }
    state = result.state; form.innerHTML = result.html; schedule();
  });

  async function save(confirmed) {
    const response = await post("/api/luu", {tep: file, state, phien_ban: version, xac_nhan: confirmed});
    const result = await response.json();
    if (response.status === 409 && result.can_xac_nhan) {
      if (confirm(result.loi)) return save(true);
      say("Chưa lưu."); return;
    }
    if (!response.ok) { say("Chưa lưu: " + result.loi); alert(result.loi); return; }
    version = result.phien_ban; original = result.yaml;
    say("Đã lưu " + file);
  }
  document.getElementById("save").addEventListener("click", () => save(false));

  async function download(kindOfFile) {
    say("Đang tạo tệp…");
    const response = await post("/api/tai/" + kindOfFile, {tep: file, loai: kind, goc: original, state});
    if (!response.ok) { const result = await response.json(); say(result.loi); return; }
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = file.split("/").pop().replace(/\.ya?ml$/, "." + kindOfFile);
    document.body.append(link); link.click(); link.remove();
    say("Đã tạo " + link.download);
  }
  document.getElementById("download-docx").addEventListener("click", () => download("docx"));
  document.getElementById("download-pdf").addEventListener("click", () => download("pdf"));

  const batchButton = document.getElementById("batch");
  if (batchButton) batchButton.addEventListener("click", async () => {
    const box = document.getElementById("batch-progress"); box.hidden = false;
    const response = await post("/api/hang-loat", {tep: file, loai: kind});
    const job = await response.json();
    if (!response.ok) { say(job.loi); return; }
    const poll = async () => {
      const status = await (await fetch("/api/hang-loat/" + job.viec)).json();
      const bar = box.querySelector("progress");
      bar.max = status.tong || 1; bar.value = status.xong;
      box.querySelector(".count").textContent = `${status.xong}/${status.tong}`;
      if (!status.ket_thuc) { setTimeout(poll, 300); return; }
      if (status.loi) say(status.loi);
      if (status.zip) { const link = box.querySelector(".zip"); link.href = status.zip; link.hidden = false; }
      if (status.don_vi_loi.length) say("Đơn vị lỗi: " + status.don_vi_loi.join("; "));
    };
    poll();
  });

  showImportNotes();
  preview();
}

// -- what the import left out (sent by the start page just before it opened this file) --
function showImportNotes() {
  const stored = sessionStorage.getItem("vbhc-nhap");
  const file = document.getElementById("editor").dataset.file;
  const imported = stored && JSON.parse(stored);
  if (!imported || imported.tep !== file) return;
  sessionStorage.removeItem("vbhc-nhap");
  const lines = [...imported.ghi_chu];
  if (imported.con_lai.length) {
    lines.push(`Chưa đưa vào dữ liệu (${imported.con_lai.length} đoạn, đã ghi thành ghi chú cuối tệp):`);
    for (const left of imported.con_lai) lines.push(`trang ${left.trang}: ${left.chu}`);
  } else lines.push("Mọi đoạn của văn bản đã được đưa vào dữ liệu.");
  const box = document.getElementById("import-notes");
  box.querySelector("ul").replaceChildren(...lines.map(line => {
    const item = document.createElement("li"); item.textContent = line; return item;
  }));
  box.hidden = false;
}

const newForm = document.getElementById("new-document");
if (newForm) newForm.addEventListener("submit", async event => {
  event.preventDefault();
  const data = new FormData(newForm);
  const response = await post("/api/moi", {loai: data.get("loai"), ten: data.get("ten")});
  const result = await response.json();
  if (!response.ok) { newForm.querySelector(".message").textContent = result.loi; return; }
  location.href = "/sua?tep=" + encodeURIComponent(result.tep);
});

// -- import a Word document: the file itself is the request body (no multipart form) --
function proposedName(fileName) {
  const stem = fileName.split(/[\\/]/).pop().replace(/\.[^.]*$/, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  const plain = stem.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
  return (plain.replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "van_ban") + ".yaml";
}

const importForm = document.getElementById("import-document");
if (importForm) {
  const picker = importForm.querySelector('input[type="file"]'), nameInput = importForm.elements.tep;
  const message = importForm.querySelector(".message");
  let proposed = "";
  picker.addEventListener("change", () => {
    const chosen = picker.files[0];
    if (!chosen || (nameInput.value && nameInput.value !== proposed)) return;
    proposed = nameInput.value = proposedName(chosen.name);
  });
  async function send(chosen, overwrite) {
    const query = new URLSearchParams({ten_goc: chosen.name, tep: nameInput.value});
    if (overwrite) query.set("ghi_de", "1");
    const response = await fetch("/api/nhap?" + query, {method: "POST", body: chosen,
      headers: {"Content-Type": "application/octet-stream", "X-VBHC-Token": token}});
    const result = await response.json();
    if (response.status === 409 && result.can_xac_nhan && confirm(result.loi)) return send(chosen, true);
    if (!response.ok) { message.textContent = result.loi; return; }
    sessionStorage.setItem("vbhc-nhap", JSON.stringify(result));
    location.href = "/sua?tep=" + encodeURIComponent(result.tep);
  }
  importForm.addEventListener("submit", async event => {
    event.preventDefault();
    const chosen = picker.files[0];
    if (!chosen) { message.textContent = "Hãy chọn một văn bản Word."; return; }
    // -- the server refuses it too, but a browser may drop its answer to a body cut short --
    if (chosen.size > +importForm.dataset.max) { message.textContent = importForm.dataset.tooLarge; return; }
    message.textContent = "Đang đọc " + chosen.name + "…";
    try { await send(chosen, false); }
    catch (error) { message.textContent = "Mất kết nối với vbhc studio: " + error; }
  });
}

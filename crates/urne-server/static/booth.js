// urne — the voter's booth (docs/protocol.md §6–7; Annex 1 §2 of the agreement).
//
// The choice never leaves the browser in clear: the choice form has method="dialog" (it never
// submits), this script builds the review screen from the page, then encrypts, proves and signs
// the ballot with the wasm module (urne-wasm) and posts only the ballot. The signing key comes
// from the seed login.js kept in this tab's sessionStorage; when it is missing (another tab,
// storage refused), the voter types the identifiant again and it is stretched here.
// It also gets receipts back (a possession proof per election, never the key) and prints them.
import init, { Booth, VoterCredential } from "/static/wasm/urne_wasm.js";

const seedKey = (scrutin) => "urne.seed." + scrutin;

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

let ready = null;
function wasm() {
  ready = ready || init();
  return ready;
}

// The voter's credential: from the stored seed, else from the identifiant typed in `codeBox`
// (revealed on first need). Returns null when the voter must type it first.
function credential(scrutin, codeBox) {
  let seed = null;
  try {
    seed = window.sessionStorage.getItem(seedKey(scrutin));
  } catch (_) {
    seed = null;
  }
  if (seed) return VoterCredential.from_seed(seed);
  const input = codeBox.querySelector("input");
  if (codeBox.hidden || !input.value.trim()) {
    codeBox.hidden = false;
    input.focus();
    return null;
  }
  return VoterCredential.unlock(input.value, scrutin);
}

function codeError(codeBox, message, status) {
  const input = codeBox.querySelector("input");
  input.setAttribute("aria-invalid", "true");
  status.textContent = message;
  input.focus();
}

function setupBooth(root) {
  const msg = root.dataset;
  const choose = document.getElementById("choose");
  const review = document.getElementById("review");
  const choiceForm = document.getElementById("choice-form");
  const choiceError = document.getElementById("choice-error");
  const radios = Array.from(choiceForm.querySelectorAll("input[data-choice]"));
  const strikes = Array.from(choiceForm.querySelectorAll("fieldset.strikes"));

  function selected() {
    const radio = radios.find((r) => r.checked);
    return radio ? Number(radio.value) : null;
  }
  function syncStrikes() {
    const list = selected();
    for (const fieldset of strikes) {
      const mine = Number(fieldset.dataset.list) === list;
      fieldset.disabled = !mine;
      if (!mine) fieldset.querySelectorAll("input").forEach((c) => (c.checked = false));
    }
  }
  radios.forEach((r) => r.addEventListener("change", () => {
    choiceError.textContent = "";
    radios.forEach((x) => x.removeAttribute("aria-invalid"));
    syncStrikes();
  }));
  syncStrikes();

  let choice = null;
  choiceForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const list = selected();
    if (list === null) {
      choiceError.textContent = msg.msgNone;
      radios.forEach((r) => r.setAttribute("aria-invalid", "true"));
      radios[0].focus();
      return;
    }
    const box = document.getElementById("review-ballot");
    box.replaceChildren();
    let struck = [];
    let blank = list === -1;
    if (list >= 0) {
      const fieldset = strikes.find((f) => Number(f.dataset.list) === list);
      const boxes = Array.from(fieldset.querySelectorAll("input[data-strike]"));
      struck = boxes.filter((c) => c.checked).map((c) => Number(c.value));
      const title = document.createElement("p");
      title.className = "review-list";
      title.textContent = document.querySelector("#list-" + list + " [data-list-name]").textContent;
      const ol = document.createElement("ol");
      for (const c of boxes) {
        const li = document.createElement("li");
        const name = document.createElement(c.checked ? "s" : "span");
        name.textContent = c.dataset.name;
        li.append(name, " — " + (c.checked ? msg.msgStruck : msg.msgKept));
        if (c.checked) li.className = "struck";
        ol.append(li);
      }
      box.append(title, ol);
      if (struck.length === boxes.length) {
        const note = document.createElement("p");
        note.className = "notice";
        note.textContent = msg.msgAllStruck;
        box.append(note);
        blank = true;
      }
    } else {
      const p = document.createElement("p");
      p.className = "review-list";
      p.textContent = list === -1 ? msg.msgBlank : msg.msgNul;
      box.append(p);
    }
    choice = blank ? { list: -1, struck: [] } : { list, struck };
    choose.hidden = true;
    review.hidden = false;
    document.getElementById("review-title").focus();
    wasm();
  });

  document.getElementById("back").addEventListener("click", () => {
    review.hidden = true;
    choose.hidden = false;
    const radio = radios.find((r) => r.checked) || radios[0];
    radio.focus();
  });

  const castForm = document.getElementById("cast-form");
  const status = document.getElementById("cast-status");
  const codeBox = document.getElementById("code-again");
  const confirm = document.getElementById("confirm");
  castForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!choice) return;
    confirm.disabled = true;
    status.textContent = msg.msgBusy;
    try {
      await wasm();
      let cred;
      try {
        cred = credential(msg.scrutin, codeBox);
      } catch (_) {
        codeError(codeBox, msg.msgCode, status);
        confirm.disabled = false;
        return;
      }
      if (!cred) {
        status.textContent = "";
        confirm.disabled = false;
        return;
      }
      const shape = msg.shape.split(",").map(Number);
      const booth = new Booth(msg.fingerprint, msg.key, shape);
      const bytes = booth.encrypt(cred, msg.election, choice.list, Uint32Array.from(choice.struck));
      booth.free();
      cred.free();
      document.getElementById("ballot").value = hex(bytes);
      castForm.submit();
    } catch (error) {
      status.textContent = msg.msgFailed;
      confirm.disabled = false;
    }
  });
}

function setupReceipt(form) {
  const codeBox = document.getElementById("code-again");
  const status = document.getElementById("receipt-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await wasm();
    let cred;
    try {
      cred = credential(form.dataset.scrutin, codeBox);
    } catch (_) {
      codeError(codeBox, form.dataset.msgCode, status);
      return;
    }
    if (!cred) return;
    const elections = form.dataset.elections.split(",").filter(Boolean);
    const proofs = elections.map((e) => JSON.parse(cred.prove_possession(e, form.dataset.challenge)));
    cred.free();
    document.getElementById("proofs").value = JSON.stringify(proofs);
    form.submit();
  });
}

function setup() {
  const booth = document.getElementById("booth");
  if (booth) setupBooth(booth);
  const receipt = document.getElementById("receipt-form");
  if (receipt) setupReceipt(receipt);
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  const logout = document.getElementById("logout-form");
  if (logout) {
    logout.addEventListener("submit", () => {
      try {
        window.sessionStorage.clear();
      } catch (_) {
        // Nothing stored.
      }
    });
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setup);
} else {
  setup();
}

// urne — a BVC member's part in the key ceremony (Article 9.9; docs/protocol.md §8).
//
// The séquence secrète is drawn here, shown once for the member to copy on paper, and typed
// back; it never leaves this page. The four steps run in the wasm module (urne-wasm's Trustee);
// only their public messages are posted, and the page waits for the other members between steps.
import init, { Trustee, generate_sequence } from "/static/wasm/urne_wasm.js";

const STEPS = ["announcement", "dealing", "complaints", "confirmation"];
const fr = document.documentElement.lang === "fr";
const t = (french, english) => (fr ? french : english);
const normal = (text) => text.replace(/[\s-]/g, "").toUpperCase();

async function post(url, fields) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

async function board(url) {
  const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error(t("Tableau indisponible", "Board unavailable"));
  return response.json();
}

function setup(root) {
  const status = document.getElementById("step-status");
  const retype = document.getElementById("retype");
  let drawn = null;
  document.getElementById("draw").addEventListener("click", async () => {
    await init();
    drawn = generate_sequence();
    document.getElementById("sequence").textContent = drawn;
    document.getElementById("sequence-box").hidden = false;
    retype.focus();
  });
  document.getElementById("go").addEventListener("click", async () => {
    const typed = retype.value.trim();
    if (!typed || (drawn && normal(typed) !== normal(drawn))) {
      retype.setAttribute("aria-invalid", "true");
      status.textContent = t(
        "La séquence retapée ne correspond pas à celle tirée : vérifiez votre copie.",
        "The sequence typed does not match the one drawn: check your copy.",
      );
      retype.focus();
      return;
    }
    retype.removeAttribute("aria-invalid");
    await init();
    const me = Number(root.dataset.member);
    let trustee = null;
    try {
      for (;;) {
        const b = await board(root.dataset.board);
        trustee = trustee || new Trustee(typed, b.context, b.members, b.threshold, me);
        const next = STEPS.findIndex((_, i) => !b.published[i][me - 1]);
        if (next < 0) {
          status.textContent = t(
            "Vos quatre étapes sont publiées. La clé sera publiée quand tous les membres auront confirmé.",
            "Your four steps are published. The key will be published once every member has confirmed.",
          );
          if (b.status !== "ceremony") {
            status.textContent = t("Cérémonie terminée : clé publiée.", "Ceremony over: key published.");
            break;
          }
        } else if (next > 0 && !b.published[next - 1].every(Boolean)) {
          status.textContent = t(
            `Étape ${next + 1} : en attente des autres membres…`,
            `Step ${next + 1}: waiting for the other members…`,
          );
        } else {
          const a = JSON.stringify(b.announcements);
          const d = JSON.stringify(b.dealings);
          const message = [
            () => trustee.announce(),
            () => trustee.deal(a),
            () => trustee.check_dealings(d),
            () => trustee.key_share(a, d, JSON.stringify(b.complaints)),
          ][next]();
          await post(root.dataset.post + STEPS[next], { csrf: root.dataset.csrf, message });
          status.textContent = t(`Étape ${next + 1} publiée.`, `Step ${next + 1} published.`);
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    } catch (error) {
      status.textContent = t("Erreur : ", "Error: ") + (error.message || error);
    } finally {
      if (trustee) trustee.free();
    }
  });
}

const root = document.getElementById("trustee");
if (root) setup(root);

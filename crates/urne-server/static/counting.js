// urne — a BVC member's decryption (Article 9.10; docs/protocol.md §9).
//
// The member types their séquence secrète; the wasm module (urne-wasm's Trustee) re-derives
// their key share from the ceremony's public messages and computes a decryption share of each
// election's tally, with its proofs. Only the shares are posted; the séquence never leaves this
// page, and the server checks each share against the member's verification key.
import init, { Trustee } from "/static/wasm/urne_wasm.js";

const fr = document.documentElement.lang === "fr";
const t = (french, english) => (fr ? french : english);

function bytes(hexText) {
  const out = new Uint8Array(hexText.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hexText.substr(2 * i, 2), 16);
  return out;
}

function hex(array) {
  return Array.from(array, (b) => b.toString(16).padStart(2, "0")).join("");
}

function setup(root) {
  const status = document.getElementById("decrypt-status");
  const input = document.getElementById("sequence");
  document.getElementById("go").addEventListener("click", async () => {
    const sequence = input.value.trim();
    if (!sequence) {
      input.focus();
      return;
    }
    status.textContent = t("Déchiffrement en cours…", "Decrypting…");
    let trustee = null;
    try {
      await init();
      const response = await fetch(root.dataset.tallies, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(await response.text());
      const b = await response.json();
      trustee = new Trustee(sequence, b.context, b.members, b.threshold, b.me);
      trustee.key_share(
        JSON.stringify(b.announcements),
        JSON.stringify(b.dealings),
        JSON.stringify(b.complaints),
      );
      let results = false;
      for (const e of b.elections) {
        if (e.shared) continue;
        const share = trustee.decrypt_share(e.fingerprint, bytes(e.ciphertexts));
        const answer = await fetch(root.dataset.post, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrf: root.dataset.csrf, election: e.election, share: hex(share) }),
          credentials: "same-origin",
        });
        if (!answer.ok) throw new Error(await answer.text());
        const stored = await answer.json();
        if (stored.problem) throw new Error(stored.problem);
        results = stored.results;
      }
      input.value = "";
      status.textContent = results
        ? t("Vos parts sont publiées et les résultats calculés.", "Your shares are published and the results computed.")
        : t("Vos parts sont publiées. Il faut encore d'autres membres.", "Your shares are published. Other members are still needed.");
      if (results) window.location.assign(window.location.pathname.replace(/counting$/, "results"));
    } catch (error) {
      input.setAttribute("aria-invalid", "true");
      status.textContent = t("Refusé : ", "Refused: ") + (error.message || error);
    } finally {
      if (trustee) trustee.free();
    }
  });
}

const root = document.getElementById("decrypt");
if (root) setup(root);

// urne — the identifiant step of the voter login (docs/protocol.md §7).
//
// The identifiant never leaves the browser: its input has no `name`, so the form cannot send
// it; this script checks it for typing mistakes (§7.1), stretches it with PBKDF2-HMAC-SHA-512
// salted with the scrutin (§7.2), derives the login token (§7.3) and posts only that. It uses
// the browser's WebCrypto, nothing else, and runs the same under Node (for the tests).
"use strict";
(function (root) {
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const DATA_SYMBOLS = 16;
  const ITERATIONS = 20000;
  const encoder = new TextEncoder();

  function u64le(n) {
    const bytes = new Uint8Array(8);
    let x = n;
    for (let i = 0; i < 8; i++) {
      bytes[i] = x % 256;
      x = Math.floor(x / 256);
    }
    return bytes;
  }

  // The length-prefixed SHA-512 transcript of §3.
  function transcript(domain) {
    const parts = [];
    const t = {
      append(label, data) {
        const l = encoder.encode(label);
        parts.push(u64le(l.length), l, u64le(data.length), data);
        return t;
      },
      async finish(label) {
        t.append("finish", encoder.encode(label));
        const total = parts.reduce((n, p) => n + p.length, 0);
        const buffer = new Uint8Array(total);
        let offset = 0;
        for (const p of parts) {
          buffer.set(p, offset);
          offset += p.length;
        }
        return new Uint8Array(await root.crypto.subtle.digest("SHA-512", buffer));
      },
    };
    t.append("protocol", encoder.encode("urne/1"));
    t.append("domain", encoder.encode(domain));
    return t;
  }

  // The symbol values of a typed code, or an error: "character", "length" or "checksum".
  async function parse(text) {
    const values = [];
    for (const raw of text) {
      if ("- \t\r\n".includes(raw)) continue;
      let c = raw.toUpperCase();
      if (c === "I" || c === "L") c = "1";
      if (c === "O") c = "0";
      const v = ALPHABET.indexOf(c);
      if (v < 0 || c.length !== 1) return { error: "character" };
      values.push(v);
    }
    if (values.length !== DATA_SYMBOLS + 2) return { error: "length" };
    const data = Uint8Array.from(values.slice(0, DATA_SYMBOLS));
    const h = await transcript("code-checksum")
      .append("kind", encoder.encode("credential"))
      .append("symbols", data)
      .finish("checksum");
    const b = h[0] + 256 * h[1];
    if (values[DATA_SYMBOLS] !== b % 32 || values[DATA_SYMBOLS + 1] !== Math.floor(b / 32) % 32) {
      return { error: "checksum" };
    }
    return { data };
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // The login token and the stretched seed (hex) of a typed code for a scrutin, or { error }.
  async function loginToken(code, scrutin) {
    const parsed = await parse(code);
    if (parsed.error) return parsed;
    const password = encoder.encode(Array.from(parsed.data, (v) => ALPHABET[v]).join(""));
    const salt = await transcript("credential-salt")
      .append("scrutin", encoder.encode(scrutin))
      .finish("salt");
    const key = await root.crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
    const seed = new Uint8Array(
      await root.crypto.subtle.deriveBits(
        { name: "PBKDF2", hash: "SHA-512", salt, iterations: ITERATIONS },
        key,
        512,
      ),
    );
    const full = await transcript("credential-login").append("seed", seed).finish("login-token");
    return { token: hex(full.slice(0, 32)), seed: hex(seed) };
  }

  root.urneLoginToken = loginToken;

  if (typeof document === "undefined") return;
  const MESSAGES = {
    fr: {
      character: "Un caractère n'est pas permis dans un identifiant : vérifiez-le.",
      length: "Un identifiant compte 18 caractères (sans les tirets).",
      checksum: "L'identifiant contient une faute de frappe : vérifiez-le.",
      busy: "Vérification…",
    },
    en: {
      character: "A character is not allowed in an identifiant: check it.",
      length: "An identifiant has 18 characters (dashes aside).",
      checksum: "The identifiant has a typing mistake: check it.",
      busy: "Checking…",
    },
  };
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("identifiant-form");
    if (!form) return;
    const input = document.getElementById("code");
    const hint = document.getElementById("code-hint");
    const tokenField = document.getElementById("token");
    const lang = document.documentElement.lang === "en" ? "en" : "fr";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      hint.textContent = MESSAGES[lang].busy;
      const result = await loginToken(input.value, form.dataset.scrutin);
      if (result.error) {
        hint.textContent = MESSAGES[lang][result.error];
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      tokenField.value = result.token;
      // The booth signs ballots with keys derived from this seed (§7.3): it stays in this tab
      // only (sessionStorage), is never sent, and is removed at logout.
      try {
        root.sessionStorage.setItem("urne.seed." + form.dataset.scrutin, result.seed);
      } catch (_) {
        // Storage refused (private mode): the booth will ask for the identifiant again.
      }
      input.value = "";
      form.submit();
    });
  });
})(globalThis);

// Live gender-balance check (Code du travail, art. L2314-30) on a list's page, for délégués and
// the organisateur: as candidates are edited, the form is sent to /lists/{id}/parity, which
// checks it with urne-rules and answers the same fragment the page shows after saving. Nothing
// is saved. Without this script the page works the same, the check showing after each save.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("candidates-form");
  var target = document.getElementById("parity-live");
  if (!form || !target || !window.fetch) {
    return;
  }
  var timer = null;
  function check() {
    fetch(form.getAttribute("data-parity-url"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        target.innerHTML = html;
      })
      .catch(function () {
        // Keep the last result: the check runs again on save.
      });
  }
  form.addEventListener("change", check);
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
});

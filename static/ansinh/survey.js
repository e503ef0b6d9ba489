/* The poverty survey form on a phone (templates/poverty/survey_form.html).

   What the enumerator types is kept on the device (localStorage) as it is typed. "Lưu nháp" and
   "Gửi kết quả" send the form with fetch to the JSON endpoint; when the phone is offline, or the
   request fails, the answers stay on the device marked as pending, with a notice, and are sent
   by themselves when the connection returns (the window's "online" event, the next page load,
   or a retry every 30 seconds). Sending the same answers twice changes nothing on the server.
   Without JavaScript the form is a plain POST. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form || !window.fetch || !window.localStorage || !window.URLSearchParams) return;
  var key = form.dataset.key;
  var url = form.dataset.sendUrl;
  var version = form.dataset.version;
  var notice = document.getElementById("survey-notice");
  var texts = JSON.parse(document.getElementById("survey-texts").textContent);
  var sending = false;

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") pairs.push([name, String(value)]);
    });
    return pairs;
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function store(entry) {
    try { localStorage.setItem(key, JSON.stringify(entry)); } catch (e) { /* storage full */ }
  }
  function show(tone, message) {
    notice.className = "alert mb-2 py-2 alert-" + tone;
    notice.textContent = message;
  }
  function restore(pairs) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "checkbox") el.checked = false;
    });
    pairs.forEach(function (pair) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== pair[0]) return;
        if (el.type === "checkbox") { if (el.value === pair[1]) el.checked = true; }
        else el.value = pair[1];
      });
    });
  }
  function keep() {
    var entry = load();
    store({version: version, pairs: fields(), pending: entry ? entry.pending : null});
  }
  function done(entry, data) {
    localStorage.removeItem(key);
    var badge = document.getElementById("survey-status");
    badge.textContent = data.status_label;
    badge.dataset.status = data.status;
    if (entry.pending === "submit") {
      var result = document.getElementById("survey-result");
      result.textContent = data.reason;  // begins with the classification: "Hộ nghèo: …"
      result.classList.remove("d-none");
      show("success", texts.sent);
    } else {
      show("success", texts.saved);
    }
  }
  function send() {
    var entry = load();
    if (!entry || !entry.pending || sending) return;
    if (navigator.onLine === false) { show("warning", texts.offline); return; }
    sending = true;
    var body = new URLSearchParams();
    entry.pairs.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("action", entry.pending);
    fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
                "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (answer) {
      sending = false;
      if (answer.ok) { done(entry, answer.data); return; }
      // The server answered but refused the form: keep the answers, stop resending them.
      store({version: version, pairs: entry.pairs, pending: null});
      show("danger", answer.data.message || texts.failed);
    }).catch(function () {
      sending = false;
      show("warning", texts.offline);
    });
  }

  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var action = event.submitter && event.submitter.value === "submit" ? "submit" : "draft";
    store({version: version, pairs: fields(), pending: action});
    show("info", texts.sending);
    send();
  });
  window.addEventListener("online", send);
  window.setInterval(send, 30000);

  // On load: answers kept on this device, pending or typed since the page was last served.
  var entry = load();
  var changed = entry && JSON.stringify(entry.pairs) !== JSON.stringify(fields());
  if (entry && entry.pending) {
    restore(entry.pairs);
    show("warning", texts.offline);
    send();
  } else if (entry && changed && entry.version === version) {
    restore(entry.pairs);
    show("info", texts.restored);
  }
}());

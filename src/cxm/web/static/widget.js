/* cxm survey widget.
 * <script src="https://cxm.example.com/static/widget.js" data-survey="csat_support" async
 *         data-language="km" data-customer="C123" data-signature="..." data-delay="3000"></script>
 * Shows the survey in a small pop-up, once the server says this visitor may be asked. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.dataset.survey) return;
  var base = new URL(me.src).origin;
  var d = me.dataset;
  var survey = encodeURIComponent(d.survey);
  var remembered = "cxm-widget:" + d.survey;
  var params = new URLSearchParams({ origin: window.location.origin, lang: d.language || navigator.language || "" });
  if (d.customer) { params.set("customer", d.customer); params.set("sig", d.signature || ""); }
  try {
    var until = Number(window.localStorage.getItem(remembered) || 0);
    if (until > Date.now()) return;  // answered or dismissed lately on this browser
  } catch (e) { /* storage blocked: rely on the server */ }

  function remember(days) {
    try { window.localStorage.setItem(remembered, String(Date.now() + days * 86400000)); } catch (e) {}
  }

  function show(days) {
    var box = document.createElement("div");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", d.title || "Survey");
    box.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;width:min(380px,calc(100vw - 32px));" +
      "height:min(460px,calc(100vh - 32px));background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden";
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", d.close || "Close");
    close.textContent = "\u00d7";
    close.style.cssText = "position:absolute;top:4px;right:8px;border:0;background:none;font-size:24px;cursor:pointer;z-index:1";
    close.onclick = function () { remember(days); box.remove(); };
    var frame = document.createElement("iframe");
    frame.title = d.title || "Survey";
    frame.src = base + "/w/" + survey + "?" + params.toString();
    frame.style.cssText = "border:0;width:100%;height:100%";
    box.appendChild(close);
    box.appendChild(frame);
    document.body.appendChild(box);
    window.addEventListener("message", function (event) {
      if (event.origin === base && event.data && event.data.cxm === "answered") remember(days);
    });
  }

  fetch(base + "/w/" + survey + "/eligible?" + params.toString(), { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : { show: false }; })
    .then(function (answer) {
      if (answer.show) window.setTimeout(function () { show(answer.days || 7); }, Number(d.delay || 0));
    })
    .catch(function () {});
})();

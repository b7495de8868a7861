// Inside the website widget: tell the page around it that the visitor has answered.
if (window.parent !== window) {
  window.parent.postMessage({ cxm: "answered" }, "*");
}

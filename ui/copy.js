// The 复制 button under an answer: copies the answer with its sources as plain text. County offices open the
// page over plain http on the LAN, where navigator.clipboard does not exist, hence the textarea fallback.
element.addEventListener("click", function (event) {
  var button = event.target.closest(".copy-answer");
  if (!button) return;
  var text = button.getAttribute("data-copy") || "";
  function done() {
    button.textContent = "已复制";
    window.__copied = text;
    setTimeout(function () { button.textContent = "复制"; }, 2000);
  }
  function fallback() {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { button.textContent = "请长按选中后复制"; }
    document.body.removeChild(area);
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, fallback);
  } else {
    fallback();
  }
});

// Buttons inside the conversation (one listener for all turns, present and future).
// 复制 copies the answer with its sources as plain text. County offices open the page over plain http on the LAN,
// where navigator.clipboard does not exist, hence the textarea fallback.
// 有用 / 有误 / 不完整 send a rating of that answer to the server (server.feedback, ui/ask.py), then offer a comment.
function copyText(button) {
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
}

function rate(box, rating, comment) {
  var status = box.querySelector(".rate-status");
  status.textContent = "正在记录……";
  server.feedback(box.getAttribute("data-turn"), rating, comment).then(function (reply) {
    status.textContent = reply;
  }, function () {
    status.textContent = "没有记录成功，请稍后再试";
  });
}

element.addEventListener("click", function (event) {
  var copy = event.target.closest(".copy-answer");
  if (copy) { copyText(copy); return; }
  var choice = event.target.closest(".rate-btn");
  if (choice) {
    var box = choice.closest(".rate");
    box.querySelectorAll(".rate-btn").forEach(function (b) { b.classList.remove("chosen"); });
    choice.classList.add("chosen");
    box.setAttribute("data-rating", choice.getAttribute("data-rating"));
    box.querySelector(".rate-comment").hidden = false;
    rate(box, choice.getAttribute("data-rating"), "");
    return;
  }
  var send = event.target.closest(".rate-send");
  if (send) {
    var owner = send.closest(".rate");
    rate(owner, owner.getAttribute("data-rating"), owner.querySelector(".rate-text").value);
  }
});

/* The report form: progressive enhancements only; the form works the same without this file.
   - the platform question shows only while the account is typed as a bare name (a link or a
     phone number says its platform; the server decides in the end and asks when it must);
   - the follow-up questions of each choice show once the choice is ticked;
   - a form shown again with errors scrolls its summary into view for screen-reader users. */
(function () {
  "use strict";
  var HOSTS = /(^|\.)(instagram\.com|instagr\.am|tiktok\.com|snapchat\.com|facebook\.com|fb\.com|fb\.me|m\.me|x\.com|twitter\.com|youtube\.com|youtu\.be|t\.me|telegram\.me|threads\.net|threads\.com|wa\.me|whatsapp\.com)$/;

  function saysItsPlatform(text) {
    var value = text.trim().toLowerCase();
    if (/^(https?:|\/\/|www\.|tel:)/.test(value)) { return true; }
    var head = value.split(/[\/?#]/)[0];
    if (head.length < value.length && head.indexOf(".") > 0) { return true; }
    if (HOSTS.test(head)) { return true; }
    var digits = (value.match(/[0-9]/g) || []).length;
    return /^\+?[0-9][0-9 ().\-\/]{4,24}$/.test(value) && digits >= 6;
  }

  var account = document.getElementById("account");
  var field = document.getElementById("platform-field");
  var select = document.getElementById("platform");
  var detected = document.getElementById("account-detected");
  if (account && field && select) {
    var keep = field.classList.contains("field--invalid");
    var update = function () {
      var bare = account.value.trim() !== "" && !saysItsPlatform(account.value);
      field.hidden = !(bare || select.value || keep);
    };
    account.addEventListener("input", function () {
      if (detected) { detected.hidden = true; }
      update();
    });
    update();
  }

  document.querySelectorAll("input[data-reveals]").forEach(function (box) {
    var more = document.getElementById(box.getAttribute("data-reveals"));
    if (!more) { return; }
    var filled = Array.prototype.some.call(more.querySelectorAll("input"), function (input) {
      return input.type === "checkbox" ? input.checked : input.value !== "";
    });
    if (filled || more.querySelector(".field-error")) { box.checked = true; }
    var update = function () { more.hidden = !box.checked; };
    box.addEventListener("change", update);
    update();
  });
})();

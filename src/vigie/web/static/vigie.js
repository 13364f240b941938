/* Vigie: small progressive enhancements only. Every page works without this file. */
(function () {
  "use strict";
  // Live character count under textareas that declare data-counter="<id of the output element>".
  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var output = document.getElementById(area.getAttribute("data-counter"));
    var max = parseInt(area.getAttribute("maxlength") || "0", 10);
    if (!output || !max) { return; }
    var update = function () {
      output.textContent = area.value.length + " / " + max;
    };
    area.addEventListener("input", update);
    update();
  });
  // Copy buttons (data-copy="<id of the element whose text to copy>"): hidden without JavaScript,
  // where the text itself stays selectable.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || ""; }
      });
    });
  });
})();

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
})();

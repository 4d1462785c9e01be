/* Live character counter of the letter form (progressive enhancement; the server checks
 * the same limits and refuses an over-long text with a message naming the field).
 *
 * Every input or textarea with data-max-chars gets a counter below it: "已输入 N/M 字"
 * while within the limit, a warning with how much to cut once over it (the field is then
 * marked aria-invalid). The fields have no maxlength attribute on purpose: a browser
 * would silently drop what is pasted beyond it. Characters are counted as the server
 * counts them (code points, a line break is one). */
(function () {
  "use strict";

  function count(value) {
    return Array.from(value).length;
  }

  function attach(field) {
    var limit = parseInt(field.getAttribute("data-max-chars"), 10);
    if (!(limit > 0) || !field.id) {
      return;
    }
    var counter = document.createElement("p");
    counter.id = field.id + "_count";
    counter.className = "char-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var n = count(field.value);
      if (n > limit) {
        counter.textContent =
          "已输入 " + n + " 字，超出 " + (n - limit) + " 字（最多 " + limit + " 字），请删减后再提交。";
        counter.classList.add("char-count-over");
        field.setAttribute("aria-invalid", "true");
      } else {
        counter.textContent = "已输入 " + n + "/" + limit + " 字";
        counter.classList.remove("char-count-over");
        if (!field.closest(".has-error")) {
          field.removeAttribute("aria-invalid");
        }
      }
    }

    field.addEventListener("input", update);
    update();
  }

  function init() {
    var fields = document.querySelectorAll("[data-max-chars]");
    for (var i = 0; i < fields.length; i += 1) {
      attach(fields[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

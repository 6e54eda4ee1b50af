// A form, or the button that submits it, with data-confirm asks before it submits: for deliberate
// steps such as deactivating someone or finalising a scoresheet.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A form with data-warn-unsaved asks before the page is left with what was typed in it unsaved
// (another form on the page, a link): the coaching notes beside the timed-notes player, say.
(function () {
  var dirty = new Set();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-warn-unsaved")) {
      dirty.add(form);
    }
  });
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      dirty.delete(event.target);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

// A form with data-ctrl-enter is saved by Ctrl+Enter (or Cmd+Enter) from any of its fields, a
// text area included: a coaching session is logged from the keyboard alone.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
    return;
  }
  var form = event.target.form;
  if (form && form.hasAttribute("data-ctrl-enter")) {
    event.preventDefault();
    form.requestSubmit();
  }
});

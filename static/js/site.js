// A form, or the button that submits it, with data-confirm asks before it submits: for deliberate
// steps such as deactivating someone or finalising a scoresheet.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A form with data-confirm asks before it submits: deactivations are undoable, but deliberate.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

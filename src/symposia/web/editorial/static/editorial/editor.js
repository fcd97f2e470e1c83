// "Use" buttons next to pull-quote suggestions fill the pull-quote field.
// Progressive enhancement: without JavaScript the editor copies the text by hand.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-pull-quote]");
  if (!button) return;
  var field = document.getElementById("id_pull_quote");
  if (field) {
    field.value = button.getAttribute("data-pull-quote");
    field.focus();
  }
});

// The moderation queue: "select all on this page" ticks every item's checkbox for the bulk
// form. Without JavaScript the checkbox stays hidden and a link does the same.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-all");
  if (!all) {
    return;
  }
  var picks = document.querySelectorAll('input[type="checkbox"][name="items"]');
  if (!picks.length) {
    return;
  }
  var wrapper = all.closest("[data-select-all]");
  if (wrapper) {
    wrapper.hidden = false;
  }
  function refresh() {
    var ticked = 0;
    for (var i = 0; i < picks.length; i++) {
      if (picks[i].checked) {
        ticked++;
      }
    }
    all.checked = ticked === picks.length;
    all.indeterminate = ticked > 0 && ticked < picks.length;
  }
  all.addEventListener("change", function () {
    for (var i = 0; i < picks.length; i++) {
      picks[i].checked = all.checked;
    }
  });
  for (var i = 0; i < picks.length; i++) {
    picks[i].addEventListener("change", refresh);
  }
  refresh();
});

// The call page's apply form: each of the person's consortia has its eligibility panel on the page, and
// the panel of the consortium chosen in the select is shown as the choice changes, without reloading.
// Without scripts the page shows the chosen one's panel and a link per consortium (`?search=`).
(function () {
  var select = document.querySelector('select[data-eligibility]');
  if (!select) return;
  var panels = document.querySelectorAll('[data-search]');
  function show() {
    panels.forEach(function (panel) { panel.hidden = panel.getAttribute('data-search') !== select.value; });
  }
  select.addEventListener('change', show);
  document.querySelectorAll('.eligibility-links').forEach(function (links) { links.hidden = true; });
  // A browser may restore another choice than the page's when going back to it.
  show();
})();

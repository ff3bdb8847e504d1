// Type-ahead for the search boxes: fills the input's datalist from /api/v1/organisations/suggest.
(function () {
  document.querySelectorAll('input[data-suggest]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    var timer = null, last = '';
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(input.dataset.suggest + '?q=' + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (d) {
            list.textContent = '';
            (d.items || []).forEach(function (item) {
              var o = document.createElement('option');
              o.value = item.name;
              list.appendChild(o);
            });
          }).catch(function () {});
      }, 150);
    });
  });
})();

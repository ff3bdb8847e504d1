// Hover details for the map and the charts drawn by the server: pointing at (or tabbing to) a country, a
// bar or a point shows its name and count, read from the shape's own <title>, in a tooltip beside it.
// Only an enhancement: without this script the titles show as the browser's own tooltips, screen readers
// read them, and the tables below carry the same numbers. The tooltip is hidden from assistive
// technology, which has the titles already.
(function () {
  var charts = document.querySelectorAll('svg.choropleth, svg.bar-chart, svg.line-chart');
  if (!charts.length) return;
  var tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  document.body.appendChild(tip);

  // The <title> of the shape or of the nearest group holding it, up to (not including) the chart's own.
  function titleOf(element, chart) {
    for (var el = element; el && el !== chart; el = el.parentNode) {
      for (var child = el.firstElementChild; child; child = child.nextElementSibling) {
        if (child.localName === 'title') return child.textContent;
      }
    }
    return null;
  }

  function show(text, x, y) {
    tip.textContent = text;
    tip.hidden = false;
    // Kept inside the page's width, below and right of the pointer.
    var left = Math.min(x + 14, document.documentElement.clientWidth - tip.offsetWidth - 4);
    tip.style.left = Math.max(4, left) + window.scrollX + 'px';
    tip.style.top = y + 16 + window.scrollY + 'px';
  }

  function hide() { tip.hidden = true; }

  charts.forEach(function (chart) {
    chart.addEventListener('mousemove', function (event) {
      var text = titleOf(event.target, chart);
      if (text) show(text, event.clientX, event.clientY); else hide();
    });
    chart.addEventListener('mouseleave', hide);
    chart.addEventListener('focusin', function (event) {
      var text = titleOf(event.target, chart);
      if (!text) return hide();
      var box = event.target.getBoundingClientRect();
      show(text, box.left + box.width / 2, box.top + box.height / 2);
    });
    chart.addEventListener('focusout', hide);
  });
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') hide(); });
})();

// Adds the visitor's own clock beside an event's times, which the server writes in the event's zone:
// "Your time: 27 May 2016, 04:00 – 11:30" for a visitor in New York. Nothing is shown when the visitor's
// zone is the event's, or when the browser cannot tell.
(function () {
  var spans = document.querySelectorAll('.local-time[data-starts]');
  var own;
  try { own = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  var lang = document.documentElement.lang || undefined;
  spans.forEach(function (span) {
    if (!own || own === span.dataset.zone) return;
    var starts = new Date(span.dataset.starts), ends = new Date(span.dataset.ends);
    if (isNaN(starts) || isNaN(ends)) return;
    var format = { dateStyle: 'long', timeStyle: 'short' };
    var text = starts.toLocaleString(lang, format) + ' – ' + ends.toLocaleString(lang, format) + ' (' + own + ')';
    span.textContent = span.dataset.label + ' ' + text;
    span.hidden = false;
  });
})();

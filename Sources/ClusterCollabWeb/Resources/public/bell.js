// The bell in the header: the unread count. Only signed-in people's pages include this script (the
// header's personal part is joined in per request), so a visitor's page never asks and never logs a 401.
(function () {
  var bell = document.getElementById('bell');
  if (!bell) return;
  fetch('/notifications/unread', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (d) {
      if (!d) return;
      if (d.unread > 0) { bell.textContent = 'Notifications (' + d.unread + ')'; bell.classList.add('has-unread'); }
    }).catch(function () {});
})();

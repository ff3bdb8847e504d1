// The bell in the header: shows the unread count for signed-in people (the page itself is the same for
// everyone, so it can be cached).
(function () {
  var bell = document.getElementById('bell');
  if (!bell) return;
  fetch('/notifications/unread', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (d) {
      if (!d) return;
      bell.hidden = false;
      if (d.unread > 0) { bell.textContent = 'Notifications (' + d.unread + ')'; bell.classList.add('has-unread'); }
    }).catch(function () {});
})();

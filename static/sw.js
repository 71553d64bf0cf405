// The Web Push service worker: shows each alert the server pushes and opens its story when the
// notification is clicked. Served at /sw.js (not under /static/) so its scope is the whole site.
// The payload is what the alert service sends (src/alerts/alert_service.cc), decrypted by the
// browser: {"title", "body", "url", "tag"}.
'use strict';

self.addEventListener('push', (event) => {
  let alert = {};
  if (event.data) {
    try {
      alert = event.data.json();
    } catch {
      alert = { body: event.data.text() };
    }
  }
  const options = { body: alert.body || '', data: { url: alert.url || '/' } };
  // One notification per story: a corrected headline replaces the first one.
  if (alert.tag) options.tag = alert.tag;
  event.waitUntil(self.registration.showNotification(alert.title || 'News alert', options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  let url;
  try {
    url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  } catch {
    url = new URL('/', self.location.origin);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') url = new URL('/', self.location.origin);
  event.waitUntil((async () => {
    // A tab already showing the story is brought forward rather than opening a second one.
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (client.url === url.href && 'focus' in client) return client.focus();
    }
    return self.clients.openWindow(url.href);
  })());
});

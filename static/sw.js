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

// The browser replaced this site's subscription (its push service rotated it, or it expired).
// A service worker has no session or form token, so it proves it speaks for the old
// subscription with that subscription's auth secret, which only this browser and the server
// hold; the server moves the reader's alerts to the new one. Without an old subscription to
// prove it, the reader turns notifications on again on /account/alerts.
self.addEventListener('pushsubscriptionchange', (event) => {
  const old = event.oldSubscription;
  if (!old) return;
  event.waitUntil((async () => {
    const renewed = event.newSubscription ||
      (await self.registration.pushManager.subscribe(old.options));
    const before = old.toJSON();
    const after = renewed.toJSON();
    await fetch('/api/v1/push/renew', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        old_endpoint: before.endpoint, old_auth: before.keys.auth,
        endpoint: after.endpoint, keys: after.keys,
      }),
    });
  })());
});

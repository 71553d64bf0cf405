// Browser notifications on /account/alerts: enhances the form the server renders. Registers the
// service worker (/sw.js), subscribes this browser with the site's VAPID key and posts the
// subscription to /account/push-subscriptions with the session's CSRF token. Without this
// script the page says that browser notifications need JavaScript; without the Push API it
// says the browser cannot show them.
'use strict';

(() => {
  const form = document.querySelector('form[data-vapid-key]');
  if (!form) return;
  const status = form.querySelector('[data-push-status]');
  const subscribeButton = form.querySelector('[data-push-subscribe]');
  const unsubscribeButton = form.querySelector('[data-push-unsubscribe]');
  const say = (text) => { status.textContent = text; };
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say('This browser cannot show notifications from websites.');
    return;
  }

  // applicationServerKey wants the key's bytes; the server gives base64url.
  const keyBytes = (base64url) => {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const post = async (fields) => {
    // getAttribute, not form.action: the submit button is named "action", and a named control
    // shadows the form's property of that name.
    const response = await fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: form.elements.csrf_token.value, ...fields }),
    });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
  };
  const show = (subscribed) => {
    subscribeButton.hidden = subscribed;
    unsubscribeButton.hidden = !subscribed;
  };

  const ready = navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready);
  ready
    .then((registration) => registration.pushManager.getSubscription())
    .then((subscription) => {
      show(Boolean(subscription));
      if (subscription) say('Notifications are on in this browser.');
      subscribeButton.disabled = false;
    })
    .catch(() => say('Browser notifications could not be set up in this browser.'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    subscribeButton.disabled = true;
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        say('Notifications are blocked for this site in your browser settings.');
        return;
      }
      const registration = await ready;
      // A subscription the browser already holds is sent again (the server may have pruned it).
      const subscription = (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(form.dataset.vapidKey),
        }));
      const json = subscription.toJSON();
      await post({ action: 'subscribe', endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
      show(true);
      say('Notifications are on in this browser.');
    } catch (error) {
      say(`Browser notifications could not be turned on: ${error.message}`);
    } finally {
      subscribeButton.disabled = false;
    }
  });

  unsubscribeButton.addEventListener('click', async () => {
    unsubscribeButton.disabled = true;
    try {
      const subscription = await (await ready).pushManager.getSubscription();
      if (subscription) {
        await post({ action: 'unsubscribe', endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      show(false);
      say('Notifications are off in this browser.');
    } catch (error) {
      say(`Browser notifications could not be turned off: ${error.message}`);
    } finally {
      unsubscribeButton.disabled = false;
    }
  });
})();

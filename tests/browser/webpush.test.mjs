// Browser test of the "Turn on browser notifications" button on /account/alerts in Debian's
// Chromium. With JavaScript, static/push.js registers /sw.js (scope: the whole site) and enables
// the button, under the site's CSP; without it, the page says notifications need JavaScript and
// the button stays disabled. Pressing the button is driven too: headless Chromium has no push
// service to reach, so the browser's PushManager.subscribe is stood in for by one that hands
// back a subscription with real keys; the rest (permission, service worker, push.js, the
// CSRF-checked form post, the server storing it) is the real thing. Delivery to a subscribed
// browser is tests/e2e/webpush.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { makeDataDir, removeDataDir, startServer } from '../lib/wiredesk.mjs';

const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

async function signUp(page, base, email) {
  await page.goto(base + '/account/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('reader-pass-1');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign up' }).click()]);
}

// A data folder, the server on it and Chromium, all gone when test `t` ends; `serverArgs(dir)`
// may write a config into the folder and return the server's extra arguments.
async function startSite(t, serverArgs = () => []) {
  const dir = makeDataDir();
  const server = await startServer(dir, serverArgs(dir));
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });
  return { browser, base: server.url };
}

test('the alerts page registers the service worker with JavaScript and explains without', async (t) => {
  const { browser, base } = await startSite(t);

  const scripted = await browser.newContext();
  const page = await scripted.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await signUp(page, base, 'push@example.com');
  await page.goto(base + '/account/alerts');
  const button = page.getByRole('button', { name: 'Turn on browser notifications' });
  await button.waitFor();
  // push.js enables the button once the worker is ready.
  await page.waitForFunction(() => !document.querySelector('[data-push-subscribe]').disabled);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, base + '/');
  assert.equal(await page.getByText('Browser notifications need JavaScript').isVisible(), false);
  assert.deepEqual(problems, [], 'no CSP violation or script error');

  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await signUp(noScript, base, 'plain@example.com');
  await noScript.goto(base + '/account/alerts');
  // Playwright turns scripts off after parsing starts, so Chromium still parses <noscript> as
  // if scripts ran; the note is checked in the markup instead of on screen.
  assert.match(await noScript.content(),
               /<noscript><p class="hint">Browser notifications need JavaScript/);
  assert.ok(await noScript.getByRole('button', { name: 'Turn on browser notifications' }).isDisabled());
  // The rest of the page works as before.
  assert.ok(await noScript.getByText('No alerts yet').isVisible());
});

test('pressing the button subscribes this browser with the site key and the server keeps it', async (t) => {
  const { browser, base } = await startSite(t, (dir) => {
    const config = join(dir, 'wiredesk.toml');
    // The stand-in endpoint is on loopback, which the private-address rule would refuse.
    writeFileSync(config, '[network]\nallow_private_addresses = true\n');
    return ['--config', config];
  });
  const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
  const keys = { p256dh: b64url(createECDH('prime256v1').generateKeys()), auth: b64url(randomBytes(16)) };
  const endpoint = 'http://127.0.0.1:9/push/this-browser';

  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: base });
  await context.addInitScript(({ endpoint, keys }) => {
    if (!('PushManager' in self)) return;
    let held = null;
    PushManager.prototype.getSubscription = async function () { return held; };
    PushManager.prototype.subscribe = async function (options) {
      const key = new Uint8Array(options.applicationServerKey);
      window.subscribedWithKey = btoa(String.fromCharCode(...key))
        .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      held = { endpoint, toJSON: () => ({ endpoint, expirationTime: null, keys }) };
      return held;
    };
  }, { endpoint, keys });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await signUp(page, base, 'subscriber@example.com');
  await page.goto(base + '/account/alerts');
  await page.waitForFunction(() => !document.querySelector('[data-push-subscribe]').disabled);
  await page.getByRole('button', { name: 'Turn on browser notifications' }).click();
  await page.getByText('Notifications are on in this browser.').waitFor();
  assert.deepEqual(problems, []);

  // The browser was asked to subscribe with the site's VAPID public key.
  const vapid = await (await fetch(base + '/api/v1/push/vapid-public-key')).json();
  assert.equal(await page.evaluate(() => window.subscribedWithKey), vapid.public_key);
  // And the server holds the subscription for this reader.
  const login = await fetch(base + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'subscriber@example.com', password: 'reader-pass-1' }),
  });
  const { token } = await login.json();
  const held = await (await fetch(base + '/api/v1/me/push-subscriptions',
                                  { headers: { authorization: `Bearer ${token}` } })).json();
  const endpoints = held.subscriptions.map((s) => s.endpoint);
  assert.deepEqual(endpoints, [endpoint]);
});

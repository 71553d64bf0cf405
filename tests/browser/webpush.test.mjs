// Browser test of the "Turn on browser notifications" button on /account/alerts in Debian's
// Chromium. With JavaScript, static/push.js registers /sw.js (scope: the whole site) and enables
// the button, under the site's CSP; without it, the page says notifications need JavaScript and
// the button stays disabled. Subscribing itself is not driven here: headless Chromium has no
// push service to reach (tests/e2e/webpush.test.mjs covers delivery with a local one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
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

test('the alerts page registers the service worker with JavaScript and explains without', async (t) => {
  const dir = makeDataDir();
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });
  const base = server.url;

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

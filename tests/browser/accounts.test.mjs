// Browser test of the account menu in Debian's Chromium with JavaScript off: sign up, set
// preferences, save a story and find it in My Reads, follow a watchlist entry, redeem a gift
// card and log out. Then axe-core checks every account page (and the editors' pages) for
// serious or critical accessibility violations, in the light and the dark theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), button.click()]);
}

async function signUp(page, base, email, password) {
  await page.goto(base + '/account/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await submit(page, page.getByRole('button', { name: 'Sign up' }));
}

async function logIn(page, base, email, password) {
  await page.goto(base + '/account/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await submit(page, page.getByRole('button', { name: 'Log in' }));
}

test('a reader uses every item of the account menu without JavaScript', async (t) => {
  const dir = makeDataDir();
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });
  const base = server.url;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();

  // Sign up: the session cookie is HttpOnly and SameSite=Lax, and the reader lands on
  // Set Preferences with the account menu in the header.
  await signUp(page, base, 'reader@example.com', 'reader-pass-1');
  assert.match(page.url(), /\/account\/preferences$/);
  const session = (await context.cookies()).find((c) => c.name === 'wd_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Lax');
  const menu = page.getByRole('navigation', { name: 'Account' });
  for (const item of ['Set Preferences', 'My Reads', 'Watchlist', 'Feedback', 'Redeem a Gift Card']) {
    assert.ok(await menu.getByRole('link', { name: item }).isVisible(), item);
  }
  assert.ok(await menu.getByRole('button', { name: 'Logout' }).isVisible());

  // Set preferences: World only, dark theme, a topic.
  await page.getByLabel('World').check();
  await page.getByLabel('Dark').check();
  await page.getByLabel('Topics of interest').fill('harbour, bridge');
  await page.getByLabel('Email digest').selectOption('weekly');
  await submit(page, page.getByRole('button', { name: 'Save preferences' }));
  assert.ok(await page.getByText('Your preferences were saved.').isVisible());
  assert.ok(await page.getByLabel('World').isChecked());
  assert.match(await page.locator('body').getAttribute('class'), /theme-dark/);
  await page.goto(base + '/');
  const blocks = await page.locator('.section-blocks h2, .section-blocks h3').allInnerTexts();
  assert.ok(blocks.some((b) => /World/.test(b)), JSON.stringify(blocks));
  assert.ok(!blocks.some((b) => /Markets/.test(b)), 'unchosen sections are hidden');

  // Save an article and see it in My Reads (history and saved).
  await page.goto(base + '/news/world/');
  const link = page.locator('main a[href*="/news/world/"]').first();
  const headline = (await link.innerText()).trim();
  await link.click();
  await page.waitForLoadState();
  await submit(page, page.getByRole('button', { name: 'Save for later' }));
  assert.ok(await page.getByRole('button', { name: /Saved/ }).isVisible());
  await menu.getByRole('link', { name: 'My Reads' }).click();
  await page.waitForLoadState();
  assert.ok(await page.getByRole('link', { name: headline }).isVisible(), 'in the history');
  await page.getByRole('link', { name: 'Saved for later' }).click();
  await page.waitForLoadState();
  assert.ok(await page.getByRole('link', { name: headline }).isVisible(), 'saved for later');

  // Follow a place; its page lists matching stories.
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Watchlist' }).click();
  await page.waitForLoadState();
  await page.getByLabel('Kind').selectOption('place');
  await page.getByLabel('Name, ticker or keyword').fill('Port Averin');
  await submit(page, page.getByRole('button', { name: 'Follow' }));
  assert.ok(await page.getByText('Now following Port Averin.').isVisible());
  await page.getByRole('link', { name: 'Port Averin' }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('main .story').count() > 0, 'the entry page lists stories');

  // Report an error on the story.
  await page.goto(base + '/account/feedback');
  await page.getByLabel('Message').fill('The second paragraph repeats the first.');
  await submit(page, page.getByRole('button', { name: 'Send feedback' }));
  assert.ok(await page.getByText('Thank you. Your feedback reached the newsroom.').isVisible());

  // Redeem a gift card minted by the CLI.
  const minted = run(['giftcard', 'mint', '--data', dir, '--days', '30']);
  assert.equal(minted.status, 0, minted.stderr);
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Redeem a Gift Card' }).click();
  await page.waitForLoadState();
  await page.getByLabel('Gift card code').fill(minted.stdout.trim().toLowerCase());
  await submit(page, page.getByRole('button', { name: 'Redeem' }));
  assert.ok(await page.getByText('Gift card redeemed: 30 days of premium added.').isVisible());
  assert.ok(await page.getByText(/Premium until/).isVisible());
  await page.getByLabel('Gift card code').fill(minted.stdout.trim());
  await submit(page, page.getByRole('button', { name: 'Redeem' }));
  assert.ok(await page.getByText('This gift card was already redeemed.').isVisible());

  // Log out: the header offers Log in again and the account pages send to it.
  await submit(page, page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Logout' }));
  assert.ok(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' }).isVisible());
  await page.goto(base + '/account/reads');
  assert.match(page.url(), /\/account\/login/);
  await context.close();
});

test('account pages have no serious or critical axe-core violations', async (t) => {
  const dir = makeDataDir();
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });
  const base = server.url;
  assert.equal(run(['user', 'add', '--data', dir, '--admin', '--email', 'editor@example.com'],
                   'editor-pass-1\n').status, 0);
  // axe runs as a script; the site's CSP allows none, so this context bypasses it.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();

  async function check(path, label) {
    const response = await page.goto(base + path);
    assert.ok(response.status() < 400, `${label}: ${response.status()}`);
    await page.addScriptTag({ content: AXE_SOURCE });
    const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [],
                     `${label} (${path})`);
  }

  await check('/account/login', 'login');
  await check('/account/signup', 'sign-up');
  await logIn(page, base, 'editor@example.com', 'editor-pass-1');
  await page.goto(base + '/account/watchlist');
  await page.getByLabel('Name, ticker or keyword').fill('Port Averin');
  await submit(page, page.getByRole('button', { name: 'Follow' }));
  const entry = await page.getByRole('link', { name: 'Port Averin' }).getAttribute('href');
  for (const theme of ['light', 'dark']) {
    await page.goto(base + '/account/preferences');
    await page.getByLabel(theme === 'dark' ? 'Dark' : 'Light').check();
    await submit(page, page.getByRole('button', { name: 'Save preferences' }));
    for (const [path, label] of [['/account/', 'overview'], ['/account/preferences', 'preferences'],
      ['/account/reads', 'history'], ['/account/saved', 'saved'], ['/account/watchlist', 'watchlist'],
      ['/account/alerts', 'recent alerts'],
      [entry, 'watchlist entry'], ['/account/feedback', 'feedback'], ['/account/giftcard', 'gift card'],
      ['/admin/feedback', 'feedback inbox'], ['/admin/giftcards', 'gift cards'],
      ['/admin/alerts', 'failed alerts'], ['/', 'home']]) {
      await check(path, `${label}, ${theme} theme`);
    }
  }
});

// Browser test in Debian's Chromium (playwright-core, no downloaded browser): open the home
// page of a freshly seeded site, follow a link to an article, check breadcrumbs and the
// provenance notice, and that the summary toggle works without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

test('home -> article with breadcrumbs and provenance', async (t) => {
  const dir = makeDataDir();
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(server.url + '/');
    assert.equal(response.status(), 200);
    assert.ok((await page.title()).length > 0);

    // Follow a link into the World section's story list, then to an article.
    await page.goto(server.url + '/news/world/');
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    assert.deepEqual((await crumbs.getByRole('listitem').allInnerTexts()).map((s) => s.trim()),
                     ['Home', 'News', 'World']);
    const link = page.locator('main a[href*="/news/world/"]').first();
    const headline = (await link.innerText()).trim();
    await link.click();
    await page.waitForLoadState();
    assert.equal((await page.locator('h1').first().innerText()).trim(), headline);
    const articleCrumbs = await page.getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('listitem').allInnerTexts();
    assert.deepEqual(articleCrumbs.slice(0, 3).map((s) => s.trim()), ['Home', 'News', 'World']);
    assert.ok(await page.getByText(
      'Published from a wire agency feed without modifications to the text').isVisible());

    // The provenance page is one click away.
    await page.getByRole('link', { name: /provenance/i }).first().click();
    await page.waitForLoadState();
    assert.match(page.url(), /\/provenance$/);
    await context.close();
  }
});

test('a long summary folds behind More/Less without JavaScript', async (t) => {
  const dir = makeDataDir();
  const summary = 'The council of the Republic of Veloria met for a second day. '.repeat(8).trim();
  const feed = join(dir, 'long.rss');
  writeFileSync(feed, `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Browser Wire</title><link>https://browser-wire.example/</link><description>t</description>
<item><guid>long-1</guid><title>Council meets for a second day</title><category>World</category>
<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate><description>${summary}</description>
<content:encoded><![CDATA[<p>Body text.</p>]]></content:encoded></item></channel></rss>`);
  assert.equal(run(['ingest', '--data', dir, feed]).status, 0);
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const api = await (await fetch(server.url + '/api/v1/articles?guid=long-1')).json();
  await page.goto(server.url + api.articles[0].url);
  const more = page.getByText('More', { exact: true });
  const less = page.getByText('Less', { exact: true });
  assert.ok(await more.isVisible());
  assert.ok(!(await less.isVisible()));
  const text = page.locator('#standfirst-text');
  const folded = (await text.boundingBox()).height;
  await more.click();
  assert.ok(await less.isVisible());
  const unfolded = (await text.boundingBox()).height;
  assert.ok(unfolded > folded, `summary unfolds (${folded}px -> ${unfolded}px)`);
  await less.click();
  assert.ok(await more.isVisible());
  assert.equal((await text.boundingBox()).height, folded);
});

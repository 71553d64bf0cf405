// Hostile HTML in a real browser: every DOMPurify vector (../shared/corpora/sanitizer-dompurify)
// goes through the real ingest path as an RSS item and is then rendered twice in Chromium:
//   a. the real article page, served with the site's Content-Security-Policy;
//   b. the stored, sanitised body_html from the API, put into a blank page with setContent and
//      no CSP at all, so the sanitiser alone stands between the vector and the browser.
// Feed text that is not HTML (title, byline, category) must reach home, section and article
// pages escaped.
//
// "Something ran" means any of:
//   - window.alert/confirm/prompt/print was called (hooked before any content runs, in every
//     frame, by an init script; the hooks set window.__xss and call a binding into the test);
//   - a real dialog opened (in case a vector reached an unhooked global);
//   - on the CSP page, a script-src violation was reported (CSP blocked it, but the sanitiser
//     should never have let an inline handler or script reach the page);
//   - a forbidden request: a javascript: URL; a data: URL other than a raster image
//     (png, gif, jpeg, webp, avif, bmp, ico) loaded as an image; or a request to any host other
//     than the test server that is not an image load. Images from foreign hosts are allowed
//     content (<img src="https://external/x.png"> is news copy); they, like every foreign
//     request, are aborted so the test never touches the network, but are not failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

const SHARED = process.env.WIREDESK_SHARED;
const CASES = SHARED && join(SHARED, 'corpora/sanitizer-dompurify/cases.json');
const skip = !CASES || !existsSync(CASES)
  ? 'WIREDESK_SHARED is unset or has no corpora/sanitizer-dompurify/cases.json' : false;

// Runs before any content in every document and frame.
const HOOKS = `(() => {
  window.__xss = false;
  const hit = (name) => function () {
    window.__xss = true;
    try { window.top.__xss = true; } catch (e) {}
    try { window.__xssHit(name + ' in ' + location.href); } catch (e) {}
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    try { window[name] = hit(name); } catch (e) {}
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    if (/^script-src/.test(e.effectiveDirective || e.violatedDirective)) {
      try { window.__xssHit('CSP ' + e.effectiveDirective + ' blocked ' + e.blockedURI); } catch (x) {}
    }
  });
})();`;

const RASTER_DATA = /^data:image\/(png|gif|jpeg|jpg|pjpeg|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)[;,]/i;

// Escapes text for an XML element.
const xmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// A vector as element content. CDATA keeps it readable; "]]>" inside is split across two CDATA
// sections. Characters XML 1.0 forbids (control characters in some vectors) cannot appear in
// CDATA, so those vectors are written as escaped text with character references instead.
function xmlHtml(html) {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(html)) {
    // eslint-disable-next-line no-control-regex
    return xmlText(html).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g,
                                 (c) => `&#x${c.charCodeAt(0).toString(16)};`);
  }
  return `<![CDATA[${html.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

const rss = (items) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Hostile Wire</title><link>https://hostile-wire.example/</link><description>t</description>
${items}</channel></rss>`;

// Watches a browser context: records what ran and which requests were forbidden.
async function watch(browser, serverUrl, options = {}) {
  const origin = new URL(serverUrl).origin;
  const context = await browser.newContext(options);
  const state = { label: '', hits: [], foreignImages: 0 };
  const fail = (what) => state.hits.push(`${state.label}: ${what}`);
  await context.exposeBinding('__xssHit', (_source, what) => fail(String(what)));
  await context.addInitScript(HOOKS);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/')) return route.continue();
    return route.abort();  // Recorded and judged by the request listener below.
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    fail(`dialog ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('request', (request) => {
    const url = request.url();
    const type = request.resourceType();
    if (/^javascript:/i.test(url)) return fail(`request to ${url}`);
    if (/^data:/i.test(url)) {
      if (!(type === 'image' && RASTER_DATA.test(url))) fail(`${type} request to ${url.slice(0, 80)}`);
      return;
    }
    if (/^(about|blob|filesystem):/i.test(url)) {
      if (!/^about:(blank|srcdoc)$/.test(url)) fail(`${type} request to ${url}`);
      return;
    }
    if (url.startsWith(origin + '/')) return;
    if (type === 'image') state.foreignImages++;
    else fail(`${type} request to foreign ${url}`);
  });
  return { context, page, state };
}

// Waits for onload/onerror handlers, timers of zero delay and the like.
async function settle(page) {
  await page.waitForLoadState('load').catch(() => {});
  await page.waitForTimeout(50);
}

async function ranInFrames(page) {
  for (const frame of page.frames()) {
    if (await frame.evaluate(() => window.__xss === true).catch(() => false)) return true;
  }
  return false;
}

test('every DOMPurify vector stays inert on the article page and as bare body_html',
     { skip, timeout: 240_000 }, async (t) => {
  const { cases } = JSON.parse(readFileSync(CASES, 'utf8'));
  assert.ok(cases.length > 100, `cases.json has ${cases.length} cases`);
  const dir = makeDataDir();
  const feed = join(dir, 'hostile.rss');
  writeFileSync(feed, rss(cases.map((c, i) => `<item><guid>xss-${c.id}</guid>
<title>XSS case ${c.id}</title><category>World</category>
<pubDate>${new Date(Date.UTC(2026, 10, 30, 10, 0, 0) - i * 60_000).toUTCString()}</pubDate>
<content:encoded>${xmlHtml(c.payload)}</content:encoded></item>`).join('\n')));
  const ingested = run(['ingest', '--data', dir, feed]);
  assert.equal(ingested.status, 0, ingested.stderr);
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });

  const site = await watch(browser, server.url);
  const bare = await watch(browser, server.url);
  let checked = 0;
  const missing = [];
  for (const c of cases) {
    const found = await (await fetch(`${server.url}/api/v1/articles?guid=xss-${c.id}`)).json();
    if (found.articles.length !== 1) {
      missing.push(c.id);
      continue;
    }
    const { id, url } = found.articles[0];
    const article = await (await fetch(`${server.url}/api/v1/articles/${id}`)).json();
    assert.equal(typeof article.body_html, 'string');

    // a. The real page, CSP in force, and b. the stored body alone without CSP, side by side.
    site.state.label = `case ${c.id} (article page ${url})`;
    bare.state.label = `case ${c.id} (bare body_html ${JSON.stringify(article.body_html).slice(0, 200)})`;
    await Promise.all([
      (async () => {
        const response = await site.page.goto(server.url + url);
        assert.equal(response.status(), 200, site.state.label);
        assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
        await settle(site.page);
        if (await ranInFrames(site.page)) site.state.hits.push(`${site.state.label}: flag set`);
      })(),
      (async () => {
        await bare.page.goto('about:blank');
        await bare.page.setContent(article.body_html, { waitUntil: 'load' });
        await settle(bare.page);
        if (await ranInFrames(bare.page)) bare.state.hits.push(`${bare.state.label}: flag set`);
      })(),
    ]);
    checked++;
  }
  // An item the pipeline rejects would never reach a reader, but every vector here is a valid
  // RSS item and must be stored and checked.
  assert.deepEqual(missing, [], 'every case was ingested');
  console.log(`xss: checked ${checked} cases in two renderings each; ` +
              `${site.state.foreignImages + bare.state.foreignImages} foreign image loads (allowed)`);
  assert.deepEqual([...site.state.hits, ...bare.state.hits], [], 'no vector ran');

  // The traps work: a known-bad fragment in the bare page trips them, so silence above means
  // nothing ran rather than a broken hook.
  bare.state.label = 'self-check';
  await bare.page.goto('about:blank');
  await bare.page.setContent('<img src="x" onerror="alert(1)"><iframe src="https://evil.example/"></iframe>');
  await settle(bare.page);
  assert.ok(bare.state.hits.some((h) => /alert/.test(h)), `hook fires: ${bare.state.hits}`);
  assert.ok(bare.state.hits.some((h) => /foreign https:\/\/evil\.example/.test(h)),
            `foreign requests are caught: ${bare.state.hits}`);
});

// Titles, bylines and categories are text. A feed may write markup in them two ways: as markup
// (tags in the escaped XML text), which the parser reduces to its text, or as entity-escaped
// text that decodes to literal "<script>", which must then be shown as those characters. Both
// forms are fed here; either way nothing may run and the characters must be escaped in HTML.
test('feed text with markup reaches home, section and article pages escaped',
     { timeout: 120_000 }, async (t) => {
  const dir = makeDataDir();
  const title = `<script>alert('title')</script>"><img src=x onerror=alert(1)> Hostile headline`;
  const byline = `"><img src=x onerror=alert(2)><script>alert('byline')</script>`;
  const category = `World"><img src=x onerror=alert(3)><script>alert(3)</script>`;
  const feed = join(dir, 'text.rss');
  // The two stories are days apart: the same text within two days would be one story cluster,
  // and lists show one story of a cluster (docs/recommendations.md), while every list is to be
  // checked here for both forms.
  const item = (guid, wrap, date) => `<item><guid>${guid}</guid><title>${wrap(title)}</title>
<dc:creator>${wrap(byline)}</dc:creator><category>${wrap(category)}</category>
<category>World</category><pubDate>${date}</pubDate>
<description>${wrap(`Summary "><svg onload=alert(4)>`)}</description>
<content:encoded><![CDATA[<p>Body.</p>]]></content:encoded></item>`;
  writeFileSync(feed, rss(item('text-markup', xmlText, 'Mon, 30 Nov 2026 10:00:00 GMT') +
                          item('text-literal', (s) => xmlText(xmlText(s)),
                               'Thu, 26 Nov 2026 10:00:00 GMT')));
  const ingested = run(['ingest', '--data', dir, feed]);
  assert.equal(ingested.status, 0, ingested.stderr);
  const server = await startServer(dir);
  const browser = await chromium.launch(LAUNCH);
  t.after(async () => {
    await browser.close();
    await server.stop();
    removeDataDir(dir);
  });
  const site = await watch(browser, server.url);
  for (const guid of ['text-markup', 'text-literal']) {
    const found = await (await fetch(`${server.url}/api/v1/articles?guid=${guid}`)).json();
    assert.equal(found.articles.length, 1, guid);
    const stored = found.articles[0];
    if (guid === 'text-literal') {
      assert.equal(stored.headline, title, 'entity-escaped text keeps its characters');
    }
    const articleUrl = stored.url;
    const sectionUrl = articleUrl.replace(/[^/]+$/, '');
    for (const path of ['/', sectionUrl, articleUrl]) {
      site.state.label = `${guid} ${path}`;
      const response = await site.page.goto(server.url + path);
      assert.equal(response.status(), 200, site.state.label);
      await settle(site.page);
      assert.equal(await ranInFrames(site.page), false, site.state.label);
      const source = await response.text();
      // The stored text is visible as text, character for character.
      const text = await site.page.locator('body').innerText();
      assert.ok(text.includes(stored.headline), `${site.state.label} shows the headline as text`);
      if (path === articleUrl && stored.byline) {
        assert.ok(text.includes(stored.byline), `${site.state.label} shows the byline as text`);
      }
      // No tag from the feed text is markup in the page; literal "<" arrives as &lt;.
      assert.doesNotMatch(source, /<script>alert|<img src=x|<svg onload/i, site.state.label);
      if (guid === 'text-literal') {
        assert.ok(source.includes('&lt;script&gt;alert('), `${site.state.label} escapes "<"`);
      }
      assert.equal(await site.page.locator('script:not([src]), [onerror], [onload]').count(), 0,
                   site.state.label);
    }
  }
  assert.deepEqual(site.state.hits, [], 'nothing ran');
});

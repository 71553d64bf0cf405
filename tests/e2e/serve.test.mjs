// End-to-end: the real binary, its own data folder, real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

const rss = (items) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>E2E Wire</title><link>https://e2e-wire.example/</link><description>test</description>
${items}
</channel></rss>`;

const item = (guid, headline, category, body, date = 'Mon, 30 Nov 2026 10:00:00 GMT') => `
<item><guid>${guid}</guid><title>${headline}</title><link>https://e2e-wire.example/${guid}</link>
<category>${category}</category><pubDate>${date}</pubDate>
<description>Summary of ${headline}</description>
<content:encoded><![CDATA[${body}]]></content:encoded></item>`;

const newsml = (guid, version, status, headline) => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${guid}" version="${version}"
  standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:E2E"/>
  <versionCreated>2026-11-30T1${version}:00:00Z</versionCreated>
  <pubStatus qcode="stat:${status}"/></itemMeta>
 <contentMeta><headline>${headline}</headline><language tag="en"/>
  <subject qcode="medtop:11000000"><name>World</name></subject></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>Body of ${headline}.</p></body></html>
 </inlineXML></contentSet>
</newsItem>`;

async function get(base, path, init) {
  const response = await fetch(base + path, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

// Polls `check` until it returns true or a second has passed: cached pages follow the outbox,
// and DESIGN.md promises a change on every surface within a second.
async function withinASecond(check) {
  const deadline = Date.now() + 1000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function articleLinks(html) {
  return [...html.matchAll(/href="(\/[a-z0-9/-]+-\d+)"/g)].map((m) => m[1]);
}

test('ingest, serve, kill, 404, restart', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const feed = join(dir, 'feed.rss');
  writeFileSync(feed, rss(
    item('e2e-1', 'Veloria opens its new harbour', 'World', '<p>The harbour opened on Monday.</p>') +
    item('e2e-2', 'Northwind Mills lifts its forecast', 'Companies',
         '<p>Shares rose.</p><script>alert(1)</script>')));

  // Ingest before the server runs, into an empty store (the sample is seeded only into a
  // store that never received anything).
  const ingested = run(['ingest', '--data', dir, feed]);
  assert.equal(ingested.status, 0, ingested.stderr);
  assert.match(ingested.stdout, /new 2/);

  let server = await startServer(dir);
  try {
    const health = await get(server.url, '/healthz');
    assert.equal(health.status, 200);

    const home = await get(server.url, '/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Veloria opens its new harbour/);
    assert.match(home.text, /Northwind Mills lifts its forecast/);

    const section = await get(server.url, '/news/world/');
    assert.equal(section.status, 200);
    assert.match(section.text, /Veloria opens its new harbour/);
    assert.doesNotMatch(section.text, /Northwind Mills/);
    assert.match(section.text, /Home/);

    const links = articleLinks(section.text).filter((l) => l.includes('veloria'));
    assert.ok(links.length > 0, 'section links to the article');
    const article = await get(server.url, links[0]);
    assert.equal(article.status, 200);
    assert.match(article.text, /The harbour opened on Monday\./);
    assert.match(article.text, /without modifications to the text/);

    // The script in the second story never reaches a page.
    const companies = articleLinks((await get(server.url, '/companies/')).text);
    const other = await get(server.url, companies[0]);
    assert.equal(other.status, 200);
    assert.match(other.text, /Shares rose\./);
    assert.doesNotMatch(other.text, /alert\(1\)/);

    // The API serves the same data.
    const api = JSON.parse((await get(server.url, '/api/v1/articles?guid=e2e-1')).text);
    assert.equal(api.articles.length, 1);
    assert.equal(api.articles[0].headline, 'Veloria opens its new harbour');
    assert.equal(api.articles[0].url, links[0]);

    // Unknown paths and ids.
    assert.equal((await get(server.url, '/no/such/page-999999')).status, 404);
    assert.equal((await get(server.url, '/api/v1/articles/999999')).status, 404);

    // A wire story, then its kill, ingested while the server runs.
    const v1 = join(dir, 'v1.xml');
    writeFileSync(v1, newsml('urn:e2e:kill', 1, 'usable', 'Ministers meet in Port Amber'));
    assert.equal(run(['ingest', '--data', dir, v1]).status, 0);
    let killedUrl;
    for (let i = 0; i < 50 && !killedUrl; i++) {
      const found = JSON.parse((await get(server.url, '/api/v1/articles?guid=urn:e2e:kill')).text);
      if (found.articles.length) killedUrl = found.articles[0].url;
      else await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(killedUrl, 'the running server shows a story ingested by another process');
    assert.equal((await get(server.url, killedUrl)).status, 200);
    const story = /Ministers meet in Port Amber/;
    assert.ok(await withinASecond(async () => story.test((await get(server.url, '/')).text)),
              'the cached home page shows the new story within a second');

    const v2 = join(dir, 'v2.xml');
    writeFileSync(v2, newsml('urn:e2e:kill', 2, 'canceled', 'Ministers meet in Port Amber'));
    const killed = run(['ingest', '--data', dir, v2]);
    assert.equal(killed.status, 0, killed.stderr);
    assert.match(killed.stdout, /killed 1/);
    assert.ok(await withinASecond(async () => (await get(server.url, killedUrl)).status === 410),
              'a killed story answers 410 within a second');
    for (const path of ['/', '/news/world/', '/news/']) {
      assert.ok(await withinASecond(async () => !story.test((await get(server.url, path)).text)),
                `the killed story leaves ${path} within a second`);
    }
    const gone = await get(server.url, killedUrl);
    assert.match(gone.text, /withdrawn/i);
    const apiGone = JSON.parse((await get(server.url, '/api/v1/articles?guid=urn:e2e:kill')).text);
    assert.equal(apiGone.articles.length, 0, 'the killed story leaves the API list');

    // A late older version cannot revive it.
    assert.equal(run(['ingest', '--data', dir, v1]).status, 0);
    assert.equal((await get(server.url, killedUrl)).status, 410);

    // Conditional requests.
    const first = await get(server.url, links[0]);
    const etag = first.headers.get('etag');
    assert.ok(etag, 'pages carry an ETag');
    const again = await get(server.url, links[0], { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);

    const homeBefore = (await get(server.url, '/')).text;
    await server.stop();

    // Restart: same data, same pages.
    server = await startServer(dir);
    const homeAfter = await get(server.url, '/');
    assert.equal(homeAfter.status, 200);
    assert.equal(homeAfter.text, homeBefore);
    assert.equal((await get(server.url, links[0])).status, 200);
    assert.equal((await get(server.url, killedUrl)).status, 410);
  } finally {
    await server.stop();
  }
});

test('first start seeds the bundled sample', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const server = await startServer(dir);
  try {
    const api = JSON.parse((await get(server.url, '/api/v1/articles?limit=100')).text);
    assert.ok(api.articles.length >= 40, `sample has ${api.articles.length} stories`);
    const sections = new Set(api.articles.map((a) => a.section));
    assert.ok(sections.size >= 5, `sample spans ${sections.size} sections`);
    assert.equal((await get(server.url, '/news/world/')).status, 200);

    const metrics = await get(server.url, '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type'), /text\/plain/);
    assert.match(metrics.text, /^wiredesk_ingest_items_total\{outcome="new"\} 49$/m);
    assert.match(metrics.text, /^wiredesk_ingest_items_total\{outcome="killed"\} 1$/m);
    assert.match(metrics.text, /^wiredesk_articles\{state="killed"\} 1$/m);
    assert.match(metrics.text, /^wiredesk_http_requests_total\{route="section",status="200"\} 1$/m);
    assert.match(metrics.text, /^wiredesk_http_request_duration_seconds_bucket\{route="section",le="\+Inf"\} 1$/m);
  } finally {
    await server.stop();
  }
});

test('parse prints the contract JSON and fails on non-feeds', (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const feed = join(dir, 'feed.rss');
  writeFileSync(feed, rss(item('p-1', 'A &amp; B', 'World', '<p>x</p>')));
  const parsed = run(['parse', feed]);
  assert.equal(parsed.status, 0, parsed.stderr);
  const json = JSON.parse(parsed.stdout);
  assert.equal(json.format.startsWith('rss'), true);
  assert.equal(json.items[0].headline, 'A & B');
  assert.equal(json.items[0].guid, 'p-1');
  assert.equal(json.items[0].published, '2026-11-30T10:00:00Z');

  const stdin = run(['parse', '-'], 'this is not a feed');
  assert.notEqual(stdin.status, 0);
  assert.equal(stdin.stderr.trim().split('\n').length, 1);
});

// End-to-end trending and Recommended For You: the real binary on a fresh data folder (the
// sample is seeded). A client refreshing in a loop counts once; signed-in readers count once
// each; "Most read" on the home and section pages and in the API, per section; a reader's
// recommendations in the API and on their pages (never a story they read, a reason on each, at
// most two per section), 401 without a token; counts survive a restart; a kill leaves "Most
// read" within a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAMPLE_GUID = 'urn:newsml:sample-wire.example:20261128:harbour-bridge';
const killNewsml = () => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${SAMPLE_GUID}" version="3"
  standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:E2E"/>
  <versionCreated>2026-11-30T13:00:00Z</versionCreated>
  <pubStatus qcode="stat:canceled"/></itemMeta>
 <contentMeta><headline>Withdrawn</headline><language tag="en"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>Withdrawn.</p></body></html>
 </inlineXML></contentSet>
</newsItem>`;

async function get(base, path, headers = {}) {
  const response = await fetch(base + path, { redirect: 'manual', headers: { 'user-agent': BROWSER, ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function api(base, method, path, { token, body } = {}) {
  const headers = { 'user-agent': BROWSER };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + '/api/v1' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

async function within(seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// The ids of "Most read" in the API.
async function trendingIds(base, query = '') {
  const r = await api(base, 'GET', '/trending' + query);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.articles.map((a) => a.id);
}

async function signUp(base, email) {
  const r = await api(base, 'POST', '/auth/signup', { body: { email, password: 'reader-pass-1' } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.token;
}

// Signs up through the site's forms; returns the session cookie ("wd_session=...").
async function signUpCookie(base, email) {
  const form = await get(base, '/account/signup');
  const csrfCookie = form.headers.get('set-cookie').split(';')[0];
  const token = form.text.match(/name="csrf_token" value="([^"]+)"/)[1];
  const response = await fetch(base + '/account/signup', {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, 'user-agent': BROWSER },
    body: new URLSearchParams({ csrf_token: token, email, password: 'reader-pass-1' }).toString(),
  });
  assert.equal(response.status, 303);
  return response.headers.get('set-cookie').split(';')[0];
}

test('most read and recommended for you end to end', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const config = join(dir, 'wiredesk.toml');
  // Lists are counted again every second here, so the test need not wait a minute.
  writeFileSync(config, '[recommend]\ntrending_refresh_seconds = 1\n');
  let server = await startServer(dir, ['--config', config]);
  t.after(() => server.stop());

  const list = (await api(server.url, 'GET', '/articles?limit=50')).json.articles;
  assert.ok(list.length >= 10);
  const bridge = list.find((a) => a.guid === SAMPLE_GUID);
  assert.ok(bridge, 'the sample has the harbour-bridge story');
  const others = list.filter((a) => a.id !== bridge.id);
  const [looped, once, popular] = others;

  // Nothing read yet.
  assert.deepEqual(await trendingIds(server.url), []);

  // One client refreshing a page thirty times is one visitor; a crawler is nobody.
  for (let i = 0; i < 30; i++) assert.equal((await get(server.url, looped.url)).status, 200);
  await get(server.url, once.url);
  await get(server.url, popular.url, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
  // Three signed-in readers read `popular`, one of them ten times; two read the bridge story.
  const tokens = [];
  for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) tokens.push(await signUp(server.url, email));
  for (let i = 0; i < 10; i++) assert.equal((await api(server.url, 'GET', `/articles/${popular.id}`, { token: tokens[0] })).status, 200);
  for (const token of tokens) await api(server.url, 'GET', `/articles/${popular.id}`, { token });
  for (const token of tokens.slice(1)) await api(server.url, 'GET', `/articles/${bridge.id}`, { token });

  assert.ok(await within(5, async () => (await trendingIds(server.url)).length === 4),
            'views reach the counts within the follower tick and the refresh');
  const trending = (await api(server.url, 'GET', '/trending')).json;
  assert.equal(trending.hours, 24);
  const byId = Object.fromEntries(trending.articles.map((a) => [a.id, a]));
  assert.equal(trending.articles[0].id, popular.id);
  assert.equal(byId[popular.id].readers, 3, 'a reader counts once however often they read');
  assert.equal(byId[popular.id].visitors, 0, 'the crawler did not count');
  assert.equal(trending.articles[1].id, bridge.id);
  assert.equal(byId[bridge.id].readers, 2);
  assert.equal(byId[looped.id].visitors, 1, 'a refresh loop counts once');
  assert.equal(byId[once.id].visitors, 1);
  for (const key of ['id', 'guid', 'url', 'headline', 'section', 'published', 'updated', 'summary']) {
    assert.ok(key in trending.articles[0], key);
  }
  assert.deepEqual(await trendingIds(server.url, '?limit=1'), [popular.id]);

  // Per section.
  const section = popular.section.split('/')[0];
  const inSection = (await api(server.url, 'GET', `/trending?section=${section}`)).json.articles;
  assert.ok(inSection.length >= 1);
  for (const a of inSection) assert.ok(a.section === section || a.section.startsWith(section + '/'), a.section);
  assert.equal(inSection[0].id, popular.id);
  const bad = await api(server.url, 'GET', '/trending?limit=500');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_argument');

  // The "Most read" blocks, server-rendered.
  assert.ok(await within(5, async () => {
    const home = await get(server.url, '/');
    const block = home.text.split('id="most-read-heading"')[1] ?? '';
    return block.includes(escapeHtml(popular.headline));
  }), 'the home page shows Most read with the most read story');
  const sectionPage = await get(server.url, `/${section}/`);
  assert.match(sectionPage.text, /Most read in /);
  assert.ok(sectionPage.text.split('id="most-read-heading"')[1].includes(escapeHtml(popular.headline)));

  // Recommended For You in the API.
  const unauthenticated = await api(server.url, 'GET', '/me/recommendations');
  assert.equal(unauthenticated.status, 401);
  assert.equal(unauthenticated.json.error.code, 'unauthenticated');
  assert.equal(typeof unauthenticated.json.error.message, 'string');
  const recs = await api(server.url, 'GET', '/me/recommendations?limit=10', { token: tokens[1] });
  assert.equal(recs.status, 200, JSON.stringify(recs.json));
  assert.ok(recs.json.articles.length >= 5, `${recs.json.articles.length} recommendations`);
  const perSection = {};
  for (const a of recs.json.articles) {
    assert.notEqual(a.id, popular.id, 'never a story the reader read');
    assert.notEqual(a.id, bridge.id, 'never a story the reader read');
    assert.match(a.reason, /^(Because you (read|saved|follow) |More from |Popular in |New in )/);
    perSection[a.section] = (perSection[a.section] ?? 0) + 1;
  }
  for (const [s, n] of Object.entries(perSection)) assert.ok(n <= 2, `${n} stories from ${s}`);
  assert.ok(recs.json.articles.some((a) => a.reason.startsWith('Because you read')));
  assert.equal((await api(server.url, 'GET', '/me/recommendations?limit=0', { token: tokens[1] })).status, 400);

  // A cold start: a new reader who chose a section gets its popular stories first. The
  // server counts popularity off the request path once a trending refresh (a second here), so
  // each try is a new reader, whose list no earlier call has made.
  let coldRecs = [];
  let tries = 0;
  assert.ok(await within(5, async () => {
    const cold = await signUp(server.url, `cold${++tries}@example.com`);
    assert.equal((await api(server.url, 'PUT', '/me/preferences', { token: cold, body: { sections: [popular.section] } })).status, 200);
    coldRecs = (await api(server.url, 'GET', '/me/recommendations', { token: cold })).json.articles;
    return coldRecs[0]?.reason.startsWith('Popular in ');
  }), JSON.stringify(coldRecs.map((a) => [a.id, a.reason])));
  assert.equal(coldRecs[0].id, popular.id);

  // On the reader's pages, which no cache keeps.
  const cookie = await signUpCookie(server.url, 'pages@example.com');
  const article = await get(server.url, looped.url, { cookie });
  assert.equal(article.status, 200);
  assert.equal(article.headers.get('cache-control'), 'private, no-store');
  assert.match(article.text, /Recommended For You/);
  const recBlock = article.text.split('id="recommended-heading"')[1];
  assert.ok(!recBlock.includes(`href="${looped.url}"`), 'not the story on screen');
  assert.match(recBlock, /class="story__reason"/);
  const home = await get(server.url, '/', { cookie });
  assert.equal(home.headers.get('cache-control'), 'private, no-store');
  assert.match(home.text, /Recommended For You/);
  assert.doesNotMatch((await get(server.url, '/')).text, /Recommended For You/);

  // Counts are read events in the store: a restart keeps them.
  await server.stop();
  server = await startServer(dir, ['--config', config]);
  assert.equal((await trendingIds(server.url))[0], popular.id);

  // A kill leaves Most read within a second.
  const kill = join(dir, 'kill.xml');
  writeFileSync(kill, killNewsml());
  const killed = run(['ingest', '--data', dir, '--source', 'sample-wire', kill]);
  assert.equal(killed.status, 0, killed.stderr);
  assert.match(killed.stdout, /killed 1/);
  assert.ok(await within(1, async () => !(await trendingIds(server.url)).includes(bridge.id)),
            'the killed story leaves Most read within a second');
});

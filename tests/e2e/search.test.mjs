// End-to-end search: the real binary on a fresh data folder (the sample is seeded), the
// search page and API with field filters, date order and cursor paging, the CLI, and a kill
// leaving search results within a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

// The sample's harbour-bridge story (samples/feeds/10-*.xml, 11-*.xml) is killed by a third
// version from the same source.
const SAMPLE_GUID = 'urn:newsml:sample-wire.example:20261128:harbour-bridge';
const killNewsml = () => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${SAMPLE_GUID}" version="3"
  standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:E2E"/>
  <versionCreated>2026-11-30T13:00:00Z</versionCreated>
  <pubStatus qcode="stat:canceled"/></itemMeta>
 <contentMeta><headline>Port Averin harbour bridge reopens after storm repairs</headline>
  <language tag="en"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>Withdrawn.</p></body></html>
 </inlineXML></contentSet>
</newsItem>`;

async function get(base, path) {
  const response = await fetch(base + path, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function withinASecond(check) {
  const deadline = Date.now() + 1000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const QUERY = '"tolls waived"';
const HEADLINE = /Port Averin harbour bridge reopens after storm repairs, tolls waived/;

test('search page and API find a sample story; a kill removes it', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const server = await startServer(dir);
  try {
    // The empty-query state.
    const empty = await get(server.url, '/search');
    assert.equal(empty.status, 200);
    assert.match(empty.text, /Type one or more words/);

    const page = await get(server.url, '/search?q=' + encodeURIComponent(QUERY));
    assert.equal(page.status, 200);
    assert.match(page.text, HEADLINE);
    assert.match(page.text, /class="story__snippet">PORT AVERIN/);  // The body around the hit.
    assert.match(page.text, /value="&quot;tolls waived&quot;"/, 'the query is echoed, escaped');

    const api = await get(server.url, '/api/v1/search?limit=5&q=' + encodeURIComponent(QUERY));
    assert.equal(api.status, 200);
    const body = JSON.parse(api.text);
    assert.equal(body.results.length, 1);
    const hit = body.results[0];
    assert.equal(hit.guid, SAMPLE_GUID);
    assert.match(hit.headline, HEADLINE);
    for (const key of ['id', 'url', 'section', 'published', 'snippet']) assert.ok(key in hit, key);
    assert.equal((await get(server.url, hit.url)).status, 200);

    // The CLI answers from the same store.
    const cli = run(['search', '--data', dir, '--limit', '3', QUERY]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.ok(cli.stdout.startsWith(hit.url + '\t'), cli.stdout);

    // Bad queries: a clear 400, never a crash; hostile text is escaped.
    const bad = await get(server.url, '/api/v1/search?q=' + encodeURIComponent('-only'));
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.text).error.code, 'invalid_argument');
    assert.equal((await get(server.url, '/api/v1/search')).status, 400);
    const hostile = await get(server.url,
                              '/search?q=' + encodeURIComponent('<script>x</script> NEAR( "'));
    assert.equal(hostile.status, 200);
    assert.doesNotMatch(hostile.text, /<script>x/);
    assert.match(hostile.text, /No stories match/);

    // Field filters narrow the same text search; they never become search text.
    const count = async (q) => {
      const r = await get(server.url, '/api/v1/search?limit=50&q=' + encodeURIComponent(q));
      assert.equal(r.status, 200, q + ': ' + r.text);
      return JSON.parse(r.text).results.length;
    };
    assert.equal(await count(QUERY + ' source:sample-wire author:hale lang:en section:news'), 1);
    assert.equal(await count(QUERY + ' author:"ingrid hale"'), 1);
    assert.equal(await count(QUERY + ' source:another-wire'), 0);
    assert.equal(await count(QUERY + ' author:nobody'), 0);
    assert.equal(await count(QUERY + ' lang:fr'), 0);
    // after: includes the story's UTC day, before: excludes it.
    const day = hit.published.slice(0, 10);
    const next = new Date(Date.parse(day + 'T00:00:00Z') + 86400_000).toISOString().slice(0, 10);
    assert.equal(await count(`${QUERY} after:${day} before:${next}`), 1);
    assert.equal(await count(`${QUERY} before:${day}`), 0);
    assert.equal(await count(`${QUERY} after:${next}`), 0);
    const badDate = await get(server.url, '/api/v1/search?q=' + encodeURIComponent('bridge after:2026-02-30'));
    assert.equal(badDate.status, 400);
    assert.match(JSON.parse(badDate.text).error.message, /after: needs a date written YYYY-MM-DD/);
    const badPage = await get(server.url, '/search?q=' + encodeURIComponent('bridge lang:english'));
    assert.equal(badPage.status, 400);
    assert.match(badPage.text, /lang: needs a language code/);
    assert.equal((await get(server.url, '/api/v1/search?q=bridge&sort=newest')).status, 400);

    // A misspelt word that finds nothing gets "Did you mean" from the index's vocabulary.
    const typo = JSON.parse((await get(server.url, '/api/v1/search?q=brigde')).text);
    assert.deepEqual(typo.results, []);
    assert.equal(typo.suggestion, 'bridge');
    assert.match((await get(server.url, '/search?q=brigde')).text, /Did you mean <a href="\/search\?q=bridge">bridge<\/a>\?/);

    // Date order and cursors: every sample story carries "Wiredesk" in its byline. Paging two
    // at a time gives the one-page listing, newest first, without repeats.
    const all = JSON.parse((await get(server.url, '/api/v1/search?q=wiredesk&sort=date&limit=50')).text);
    assert.ok(all.results.length >= 3, 'enough sample stories to page');
    assert.ok(!('next_cursor' in all));
    const paged = [];
    let cursor = '';
    for (let pages = 0; pages < 50; pages++) {
      const r = await get(server.url, '/api/v1/search?q=wiredesk&sort=date&limit=2' +
                                      (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      assert.equal(r.status, 200, r.text);
      const b = JSON.parse(r.text);
      for (const res of b.results) {
        for (const key of ['id', 'guid', 'url', 'headline', 'section', 'published', 'snippet']) {
          assert.ok(key in res, key);
        }
        paged.push(res);
      }
      if (!b.next_cursor) break;
      cursor = b.next_cursor;
    }
    assert.deepEqual(paged.map((r) => r.id), all.results.map((r) => r.id));
    for (let k = 1; k < paged.length; k++) {
      assert.ok(paged[k - 1].published >= paged[k].published, 'newest first');
    }
    const foreign = await get(server.url, '/api/v1/search?q=bridge&sort=date&limit=2&cursor=' +
                                          encodeURIComponent(cursor || 'zz'));
    assert.equal(foreign.status, 400, 'a cursor answers only for its own search');
    const byDate = await get(server.url, '/search?sort=date&q=wiredesk');
    assert.equal(byDate.status, 200);
    assert.match(byDate.text, /sort by relevance/);
    const cliDate = run(['search', '--data', dir, '--sort', 'date', '--limit', '1', 'wiredesk']);
    assert.equal(cliDate.status, 0, cliDate.stderr);
    assert.ok(cliDate.stdout.startsWith(all.results[0].url + '\t'), cliDate.stdout);
    assert.equal(run(['search', '--data', dir, '--sort', 'newest', 'wiredesk']).status, 2);

    // Kill the story while the server runs.
    const kill = join(dir, 'kill.xml');
    writeFileSync(kill, killNewsml());
    const killed = run(['ingest', '--data', dir, '--source', 'sample-wire', kill]);
    assert.equal(killed.status, 0, killed.stderr);
    assert.match(killed.stdout, /killed 1/);
    assert.ok(await withinASecond(async () => {
      const r = JSON.parse((await get(server.url, '/api/v1/search?q=' + encodeURIComponent(QUERY))).text);
      return r.results.length === 0;
    }), 'the killed story leaves the search API within a second');
    assert.ok(await withinASecond(async () =>
      !HEADLINE.test((await get(server.url, '/search?q=' + encodeURIComponent(QUERY))).text)),
              'the killed story leaves the search page within a second');
  } finally {
    await server.stop();
  }
});

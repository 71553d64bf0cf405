// End-to-end accounts API: the real binary on a fresh data folder. Sign-up, login, tokens,
// preferences, My Reads (with a kill dropping a story out), saved, watchlist, feedback, gift
// cards (minted by the CLI, redeemed by parallel requests exactly once) and logout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

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

function api(base) {
  return async (method, path, { token, body, raw } = {}) => {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(base + '/api/v1' + path, {
      method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
  };
}

function assertError(response, status, code) {
  assert.equal(response.status, status, JSON.stringify(response.json));
  assert.equal(response.json.error.code, code);
  assert.equal(typeof response.json.error.message, 'string');
}

async function within(seconds, check) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('accounts API end to end', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const server = await startServer(dir);
  t.after(() => server.stop());
  const call = api(server.url);

  // Sign-up and login.
  const signup = await call('POST', '/auth/signup', { body: { email: 'Reader@Example.com', password: 'reader-pass-1' } });
  assert.equal(signup.status, 201);
  assert.equal(signup.json.user.email, 'reader@example.com');
  assert.equal(signup.json.user.premium_until, null);
  assertError(await call('POST', '/auth/signup', { body: { email: 'reader@example.com', password: 'reader-pass-1' } }), 409, 'already_exists');
  assertError(await call('POST', '/auth/signup', { body: { email: 'x@example.com', password: 'short' } }), 400, 'invalid_argument');
  assertError(await call('POST', '/auth/signup', { raw: '{not json' }), 400, 'invalid_argument');
  const wrong = await call('POST', '/auth/login', { body: { email: 'reader@example.com', password: 'nope-nope-nope' } });
  const unknown = await call('POST', '/auth/login', { body: { email: 'ghost@example.com', password: 'nope-nope-nope' } });
  assertError(wrong, 401, 'unauthenticated');
  assert.deepEqual(wrong.json, unknown.json, 'no account enumeration through messages');
  const login = await call('POST', '/auth/login', { body: { email: 'reader@example.com', password: 'reader-pass-1' } });
  assert.equal(login.status, 200);
  const token = login.json.token;
  assert.ok(token.length >= 40);

  // 401 without a valid token, on every personal endpoint.
  for (const [method, path] of [['GET', '/me'], ['GET', '/me/preferences'], ['GET', '/me/reads'],
    ['GET', '/me/saved'], ['GET', '/me/watchlist'], ['POST', '/feedback'], ['POST', '/me/giftcards/redeem'],
    ['POST', '/auth/logout']]) {
    assertError(await call(method, path), 401, 'unauthenticated');
    assertError(await call(method, path, { token: 'made-up-token' }), 401, 'unauthenticated');
  }
  // Cookies do not authenticate the API.
  const withCookie = await fetch(server.url + '/api/v1/me', { headers: { cookie: `wd_session=${token}` } });
  assert.equal(withCookie.status, 401);

  const me = await call('GET', '/me', { token });
  assert.equal(me.status, 200);
  assert.equal(me.json.email, 'reader@example.com');
  assert.ok('premium_until' in me.json);
  assert.match(me.headers.get('cache-control'), /private, no-store/);

  // Preferences.
  const prefs = await call('GET', '/me/preferences', { token });
  assert.equal(prefs.json.theme, 'system');
  const put = await call('PUT', '/me/preferences', { token, body: {
    sections: ['markets', 'news/world'], topics: ['harbour'], theme: 'dark', digest: 'daily',
    alerts: { email: true, whatsapp: '+15551234567',
              quiet_hours: { start: '22:00', end: '07:00', tz: 'Asia/Kolkata' } } } });
  assert.equal(put.status, 200, JSON.stringify(put.json));
  assert.deepEqual(put.json.sections, ['markets', 'news/world']);
  assert.deepEqual(put.json.alerts, { email: true, web_push: false, breaking: false, whatsapp: '+15551234567',
    webhook: null, quiet_hours: { start: '22:00', end: '07:00', tz: 'Asia/Kolkata' } });
  // Numbers must be E.164 and webhooks may not point inside the server's network.
  assertError(await call('PUT', '/me/preferences', { token, body: { alerts: { whatsapp: '555-1234' } } }), 400, 'invalid_argument');
  assertError(await call('PUT', '/me/preferences', { token, body: { alerts: { webhook: 'http://127.0.0.1:9/x' } } }), 400, 'invalid_argument');
  assertError(await call('PUT', '/me/preferences', { token, body: { alerts: { quiet_hours: { start: '22:00', end: '07:00', tz: 'Mars/Base' } } } }), 400, 'invalid_argument');
  assert.equal((await call('GET', '/me/preferences', { token })).json.digest, 'daily');
  assertError(await call('PUT', '/me/preferences', { token, body: { theme: 'purple' } }), 400, 'invalid_argument');

  // Reads: fetching an article with a token records it; saved for later.
  const list = (await call('GET', '/articles?limit=5')).json.articles;
  const killedId = (await call('GET', '/articles?guid=' + encodeURIComponent(SAMPLE_GUID))).json.articles[0].id;
  const otherId = list.find((a) => a.id !== killedId).id;
  assert.equal((await call('GET', `/articles/${killedId}`, { token })).status, 200);
  assert.equal((await call('GET', `/articles/${otherId}`, { token })).status, 200);
  const reads = await call('GET', '/me/reads', { token });
  assert.deepEqual(reads.json.articles.map((a) => a.id), [otherId, killedId]);
  assert.ok(reads.json.articles[0].read_at);
  assert.equal((await call('POST', '/me/saved', { token, body: { article_id: killedId } })).status, 201);
  assert.equal((await call('POST', '/me/saved', { token, body: { article_id: otherId } })).status, 201);
  assertError(await call('POST', '/me/saved', { token, body: { article_id: 99999999 } }), 404, 'not_found');
  assertError(await call('POST', '/me/saved', { token, body: { article_id: 'x' } }), 400, 'invalid_argument');
  assert.equal((await call('GET', '/me/saved', { token })).json.articles.length, 2);

  // A kill drops the story out of reads and saved.
  const kill = join(dir, 'kill.xml');
  writeFileSync(kill, killNewsml());
  const killed = run(['ingest', '--data', dir, '--source', 'sample-wire', kill]);
  assert.equal(killed.status, 0, killed.stderr);
  assert.deepEqual((await call('GET', '/me/reads', { token })).json.articles.map((a) => a.id), [otherId]);
  assert.deepEqual((await call('GET', '/me/saved', { token })).json.articles.map((a) => a.id), [otherId]);
  assert.equal((await call('DELETE', `/me/saved/${otherId}`, { token })).status, 204);
  assert.equal((await call('GET', '/me/saved', { token })).json.articles.length, 0);

  // Watchlist.
  const added = await call('POST', '/me/watchlist', { token, body: { kind: 'place', value: 'Port Averin' } });
  assert.equal(added.status, 201, JSON.stringify(added.json));
  assert.equal(added.json.kind, 'place');
  assertError(await call('POST', '/me/watchlist', { token, body: { kind: 'planet', value: 'Mars' } }), 400, 'invalid_argument');
  assertError(await call('POST', '/me/watchlist', { token, body: { kind: 'place', value: 'Port Averin' } }), 409, 'already_exists');
  const entries = await call('GET', '/me/watchlist', { token });
  assert.deepEqual(entries.json.entries.map((e) => e.value), ['Port Averin']);
  const matches = await call('GET', `/me/watchlist/${added.json.id}/articles`, { token });
  assert.equal(matches.status, 200);
  assert.ok(Array.isArray(matches.json.results));
  assert.equal((await call('DELETE', `/me/watchlist/${added.json.id}`, { token })).status, 204);
  assertError(await call('DELETE', `/me/watchlist/${added.json.id}`, { token }), 404, 'not_found');

  // Feedback.
  const fb = await call('POST', '/feedback', { token, body: { article_id: otherId, category: 'error', message: 'A typo in the second paragraph.' } });
  assert.equal(fb.status, 201);
  assert.ok(fb.json.id > 0);
  assertError(await call('POST', '/feedback', { token, body: { category: 'spam', message: 'x' } }), 400, 'invalid_argument');

  // Gift cards: minted by the CLI against the running server's data.
  const minted = run(['giftcard', 'mint', '--data', dir, '--days', '30', '--count', '3']);
  assert.equal(minted.status, 0, minted.stderr);
  const codes = minted.stdout.trim().split('\n');
  assert.equal(codes.length, 3);
  for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  assert.equal(new Set(codes).size, 3);
  assert.notEqual(run(['giftcard', 'mint', '--data', dir, '--days', '0']).status, 0);

  // One code, many readers at once: exactly one redemption succeeds.
  const tokens = [];
  for (let i = 0; i < 6; i++) {
    const s = await call('POST', '/auth/signup', { body: { email: `racer${i}@example.com`, password: 'racer-pass-1' } });
    assert.equal(s.status, 201);
    tokens.push(s.json.token);
  }
  const race = await Promise.all(tokens.map((tk) => call('POST', '/me/giftcards/redeem', { token: tk, body: { code: codes[0] } })));
  const statuses = race.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409], JSON.stringify(race.map((r) => r.json)));
  // The same reader sending one code in parallel also gets it once.
  const same = await Promise.all([0, 1, 2, 3].map(() => call('POST', '/me/giftcards/redeem', { token, body: { code: codes[1].toLowerCase() } })));
  assert.equal(same.filter((r) => r.status === 200).length, 1);
  const premium = await call('GET', '/me', { token });
  assert.equal(premium.json.premium, true);
  assert.ok(Date.parse(premium.json.premium_until) > Date.now() + 29 * 86400_000);
  const typo = codes[2].slice(0, -1) + (codes[2].endsWith('0') ? '1' : '0');
  assertError(await call('POST', '/me/giftcards/redeem', { token, body: { code: typo } }), 400, 'invalid_argument');

  // An admin from the CLI, password on stdin.
  const admin = run(['user', 'add', '--data', dir, '--admin', '--email', 'editor@example.com'], 'editor-pass-1\n');
  assert.equal(admin.status, 0, admin.stderr);
  const adminLogin = await call('POST', '/auth/login', { body: { email: 'editor@example.com', password: 'editor-pass-1' } });
  assert.equal(adminLogin.status, 200);
  assert.equal(adminLogin.json.user.role, 'admin');

  // Logout: the token stops working; other tokens of the account still work.
  assert.equal((await call('POST', '/auth/logout', { token })).status, 204);
  assertError(await call('GET', '/me', { token }), 401, 'unauthenticated');
  assert.equal((await call('GET', '/me', { token: signup.json.token })).status, 200);
  assert.ok(await within(1, async () => true));
});

test('premium stories: meter then paywall, gift card lifts it', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const config = join(dir, 'wiredesk.toml');
  writeFileSync(config, '[premium]\nsections = ["markets", "companies", "technology"]\nfree_articles_per_month = 1\n');
  const server = await startServer(dir, ['--config', config]);
  t.after(() => server.stop());
  const call = api(server.url);
  const premiumIds = (await call('GET', '/articles?limit=100')).json.articles
    .filter((a) => /^(markets|companies|technology)/.test(a.section)).map((a) => a.id);
  assert.ok(premiumIds.length >= 2);
  assertError(await call('GET', `/articles/${premiumIds[0]}`), 403, 'permission_denied');
  const token = (await call('POST', '/auth/signup', { body: { email: 'm@example.com', password: 'meter-pass-1' } })).json.token;
  assert.equal((await call('GET', `/articles/${premiumIds[0]}`, { token })).status, 200);
  assert.equal((await call('GET', `/articles/${premiumIds[0]}`, { token })).status, 200, 're-reading is free');
  assertError(await call('GET', `/articles/${premiumIds[1]}`, { token }), 403, 'permission_denied');
  const code = run(['giftcard', 'mint', '--data', dir, '--config', config, '--days', '7']).stdout.trim();
  assert.equal((await call('POST', '/me/giftcards/redeem', { token, body: { code } })).status, 200);
  assert.equal((await call('GET', `/articles/${premiumIds[1]}`, { token })).status, 200);
});

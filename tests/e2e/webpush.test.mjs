// End-to-end Web Push: the real binary and a local push service (in this file) that checks
// every request as a real one would (RFC 8030 POST with TTL, RFC 8188 aes128gcm body, RFC 8292
// VAPID token verified with the key it names, audience and expiry) and decrypts the payload
// (RFC 8291) with the browser keys this test made. A reader subscribes a "browser" through the
// API; a matching story brings exactly one push within 2 s; a second browser whose push
// service answers 410 is pruned while the first still gets the next alert. The VAPID key is
// made in the data folder on first start and kept across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify,
} from 'node:crypto';
import { createServer } from 'node:http';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, eventually, makeDataDir, removeDataDir, sleep, startServer } from '../lib/wiredesk.mjs';

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');
const fromB64url = (text) => Buffer.from(text, 'base64url');

// A browser's side of a subscription: a P-256 key pair and a 16-byte auth secret.
function makeBrowser() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, publicKey: ecdh.getPublicKey(), auth: randomBytes(16) };
}

// RFC 8291 §3 and RFC 8188 §2, as a browser decrypts a push message. Returns the plaintext.
function decryptPush(body, browser) {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  assert.equal(idLength, 65, 'the key id is the sender\'s 65-byte public key');
  assert.ok(record.length <= recordSize, 'a single record');
  const shared = browser.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.publicKey, senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, browser.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  let plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // Padding: zeros after the delimiter; 0x02 ends the last record.
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  assert.equal(plain[end - 1], 2, 'last-record delimiter');
  plain = plain.subarray(0, end - 1);
  return plain.toString('utf8');
}

// Checks "vapid t=<JWT>, k=<key>": ES256 over the JWT with k, aud the push service's origin,
// exp in the future (and at most 24 h away, RFC 8292 §2), a sub. Returns [problems, k].
function checkVapid(header, origin) {
  const problems = [];
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) return [['authorization ' + header], null];
  const [token, k] = [m[1], m[2]];
  const [head, claims, signature] = token.split('.');
  const point = fromB64url(k);
  if (point.length !== 65 || point[0] !== 4) problems.push('k is not a P-256 point');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
    format: 'jwk',
  });
  const signed = verify('sha256', Buffer.from(`${head}.${claims}`),
                        { key, dsaEncoding: 'ieee-p1363' }, fromB64url(signature));
  if (!signed) problems.push('JWT signature does not verify with k');
  const header0 = JSON.parse(fromB64url(head).toString());
  if (header0.alg !== 'ES256') problems.push('alg ' + header0.alg);
  const payload = JSON.parse(fromB64url(claims).toString());
  const now = Date.now() / 1000;
  if (payload.aud !== origin) problems.push(`aud ${payload.aud} != ${origin}`);
  if (!(payload.exp > now && payload.exp <= now + 24 * 3600)) problems.push('exp ' + payload.exp);
  if (typeof payload.sub !== 'string' || !payload.sub) problems.push('no sub');
  return [problems, k];
}

// The push service: /push/<name> answers as `statusFor(name)` says, after checking the request.
function startPushService(browsers, statusFor) {
  return new Promise((resolve) => {
    const pushes = [];
    const problems = [];
    const server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (d) => chunks.push(d));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const name = req.url.replace(/^\/push\//, '');
        const origin = `http://127.0.0.1:${server.address().port}`;
        const seen = { name, headers: req.headers, json: null };
        if (req.method !== 'POST') problems.push(`${req.method} ${req.url}`);
        if (req.headers['content-encoding'] !== 'aes128gcm') problems.push('content-encoding');
        if (!/^\d+$/.test(req.headers.ttl ?? '')) problems.push('TTL ' + req.headers.ttl);
        const [vapidProblems, k] = checkVapid(req.headers.authorization, origin);
        problems.push(...vapidProblems);
        seen.vapidKey = k;
        const browser = browsers[name];
        if (!browser) {
          problems.push('unknown endpoint ' + req.url);
        } else {
          try {
            seen.json = JSON.parse(decryptPush(body, browser));
          } catch (error) {
            problems.push('cannot decrypt: ' + error.message);
          }
        }
        pushes.push(seen);
        const status = statusFor(name);
        res.writeHead(status, status === 201 ? { location: `/message/${pushes.length}` } : {});
        res.end();
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port, pushes, problems, stop: () => server.close(),
    }));
  });
}

function runAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('exit', (status) => resolve({ status, stderr }));
  });
}

const newsml = (guid, headline, urgency) => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${guid}" version="1"
  standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-30T10:00:00Z</versionCreated>
  <pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta>${urgency ? `<urgency>${urgency}</urgency>` : ''}<headline>${headline}</headline><language tag="en"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>${headline}.</p></body></html>
 </inlineXML></contentSet>
</newsItem>`;


test('a subscribed browser gets one encrypted, VAPID-signed push; an expired one is pruned', async () => {
  const browsers = { good: makeBrowser(), gone: makeBrowser() };
  const push = await startPushService(browsers, (name) => (name === 'gone' ? 410 : 201));
  const dataDir = makeDataDir();
  const config = join(dataDir, 'wiredesk.toml');
  writeFileSync(config, `
[network]
allow_private_addresses = true
[alerts]
poll_interval_ms = 50
site_url = "http://news.example"
[alerts.webpush]
subject = "mailto:alerts@news.example"
`);
  let server = await startServer(dataDir, ['--config', config]);
  try {
    const api = async (method, path, token, body) => {
      const headers = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(server.url + '/api/v1' + path,
                                   { method, headers, body: body && JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    };
    const endpoint = (name) => `http://127.0.0.1:${push.port}/push/${name}`;
    const subscription = (name) => ({
      endpoint: endpoint(name), expirationTime: null,
      keys: { p256dh: b64url(browsers[name].publicKey), auth: b64url(browsers[name].auth) },
    });

    // The key is public, made on first start in the data folder, readable by the owner only.
    const vapid = await api('GET', '/push/vapid-public-key');
    assert.equal(vapid.status, 200);
    assert.equal(fromB64url(vapid.json.public_key).length, 65);
    assert.equal(statSync(join(dataDir, 'vapid_private_key.pem')).mode & 0o777, 0o600);

    assert.equal((await api('POST', '/auth/signup', null, { email: 'reader@example.org', password: 'reader-pass-1' })).status, 201);
    const token = (await api('POST', '/auth/login', null, { email: 'reader@example.org', password: 'reader-pass-1' })).json.token;
    assert.equal((await api('PUT', '/me/preferences', token, { alerts: { web_push: true } })).status, 200);
    assert.equal((await api('POST', '/me/watchlist', token, { kind: 'company', value: 'Acme Harbour Corp' })).status, 201);

    // Subscriptions are checked: bearer token, key lengths, a URL.
    assert.equal((await api('POST', '/me/push-subscriptions', null, subscription('good'))).status, 401);
    const shortKey = subscription('good');
    shortKey.keys.p256dh = b64url(browsers.good.publicKey.subarray(0, 64));
    const refused = await api('POST', '/me/push-subscriptions', token, shortKey);
    assert.equal(refused.status, 400);
    assert.match(refused.json.error.message, /p256dh/);
    const shortAuth = subscription('good');
    shortAuth.keys.auth = b64url(randomBytes(12));
    assert.equal((await api('POST', '/me/push-subscriptions', token, shortAuth)).status, 400);
    assert.equal((await api('POST', '/me/push-subscriptions', token, { ...subscription('good'), endpoint: 'not a url' })).status, 400);
    const added = await api('POST', '/me/push-subscriptions', token, subscription('good'));
    assert.equal(added.status, 201, JSON.stringify(added.json));
    assert.equal(added.json.endpoint, endpoint('good'));

    // A matching story: exactly one push, within 2 s, that decrypts to the alert.
    const story = join(dataDir, 'story.xml');
    writeFileSync(story, newsml('urn:test:acme', 'Acme Harbour Corp wins port contract'));
    const started = Date.now();
    assert.equal((await runAsync(['ingest', '--data', dataDir, story])).status, 0);
    assert.ok(await eventually(() => push.pushes.length >= 1, 2000), 'a push within 2 s');
    console.log(`push arrived ${Date.now() - started} ms after ingest started`);
    await sleep(1000);  // Nothing more may follow: once per story.
    assert.equal(push.pushes.length, 1);
    assert.deepEqual(push.problems, []);
    const first = push.pushes[0];
    assert.equal(first.name, 'good');
    assert.equal(first.vapidKey, vapid.json.public_key);
    assert.equal(first.json.title, 'Acme Harbour Corp wins port contract');
    assert.match(first.json.url, /^http:\/\/news\.example\/news\/acme-harbour-corp-wins-port-contract-\d+$/);
    assert.equal(first.json.body, 'Because you follow Acme Harbour Corp.');
    assert.equal(first.headers.urgency, 'normal');
    assert.match(first.headers.topic, /^article-\d+$/);
    const alerts = (await api('GET', '/me/alerts', token)).json.alerts;
    assert.deepEqual(alerts.map((a) => [a.channel, a.state]), [['webpush', 'sent']]);

    // A second browser whose subscription has expired (410) is pruned; the first still gets
    // the next (urgent) story, and the alert counts as sent.
    assert.equal((await api('POST', '/me/push-subscriptions', token, subscription('gone'))).status, 201);
    assert.equal((await api('GET', '/me/push-subscriptions', token)).json.subscriptions.length, 2);
    const urgent = join(dataDir, 'urgent.xml');
    writeFileSync(urgent, newsml('urn:test:acme2', 'Acme Harbour Corp halts port operations', 1));
    assert.equal((await runAsync(['ingest', '--data', dataDir, urgent])).status, 0);
    assert.ok(await eventually(() => push.pushes.length >= 3, 2000), 'both browsers tried');
    assert.ok(await eventually(async () =>
      (await api('GET', '/me/push-subscriptions', token)).json.subscriptions.length === 1, 2000),
              'the expired subscription is pruned');
    const left = (await api('GET', '/me/push-subscriptions', token)).json.subscriptions;
    assert.deepEqual(left.map((s) => s.endpoint), [endpoint('good')]);
    assert.deepEqual(push.problems, []);
    const second = push.pushes.slice(1).find((p) => p.name === 'good');
    assert.equal(second.json.title, 'Acme Harbour Corp halts port operations');
    assert.equal(second.headers.urgency, 'high');
    assert.ok(await eventually(async () => (await api('GET', '/me/alerts', token)).json.alerts
      .every((a) => a.state === 'sent'), 2000), 'the urgent alert is sent, not failed');

    // The service worker renews a subscription the browser replaced, proving it with the old
    // one's auth secret (no session there): a wrong secret or unknown endpoint is 404 alike.
    browsers.renewed = makeBrowser();
    const renewal = (secret, from = endpoint('good')) => ({
      old_endpoint: from, old_auth: secret,
      endpoint: endpoint('renewed'), keys: subscription('renewed').keys,
    });
    assert.equal((await api('POST', '/push/renew', null, renewal(b64url(randomBytes(16))))).status, 404);
    assert.equal((await api('POST', '/push/renew', null, renewal(b64url(browsers.good.auth), endpoint('nobody')))).status, 404);
    assert.equal((await api('POST', '/push/renew', null, renewal(''))).status, 404);
    const renewed = await api('POST', '/push/renew', null, renewal(b64url(browsers.good.auth)));
    assert.equal(renewed.status, 201, JSON.stringify(renewed.json));
    assert.deepEqual((await api('GET', '/me/push-subscriptions', token)).json.subscriptions
      .map((s) => s.endpoint), [endpoint('renewed')], 'the reader keeps alerts, on the new one');
    // The next alert goes to the renewed subscription, encrypted for its keys.
    const before = push.pushes.length;
    const third = join(dataDir, 'third.xml');
    writeFileSync(third, newsml('urn:test:acme3', 'Acme Harbour Corp reopens the port', 4));
    assert.equal((await runAsync(['ingest', '--data', dataDir, third])).status, 0);
    assert.ok(await eventually(() => push.pushes.length > before, 2000), 'a push after renewal');
    const afterRenewal = push.pushes.slice(before);
    assert.deepEqual(afterRenewal.map((p) => p.name), ['renewed']);
    assert.equal(afterRenewal[0].json.title, 'Acme Harbour Corp reopens the port');
    assert.deepEqual(push.problems, []);

    // DELETE removes a reader's own subscription; another endpoint is 404.
    assert.equal((await api('DELETE', '/me/push-subscriptions', token, { endpoint: endpoint('gone') })).status, 404);
    assert.equal((await api('DELETE', '/me/push-subscriptions', token, { endpoint: endpoint('renewed') })).status, 204);
    assert.deepEqual((await api('GET', '/me/push-subscriptions', token)).json.subscriptions, []);

    // The service worker the site registers, as JavaScript from the root, allowed by the CSP.
    const worker = await fetch(server.url + '/sw.js');
    assert.equal(worker.status, 200);
    assert.match(worker.headers.get('content-type'), /^text\/javascript/);
    assert.match(worker.headers.get('content-security-policy'), /script-src 'self'/);
    assert.match(await worker.text(), /showNotification/);

    // A restart keeps the key, so browsers already subscribed keep working.
    await server.stop();
    server = await startServer(dataDir, ['--config', config]);
    assert.equal((await api('GET', '/push/vapid-public-key')).json.public_key, vapid.json.public_key);
  } finally {
    await server.stop();
    push.stop();
    removeDataDir(dataDir);
  }
});

// Security headers on every kind of response the server gives: home, section, article, 404,
// 410 (a killed story), redirect, API (list, item, error) and static files. Every one must
// carry a Content-Security-Policy whose scripts are same-origin only (no 'unsafe-inline', no
// 'unsafe-eval') and which forbids framing, plus nosniff, a Referrer-Policy and a
// Permissions-Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

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

// Parses a CSP header into {directive: [sources]}.
function parseCsp(header) {
  const policy = {};
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = sources;
  }
  return policy;
}

function checkHeaders(what, headers) {
  const csp = headers.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  const policy = parseCsp(csp);
  const scripts = policy['script-src'] ?? policy['default-src'];
  assert.ok(scripts, `${what}: CSP restricts scripts (${csp})`);
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
    assert.ok(!scripts.includes(bad), `${what}: script sources exclude ${bad} (${csp})`);
  }
  if (policy['script-src-attr']) {
    assert.ok(!policy['script-src-attr'].includes("'unsafe-inline'"), `${what}: ${csp}`);
  }
  assert.deepEqual(policy['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none'`);
  // Frames: only the video players the sanitiser keeps (sanitize/internal/video_embed.h).
  assert.deepEqual(policy['frame-src'],
                   ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
                   `${what}: frame-src (${csp})`);
  assert.ok(policy['object-src']?.includes("'none'") || policy['default-src'],
            `${what}: plugins are restricted (${csp})`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  const referrer = headers.get('referrer-policy');
  assert.ok(referrer, `${what}: Referrer-Policy`);
  assert.ok(!/unsafe-url|no-referrer-when-downgrade/.test(referrer),
            `${what}: Referrer-Policy ${referrer} does not leak full URLs cross-origin`);
  const permissions = headers.get('permissions-policy');
  assert.ok(permissions, `${what}: Permissions-Policy`);
  for (const feature of ['camera', 'microphone', 'geolocation']) {
    assert.match(permissions, new RegExp(`\\b${feature}=\\(\\)`), `${what}: ${feature} denied`);
  }
}

test('every kind of response carries the security headers', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const v1 = join(dir, 'v1.xml');
  const v2 = join(dir, 'v2.xml');
  const live = join(dir, 'live.xml');
  writeFileSync(v1, newsml('urn:headers:kill', 1, 'usable', 'Harbour talks resume'));
  writeFileSync(v2, newsml('urn:headers:kill', 2, 'canceled', 'Harbour talks resume'));
  writeFileSync(live, newsml('urn:headers:live', 1, 'usable', 'Port Amber ferry returns'));
  for (const file of [v1, live]) assert.equal(run(['ingest', '--data', dir, file]).status, 0);
  const api = async (server, guid) =>
    (await (await fetch(`${server.url}/api/v1/articles?guid=${guid}`)).json()).articles[0];

  const server = await startServer(dir);
  t.after(() => server.stop());
  const killed = await api(server, 'urn:headers:kill');
  const article = await api(server, 'urn:headers:live');
  assert.ok(killed && article, 'both stories are served');
  const killedRun = run(['ingest', '--data', dir, v2]);
  assert.equal(killedRun.status, 0, killedRun.stderr);

  const home = await (await fetch(server.url + '/')).text();
  const css = home.match(/href="(\/static\/[^"]+\.css[^"]*)"/);
  assert.ok(css, 'the home page links its stylesheet');
  const section = article.url.replace(/[^/]+$/, '');

  const pages = [
    ['home', '/', 200],
    ['section', section, 200],
    ['article', article.url, 200],
    ['404', '/no/such/page-999999', 404],
    ['410', killed.url, 410],
    ['redirect', section.replace(/\/$/, ''), 301],
    ['API list', '/api/v1/articles', 200],
    ['API item', `/api/v1/articles/${article.id}`, 200],
    ['API 404', '/api/v1/articles/999999', 404],
    ['API 400', '/api/v1/articles?limit=0', 400],
    ['static css', css[1], 200],
    ['static svg', '/static/favicon.svg', 200],
    ['static 404', '/static/no-such-file.js', 404],
  ];
  for (const [what, path, status] of pages) {
    let response;
    // The kill reaches the running server's cache within a second (DESIGN.md).
    for (let i = 0; i < 20; i++) {
      response = await fetch(server.url + path, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status === status) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(response.status, status, `${what} ${path}`);
    checkHeaders(`${what} ${path}`, response.headers);
    // Same headers on a HEAD and on a compressed response.
    const head = await fetch(server.url + path,
                             { method: 'HEAD', redirect: 'manual', headers: { 'Accept-Encoding': 'gzip' } });
    checkHeaders(`HEAD ${what} ${path}`, head.headers);
  }
});

// End-to-end: sources. The real binary, its own data folder: a push source added with the CLI
// receives a NewsML-G2 item over HTTP, a drop folder receives a file, an HTTP source is polled
// from a local server (allowed by the config switch), and `wiredesk ingest URL` goes through
// the same guarded client, which refuses loopback by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, eventually, makeDataDir, removeDataDir, run, startServer } from '../lib/wiredesk.mjs';

// As run(), without blocking this process: the feed server below lives in it.
function runAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const newsml = (guid, headline) => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${guid}" version="1"
  standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-30T10:00:00Z</versionCreated>
  <pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><headline>${headline}</headline><language tag="en"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>Body of ${headline}.</p></body></html>
 </inlineXML></contentSet>
</newsItem>`;

const rss = (guid, headline) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local wire</title><link>https://local.example/</link>
<description>test</description><item><guid>${guid}</guid><title>${headline}</title>
<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate><description>About ${headline}</description>
</item></channel></rss>`;

async function get(base, path) {
  const response = await fetch(base + path);
  return { status: response.status, text: await response.text() };
}

// Waits up to `ms` for `check` to hold: the watcher, the poller and the outbox follower run on
// their own threads.

function startFeedServer(body) {
  return new Promise((resolve) => {
    const requests = [];
    const server = createServer((req, res) => {
      requests.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"e2e"' });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/feed.xml`,
      requests,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}

test('push endpoint and drop folder, through the CLI and the running server', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const drop = join(dir, 'drop');

  const push = run(['source', 'add', '--data', dir, 'e2e-push', '--push',
                    '--section-rule', '*=markets']);
  assert.equal(push.status, 0, push.stderr);
  const token = push.stdout.match(/(wdp_[A-Za-z0-9_-]+)/)[1];
  const folder = run(['source', 'add', '--data', dir, 'e2e-drop', '--folder', drop]);
  assert.equal(folder.status, 0, folder.stderr);
  const list = run(['source', 'list', '--data', dir]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /e2e-push\tpush/);
  assert.match(list.stdout, /e2e-drop\tfolder/);
  assert.doesNotMatch(list.stdout, new RegExp(token));  // Only the hash is kept.

  const server = await startServer(dir);
  try {
    const post = (headers, body) => fetch(`${server.url}/ingest/e2e-push`,
                                          { method: 'POST', headers, body });
    const item = newsml('urn:e2e:push:1', 'Pushed story reaches the markets page');

    const anonymous = await post({ 'Content-Type': 'application/xml' }, item);
    assert.equal(anonymous.status, 401);
    assert.equal((await anonymous.json()).error.code, 'unauthenticated');
    const wrong = await post({ 'Content-Type': 'application/xml', Authorization: 'Bearer wdp_x' },
                             item);
    assert.equal(wrong.status, 403);
    const plain = await post({ 'Content-Type': 'text/plain', Authorization: `Bearer ${token}` },
                             item);
    assert.equal(plain.status, 415);

    const pushed = await post({ 'Content-Type': 'application/vnd.iptc.g2.newsitem+xml',
                                Authorization: `Bearer ${token}` }, item);
    assert.equal(pushed.status, 200);
    const report = await pushed.json();
    assert.equal(report.source, 'e2e-push');
    assert.equal(report.new, 1);
    assert.ok(await eventually(async () =>
      (await get(server.url, '/markets/')).text.includes('Pushed story reaches the markets page'),
    1000), 'the pushed story shows on its section page within a second');

    // A file written elsewhere and renamed into the folder, as FTP and SFTP servers do.
    const staged = join(dir, 'staging.xml');
    writeFileSync(staged, newsml('urn:e2e:drop:1', 'Dropped file becomes a story'));
    renameSync(staged, join(drop, 'item-1.xml'));
    assert.ok(await eventually(async () =>
      (await get(server.url, '/')).text.includes('Dropped file becomes a story')),
    'the dropped story shows on the home page');
    assert.ok(existsSync(join(drop, 'done', 'item-1.xml')));

    writeFileSync(join(drop, 'broken.xml'), 'not a feed at all');
    assert.ok(await eventually(() => existsSync(join(drop, 'failed', 'broken.xml.reason.txt'))));
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('HTTP sources: loopback refused by default, polled when the config allows it', async (t) => {
  const dir = makeDataDir();
  t.after(() => removeDataDir(dir));
  const feed = await startFeedServer(rss('e2e-poll-1', 'Polled story from the local wire'));
  t.after(() => feed.close());

  const refused = await runAsync(['ingest', '--data', dir, feed.url]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /loopback/);
  assert.equal(feed.requests.length, 0);

  const config = join(dir, 'wiredesk.toml');
  writeFileSync(config, '[network]\nallow_private_addresses = true\n');
  const fetched = await runAsync(['ingest', '--config', config, '--data', dir, feed.url]);
  assert.equal(fetched.status, 0, fetched.stderr);
  assert.match(fetched.stdout, /new 1/);

  const added = run(['source', 'add', '--data', dir, 'local-wire', '--url', feed.url,
                     '--interval', '1', '--section-rule', '*=technology']);
  assert.equal(added.status, 0, added.stderr);
  const once = await runAsync(['source', 'run-once', '--config', config, '--data', dir, 'local-wire']);
  assert.equal(once.status, 0, once.stderr + once.stdout);
  assert.match(once.stdout, /local-wire: ok: /);

  const server = await startServer(dir, ['--config', config]);
  try {
    // The server polls it again on its own, sending the ETag back.
    const before = feed.requests.length;
    assert.ok(await eventually(() => feed.requests.length > before));
    assert.ok(await eventually(() => feed.requests.some((h) => h['if-none-match'] === '"e2e"')));
    const list = run(['source', 'list', '--data', dir]);
    assert.match(list.stdout, /local-wire\thttp/);
    const page = await get(server.url, '/');
    assert.match(page.text, /Polled story from the local wire/);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

// End-to-end alerts: the real binary with a real SMTP server (Debian's python3-aiosmtpd, in
// tests/lib/smtp_sink.py) and local HTTP servers standing in for a reader's webhook and for the
// WhatsApp Cloud API, each checking requests as the documented API would. A reader follows a
// company; a matching story brings exactly one e-mail, one WhatsApp message and one signed
// webhook within 2 s, and no more after; a second story, killed while the reader's quiet hours
// hold its alerts back, is never sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, eventually, makeDataDir, removeDataDir, sleep, startServer } from '../lib/wiredesk.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SECRET = 'webhook-signing-key';
const WA_TOKEN = 'wa-test-token';
const WA_PHONE_ID = '106540352242922';

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

function startSmtpSink() {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [join(HERE, '../lib/smtp_sink.py')],
                        { stdio: ['pipe', 'pipe', 'inherit'] });
    const messages = [];
    let buffer = '';
    let port = 0;
    child.stdout.on('data', (d) => {
      buffer += d;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (line.port) {
          port = line.port;
          resolve({ port, messages, stop: () => child.stdin.end() });
        } else {
          messages.push(line);
        }
      }
    });
    child.once('exit', (code) => { if (!port) reject(new Error(`smtp sink exited ${code}`)); });
  });
}

// A local HTTP server; `check(request, body)` returns [status, json] and records problems.
function startHttp(check) {
  return new Promise((resolve) => {
    const requests = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, headers: req.headers, body });
        const [status, json] = check(req, body);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port, requests, stop: () => server.close(),
    }));
  });
}

const newsml = (guid, version, status, headline, body) => `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${guid}" version="${version}"
  standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-30T10:0${version}:00Z</versionCreated>
  <pubStatus qcode="stat:${status}"/></itemMeta>
 <contentMeta><headline>${headline}</headline><language tag="en"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body><p>${body}</p></body></html>
 </inlineXML></contentSet>
</newsItem>`;


test('a matching story alerts once per channel; a story killed in quiet hours never does', async () => {
  const smtp = await startSmtpSink();
  const webhookProblems = [];
  const webhook = await startHttp((req, body) => {
    const ts = req.headers['wiredesk-timestamp'];
    const signature = req.headers['wiredesk-signature'] ?? '';
    const expected = 'v1=' + createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
    if (req.method !== 'POST' || req.url !== '/hook') webhookProblems.push(`${req.method} ${req.url}`);
    if (req.headers['content-type'] !== 'application/json') webhookProblems.push('content-type');
    if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) webhookProblems.push('timestamp');
    if (signature.length !== expected.length ||
        !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) webhookProblems.push('signature');
    return [200, { ok: true }];
  });
  const waProblems = [];
  const whatsapp = await startHttp((req, body) => {
    if (req.method !== 'POST' || req.url !== `/v19.0/${WA_PHONE_ID}/messages`) waProblems.push(req.url);
    if (req.headers.authorization !== `Bearer ${WA_TOKEN}`) waProblems.push('authorization');
    const json = JSON.parse(body);
    if (json.messaging_product !== 'whatsapp' || json.type !== 'template' ||
        json.template?.name !== 'news_alert' || json.template?.language?.code !== 'en' ||
        !Array.isArray(json.template?.components)) waProblems.push('shape ' + body);
    return [200, { messaging_product: 'whatsapp', contacts: [{ input: json.to, wa_id: json.to.slice(1) }],
                   messages: [{ id: `wamid.${whatsapp.requests.length}` }] }];
  });

  const dataDir = makeDataDir();
  const config = join(dataDir, 'wiredesk.toml');
  writeFileSync(config, `
[network]
allow_private_addresses = true
[alerts]
poll_interval_ms = 50
site_url = "http://news.example"
[alerts.email]
smtp_url = "smtp://127.0.0.1:${smtp.port}"
from = "Wiredesk alerts <alerts@news.example>"
[alerts.webhook]
secret = "${SECRET}"
[alerts.whatsapp]
api_base = "http://127.0.0.1:${whatsapp.port}/v19.0"
phone_number_id = "${WA_PHONE_ID}"
token = "${WA_TOKEN}"
template = "news_alert"
`);
  const server = await startServer(dataDir, ['--config', config]);
  try {
    const api = async (method, path, token, body) => {
      const headers = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(server.url + '/api/v1' + path,
                                   { method, headers, body: body && JSON.stringify(body) });
      return { status: response.status, json: await response.json().catch(() => null) };
    };
    assert.equal((await api('POST', '/auth/signup', null, { email: 'reader@example.org', password: 'reader-pass-1' })).status, 201);
    const token = (await api('POST', '/auth/login', null, { email: 'reader@example.org', password: 'reader-pass-1' })).json.token;
    const prefs = await api('PUT', '/me/preferences', token, { alerts: {
      email: true, whatsapp: '+15551234567', webhook: `http://127.0.0.1:${webhook.port}/hook` } });
    assert.equal(prefs.status, 200, JSON.stringify(prefs.json));
    assert.equal((await api('POST', '/me/watchlist', token, { kind: 'company', value: 'Acme Harbour Corp' })).status, 201);

    // A story nobody follows alerts nobody; the matching one alerts once on each channel.
    const quiet = join(dataDir, 'other.xml');
    writeFileSync(quiet, newsml('urn:test:other', 1, 'usable', 'Rain expected over the weekend', 'Showers and wind.'));
    const story = join(dataDir, 'story.xml');
    writeFileSync(story, newsml('urn:test:acme', 1, 'usable', 'Acme Harbour Corp wins port contract',
                                'Acme Harbour Corp said on Monday it won the contract.'));
    const started = Date.now();
    assert.equal((await runAsync(['ingest', '--data', dataDir, quiet, story])).status, 0);
    const all = () => smtp.messages.length >= 1 && whatsapp.requests.length >= 1 && webhook.requests.length >= 1;
    assert.ok(await eventually(all, 2000), `alerts within 2 s: ${smtp.messages.length} mail, ` +
              `${whatsapp.requests.length} WhatsApp, ${webhook.requests.length} webhook`);
    console.log(`all three channels delivered ${Date.now() - started} ms after ingest started`);
    await sleep(1000);  // Nothing more may follow: once per channel.
    assert.equal(smtp.messages.length, 1);
    assert.equal(whatsapp.requests.length, 1);
    assert.equal(webhook.requests.length, 1);
    assert.deepEqual(webhookProblems, []);
    assert.deepEqual(waProblems, []);

    const mail = smtp.messages[0];
    assert.deepEqual(mail.to, ['reader@example.org']);
    assert.equal(mail.from, 'alerts@news.example');
    assert.match(mail.data, /^Subject: Acme Harbour Corp wins port contract\r?$/m);
    assert.match(mail.data, /multipart\/alternative/);
    // Plain http here, so the unsubscribe link comes without RFC 8058's one-click header.
    const unsubscribe = mail.data.match(/^List-Unsubscribe: <(http:\/\/news\.example\/account\/unsubscribe\?t=[^>]+)>\r?$/m);
    assert.ok(unsubscribe, 'an unsubscribe link in the headers');
    assert.doesNotMatch(mail.data, /List-Unsubscribe-Post/);
    const wa = JSON.parse(whatsapp.requests[0].body);
    assert.equal(wa.to, '15551234567');  // The Cloud API takes the digits without '+'.
    assert.match(JSON.stringify(wa.template.components), /Acme Harbour Corp wins port contract/);
    const hook = JSON.parse(webhook.requests[0].body);
    assert.equal(hook.article.headline, 'Acme Harbour Corp wins port contract');
    assert.match(hook.article.url, /^http:\/\/news\.example\/news\/acme-harbour-corp-wins-port-contract-\d+$/);
    assert.equal(hook.reason, 'you follow Acme Harbour Corp');

    // The reader's recent alerts.
    const mine = await api('GET', '/me/alerts', token);
    assert.equal(mine.status, 200);
    assert.equal(mine.json.alerts.length, 3);
    assert.ok(mine.json.alerts.every((a) => a.state === 'sent' && a.headline === 'Acme Harbour Corp wins port contract'));

    // The "Get alerts" prompt on the story, for a reader not signed in.
    const story1 = await (await fetch(server.url + hook.article.url.replace('http://news.example', ''))).text();
    assert.match(story1, /<details class="alerts-prompt" open>/);
    assert.match(story1, /Sign up for alerts/);

    // Quiet hours around now (UTC): a new matching story is held back, then killed.
    const hhmm = (d) => d.toISOString().slice(11, 16);
    const now = new Date();
    const setQuiet = await api('PUT', '/me/preferences', token, { alerts: { quiet_hours: {
      start: hhmm(new Date(now - 3600_000)), end: hhmm(new Date(+now + 3600_000)), tz: 'UTC' } } });
    assert.equal(setQuiet.status, 200, JSON.stringify(setQuiet.json));
    const second = join(dataDir, 'second.xml');
    writeFileSync(second, newsml('urn:test:acme2', 1, 'usable', 'Acme Harbour Corp recalls cranes', 'Acme Harbour Corp recalls cranes.'));
    assert.equal((await runAsync(['ingest', '--data', dataDir, second])).status, 0);
    assert.ok(await eventually(async () => (await api('GET', '/me/alerts', token)).json.alerts.length === 6, 2000),
              'the second story queues three alerts');
    const killed = join(dataDir, 'second-kill.xml');
    writeFileSync(killed, newsml('urn:test:acme2', 2, 'canceled', 'Acme Harbour Corp recalls cranes', 'Withdrawn.'));
    assert.equal((await runAsync(['ingest', '--data', dataDir, killed])).status, 0);
    assert.ok(await eventually(async () => (await api('GET', '/me/alerts', token)).json.alerts
      .filter((a) => a.state === 'withdrawn').length === 3, 2000), 'the kill withdraws all three');
    // Quiet hours end (lifted here): the withdrawn alerts still never go out.
    assert.equal((await api('PUT', '/me/preferences', token, { alerts: { quiet_hours: null } })).status, 200);
    await sleep(1000);
    assert.equal(smtp.messages.length, 1);
    assert.equal(whatsapp.requests.length, 1);
    assert.equal(webhook.requests.length, 1);
    const withdrawn = (await api('GET', '/me/alerts', token)).json.alerts.filter((a) => a.state === 'withdrawn');
    assert.ok(withdrawn.every((a) => a.headline === undefined), 'a killed story is not named');

    // The e-mail's unsubscribe link, posted as a mail client's one-click would: no session.
    const unsubscribeUrl = unsubscribe[1].replace('http://news.example', server.url);
    const confirm = await fetch(unsubscribeUrl);
    assert.equal(confirm.status, 200);
    assert.match(await confirm.text(), /Stop all alert e-mails and digests to reader@example\.org/);
    const oneClick = await fetch(unsubscribeUrl, { method: 'POST', body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(oneClick.status, 200);
    const after = (await api('GET', '/me/preferences', token)).json;
    assert.equal(after.alerts.email, false);
    assert.equal(after.alerts.whatsapp, '+15551234567', 'other channels stay');
  } finally {
    await server.stop();
    smtp.stop();
    webhook.stop();
    whatsapp.stop();
    removeDataDir(dataDir);
  }
});

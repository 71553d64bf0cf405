// Starts and stops the real wiredesk binary for end-to-end and browser tests.
// Each server gets its own temporary data folder and listens on 127.0.0.1:0; the bound port
// is read from the first line the binary prints.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.WIREDESK_BIN;
if (!BIN) throw new Error('WIREDESK_BIN must name the wiredesk binary');

export function makeDataDir() {
  return mkdtempSync(join(tmpdir(), 'wiredesk-test-'));
}

export function removeDataDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// Runs a wiredesk subcommand to completion; returns {status, stdout, stderr}.
export function run(args, input) {
  const result = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Starts `wiredesk serve` and resolves once it listens. Returns {url, stop(), process}.
export function startServer(dataDir, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', ...extraArgs],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time; stderr:\n${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/listening on (http:\/\/[^\s]+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          process: child,
          stderr: () => stderr,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code, signal) => done(code ?? signal));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}; stderr:\n${stderr}`));
    });
  });
}

// Polls `check` (sync or async) every 25 ms until it holds or `ms` pass; whether it held.
export async function eventually(check, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

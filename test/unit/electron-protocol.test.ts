import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electronModuleStub } from '../helpers/electron-stub.js';

vi.mock('electron', () => electronModuleStub());

const { APP_ENTRY_URL, resolveAppAsset } = await import('../../electron/app-origin.js');
const { APP_SCHEME_PRIVILEGES, createAppRequestHandler } = await import('../../electron/app-protocol.js');
const { RENDERER_CSP } = await import('../../electron/window.js');

describe('the halyard:// scheme that serves the renderer', () => {
  let root: string;
  let rendererDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'halyard-protocol-'));
    rendererDir = join(root, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Halyard</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'api secret');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is a standard, secure scheme without CSP bypass or CORS', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('halyard');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeFalsy();
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).toBeFalsy();
    expect(APP_SCHEME_PRIVILEGES.privileges?.allowServiceWorkers).toBeFalsy();
  });

  it('serves the app with the CSP on every response', async () => {
    const handle = createAppRequestHandler(rendererDir);
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Halyard</title>');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const script = await handle(new Request('halyard://app/assets/app.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect((await handle(new Request('halyard://app/'))).status).toBe(200);
  });

  it('never serves a file outside the renderer directory', async () => {
    const handle = createAppRequestHandler(rendererDir);
    for (const url of ['halyard://app/../secret.txt', 'halyard://app/%2e%2e/secret.txt', 'halyard://app/..%2Fsecret.txt', 'halyard://app/assets/..%5C..%5Csecret.txt', 'halyard://app/missing.js']) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
    }
    expect(resolveAppAsset(rendererDir, 'halyard://app/..%2Fsecret.txt')).toBeNull();
    expect(resolveAppAsset(rendererDir, 'halyard://app/%00index.html')).toBeNull();
    expect(resolveAppAsset(rendererDir, `file://${join(rendererDir, 'index.html')}`)).toBeNull();
    expect(resolveAppAsset(rendererDir, 'halyard://other/index.html')).toBeNull();
    expect(resolveAppAsset(rendererDir, 'halyard://app/assets/app.js')).toBe(join(rendererDir, 'assets', 'app.js'));
  });

  it('answers only reads', async () => {
    const handle = createAppRequestHandler(rendererDir);
    expect((await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_FUSES } from '../../electron/fuses.js';

const root = join(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; productName: string; dependencies: Record<string, string> };

/** Width, height and RGBA-ness of a PNG, from its IHDR chunk. */
function pngInfo(data: Buffer): { width: number; height: number; rgba: boolean } {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(data.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), rgba: data[25] === 6 };
}

/** Fraction of opaque pixels: an icon must not be an empty transparent square. */
function opaqueShare(data: Buffer): number {
  const { width, height } = pngInfo(data);
  const chunks: Buffer[] = [];
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    if (data.toString('ascii', offset + 4, offset + 8) === 'IDAT') chunks.push(data.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  let opaque = 0;
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0); // the encoder writes unfiltered rows
    for (let x = 0; x < width; x++) if (raw[y * (width * 4 + 1) + 1 + x * 4 + 3]! > 200) opaque++;
  }
  return opaque / (width * height);
}

describe('electron-builder.yml, as electron-builder itself reads it', () => {
  let config: Configuration;

  beforeAll(async () => {
    config = await getConfig(root, join(root, 'electron-builder.yml'), null);
  }, 60_000);

  // Compiling electron-builder's JSON schema takes a few seconds on a busy machine.
  it('passes electron-builder\'s own schema', { timeout: 60_000 }, async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips exactly the fuses in electron/fuses.ts', () => {
    expect(config.electronFuses).toEqual(ELECTRON_FUSES);
    expect(ELECTRON_FUSES).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('names the app and builds AppImage + deb, dmg and NSIS', () => {
    expect(config.productName).toBe('Halyard');
    expect(config.productName).toBe(packageJson.productName);
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+){2,}$/);
    const targets = (platform: { target?: unknown } | null | undefined) => ((platform?.target ?? []) as { target: string }[]).map((t) => t.target);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg']);
    expect(targets(config.win)).toEqual(['nsis']);
  });

  it('ships no updater, no file associations and no URL protocols', () => {
    expect(config.publish).toBeNull();
    expect(config.fileAssociations).toBeUndefined();
    expect(config.protocols).toBeUndefined();
    expect(Object.keys(packageJson.dependencies)).not.toContain('electron-updater');
  });

  it('packs the built app and keeps native modules loadable outside the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    // electron-builder normalises `files` to [{ filter: [...] }].
    const patterns = ((config.files ?? []) as (string | { filter?: string | string[] })[]).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : ([] as string[]).concat(entry.filter ?? []),
    );
    // What the main process loads at run time: bundles, renderer, schema migrations, tray and window icons.
    expect(patterns).toEqual(
      expect.arrayContaining(['package.json', 'dist/electron/**/*', 'dist/renderer/**/*', 'migrations/*.sql', 'assets/tray/**/*', 'assets/icons/512x512.png']),
    );
    expect(packageJson.main).toBe('dist/electron/main.cjs');
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('points at icons that exist in every size the installers need', () => {
    const linuxDir = join(root, String(config.linux?.icon));
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const file = readFileSync(join(linuxDir, `${size}x${size}.png`));
      expect(pngInfo(file)).toEqual({ width: size, height: size, rgba: true });
    }
    expect(opaqueShare(readFileSync(join(linuxDir, '256x256.png')))).toBeGreaterThan(0.5);

    const icns = readFileSync(join(root, String(config.mac?.icon)));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const icnsSizes = new Map<string, number>();
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      icnsSizes.set(type, pngInfo(icns.subarray(offset + 8, offset + length)).width);
      offset += length;
    }
    expect(icnsSizes).toEqual(new Map([['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024], ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512]]));

    const ico = readFileSync(join(root, String(config.win?.icon)));
    expect(ico.readUInt16LE(2)).toBe(1);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(icoSizes).toEqual([16, 24, 32, 48, 64, 128, 256]);

    for (const name of ['tray', 'tray-halted', 'trayTemplate', 'trayHaltedTemplate']) {
      expect(pngInfo(readFileSync(join(root, 'assets', 'tray', `${name}.png`))).width).toBe(16);
      expect(pngInfo(readFileSync(join(root, 'assets', 'tray', `${name}@2x.png`))).width).toBe(32);
    }
  });
});

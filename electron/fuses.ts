import type { Configuration } from 'electron-builder';

export type ElectronFuses = NonNullable<Configuration['electronFuses']>;

/**
 * The fuses flipped into the packaged Electron binary (electron-builder.yml `electronFuses`
 * mirrors this; a test holds them equal). Nobody can turn the app into a Node interpreter,
 * inject options or attach an inspector, and only the integrity-checked app.asar is loaded.
 */
export const ELECTRON_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  // The renderer is served from halyard://, so file:// needs no extra privileges.
  grantFileProtocolExtraPrivileges: false,
} as const satisfies ElectronFuses;

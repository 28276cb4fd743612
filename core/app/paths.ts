import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** The same directory Electron's `app.getPath('userData')` gives for productName "Halyard". */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Halyard');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Halyard');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Halyard');
  }
}

/**
 * The user's data folder (logs) is the one Electron's app.getPath('appData') names on each
 * platform, worked out without Electron so the desktop app and `riskatlas serve` write their
 * logs to the same place; RISKATLAS_DATA_DIR moves it.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { logDir, userDataDir } from '../../src-main/appPaths';

describe('user data folder', () => {
  it('is %APPDATA%\\RiskAtlas on Windows, Application Support on macOS, the XDG config folder on Linux', () => {
    expect(userDataDir({ APPDATA: 'C:/Users/li/AppData/Roaming' }, 'win32', 'C:/Users/li')).toBe(join('C:/Users/li/AppData/Roaming', 'RiskAtlas'));
    expect(userDataDir({}, 'win32', 'C:/Users/li')).toBe(join('C:/Users/li', 'AppData', 'Roaming', 'RiskAtlas'));
    expect(userDataDir({}, 'darwin', '/Users/li')).toBe('/Users/li/Library/Application Support/RiskAtlas');
    expect(userDataDir({ XDG_CONFIG_HOME: '/home/li/.cfg' }, 'linux', '/home/li')).toBe('/home/li/.cfg/RiskAtlas');
    expect(userDataDir({ XDG_CONFIG_HOME: '' }, 'linux', '/home/li')).toBe('/home/li/.config/RiskAtlas');
    expect(userDataDir({ RISKATLAS_DATA_DIR: '/srv/ra' }, 'linux', '/home/li')).toBe('/srv/ra');
  });

  it('holds the logs in logs/', () => {
    expect(logDir()).toBe(join(userDataDir(), 'logs'));
  });
});

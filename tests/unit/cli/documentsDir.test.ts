import { describe, expect, it } from 'vitest';
import { defaultWorkspace, documentsDir, xdgDocumentsDir, type DocumentsEnv } from '../../../src-main/cli/documentsDir';

const env = (platform: NodeJS.Platform, files: Record<string, string> = {}, vars: Record<string, string> = {}, home = '/home/li'): DocumentsEnv => ({
  platform,
  env: vars,
  home,
  readText: (p) => files[p] ?? null,
});

describe('the default workspace of riskatlas serve: RiskAtlas in the user documents folder', () => {
  it('Linux: the XDG documents folder from user-dirs.dirs, $HOME expanded, a localised name kept', () => {
    const dirs = '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/桌面"\nXDG_DOCUMENTS_DIR="$HOME/文档"\n';
    expect(documentsDir(env('linux', { '/home/li/.config/user-dirs.dirs': dirs }))).toBe('/home/li/文档');
    expect(defaultWorkspace(env('linux', { '/home/li/.config/user-dirs.dirs': dirs }))).toBe('/home/li/文档/RiskAtlas');
  });

  it('Linux: XDG_CONFIG_HOME is where user-dirs.dirs is read; an absolute path is taken as it is', () => {
    const e = env('linux', { '/cfg/user-dirs.dirs': 'XDG_DOCUMENTS_DIR="/data/docs/"' }, { XDG_CONFIG_HOME: '/cfg' });
    expect(documentsDir(e)).toBe('/data/docs');
  });

  it('Linux: without user-dirs.dirs, with a relative value, or with the documents folder set to $HOME (disabled), ~/Documents', () => {
    expect(documentsDir(env('linux'))).toBe('/home/li/Documents');
    expect(documentsDir(env('linux', { '/home/li/.config/user-dirs.dirs': 'XDG_DOCUMENTS_DIR="docs"' }))).toBe('/home/li/Documents');
    expect(documentsDir(env('linux', { '/home/li/.config/user-dirs.dirs': 'XDG_DOCUMENTS_DIR="$HOME/"' }))).toBe('/home/li/Documents');
    expect(xdgDocumentsDir('XDG_MUSIC_DIR="$HOME/Music"', '/home/li')).toBeNull();
  });

  it('Windows: %USERPROFILE%\\Documents\\RiskAtlas; macOS: ~/Documents/RiskAtlas', () => {
    expect(defaultWorkspace(env('win32', {}, { USERPROFILE: 'C:\\Users\\li' }, 'C:\\Users\\other'))).toBe('C:\\Users\\li\\Documents\\RiskAtlas');
    expect(defaultWorkspace(env('darwin', { '/home/li/.config/user-dirs.dirs': 'XDG_DOCUMENTS_DIR="/x"' }))).toBe('/home/li/Documents/RiskAtlas');
  });
});

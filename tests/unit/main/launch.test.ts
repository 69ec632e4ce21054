import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFileOf } from '../../../src-main/main/launch';
import { useTempDir } from '../../fixtures/tempDir';

const tmp = useTempDir('ra-launch-');

describe('the project file a launch names', () => {
  it('is the first existing .riskatlas file after the executable, relative paths resolved in the launch folder', () => {
    const dir = tmp();
    writeFileSync(join(dir, '县级.riskatlas'), '');
    writeFileSync(join(dir, 'B.RISKATLAS'), '');
    expect(projectFileOf(['/opt/RiskAtlas/riskatlas', '县级.riskatlas'], dir)).toBe(join(dir, '县级.riskatlas'));
    expect(projectFileOf(['riskatlas', '--no-sandbox', '--lang=zh-CN', 'missing.riskatlas', join(dir, 'B.RISKATLAS')], '/')).toBe(join(dir, 'B.RISKATLAS'));
  });

  it('is none for switches, the app folder, other files, folders and missing files — never something else by accident', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'folder.riskatlas'));
    writeFileSync(join(dir, 'passwd'), '');
    writeFileSync(join(dir, 'x.riskatlas.txt'), '');
    expect(projectFileOf(['electron', '.', '--inspect=9229', '--x=a.riskatlas', 'passwd', 'x.riskatlas.txt', 'folder.riskatlas', 'gone.riskatlas'], dir)).toBeNull();
    // The executable itself is never the file, whatever it is called.
    writeFileSync(join(dir, 'app.riskatlas'), '');
    expect(projectFileOf([join(dir, 'app.riskatlas')], dir)).toBeNull();
  });
});

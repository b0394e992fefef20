import { afterEach, describe, expect, it } from 'vitest';
import { launcherEnv } from './env';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('configuration through one door', () => {
  it('WEB_INSTANCES: a bad value stops the launcher and says what to set (it was NaN before)', () => {
    process.env.WEB_INSTANCES = 'two';
    expect(() => launcherEnv()).toThrow(/WEB_INSTANCES: set WEB_INSTANCES to how many web processes to run/);
    process.env.WEB_INSTANCES = '0';
    expect(() => launcherEnv()).toThrow(/at least 1/);
    process.env.WEB_INSTANCES = '2';
    expect(launcherEnv().WEB_INSTANCES).toBe(2);
    delete process.env.WEB_INSTANCES;
    expect(launcherEnv()).toMatchObject({ WEB_INSTANCES: 1, PORT: 3000 });
  });
});

import { faultInjection } from './fault-injection';

describe('worker fault injection', () => {
  const asked = { WORKER_FAULT_FAIL: 'runPrechecks:PrecheckProviderDown' };

  it('is inert when nothing asks for it, whatever NODE_ENV says', () => {
    expect(faultInjection({})).toEqual([]);
    expect(faultInjection({ NODE_ENV: 'production' })).toEqual([]);
  });

  it('runs only when development is chosen explicitly (an unset NODE_ENV is a deployment, not a test)', () => {
    expect(faultInjection({ ...asked, NODE_ENV: 'test' })).toHaveLength(1);
    expect(faultInjection({ ...asked, NODE_ENV: 'development' })).toHaveLength(1);
    for (const NODE_ENV of [undefined, '', 'production', 'staging']) {
      expect(() => faultInjection({ ...asked, NODE_ENV })).toThrow(/for tests only/);
      expect(() => faultInjection({ WORKER_FAULT_KILL_AFTER: 'createWalletAccount', NODE_ENV })).toThrow(
        /for tests only/,
      );
    }
  });
});

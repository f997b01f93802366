import {
  APPLICATION_STATUSES,
  DEFAULT_POLICY,
  decide,
  initialState,
  isDomainError,
  RULES,
  type Actor,
  type ApplicationState,
} from '@mo/domain';
import { ACTION_ROUTES, type AllowedActionName } from './action-routes';
import { ACTION_NAMES, ACTIONS, microDepositCommand } from './actions';

const merchant: Actor = { role: 'merchant', id: 'm-1' };
const alice: Actor = { role: 'reviewer', id: 'alice' };

describe('the table of actions', () => {
  it('agrees with the route table: each allowedActions entry is a command of its action, at its route', () => {
    for (const entry of Object.keys(ACTION_ROUTES) as AllowedActionName[]) {
      const { action, method, path } = ACTION_ROUTES[entry];
      expect(ACTIONS[action].commands).toContain(entry);
      expect(ACTIONS[action].route).toEqual({ method, path });
    }
    // Every command an action issues has its entry, so every allowed action has a route.
    for (const name of ACTION_NAMES) {
      for (const command of ACTIONS[name].commands)
        expect(ACTION_ROUTES[command as AllowedActionName]?.action).toBe(name);
    }
  });

  it('keeps the Update names recorded in histories', () => {
    expect(Object.fromEntries(ACTION_NAMES.map((a) => [a, ACTIONS[a].update.name]))).toEqual({
      updateDraft: 'updateDraft',
      submit: 'submit',
      resubmit: 'resubmit',
      confirmMicroDeposit: 'confirmMicroDeposit',
      acceptAgreement: 'acceptAgreement',
      withdraw: 'withdraw',
      claim: 'claim',
      release: 'release',
      decide: 'decide',
      addNote: 'addNote',
      reassign: 'reassign',
      cancel: 'cancel',
      retryOperation: 'retryOperation',
      resolveScreeningHit: 'resolveScreeningHit',
    });
  });

  it.each(ACTION_NAMES.map((a) => [a]))('%s takes its roles from the domain RULES, never the system', (action) => {
    const { commands, roles } = ACTIONS[action];
    for (const role of roles) expect(commands.some((c) => RULES[c].roles.includes(role))).toBe(true);
    for (const command of commands) {
      for (const role of RULES[command].roles) if (role !== 'system') expect(roles).toContain(role);
    }
    expect(roles).not.toContain('system');
  });

  it('builds from a request the payloads recorded in histories, and from them the commands', () => {
    const withdraw = ACTIONS.withdraw.toInput(merchant, {});
    expect(withdraw).toEqual({ actor: merchant });
    expect(ACTIONS.withdraw.toCommand(withdraw)).toEqual({ type: 'withdraw', actor: merchant });
    const reject = ACTIONS.decide.toInput(alice, { decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'forged' });
    expect(reject).toEqual({ actor: alice, decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'forged' });
    expect(ACTIONS.decide.toCommand(reject)).toEqual({
      type: 'reject',
      actor: alice,
      code: 'SUSPECTED_FRAUD',
      message: 'forged',
    });
    const reassign = ACTIONS.reassign.toInput(
      { role: 'admin', id: 'root' },
      { reviewerId: 'dave', reviewerRole: 'reviewer' },
    );
    expect(ACTIONS.reassign.toCommand(reassign)).toEqual({
      type: 'reassign',
      actor: { role: 'admin', id: 'root' },
      to: { id: 'dave', role: 'reviewer' },
    });
    // A payload recorded before basedOnRevision existed decides as it did.
    expect(
      ACTIONS.resubmit.toCommand({
        actor: merchant,
        profileRevision: 3,
        capabilities: [],
        changedFields: ['bankAccount'],
      }),
    ).toEqual({
      type: 'resubmit',
      actor: merchant,
      profileRevision: 3,
      capabilities: [],
      changedFields: ['bankAccount'],
    });
  });

  it('settles each action by its command, but the micro-deposit by its handler', () => {
    const byHandler = ACTION_NAMES.filter((a) => ACTIONS[a].settles === 'handler');
    expect(byHandler).toEqual(['confirmMicroDeposit']);
  });

  it("asks the micro-deposit's validator exactly what the handler's command would be refused for", () => {
    const sent = { transferId: 't-1', sentAt: '2026-11-20T00:00:00.000Z', attempts: 0 };
    const created = initialState(
      { applicationId: 'a-1', merchantId: merchant.id, profileRevision: 1, capabilities: [], policy: DEFAULT_POLICY },
      '2026-11-20T00:00:00.000Z',
    );
    const now = new Date('2026-11-22T10:00:00.000Z');
    const callers: Actor[] = [merchant, { role: 'merchant', id: 'm-2' }, alice];
    let accepted = 0;
    for (const status of APPLICATION_STATUSES) {
      for (const microDeposit of [null, sent]) {
        const state: ApplicationState = { ...created, status, microDeposit };
        for (const actor of callers) {
          const asked = ACTIONS.confirmMicroDeposit.toCommand({ actor, amount: '0.37' });
          const refused = isDomainError(decide(state, asked, now));
          expect([status, microDeposit, actor, refused]).toEqual([
            status,
            microDeposit,
            actor,
            isDomainError(decide(state, microDepositCommand({ actor }, true), now)),
          ]);
          if (!refused) accepted++;
        }
      }
    }
    // Only the owner, in bank verification with the deposit sent.
    expect(accepted).toBe(1);
  });
});

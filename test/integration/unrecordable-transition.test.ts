/**
 * No input can wedge an application's write (real PostgreSQL): characters PostgreSQL cannot store
 * are replaced, a write it still refuses for its data is told apart from a blip, and written again
 * with markers it lands, so the log stays gapless and later writes go on.
 */
import type { DataSource } from 'typeorm';
import {
  ApplicationRepository,
  dataErrorOf,
  EventRepository,
  TransitionRepository,
  UnrecordableTransitionError,
} from '@mo/persistence';
import { applicationState, eventFor } from '../support/factories';
import { connectDatabase } from '../support/database';

let db: DataSource;
let transitions: TransitionRepository;
let applications: ApplicationRepository;
let events: EventRepository;

beforeAll(async () => {
  db = await connectDatabase();
  transitions = new TransitionRepository(db);
  applications = new ApplicationRepository(db);
  events = new EventRepository(db);
});
afterAll(() => db.destroy());

const storedData = async (applicationId: string): Promise<unknown[]> =>
  (await db.query('SELECT data FROM application_events WHERE application_id = $1 ORDER BY seq', [applicationId])).map(
    (r: { data: unknown }) => r.data,
  );

describe('the transition writer', () => {
  it('stores NUL and lone surrogates as U+FFFD (event data, keys, actor ids, read model) and counts them', async () => {
    const s1 = applicationState();
    await transitions.record(s1, [eventFor(s1)]);
    const s2 = {
      ...s1,
      status: 'withdrawn' as const,
      seq: 2,
      rejection: { code: 'OTHER' as const, message: 'bad\u0000text' },
    };
    const result = await transitions.record(s2, [
      eventFor(s2, {
        type: 'application_withdrawn',
        actor: { role: 'merchant', id: `${s1.merchantId}\u0000` },
        data: { reason: 'x\u0000y', high: 'a\uD800b', low: '\uDC00', pair: '\uD83D\uDE00', 'k\u0000': 1 },
      }),
    ]);
    expect(result).toEqual({ replacedCharacters: 6, unrecordedSeqs: [] });
    expect((await storedData(s1.applicationId))[1]).toEqual({
      reason: 'x\uFFFDy',
      high: 'a\uFFFDb',
      low: '\uFFFD',
      pair: '\uD83D\uDE00',
      'k\uFFFD': 1,
    });
    expect(await applications.findForStaff(s1.applicationId)).toMatchObject({
      status: 'withdrawn',
      version: 2,
      rejection: { message: 'bad\uFFFDtext' },
    });
  });

  it('a write refused for its data is unrecordable (not a blip); with markers it lands and later writes go on', async () => {
    const s1 = applicationState();
    await transitions.record(s1, [eventFor(s1)]);
    // Data PostgreSQL refuses in the event and in the read model row: a timestamp it cannot read.
    const s2 = { ...s1, seq: 2, submittedAt: 'not a time' };
    const e2 = eventFor(s2, { type: 'internal_note_added', data: { internalNote: 'x', at: 'ok' } });
    const refused = await transitions.record(s2, [e2]).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UnrecordableTransitionError);
    expect((refused as UnrecordableTransitionError).sqlState).toBe('22007');
    expect((refused as Error).message).not.toContain('not a time');
    expect((await events.listForApplication(s1.applicationId)).map((e) => e.seq)).toEqual([1]);

    const marked = await transitions.record(s2, [e2], { markUnrecordable: true });
    expect(marked.unrecordedSeqs).toEqual([]);
    // The row moved forward by status and version, so reads and the API's wait see the transition.
    expect(await applications.findForStaff(s1.applicationId)).toMatchObject({ status: 'draft', version: 2 });

    // An event PostgreSQL refuses is stored with a marker in its place: the log stays gapless.
    const s3 = { ...s1, seq: 3 };
    const e3 = eventFor(s3, { type: 'internal_note_added', data: { internalNote: 'fine' } });
    const badEvent = eventFor({ ...s1, seq: 4 }, { type: 'internal_note_added', at: 'never', data: { n: 1 } });
    const s4 = { ...s1, seq: 4 };
    await expect(transitions.record(s4, [e3, badEvent])).rejects.toBeInstanceOf(UnrecordableTransitionError);
    expect(await transitions.record(s4, [e3, badEvent], { markUnrecordable: true })).toEqual({
      replacedCharacters: 0,
      unrecordedSeqs: [4],
    });
    expect((await storedData(s1.applicationId)).slice(2)).toEqual([
      { internalNote: 'fine' },
      { unrecordable: true, reason: '22007' },
    ]);
    // A later, good write lands in full.
    const s5 = { ...s1, seq: 5, status: 'prechecking' as const, submittedAt: '2026-11-22T10:05:00.000Z' };
    await transitions.record(s5, [eventFor(s5, { type: 'application_submitted', data: { round: 1 } })]);
    expect((await events.listForApplication(s1.applicationId)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await applications.findForStaff(s1.applicationId)).toMatchObject({ status: 'prechecking', version: 5 });
  });

  it('tells data errors (SQLSTATE classes 22 and 23) from blips', () => {
    expect(dataErrorOf({ code: '22P05' })).toBe('22P05');
    expect(dataErrorOf({ code: 'ERR', driverError: { code: '23502' } })).toBe('23502');
    for (const blip of ['ECONNREFUSED', '57P01', '40001', '53300', '08006', undefined])
      expect(dataErrorOf(blip === undefined ? new Error('timeout') : { code: blip })).toBeNull();
  });
});

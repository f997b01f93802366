import { Reader } from '../reader';
import { readScreening } from './screening';

const read = (env: NodeJS.ProcessEnv) => {
  const reader = new Reader(env);
  return { config: readScreening(reader), problems: reader.problems };
};

describe('screening config', () => {
  it('defaults to the synthetic list, a 0.85 threshold and a daily rescreen', () => {
    expect(read({})).toEqual({
      config: { lists: ['data/screening/synthetic.simple.csv'], threshold: 0.85, rescreenIntervalHours: 24 },
      problems: [],
    });
  });

  it('reads comma-separated list paths and the threshold', () => {
    expect(read({ SCREENING_LISTS: ' /lists/a.csv, /lists/b.csv ', SCREENING_THRESHOLD: '0.9' }).config).toMatchObject({
      lists: ['/lists/a.csv', '/lists/b.csv'],
      threshold: 0.9,
    });
  });

  it.each([
    [{ SCREENING_LISTS: ' , ' }, 'SCREENING_LISTS must name at least one list file'],
    [{ SCREENING_THRESHOLD: '1.5' }, 'SCREENING_THRESHOLD must be between 0 and 1, got "1.5"'],
    [{ SCREENING_THRESHOLD: 'high' }, 'SCREENING_THRESHOLD must be a positive number, got "high"'],
    [
      { SCREENING_RESCREEN_INTERVAL_HOURS: '0' },
      'SCREENING_RESCREEN_INTERVAL_HOURS must be a positive number, got "0"',
    ],
  ])('%j is refused: %s', (env, problem) => {
    expect(read(env).problems).toEqual([problem]);
  });
});

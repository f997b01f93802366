import { Logger, type ArgumentsHost } from '@nestjs/common';
import { LANGUAGES, type Localized } from '@mo/domain';
import { ApiError, ApiErrorCode } from './api-error';
import { ERROR_TITLES } from './error-titles';
import { ProblemDetailsFilter } from './problem-details.filter';

const HAN = /\p{Script=Han}/u;
const CODES = Object.values(ApiErrorCode);

describe('problem titles', () => {
  it.each(CODES.map((code) => [code]))('%s has a title in every language', (code) => {
    const title: Localized | undefined = ERROR_TITLES[code];
    expect(title).toBeDefined();
    expect(Object.keys(title).sort()).toEqual([...LANGUAGES].sort());
    expect(title.en.trim()).not.toBe('');
    expect(title.en).not.toMatch(HAN);
    expect(title['zh-CN']).toMatch(HAN);
  });

  it('has exactly the API codes, each with its own title', () => {
    expect(Object.keys(ERROR_TITLES).sort()).toEqual([...CODES].sort());
    for (const language of LANGUAGES) {
      const titles = CODES.map((code) => ERROR_TITLES[code][language]);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });
});

/** What the filter writes for `error`, asked with these request headers. */
function answer(error: unknown, headers: Record<string, string>) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const response = {
    setHeader: (name: string, value: string) => void (sent.headers[name.toLowerCase()] = value),
    vary: (name: string) => void (sent.headers.vary = name),
    status(status: number) {
      sent.status = status;
      return this;
    },
    type() {
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return this;
    },
  };
  const request = {
    id: 'r-1',
    method: 'GET',
    path: '/x',
    header: (name: string) => headers[name.toLowerCase()],
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  const invalid = new ApiError(ApiErrorCode.ValidationFailed, 'The request is invalid', [
    { field: 'limit', message: 'must be a whole number from 1 to 200' },
  ]);

  it('titles the problem by its code, in the language asked for; the code and details stay as they are', () => {
    const zh = answer(invalid, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      title: ERROR_TITLES.VALIDATION_FAILED['zh-CN'],
      detail: 'The request is invalid',
      errors: [{ field: 'limit', message: 'must be a whole number from 1 to 200' }],
    });
    expect(zh.headers).toMatchObject({ 'content-language': 'zh-CN', vary: 'Accept-Language' });

    const en = answer(invalid, {});
    expect(en.body).toMatchObject({ code: 'VALIDATION_FAILED', title: 'The request is invalid' });
    expect(en.headers).toMatchObject({ 'content-language': 'en', vary: 'Accept-Language' });
  });

  it('localizes the generic 500 too', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const sent = answer(new Error('boom'), { 'accept-language': 'zh' });
      expect(sent.status).toBe(500);
      expect(sent.body).toMatchObject({ code: 'INTERNAL_ERROR', title: ERROR_TITLES.INTERNAL_ERROR['zh-CN'] });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('Error: boom'), expect.any(String));
    } finally {
      logged.mockRestore();
    }
  });
});

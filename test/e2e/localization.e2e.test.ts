/**
 * Two languages (en by default, zh-CN) chosen by Accept-Language: the reason catalogue
 * (GET /v1/reasons) and the title of every problem document, with Content-Language and
 * Vary: Accept-Language on what is localized. Codes stay the same in every language.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import {
  FINAL_REJECTION_CODES,
  REASON_TARGET_LABELS,
  REASON_TARGETS,
  RESUBMITTABLE_CODES,
  type Role,
} from '@mo/domain';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('localization');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

interface Catalogue {
  language: string;
  resubmittable: { code: string; text: string }[];
  finalRejection: { code: string; text: string }[];
  targets: { target: string; kind: string; label: string; labels: { en: string; 'zh-CN': string } }[];
}

async function reasons(role: Role, acceptLanguage?: string): Promise<request.Response> {
  const req = request(stack.http)
    .get('/v1/reasons')
    .set(await http.as(role, `${role}-1`));
  return acceptLanguage === undefined ? req : req.set('Accept-Language', acceptLanguage);
}

const textOf = (list: { code: string; text: string }[], code: string): string | undefined =>
  list.find((r) => r.code === code)?.text;

describe('GET /v1/reasons', () => {
  it('answers the catalogue in English by default, to any role', async () => {
    for (const role of ['merchant', 'reviewer', 'senior_reviewer', 'admin'] as const) {
      const res = await reasons(role);
      expect(res.status).toBe(200);
      expect(res.headers['content-language']).toBe('en');
      expect(res.headers.vary).toMatch(/Accept-Language/i);
      const body = res.body as Catalogue;
      expect(body.language).toBe('en');
      expect(body.resubmittable.map((r) => r.code)).toEqual([...RESUBMITTABLE_CODES]);
      expect(body.finalRejection.map((r) => r.code)).toEqual([...FINAL_REJECTION_CODES]);
      expect(textOf(body.resubmittable, 'DOCUMENT_UNREADABLE')).toBe(
        'The document cannot be read; upload a clearer copy.',
      );
      expect(body.targets.map((t) => t.target)).toEqual([...REASON_TARGETS]);
      expect(body.targets.find((t) => t.target === 'business.uscc')).toEqual({
        target: 'business.uscc',
        kind: 'field',
        label: 'Unified social credit code',
        labels: { en: 'Unified social credit code', 'zh-CN': '统一社会信用代码' },
      });
      expect(body.targets.find((t) => t.target === 'bankAccount')?.kind).toBe('section');
      expect(body.targets.find((t) => t.target === 'business_license')?.kind).toBe('document');
    }
  });

  it('answers it in Simplified Chinese when asked, codes and targets unchanged', async () => {
    const en = (await reasons('merchant')).body as Catalogue;
    const res = await reasons('merchant', 'zh-CN');
    expect(res.status).toBe(200);
    expect(res.headers['content-language']).toBe('zh-CN');
    expect(res.headers.vary).toMatch(/Accept-Language/i);
    const zh = res.body as Catalogue;
    expect(zh.language).toBe('zh-CN');
    expect(textOf(zh.resubmittable, 'DOCUMENT_UNREADABLE')).toBe('文件无法辨认，请上传更清晰的版本。');
    expect(textOf(zh.finalRejection, 'DUPLICATE_MERCHANT')).toBe('该企业已有商户账户或正在处理中的申请。');
    expect(zh.resubmittable.map((r) => r.code)).toEqual(en.resubmittable.map((r) => r.code));
    expect(zh.targets.map((t) => [t.target, t.kind, t.labels])).toEqual(
      en.targets.map((t) => [t.target, t.kind, t.labels]),
    );
    for (const t of zh.targets) expect(t.label).toBe(REASON_TARGET_LABELS[t.target as never]['zh-CN']);
  });

  it.each([
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['fr-FR, de;q=0.9, zh;q=0.5', 'zh-CN'],
    ['en;q=0.4, zh-CN;q=0.8', 'zh-CN'],
    ['zh-CN;q=0.4, en-GB', 'en'],
    ['zh-TW', 'en'],
    ['zh;q=0', 'en'],
    ['fr', 'en'],
  ])('Accept-Language: %s → %s', async (header, language) => {
    const res = await reasons('reviewer', header);
    expect(res.headers['content-language']).toBe(language);
    expect(res.body.language).toBe(language);
  });

  it('every target the catalogue offers is one a request for changes accepts', async () => {
    const catalogue = (await reasons('reviewer')).body as Catalogue;
    const id = await http.inReview('catalogue-targets');
    const res = await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: catalogue.targets.map((t) => ({ target: t.target, code: 'INCOMPLETE_INFORMATION', message: 'Check' })),
      },
      200,
    );
    expect(res.body.status).toBe('changes_requested');
    expect((res.body.feedback as unknown[]).length).toBe(catalogue.targets.length);
  });
});

describe('problem titles', () => {
  it('a bad request answers its title in zh-CN when asked, with the same code and fields', async () => {
    const send = async (acceptLanguage?: string): Promise<request.Response> => {
      let req = request(stack.http)
        .post('/v1/applications')
        .set(await http.as('merchant', 'localized-problems'));
      if (acceptLanguage !== undefined) req = req.set('Accept-Language', acceptLanguage);
      return req.send({ business: { website: 'not a url' }, bogus: 1 });
    };
    const zh = await send('zh-CN');
    expect(zh.status).toBe(400);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.headers.vary).toMatch(/Accept-Language/i);
    expect(zh.body).toMatchObject({ code: 'VALIDATION_FAILED', title: '请求无效', status: 400 });

    const en = await send();
    expect(en.headers['content-language']).toBe('en');
    expect(en.body).toMatchObject({ code: 'VALIDATION_FAILED', title: 'The request is invalid', status: 400 });
    expect(zh.body.errors).toEqual(en.body.errors);
    expect((zh.body.errors as unknown[]).length).toBeGreaterThan(0);
  });

  it('titles other problems by their code, in the language asked for', async () => {
    const zh = { 'Accept-Language': 'zh-CN' };
    const unauthenticated = await request(stack.http).get('/v1/reasons').set(zh);
    expect(unauthenticated.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: '需要身份验证' });

    const forbidden = await request(stack.http)
      .get('/v1/admin/metrics')
      .set(await http.as('merchant', 'localized-problems'))
      .set(zh);
    expect(forbidden.body).toMatchObject({ status: 403, code: 'FORBIDDEN', title: '当前角色无权执行此操作' });

    const missing = await request(stack.http)
      .get('/v1/applications/00000000-0000-4000-8000-000000000000')
      .set(await http.as('admin', 'root'))
      .set('Accept-Language', 'en-US');
    expect(missing.body).toMatchObject({ status: 404, code: 'APPLICATION_NOT_FOUND', title: 'Application not found' });
    expect(missing.headers['content-language']).toBe('en');

    const noRoute = await request(stack.http).get('/v1/nowhere').set('Accept-Language', 'zh');
    expect(noRoute.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', title: '接口不存在' });
  });
});

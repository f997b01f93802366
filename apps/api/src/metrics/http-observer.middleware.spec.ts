import { Logger } from '@nestjs/common';
import express from 'express';
import request from 'supertest';
import { apiRegistry } from '@mo/observability';
import { observeHttp } from './http-observer.middleware';

async function value(name: string, labels: Record<string, string>): Promise<number> {
  const metric = apiRegistry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  const match = values.find(
    (v) =>
      (v as { metricName?: string }).metricName !== `${name}_bucket` &&
      Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l),
  );
  return match?.value ?? 0;
}

describe('HTTP observer', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const app = express();
  app.use(observeHttp);
  app.get('/v1/applications/:id', (_req, res) => {
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).json({});
  });
  app.get('/limited', (_req, res) => {
    res.status(429).json({});
  });
  app.get('/outage', (_req, res) => {
    res.status(503).json({});
  });

  it('counts requests by route template and status, replays, 429s and 503s', async () => {
    await request(app).get('/v1/applications/0b7c1b9e-0a4e-4f3e-9d1c-6a2b3c4d5e6f').expect(201);
    await request(app).get('/v1/applications/1b7c1b9e-0a4e-4f3e-9d1c-6a2b3c4d5e6f').expect(201);
    await request(app).get('/limited').expect(429);
    await request(app).get('/outage').expect(503);
    await request(app).get('/nowhere').expect(404);

    const text = await apiRegistry.metrics();
    expect(text).toContain(
      'merchant_onboarding_http_request_duration_seconds_count{method="GET",route="/v1/applications/:id",status="201"} 2',
    );
    expect(text).toContain(
      'merchant_onboarding_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    );
    expect(await value('merchant_onboarding_idempotent_replays_total', { route: '/v1/applications/:id' })).toBe(2);
    expect(await value('merchant_onboarding_rate_limited_requests_total', { route: '/limited' })).toBe(1);
    expect(await value('merchant_onboarding_dependency_outage_responses_total', { route: '/outage' })).toBe(1);
  });
});

import { webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem: ports', () => {
  it('https only on 443 unless WEBHOOK_ALLOWED_PORTS lists more', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x', false, [443])).toBeNull();
    expect(webhookUrlProblem('https://hooks.example.com:443/x', false, [443])).toBeNull();
    expect(webhookUrlProblem('https://hooks.example.com:8443/x', false, [443])).toBe('must use port 443');
    expect(webhookUrlProblem('https://hooks.example.com:22/x', false, [443, 8443])).toBe(
      'must use one of ports 443, 8443',
    );
    expect(webhookUrlProblem('https://hooks.example.com:8443/x', false, [443, 8443])).toBeNull();
  });

  it('plain http to localhost, where allowed (tests), on any port', () => {
    expect(webhookUrlProblem('http://localhost:40123/x', true, [443])).toBeNull();
    expect(webhookUrlProblem('http://localhost:40123/x', false, [443])).toBe('must use https');
  });
});

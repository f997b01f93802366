/** Automated prechecks over a profile revision: findings for the reviewer and a risk level. */
import type { Finding, RiskLevel } from './application';
import { isValidUscc } from './identifiers';

interface ProfileShape {
  business?: { legalName?: unknown; uscc?: unknown; mcc?: unknown };
}

export function runProfileChecks(profile: Readonly<Record<string, unknown>>): Finding[] {
  const business = (profile as ProfileShape).business ?? {};
  const findings: Finding[] = [];
  if (typeof business.legalName !== 'string' || business.legalName.trim() === '') {
    findings.push({
      code: 'INCOMPLETE_INFORMATION',
      severity: 'blocking',
      message: 'The legal name is missing',
      target: 'business.legalName',
    });
  }
  if (typeof business.uscc !== 'string' || business.uscc === '') {
    findings.push({
      code: 'INCOMPLETE_INFORMATION',
      severity: 'blocking',
      message: 'The unified social credit code is missing',
      target: 'business.uscc',
    });
  } else if (!isValidUscc(business.uscc)) {
    findings.push({
      code: 'INVALID_IDENTIFIER',
      severity: 'blocking',
      message: 'The unified social credit code fails its check digit',
      target: 'business.uscc',
    });
  }
  return findings;
}

export function assessRisk(findings: readonly Finding[]): RiskLevel {
  if (findings.some((f) => f.severity === 'blocking')) return 'high';
  if (findings.some((f) => f.severity === 'warning')) return 'medium';
  return 'low';
}

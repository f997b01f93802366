/**
 * The application profile as a form. Inline checks run the domain's own identifier code (the same
 * functions the API's prechecks use). Only changed fields are sent, so masked values the merchant
 * sees are never written back.
 */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isCalendarDate, isValidResidentId, isValidUscc, passesLuhn } from '@domain/identifiers';
import { CAPABILITIES, PROFILE_FIELDS, type ProfileSection } from '@domain/profile';
import { draftsOf, ownerProblems, ownersOf, ownersPatch, OwnersFields } from './OwnersFields';

type Kind = 'text' | 'email' | 'tel' | 'number' | 'date' | 'textarea' | { options: readonly string[] };
interface Field {
  readonly path: string;
  readonly kind: Kind;
}

/** How a field is entered, where it is not a plain text input. */
const KINDS: Readonly<Partial<Record<string, Kind>>> = {
  'business.businessScope': 'textarea',
  'business.expectedMonthlyVolume': 'number',
  'business.contactEmail': 'email',
  'business.contactPhone': 'tel',
  'legalRepresentative.idType': { options: ['resident_id', 'passport'] },
  'legalRepresentative.idExpiry': 'date',
  'bankAccount.accountType': { options: ['corporate', 'personal'] },
  'applicant.isLegalRepresentative': { options: ['true', 'false'] },
};

/** The form's sections and fields: the domain's one list of them (PROFILE_FIELDS), in its order. */
export const SECTIONS: readonly { readonly section: ProfileSection; readonly fields: readonly Field[] }[] = (
  Object.keys(PROFILE_FIELDS) as ProfileSection[]
).map((section) => ({
  section,
  fields: (PROFILE_FIELDS[section] as readonly string[]).map((field) => {
    const path = `${section}.${field}`;
    return { path, kind: KINDS[path] ?? 'text' };
  }),
}));

export type Profile = Record<string, unknown>;
export type Values = Record<string, string>;

function read(profile: Profile, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), profile);
}

export function valuesOf(profile: Profile): Values {
  const values: Values = {};
  for (const { fields } of SECTIONS)
    for (const f of fields) {
      const v = read(profile, f.path);
      values[f.path] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    }
  const caps = read(profile, 'capabilities');
  values.capabilities = Array.isArray(caps) ? caps.join(',') : '';
  values.beneficialOwners = JSON.stringify(draftsOf(profile.beneficialOwners));
  return values;
}

/** The nested patch of the fields that differ from `initial` (numbers as numbers, capabilities as a list). */
export function patchOf(initial: Values, values: Values): Record<string, unknown> {
  const patch: Record<string, Record<string, unknown> | string[]> = {};
  for (const [path, value] of Object.entries(values)) {
    if (value === initial[path] || value === '') continue;
    if (path === 'capabilities') {
      patch.capabilities = value.split(',').filter(Boolean);
      continue;
    }
    if (path === 'beneficialOwners') {
      (patch as Record<string, unknown>).beneficialOwners = ownersPatch(ownersOf(initial[path]), ownersOf(value));
      continue;
    }
    const [section, key] = path.split('.') as [string, string];
    const target = (patch[section] ?? {}) as Record<string, unknown>;
    target[key] =
      path === 'business.expectedMonthlyVolume'
        ? Number(value)
        : path === 'applicant.isLegalRepresentative'
          ? value === 'true'
          : value;
    patch[section] = target;
  }
  return patch;
}

/** Problems the browser can see before sending (the API checks again, with the same code). */
export function problemsOf(
  values: Values,
  changed: (path: string) => boolean,
  initial: Values = {},
): Record<string, string> {
  const problems: Record<string, string> = ownerProblems(
    ownersOf(initial.beneficialOwners),
    ownersOf(values.beneficialOwners),
  );
  const v = (p: string): string => values[p] ?? '';
  if (changed('business.uscc') && v('business.uscc') && !isValidUscc(v('business.uscc')))
    problems['business.uscc'] = 'validation.uscc';
  if (changed('business.mcc') && v('business.mcc') && !/^\d{4}$/.test(v('business.mcc')))
    problems['business.mcc'] = 'validation.mcc';
  if (
    changed('business.contactEmail') &&
    v('business.contactEmail') &&
    !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v('business.contactEmail'))
  ) {
    problems['business.contactEmail'] = 'validation.email';
  }
  const idType = v('legalRepresentative.idType') || 'resident_id';
  if (
    changed('legalRepresentative.idNumber') &&
    v('legalRepresentative.idNumber') &&
    idType === 'resident_id' &&
    !isValidResidentId(v('legalRepresentative.idNumber'))
  ) {
    problems['legalRepresentative.idNumber'] = 'validation.residentId';
  }
  if (
    changed('legalRepresentative.idExpiry') &&
    v('legalRepresentative.idExpiry') &&
    !isCalendarDate(v('legalRepresentative.idExpiry'))
  ) {
    problems['legalRepresentative.idExpiry'] = 'validation.required';
  }
  return problems;
}

/** A hint, not a refusal: a Luhn failure is only a warning in the prechecks too. */
export function warningsOf(values: Values, changed: (path: string) => boolean): Record<string, string> {
  const number = values['bankAccount.accountNumber'] ?? '';
  return changed('bankAccount.accountNumber') && /^\d{12,19}$/.test(number) && !passesLuhn(number)
    ? { 'bankAccount.accountNumber': 'validation.luhn' }
    : {};
}

export function ProfileForm({
  initial,
  values,
  onChange,
  editable,
  highlight,
}: {
  initial: Values;
  values: Values;
  onChange: (values: Values) => void;
  editable: (path: string) => boolean;
  /** Paths to mark (feedback targets), with the message to show next to them. */
  highlight?: (path: string) => ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  const changed = (path: string): boolean => values[path] !== initial[path];
  const problems = useMemo(() => problemsOf(values, (p) => values[p] !== initial[p], initial), [values, initial]);
  const warnings = useMemo(() => warningsOf(values, (p) => values[p] !== initial[p]), [values, initial]);
  const set = (path: string, value: string): void => onChange({ ...values, [path]: value });
  const caps = (values.capabilities ?? '').split(',').filter(Boolean);
  return (
    <div className="profile-form">
      {SECTIONS.map(({ section, fields }) => (
        <fieldset key={section} disabled={!fields.some((f) => editable(f.path))}>
          <legend>{t(`fields.${section}`)}</legend>
          {highlight?.(section)}
          <div className="grid">
            {fields.map((f) => {
              const id = `field-${f.path.replace('.', '-')}`;
              const problem = problems[f.path];
              const warning = warnings[f.path];
              const open = editable(f.path);
              const common = {
                id,
                name: f.path,
                value: values[f.path] ?? '',
                disabled: !open,
                'aria-invalid': problem ? true : undefined,
                'aria-describedby': problem || warning ? `${id}-msg` : undefined,
              };
              return (
                <div
                  key={f.path}
                  className={`field${changed(f.path) ? ' changed' : ''}${highlight?.(f.path) ? ' targeted' : ''}`}
                >
                  <label htmlFor={id}>{t(`fields.${f.path}`)}</label>
                  {typeof f.kind === 'object' ? (
                    <select {...common} onChange={(e) => set(f.path, e.target.value)}>
                      <option value="">—</option>
                      {f.kind.options.map((o) => (
                        <option key={o} value={o}>
                          {t(`options.${o}`)}
                        </option>
                      ))}
                    </select>
                  ) : f.kind === 'textarea' ? (
                    <textarea {...common} rows={2} onChange={(e) => set(f.path, e.target.value)} />
                  ) : (
                    <input {...common} type={f.kind} onChange={(e) => set(f.path, e.target.value)} />
                  )}
                  {highlight?.(f.path)}
                  {problem ? (
                    <p id={`${id}-msg`} className="field-error">
                      {t(problem)}
                    </p>
                  ) : warning ? (
                    <p id={`${id}-msg`} className="field-warning">
                      {t(warning)}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
      <fieldset disabled={!editable('capabilities')}>
        <legend>{t('fields.capabilities')}</legend>
        {highlight?.('capabilities')}
        {CAPABILITIES.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={caps.includes(c)}
              onChange={(e) =>
                set('capabilities', (e.target.checked ? [...caps, c] : caps.filter((x) => x !== c)).join(','))
              }
            />
            {t(`options.${c}`)}
          </label>
        ))}
      </fieldset>
      <OwnersFields
        drafts={ownersOf(values.beneficialOwners)}
        problems={problems}
        onChange={(drafts) => set('beneficialOwners', JSON.stringify(drafts))}
        editable={editable}
        highlight={highlight}
      />
    </div>
  );
}

export const hasProblems = (initial: Values, values: Values): boolean =>
  Object.keys(problemsOf(values, (p) => values[p] !== initial[p], initial)).length > 0;

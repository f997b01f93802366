/**
 * The beneficial owners as part of the profile form: add, edit and remove owners. The list lives in
 * the form's values as JSON (one entry, `beneficialOwners`), and its checks are the domain's own.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isOwnershipPercent, ownerShapeErrors, ownershipTotal } from '@domain/beneficial-owners';
import { isCalendarDate, isCountryCode, isValidResidentId } from '@domain/identifiers';
import {
  MAX_BENEFICIAL_OWNERS,
  OWNER_CONTROLS,
  OWNER_FIELDS,
  type BeneficialOwner,
  type OwnerField,
} from '@domain/profile';

/** An owner as the form edits it: every field as text. */
export type OwnerDraft = { id: string } & Record<OwnerField, string>;

const EMPTY: Record<OwnerField, string> = {
  name: '',
  idType: '',
  idNumber: '',
  idExpiry: '',
  dateOfBirth: '',
  nationality: '',
  control: '',
  ownershipPercent: '',
};

export function ownersOf(value: string | undefined): OwnerDraft[] {
  try {
    const parsed: unknown = JSON.parse(value || '[]');
    return Array.isArray(parsed) ? (parsed as OwnerDraft[]) : [];
  } catch {
    return [];
  }
}

/** The profile's owners as drafts (the form's text values). */
export function draftsOf(owners: unknown): OwnerDraft[] {
  if (!Array.isArray(owners)) return [];
  return (owners as BeneficialOwner[]).map((o) => {
    const draft: OwnerDraft = { ...EMPTY, id: o.id };
    for (const f of OWNER_FIELDS) {
      const v = o[f];
      draft[f] = v === undefined || v === null ? '' : String(v);
    }
    return draft;
  });
}

/**
 * The owners as the API takes them: every owner (the list is the new list), each with the fields
 * that are new or changed (an owner keeps the rest by id, so a masked ID number is never sent back).
 */
export function ownersPatch(initial: readonly OwnerDraft[], drafts: readonly OwnerDraft[]): BeneficialOwner[] {
  return drafts.map((d) => {
    const before = initial.find((o) => o.id === d.id);
    const owner: Record<string, unknown> = { id: d.id };
    for (const f of OWNER_FIELDS) {
      const keep = f === 'control' || f === 'ownershipPercent' || d[f] !== before?.[f];
      if (d[f] === '' || !keep) continue;
      owner[f] = f === 'ownershipPercent' ? Number(d[f]) : d[f];
    }
    return owner as unknown as BeneficialOwner;
  });
}

/** Per-field problems (`beneficialOwners[<id>].<field>`) and the list's own (`beneficialOwners`). */
export function ownerProblems(initial: readonly OwnerDraft[], drafts: readonly OwnerDraft[]): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const d of drafts) {
    const before = initial.find((o) => o.id === d.id);
    const changed = (f: OwnerField): boolean => d[f] !== '' && d[f] !== before?.[f];
    const at = (f: OwnerField): string => `beneficialOwners[${d.id}].${f}`;
    if (changed('idNumber') && (d.idType || 'resident_id') === 'resident_id' && !isValidResidentId(d.idNumber))
      problems[at('idNumber')] = 'validation.residentId';
    for (const f of ['idExpiry', 'dateOfBirth'] as const)
      if (changed(f) && !isCalendarDate(d[f])) problems[at(f)] = 'validation.date';
    if (changed('nationality') && !isCountryCode(d.nationality)) problems[at('nationality')] = 'validation.nationality';
    if (d.ownershipPercent !== '' && !isOwnershipPercent(Number(d.ownershipPercent)))
      problems[at('ownershipPercent')] = 'validation.percent';
  }
  const patch = ownersPatch(initial, drafts);
  if (drafts.length > 0 && ownerShapeErrors(patch).length > 0) problems.beneficialOwners = 'validation.ownerList';
  return problems;
}

const KIND: Readonly<Partial<Record<OwnerField, string | readonly string[]>>> = {
  idType: ['resident_id', 'passport'],
  control: OWNER_CONTROLS,
  idExpiry: 'date',
  dateOfBirth: 'date',
  ownershipPercent: 'number',
};

export function OwnersFields({
  drafts,
  problems,
  onChange,
  editable,
  highlight,
}: {
  drafts: readonly OwnerDraft[];
  problems: Record<string, string>;
  onChange: (drafts: OwnerDraft[]) => void;
  /** Whether a path (`beneficialOwners`, `beneficialOwners[<id>].<field>`) may change. */
  editable: (path: string) => boolean;
  highlight?: (path: string) => ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  const listOpen = editable('beneficialOwners');
  const set = (i: number, f: OwnerField, value: string): void =>
    onChange(drafts.map((d, j) => (j === i ? { ...d, [f]: value } : d)));
  const add = (): void => {
    let n = drafts.length + 1;
    while (drafts.some((d) => d.id === `owner-${n}`)) n++;
    onChange([...drafts, { ...EMPTY, id: `owner-${n}`, control: 'ownership', nationality: 'CN' }]);
  };
  const listProblem = problems.beneficialOwners;
  return (
    <fieldset className="owners" aria-describedby="owners-help">
      <legend>{t('fields.beneficialOwners')}</legend>
      <p id="owners-help" className="hint">
        {t('owners.help')}
      </p>
      {highlight?.('beneficialOwners')}
      {drafts.map((d, i) => {
        const n = i + 1;
        return (
          <fieldset key={d.id} className="owner" aria-label={t('owners.owner', { n })}>
            <legend>
              {t('owners.owner', { n })} <small className="muted">{d.id}</small>
            </legend>
            {highlight?.(`beneficialOwners[${d.id}]`)}
            <div className="grid">
              {OWNER_FIELDS.filter((f) => f !== 'ownershipPercent' || d.control === 'ownership').map((f) => {
                const path = `beneficialOwners[${d.id}].${f}`;
                const id = `owner-${i}-${f}`;
                const problem = problems[path];
                const kind = KIND[f];
                const common = {
                  id,
                  name: path,
                  value: d[f],
                  disabled: !editable(path),
                  'aria-invalid': problem ? true : undefined,
                  'aria-describedby': problem ? `${id}-msg` : undefined,
                };
                return (
                  <div key={f} className={`field${highlight?.(path) ? ' targeted' : ''}`}>
                    <label htmlFor={id}>
                      {t(`owners.${f}`)} <span className="visually-hidden">({t('owners.owner', { n })})</span>
                    </label>
                    {typeof kind === 'object' ? (
                      <select {...common} onChange={(e) => set(i, f, e.target.value)}>
                        <option value="">—</option>
                        {kind.map((o) => (
                          <option key={o} value={o}>
                            {t(`options.${o}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        {...common}
                        type={typeof kind === 'string' ? kind : 'text'}
                        step={f === 'ownershipPercent' ? '0.01' : undefined}
                        onChange={(e) => set(i, f, e.target.value)}
                      />
                    )}
                    {highlight?.(path)}
                    {problem ? (
                      <p id={`${id}-msg`} className="field-error">
                        {t(problem)}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </div>
            {listOpen ? (
              <button type="button" onClick={() => onChange(drafts.filter((_, j) => j !== i))}>
                {t('owners.remove', { n })}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <p className="hint">
        {t('owners.total', {
          total: ownershipTotal(
            ownersPatch(
              [],
              drafts.filter((d) => d.ownershipPercent !== ''),
            ),
          ),
        })}
      </p>
      {listProblem ? (
        <p className="field-error" role="alert">
          {t(listProblem)}
        </p>
      ) : null}
      {listOpen && drafts.length < MAX_BENEFICIAL_OWNERS ? (
        <button type="button" onClick={add}>
          {t('owners.add')}
        </button>
      ) : null}
    </fieldset>
  );
}
